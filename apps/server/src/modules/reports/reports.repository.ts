// Report queries: the current files and open check results of listed cases, the counts behind the organiser's and a
// province's dashboards, failing rules over a call (or one province of it), and the provinces' status rows and contact
// forms. Province figures take the province code the viewer works on (null or absent: the whole country).
import type { Queryable } from '../../infra/db/db.ts';

export interface CityCountRow {
  /** The city's code (its first four digits and 00). */
  city: string;
  submitted: number;
  at_county: number;
  at_city: number;
  at_province: number;
  failing: number;
}

/** Per case with current files: how many, and how many are still being checked. */
export async function currentFileCounts(q: Queryable, caseIds: string[]) {
  return q.query<{ case_id: string; n: number; checking: number }>(
    `select case_id, count(*)::int as n, count(*) filter (where check_status in ('pending', 'running'))::int as checking
     from files where is_current and case_id = any($1::uuid[]) group by case_id`, [caseIds],
  );
}

/** The distinct rules each case's current files fail, or leave for a warning or a manual check. */
export async function openCheckResults(q: Queryable, caseIds: string[]) {
  return q.query<{ case_id: string; rule: string; status: string }>(
    `select distinct f.case_id, r.rule, r.status from check_results r join files f on f.id = r.file_id
     where f.is_current and f.case_id = any($1::uuid[]) and r.status in ('fail', 'error', 'warn', 'manual')`, [caseIds],
  );
}

/** Chained calls: a province's cases per city, where they stand along the chain and how many fail a rule. */
export async function countCasesByCity(q: Queryable, callId: string, provinceCode: string): Promise<CityCountRow[]> {
  return q.query<CityCountRow>(
    `select left(c.region_code, 4) || '00' as city,
       count(*) filter (where c.state <> 'draft' or c.ever_submitted)::int as submitted,
       count(*) filter (where c.state = 'submitted' and c.recommendation_level = 'county')::int as at_county,
       count(*) filter (where c.state = 'submitted' and c.recommendation_level = 'city')::int as at_city,
       count(*) filter (where c.recommendation_level = 'province' and c.state not in ('draft', 'returned'))::int as at_province,
       count(*) filter (where (c.state <> 'draft' or c.ever_submitted) and exists (select 1 from files f join check_results r on r.file_id = f.id
                          where f.case_id = c.id and f.is_current and r.status = 'fail'))::int as failing
     from cases c where c.call_id = $1 and c.province_code = $2 and c.region_code is not null and c.state <> 'disqualified'
     group by 1`, [callId, provinceCode],
  );
}

/** Rules failed by current files of the call's cases (one province's when given): cases and files per rule, most cases first. */
export async function countFailingRules(q: Queryable, callId: string, provinceCode?: string) {
  const params: unknown[] = [callId];
  return q.query<{ rule: string; cases: number; files: number }>(
    `select r.rule, count(distinct f.case_id)::int as cases, count(distinct f.id)::int as files
     from check_results r join files f on f.id = r.file_id join cases c on c.id = f.case_id
     where f.is_current and r.status = 'fail' and c.call_id = $1 and c.state <> 'disqualified'
     ${provinceCode ? `and c.province_code = $${params.push(provinceCode)}` : ''}
     group by r.rule order by cases desc, files desc, r.rule`, params,
  );
}

/** Per province: cases ever submitted (not disqualified or declined). */
export async function countSubmittedByProvince(q: Queryable, callId: string) {
  return q.query<{ province_code: string; submitted: number }>(
    `select province_code, count(*) filter (where state <> 'draft' or ever_submitted)::int as submitted
     from cases where call_id = $1 and state not in ('disqualified', 'declined') group by province_code`, [callId],
  );
}

/**
 * Per province, over submitted cases: checked (current files all checked) and failing (at least one failing rule).
 */
export async function countChecksByProvince(q: Queryable, callId: string) {
  return q.query<{ province_code: string; checked: number; failing: number }>(
    `select c.province_code,
       count(*) filter (where not exists (select 1 from files f where f.case_id = c.id and f.is_current and f.check_status in ('pending', 'running'))
                          and exists (select 1 from files f where f.case_id = c.id and f.is_current))::int as checked,
       count(*) filter (where exists (select 1 from files f join check_results r on r.file_id = f.id
                          where f.case_id = c.id and f.is_current and r.status = 'fail'))::int as failing
     from cases c where c.call_id = $1 and c.state <> 'disqualified' and (c.state <> 'draft' or c.ever_submitted) group by c.province_code`, [callId],
  );
}

/** The contact forms submitted for a call, one per province at most. */
export async function listContactForms(q: Queryable, callId: string) {
  return q.query<{ province_code: string; data: Record<string, unknown>; submitted_at: Date }>(
    'select province_code, data, submitted_at from contact_forms where call_id = $1', [callId],
  );
}

/** A province's authors' own drafts at the province level (not imported in mode 1): a count only. */
export async function countAuthorDrafts(q: Queryable, callId: string, provinceCode: string): Promise<number> {
  const [{ drafts }] = await q.query<{ drafts: number }>(
    `select count(*)::int as drafts from cases c where c.call_id = $1 and c.province_code = $2 and c.state = 'draft' and c.preselected_at is null
     and (c.recommendation_level is null or c.recommendation_level = 'province')`, [callId, provinceCode],
  );
  return drafts;
}
