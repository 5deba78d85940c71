// Results queries: a call's published cases (case_results joined to cases) filtered, sorted and paged for the public
// list, the organiser's 结果发布 page and the public library, their facets, the selected cases waiting for
// publication, and the files of a library case. Published results are public, so reads take no viewer scope; every
// read of them is limited to published cases here (c.state = 'published').
import { PROVINCES } from '@anli/domain/provinces.ts';
import type { ResultsFilter } from '@anli/contracts/results.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { likePattern } from '../../infra/db/db.ts';
import type { CaseRow } from '../cases/case.repository.ts';

export interface PublishedRow extends Pick<CaseRow, 'id' | 'call_id' | 'case_type' | 'title' | 'province_code' | 'form'> {
  award: string;
  published_at: Date;
  in_library: boolean;
}

/** Where each case type keeps its summary (s) and its authors (a), by "call/type" (call data, for the text search). */
export type TextFields = Record<string, { s: string; a: string }>;

/** What a published-case list is narrowed to: a call, the library, one case, and the filters of its page. */
export interface PublishedFilter extends ResultsFilter {
  callId?: string;
  libraryOnly?: boolean;
  caseId?: string;
  sceneMain?: string;
  sceneTypical?: string;
  stage?: string;
  subject?: string;
  category?: string;
  /** Needed when the filter has search text. */
  textFields?: TextFields;
}

/** The library's facets as SQL over the form (scenario, 学段, 学科 or 学科领域, category), empty values as null. */
const FORM_FACETS = ['sceneMain', 'sceneTypical', 'stage', 'subject', 'category'] as const;
export const FACET_SQL = {
  sceneMain: `nullif(btrim(c.form -> 'scenario' ->> 'main'), '')`,
  sceneTypical: `nullif(btrim(c.form -> 'scenario' ->> 'typical'), '')`,
  sceneMicro: `nullif(btrim(c.form -> 'scenario' ->> 'micro'), '')`,
  stage: `nullif(btrim(c.form ->> 'stage'), '')`,
  subject: `coalesce(nullif(btrim(c.form ->> 'subject'), ''), nullif(btrim(c.form ->> 'subjectArea'), ''))`,
  category: `nullif(btrim(c.form ->> 'category'), '')`,
} as const;
export type FacetKey = keyof typeof FACET_SQL;

/** Sort keys of the results lists and the library, as columns. */
const SORT_SQL: Record<string, string> = {
  caseType: 'c.case_type',
  province: 'c.province_code',
  title: 'c.title',
  award: 'r.award',
  publishedAt: 'r.published_at',
};

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The SQL condition of a published-case list: the call, the library flag, a case, the filters of the results lists
 * and of the library (form facets read from the jsonb form), and the search text (title, summary, an author's name or
 * unit, the subject and scenario, a province's name). Params are appended to `params`.
 */
function whereOf(f: PublishedFilter, params: unknown[]) {
  const where = [`c.state = 'published'`];
  if (f.callId) where.push(`c.call_id = $${params.push(f.callId)}`);
  if (f.libraryOnly) where.push('r.in_library');
  if (f.caseId) where.push(`c.id = $${params.push(f.caseId)}`);
  if (f.caseType) where.push(`c.case_type = $${params.push(f.caseType)}`);
  if (f.award) where.push(`r.award = $${params.push(f.award)}`);
  if (f.provinceCode) where.push(`c.province_code = $${params.push(f.provinceCode)}`);
  for (const key of FORM_FACETS) {
    const v = f[key];
    if (v) where.push(`${FACET_SQL[key]} = $${params.push(v)}`);
  }
  const text = str(f.q).slice(0, 50);
  if (text) {
    const p = params.push(likePattern(text));
    const m = params.push(JSON.stringify(f.textFields ?? {}));
    const key = `($${m}::jsonb -> (c.call_id || '/' || c.case_type))`;
    const provinces = PROVINCES.filter((x) => x.name.includes(text)).map((x) => x.code);
    const authors = `case when jsonb_typeof(c.form -> (${key} ->> 'a')) = 'array' then c.form -> (${key} ->> 'a') else '[]'::jsonb end`;
    where.push(`(c.title ilike $${p} or (c.form ->> (${key} ->> 's')) ilike $${p}
      or exists (select 1 from jsonb_array_elements(${authors}) a where jsonb_typeof(a) = 'object' and (a ->> 'name' ilike $${p} or a ->> 'unit' ilike $${p}))
      or ${FACET_SQL.subject} ilike $${p} or ${FACET_SQL.sceneMain} ilike $${p} or ${FACET_SQL.sceneTypical} ilike $${p} or ${FACET_SQL.sceneMicro} ilike $${p}
      ${provinces.length ? `or c.province_code = any($${params.push(provinces)}::text[])` : ''})`);
  }
  return where.join(' and ');
}

const FROM = 'case_results r join cases c on c.id = r.case_id';
const COLUMNS = 'c.id, c.call_id, c.case_type, c.title, c.province_code, c.form, r.award, r.published_at, r.in_library';
const DEFAULT_ORDER = 'c.call_id, c.case_type, c.province_code, c.title, c.id';

function orderOf(sort: string | undefined, order: 'asc' | 'desc' | undefined) {
  const col = sort ? SORT_SQL[sort] : undefined;
  return col ? `${col} ${order === 'desc' ? 'desc' : 'asc'}, c.id` : DEFAULT_ORDER;
}

// ---------- published cases ----------

/** Every published row matching the filter, in the default order (one case, the library's few checks). */
export async function publishedRows(q: Queryable, filter: PublishedFilter): Promise<PublishedRow[]> {
  const params: unknown[] = [];
  return q.query<PublishedRow>(`select ${COLUMNS} from ${FROM} where ${whereOf(filter, params)} order by ${DEFAULT_ORDER}`, params);
}

/** One page of the matching rows (sorted) and the total of all of them. */
export async function publishedPage(
  q: Queryable, filter: PublishedFilter, page: { sort?: string; order?: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ rows: PublishedRow[]; total: number }> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  const [{ n }] = (await q.query<{ n: number }>(`select count(*)::int as n from ${FROM} where ${where}`, params)) as [{ n: number }];
  const rows = await q.query<PublishedRow>(
    `select ${COLUMNS} from ${FROM} where ${where} order by ${orderOf(page.sort, page.order)}
     limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { rows, total: n };
}

/**
 * Every matching row in the list's order, read in batches (the export streams them without holding the list): the
 * ordered ids first, then the rows a batch of ids at a time.
 */
export async function* publishedAll(
  q: Queryable, filter: PublishedFilter, query: { sort?: string; order?: 'asc' | 'desc' } = {}, batch = 1000,
): AsyncGenerator<PublishedRow> {
  const params: unknown[] = [];
  const ids = (await q.query<{ id: string }>(`select c.id from ${FROM} where ${whereOf(filter, params)} order by ${orderOf(query.sort, query.order)}`, params)).map((r) => r.id);
  for (let i = 0; i < ids.length; i += batch) {
    const part = ids.slice(i, i + batch);
    const rows = await q.query<PublishedRow>(`select ${COLUMNS} from ${FROM} where c.id = any($1::uuid[]) and c.state = 'published'`, [part]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of part) {
      const r = byId.get(id);
      if (r) yield r;
    }
  }
}

/** A call's published cases counted by case type, award and province (the filter choices). */
export async function resultsFacetCounts(q: Queryable, callId: string) {
  return q.query<{ case_type: string; award: string; province_code: string; n: number }>(
    `select c.case_type, r.award, c.province_code, count(*)::int as n from ${FROM}
     where c.state = 'published' and c.call_id = $1 group by 1, 2, 3`,
    [callId],
  );
}

/** Calls with published cases: how many and when last published, the latest first. */
export async function publishedCallCounts(q: Queryable) {
  return q.query<{ call_id: string; n: number; at: Date }>(
    `select r.call_id, count(*)::int as n, max(r.published_at) as at from case_results r join cases c on c.id = r.case_id
     where c.state = 'published' group by r.call_id order by max(r.published_at) desc`,
  );
}

/** The certificates of these cases of a call, in issue order. */
export async function certificatesOfCases(q: Queryable, callId: string, caseIds: string[]) {
  return q.query<{ case_id: string; number: string; revoked_at: Date | null }>(
    'select case_id, number, revoked_at from certificates where call_id = $1 and case_id = any($2::uuid[]) order by seq',
    [callId, caseIds],
  );
}

// ---------- publication ----------

/** A call's selected cases, locked for publication. */
export async function selectedCaseIdsForUpdate(q: Queryable, callId: string): Promise<Array<{ id: string }>> {
  return q.query<{ id: string }>(`select id from cases where call_id = $1 and state = 'selected' order by id for update`, [callId]);
}

/** A call's selected cases waiting for publication. */
export async function selectedCases(q: Queryable, callId: string) {
  return q.query<{ id: string; case_type: string; title: string; province_code: string; form: Record<string, unknown> }>(
    `select id, case_type, title, province_code, form from cases where call_id = $1 and state = 'selected' order by case_type, province_code, title, id`,
    [callId],
  );
}

/** Stores a published case's award (a republished case's award and time are replaced). */
export async function upsertCaseResult(q: Queryable, r: { caseId: string; callId: string; award: string; now: number; by: string }) {
  await q.query(
    `insert into case_results (case_id, call_id, award, published_at, published_by) values ($1, $2, $3, $4, $5)
     on conflict (case_id) do update set award = excluded.award, published_at = excluded.published_at, published_by = excluded.published_by`,
    [r.caseId, r.callId, r.award, new Date(r.now).toISOString(), r.by],
  );
}

// ---------- the library ----------

/** Flags a published case for the library or takes it out; its province, or null when the case is not published. */
export async function setLibraryFlag(q: Queryable, caseId: string, inLibrary: boolean, now: number): Promise<{ province_code: string } | null> {
  const [r] = await q.query<{ province_code: string }>(
    `update case_results r set in_library = $2, library_at = case when $2 then $3::timestamptz else null end
     from cases c where c.id = r.case_id and r.case_id = $1 and c.state = 'published' returning c.province_code`,
    [caseId, inLibrary, new Date(now).toISOString()],
  );
  return r ?? null;
}

const LIBRARY = `from ${FROM} where c.state = 'published' and r.in_library`;

/** The library's cases counted by one form facet (empty values left out). */
export async function libraryFacetCounts(q: Queryable, key: FacetKey) {
  return q.query<{ v: string; n: number }>(`select ${FACET_SQL[key]} as v, count(*)::int as n ${LIBRARY} and ${FACET_SQL[key]} is not null group by 1`);
}

/** The calls' case types the library holds. */
export async function libraryCaseTypes(q: Queryable) {
  return q.query<{ call_id: string; case_type: string }>(`select distinct c.call_id, c.case_type ${LIBRARY} order by 1, 2`);
}

/** The library's cases per province. */
export async function libraryProvinceCounts(q: Queryable): Promise<Map<string, number>> {
  return new Map((await q.query<{ province_code: string; n: number }>(`select c.province_code, count(*)::int as n ${LIBRARY} group by 1`)).map((x) => [x.province_code, x.n]));
}

/** The files of a case's last submission (what the library shows). */
export async function lastSubmissionFiles(q: Queryable, caseId: string) {
  return q.query<{ slot: string; filename: string; size: number }>(
    `select f.slot, f.filename, f.size from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
     join files f on f.id = s.file_id where s.case_id = $1`,
    [caseId],
  );
}

/** The file in one slot of a case's last submission, with where it is stored and its hash at submission. */
export async function lastSubmissionFile(q: Queryable, caseId: string, slot: string) {
  const [f] = await q.query<{ object_key: string; filename: string; size: number; sha256: string }>(
    `select f.object_key, f.filename, f.size, s.sha256 from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
     join files f on f.id = s.file_id where s.case_id = $1 and s.slot = $2`,
    [caseId, slot],
  );
  return f ?? null;
}
