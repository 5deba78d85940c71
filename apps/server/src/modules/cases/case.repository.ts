// Case queries always take the viewer's scope, so a query that leaks another province's case is hard to write.
import { COUNTED_STATES } from '@anli/domain/quota.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { likePattern, sqlParams } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import { expertMayReview } from '../review/review.scope.ts';
import { levelsAbove, type ChainLevel } from '@anli/domain/chain.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { changeWithAudit, objectHistoryJson, type Actor, type AuditRecord, type AuditRow } from '../audit/audit.repository.ts';

export interface CaseRow {
  id: string;
  call_id: string;
  case_type: string;
  author_id: string;
  province_code: string;
  state: CaseState;
  form: Record<string, unknown>;
  title: string;
  quota_group: string | null;
  /** Chained calls: the case's county (or city) code and the level that decides on it now (null otherwise). */
  region_code: string | null;
  recommendation_level: 'county' | 'city' | 'province' | null;
  return_reason: string | null;
  /** Chained calls: the level whose administrator returned the case. */
  returned_level?: string | null;
  ever_submitted: boolean;
  /** How many times the case was submitted; submission_files holds each submission's files and hashes. */
  submission_count: number;
  created_at: Date;
  updated_at: Date;
  /** The row's version as read (PostgreSQL's xmin): every write of the row changes it. */
  row_version?: string;
  submitted_at: Date | null;
  /** Set when a mode-1 province imported the case (it already holds a quota seat). */
  preselected_at?: Date | null;
  /** Why the author declined a preselected case (state 'declined'). */
  decline_reason?: string | null;
  /** A case returned after the province's author deadline can be resubmitted until then (and not after). */
  resubmit_until?: Date | null;
  author_name: string;
  author_phone: string;
  /** Explanations of findings in the last submission that the province has not accepted yet. */
  pending_explanations?: number;
}

export type Scope = Pick<SessionUser, 'id' | 'role' | 'provinceCode'>;

/** Cases the province itself decides on: every case of an unchained call, and in a chained call what its cities passed on. */
export const atProvinceLevel = (alias = 'c') => `(${alias}.recommendation_level is null or ${alias}.recommendation_level = 'province')`;

/** The SQL condition limiting cases to what the viewer may see; params are appended to `params`. */
export function scopeCondition(scope: Scope, params: unknown[]): string {
  switch (scope.role) {
    case 'organiser':
      return 'true';
    case 'author':
      return `c.author_id = $${params.push(scope.id)}`;
    case 'province_admin':
      // In a chained call the province sees only what its cities recommended (level 'province'), never lower levels.
      // Drafts are the author's until submitted (the province sees them only as counts), except the cases the province
      // itself imported in mode 1 (preselected): it chose them and holds their seats.
      return scope.provinceCode
        ? `c.province_code = $${params.push(scope.provinceCode)} and ${atProvinceLevel()} and (c.state <> 'draft' or c.preselected_at is not null)`
        : 'false';
    case 'county_admin':
      // A county administrator: the submitted cases of chained calls in their own county (drafts stay the author's).
      return `c.recommendation_level is not null and c.state <> 'draft'
        and c.region_code = (select region_code from users where id = $${params.push(scope.id)} and role = 'county_admin')`;
    case 'city_admin':
      // A city administrator: cases of their city that reached the city level (recommended by the county, or
      // submitted straight to a city without counties), and what the city passed on to the province.
      return `c.recommendation_level in ('city', 'province') and c.state <> 'draft'
        and left(c.region_code, 4) = (select left(region_code, 4) from users where id = $${params.push(scope.id)} and role = 'city_admin')`;
    case 'expert':
      // Experts see only the cases assigned to them in an open review round (in a provincial round, only while the
      // case is still submitted there).
      return `exists (select 1 from review_assignments ra join review_rounds rr on rr.id = ra.round_id join experts e on e.id = ra.expert_id
        where ra.case_id = c.id and rr.state = 'open' and ${expertMayReview('rr', 'c')} and e.user_id = $${params.push(scope.id)})`;
    default:
      return 'false';
  }
}

/** Whether a text has the shape of a row id (a UUID): anything else cannot name a case, so nothing is read for it. */
export const hasIdShape = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

// pending_explanations: the author's explanations of findings in the last submission not yet accepted (待人工复核).
const SELECT = `select c.*, c.xmin::text as row_version, u.name as author_name, u.phone as author_phone,
  (select count(*)::int from finding_explanations e join submission_files sf on sf.file_id = e.file_id and sf.case_id = c.id and sf.submission = c.submission_count
    where e.case_id = c.id and e.accepted_at is null) as pending_explanations
  from cases c join users u on u.id = c.author_id`;

export async function findCaseInScope(q: Queryable, scope: Scope, id: string, forUpdate = false): Promise<CaseRow | null> {
  if (!hasIdShape(id)) return null;
  const params: unknown[] = [id];
  const rows = await q.query<CaseRow>(`${SELECT} where c.id = $1 and ${scopeCondition(scope, params)}${forUpdate ? ' for update of c' : ''}`, params);
  return rows[0] ?? null;
}

export type CaseKeys = Pick<CaseRow, 'id' | 'call_id' | 'case_type' | 'author_id' | 'submission_count' | 'state' | 'province_code'>;

/**
 * The keys of a case the viewer may see, without its form and names: for the many reads that only need to know which
 * call, whose, in what state and which files (the attachment card, its status, the province's checklist). Locked with
 * `forUpdate` as findCaseInScope.
 */
export async function findCaseKeysInScope(q: Queryable, scope: Scope, id: string, forUpdate = false): Promise<CaseKeys | null> {
  if (!hasIdShape(id)) return null;
  const params: unknown[] = [id];
  const rows = await q.query<CaseKeys>(`${caseKeysQuery(scope, params)}${forUpdate ? ' for update of c' : ''}`, params);
  return rows[0] ?? null;
}

/** findCaseKeysInScope's query for the case whose id is bound to $1 (scope params are appended to `params`). */
export const caseKeysQuery = (scope: Scope, params: unknown[]) =>
  `select c.id, c.call_id, c.case_type, c.author_id, c.submission_count, c.state, c.province_code from cases c
     where c.id = $1 and ${scopeCondition(scope, params)}`;

export interface CaseFilter {
  callId?: string;
  caseType?: string;
  state?: string;
  provinceCode?: string;
  q?: string;
  /** 材料检测: one check status (CHECK_STATUS_SQL's values). */
  check?: string;
}

/** Sort keys of the case lists and the column each orders by. */
export const CASE_SORT_COLUMNS = {
  updated: 'c.updated_at',
  submitted: 'c.submitted_at',
  title: 'c.title',
  author: 'u.name',
  province: 'c.province_code',
  state: 'c.state',
  type: 'c.case_type',
} as const;
export type CaseSortKey = keyof typeof CASE_SORT_COLUMNS;

export interface CaseListOptions {
  sort?: CaseSortKey;
  order?: 'asc' | 'desc';
  /** Without a limit every matching row (an author's own cases, a dashboard's counts). */
  limit?: number;
  offset?: number;
}

/**
 * The state of a case's current files' checks, in SQL so the list filters and pages on it: no current file →
 * no_files; a file still checking → checking; a failing rule → failing; a warning or a manual check → review;
 * otherwise passed (reports.service's checkSummaries gives the same answer with the rule names).
 */
export const CHECK_STATUS_SQL = `(case
  when not exists (select 1 from files f where f.case_id = c.id and f.is_current) then 'no_files'
  when exists (select 1 from files f where f.case_id = c.id and f.is_current and f.check_status in ('pending', 'running')) then 'checking'
  when exists (select 1 from check_results r join files f on f.id = r.file_id where f.case_id = c.id and f.is_current and r.status in ('fail', 'error')) then 'failing'
  when exists (select 1 from check_results r join files f on f.id = r.file_id where f.case_id = c.id and f.is_current and r.status in ('warn', 'manual')) then 'review'
  else 'passed' end)`;

const CHECK_STATUSES = new Set(['no_files', 'checking', 'failing', 'review', 'passed']);

/** The where clause of a case list: the viewer's scope and the filters; params are appended to `params`. */
function caseWhere(scope: Scope, f: CaseFilter, params: unknown[]): string {
  const where = [scopeCondition(scope, params)];
  if (f.callId) where.push(`c.call_id = $${params.push(f.callId)}`);
  if (f.caseType) where.push(`c.case_type = $${params.push(f.caseType)}`);
  if (f.state) where.push(`c.state = $${params.push(f.state)}`);
  if (f.provinceCode) where.push(`c.province_code = $${params.push(f.provinceCode)}`);
  if (f.q) {
    const p = params.push(likePattern(f.q));
    where.push(`(c.title ilike $${p} or u.name ilike $${p} or c.form::text ilike $${p})`);
  }
  if (f.check && CHECK_STATUSES.has(f.check)) where.push(`${CHECK_STATUS_SQL} = $${params.push(f.check)}`);
  return where.join(' and ');
}

/** The viewer's cases matching the filters, sorted (newest change first by default), one page or all of them. */
export async function listCasesInScope(q: Queryable, scope: Scope, f: CaseFilter, opts: CaseListOptions = {}): Promise<CaseRow[]> {
  const params: unknown[] = [];
  const where = caseWhere(scope, f, params);
  const col = CASE_SORT_COLUMNS[opts.sort ?? 'updated'] ?? CASE_SORT_COLUMNS.updated;
  const dir = opts.order === 'asc' ? 'asc' : 'desc';
  const page = opts.limit === undefined ? '' : ` limit $${params.push(opts.limit)} offset $${params.push(opts.offset ?? 0)}`;
  // The id last: a total order, so pages and export batches neither repeat nor skip rows of equal keys.
  // Unsubmitted cases (no 提交时间) last either way; other keys are never null, so the index on (call, updated_at, id)
  // serves the default order.
  const nulls = col === CASE_SORT_COLUMNS.submitted ? ' nulls last' : '';
  return q.query<CaseRow>(`${SELECT} where ${where} order by ${col} ${dir}${nulls}, c.id ${dir}${page}`, params);
}

/** The ids of every case of the list in its order (an export then reads the rows in batches by id). */
export async function listCaseIdsInScope(q: Queryable, scope: Scope, f: CaseFilter, opts: Pick<CaseListOptions, 'sort' | 'order'> = {}): Promise<string[]> {
  const params: unknown[] = [];
  const where = caseWhere(scope, f, params);
  const col = CASE_SORT_COLUMNS[opts.sort ?? 'updated'] ?? CASE_SORT_COLUMNS.updated;
  const dir = opts.order === 'asc' ? 'asc' : 'desc';
  const nulls = col === CASE_SORT_COLUMNS.submitted ? ' nulls last' : '';
  const from = f.q || col === CASE_SORT_COLUMNS.author ? 'cases c join users u on u.id = c.author_id' : 'cases c';
  const rows = await q.query<{ id: string }>(`select c.id from ${from} where ${where} order by ${col} ${dir}${nulls}, c.id ${dir}`, params);
  return rows.map((r) => r.id);
}

/** The viewer's cases with these ids, in the order of `ids` (ids outside the viewer's scope are left out). */
export async function findCasesInScope(q: Queryable, scope: Scope, ids: string[]): Promise<CaseRow[]> {
  if (!ids.length) return [];
  const params: unknown[] = [ids];
  const rows = await q.query<CaseRow>(`${SELECT} where c.id = any($1::uuid[]) and ${scopeCondition(scope, params)}`, params);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is CaseRow => !!r);
}

/**
 * The viewer's cases matching the filters counted by state, 方式一预选 (imported and not yet recommended) and check
 * status — a dashboard's bars from one grouped query, however many cases there are.
 */
export async function countCasesByGroup(q: Queryable, scope: Scope, f: CaseFilter): Promise<Array<{ state: string; preselected: boolean; check: string; n: number }>> {
  const params: unknown[] = [];
  const where = caseWhere(scope, f, params);
  const from = f.q ? 'cases c join users u on u.id = c.author_id' : 'cases c';
  return q.query(
    `select c.state, (c.preselected_at is not null and c.state in ('draft', 'submitted', 'returned')) as preselected, ${CHECK_STATUS_SQL} as "check", count(*)::int as n
     from ${from} where ${where} group by 1, 2, 3`,
    params,
  );
}

/** How many of the viewer's cases match the filters (the total of a paged list). */
export async function countCasesInScope(q: Queryable, scope: Scope, f: CaseFilter): Promise<number> {
  const params: unknown[] = [];
  const where = caseWhere(scope, f, params);
  // The users join only when the search needs the author's name.
  const from = f.q ? 'cases c join users u on u.id = c.author_id' : 'cases c';
  const [{ n }] = await q.query<{ n: number }>(`select count(*)::int as n from ${from} where ${where}`, params);
  return n;
}

/**
 * Chained calls: the cases of a region that its level has passed upward and that still count against the level's
 * quota (a county by its code, a city by its first four digits).
 */
export async function countChainRecommended(q: Queryable, call: CallDef, level: ChainLevel, regionCode: string): Promise<number> {
  const regionMatch = level === 'county' ? 'region_code = $2' : 'left(region_code, 4) = left($2, 4)';
  const [{ n }] = await q.query<{ n: number }>(
    `select count(*)::int as n from cases where call_id = $1 and ${regionMatch} and recommendation_level = any($3::text[])
     and state not in ('draft', 'returned', 'disqualified')`,
    [call.id, regionCode, levelsAbove(call, level)],
  );
  return n;
}

/**
 * The SQL condition for a case that holds one of its province's quota seats; `statesParam` is the placeholder bound to
 * COUNTED_STATES. A case stays counted once it moves on to national review and results; a case a mode-1 province
 * imported (preselected) holds its seat while the author fills it in (010_mode1.sql).
 */
export const holdsQuotaSeat = (statesParam: string) =>
  `(state = any(${statesParam}::text[]) or (preselected_at is not null and state in ('draft', 'submitted', 'returned')))`;

export interface SeatRow {
  provinceCode: string;
  quotaGroup: string;
  /** Recommended by the province (and gone on to national review or results). */
  recommended: number;
  /** Mode-1 imported (方式一预选) cases not yet recommended: they hold a seat while the author fills them in. */
  preselected: number;
  /** recommended + preselected: the seats in use. */
  seats: number;
}

/**
 * The one count of quota seats in use, per province and quota group (one province when given). Every page that shows
 * a seat count — 全国概况, 统计看板, the province's list and its dashboard, the quota guards — reads it from here.
 */
export async function quotaSeats(q: Queryable, callId: string, provinceCode?: string): Promise<SeatRow[]> {
  const params: unknown[] = [callId, [...COUNTED_STATES]];
  const rows = await q.query<{ province_code: string; quota_group: string; recommended: number; preselected: number }>(
    `select province_code, quota_group,
       count(*) filter (where state = any($2::text[]))::int as recommended,
       count(*) filter (where not (state = any($2::text[])))::int as preselected
     from cases where call_id = $1 and ${holdsQuotaSeat('$2')}
     ${provinceCode ? `and province_code = $${params.push(provinceCode)}` : ''}
     group by province_code, quota_group`,
    params,
  );
  return rows.map((r) => ({ provinceCode: r.province_code, quotaGroup: r.quota_group, recommended: r.recommended, preselected: r.preselected, seats: r.recommended + r.preselected }));
}

/** Seats in use per quota group in one province of one call (recommended and mode-1 preselected cases). */
export async function countRecommended(q: Queryable, callId: string, provinceCode: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await quotaSeats(q, callId, provinceCode)) out[r.quotaGroup] = (out[r.quotaGroup] ?? 0) + r.seats;
  return out;
}

/** Seats in use per province: recommended, preselected and their sum (all quota groups together). */
export async function seatsByProvince(q: Queryable, callId: string): Promise<Map<string, { recommended: number; preselected: number; seats: number }>> {
  const out = new Map<string, { recommended: number; preselected: number; seats: number }>();
  for (const r of await quotaSeats(q, callId)) {
    const t = out.get(r.provinceCode) ?? { recommended: 0, preselected: 0, seats: 0 };
    t.recommended += r.recommended;
    t.preselected += r.preselected;
    t.seats += r.seats;
    out.set(r.provinceCode, t);
  }
  return out;
}

// ---------- writes and locks of the cases service (its transactions pass `q`) ----------

type NamingSamePerson = { callId: string; caseId: string; authorId: string; authorsField: string; mobiles: string[] };

/** countCasesNamingSamePerson's count as a scalar subquery over params pushed onto `params`. */
function namingSamePersonCount(params: unknown[], c: NamingSamePerson): string {
  const $ = sqlParams(params);
  const mobiles = $(c.mobiles);
  const authors = $(c.authorsField);
  return `(select count(*)::int from cases c where c.call_id = ${$(c.callId)} and c.id <> ${$(c.caseId)} and c.state not in ('draft', 'disqualified', 'declined')
       and (c.author_id = ${$(c.authorId)} or (
         -- cases_form_mobiles finds the candidates (any group field's mobiles); the authors' field decides.
         jsonb_path_query_array(c.form, '$.*[*].mobile') ?| ${mobiles}::text[] and exists (
         select 1 from jsonb_array_elements(case when jsonb_typeof(c.form -> ${authors}) = 'array' then c.form -> ${authors} else '[]'::jsonb end) a
         where a ->> 'mobile' = any(${mobiles}::text[])))))`;
}

/**
 * Other non-draft cases of the call that name one of these people (by mobile, as any author in the form's
 * `authorsField`), or were filed by the same account.
 */
export async function countCasesNamingSamePerson(q: Queryable, c: NamingSamePerson): Promise<number> {
  const params: unknown[] = [];
  const [r] = await q.query<{ n: number }>(`select ${namingSamePersonCount(params, c)} as n`, params);
  return r?.n ?? 0;
}

/**
 * What a case's page reads besides the case, in one round trip: its newest audit records (`historyLimit`, or none
 * when null) and, when `naming` is given, countCasesNamingSamePerson.
 */
export async function casePageReads(q: Queryable, r: { caseId: string; historyLimit: number | null; naming: NamingSamePerson | null }): Promise<{ history: AuditRow[]; others: number }> {
  const params: unknown[] = [];
  const history = r.historyLimit === null ? `'[]'::json` : objectHistoryJson(`${sqlParams(params)(r.caseId)}::text`, r.historyLimit);
  const others = r.naming ? namingSamePersonCount(params, r.naming) : '0';
  const [row] = await q.query<{ history: AuditRow[]; others: number }>(`select ${history} as history, ${others} as others`, params);
  return { history: row?.history ?? [], others: row?.others ?? 0 };
}

/** Takes a transaction lock per (call, mobile) in the order given (the caller sorts, so two never deadlock). */
export async function lockPeopleInCall(q: Queryable, callId: string, mobiles: string[]) {
  for (const m of mobiles) await q.query('select pg_advisory_xact_lock(hashtext($1))', [`one-case:${callId}:${m}`]);
}

/** Whether any open review round assigning the case to this expert's account is blind. */
export async function assignedBlind(q: Queryable, caseId: string, expertUserId: string): Promise<boolean> {
  const [r] = await q.query<{ blind: boolean | null }>(
    `select bool_or(rr.blind) as blind from review_assignments ra join review_rounds rr on rr.id = ra.round_id join experts e on e.id = ra.expert_id
     where ra.case_id = $1 and e.user_id = $2 and rr.state = 'open'`,
    [caseId, expertUserId],
  );
  return !!r?.blind;
}

/** Locks a region's row at one chain level until the transaction ends (creating it first). */
export async function lockChainRegion(q: Queryable, callId: string, level: ChainLevel, regionCode: string) {
  await q.query('insert into chain_locks (call_id, level, region_code) values ($1, $2, $3) on conflict do nothing', [callId, level, regionCode]);
  await q.query('select 1 from chain_locks where call_id = $1 and level = $2 and region_code = $3 for update', [callId, level, regionCode]);
}

/** What a state change writes besides the state and updated_at (each present key is written). */
export interface CaseTransitionWrite {
  state: CaseState;
  /** ISO time of the change. */
  at: string;
  /** A (re)submission: submitted at `at`, ever submitted, the last return's reason and resubmission date cleared. */
  submitted?: boolean;
  /** A return: its reason, the chain level that returned it, and the date until which the author may resubmit. */
  returned?: { reason: string; level: string | null; resubmitUntil: string | null };
  declineReason?: string;
  recommendationLevel?: string | null;
  quotaGroup?: string | null;
}

/** A case's state change (with the columns that go with it, CaseTransitionWrite) and its audit record, in one statement. */
export async function updateCaseTransitionWithAudit(q: Queryable, id: string, w: CaseTransitionWrite, actor: Actor, record: AuditRecord, at: number) {
  const { sql, params } = caseTransitionUpdate(id, w);
  await changeWithAudit(q, `changed as (${sql} returning id)`, 'changed', params, actor, record, at);
}

/** The UPDATE of a state change and its parameters. */
function caseTransitionUpdate(id: string, w: CaseTransitionWrite) {
  const sets: string[] = ['state = $2', 'updated_at = $3'];
  const params: unknown[] = [id, w.state, w.at];
  if (w.submitted) sets.push(`submitted_at = $3`, 'ever_submitted = true', 'return_reason = null', 'resubmit_until = null');
  if (w.returned) {
    sets.push(
      `return_reason = $${params.push(w.returned.reason)}`,
      `returned_level = $${params.push(w.returned.level)}`,
      `resubmit_until = $${params.push(w.returned.resubmitUntil)}`,
    );
  }
  if (w.declineReason !== undefined) sets.push(`decline_reason = $${params.push(w.declineReason)}`);
  if (w.recommendationLevel !== undefined) sets.push(`recommendation_level = $${params.push(w.recommendationLevel)}`);
  if (w.quotaGroup !== undefined) sets.push(`quota_group = $${params.push(w.quotaGroup)}`);
  return { sql: `update cases set ${sets.join(', ')} where id = $1`, params };
}

/** Locks the author's row until the transaction ends (serialises one author's case creation). */
export async function lockAuthor(q: Queryable, authorId: string) {
  await q.query('select id from users where id = $1 for update', [authorId]);
}

/** Whether the author has a case in the call that still counts (any state but disqualified or declined). */
export async function authorHasCaseInCall(q: Queryable, callId: string, authorId: string): Promise<boolean> {
  const existing = await q.query(`select 1 from cases where call_id = $1 and author_id = $2 and state not in ('disqualified', 'declined')`, [callId, authorId]);
  return existing.length > 0;
}

/** Inserts a draft case (no title yet) and returns its id. */
export async function insertDraftCase(
  q: Queryable,
  c: { callId: string; caseType: string; authorId: string; provinceCode: string; form: Record<string, unknown>; at: string },
): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, created_at, updated_at)
     values ($1, $2, $3, $4, 'draft', $5, '', $6, $6) returning id`,
    [c.callId, c.caseType, c.authorId, c.provinceCode, JSON.stringify(c.form), c.at],
  );
  return row.id;
}

/** Chained calls: the case's region and the level that decides on it. */
export async function setCaseRegion(q: Queryable, id: string, regionCode: string | null, level: string | null) {
  await q.query('update cases set region_code = $2, recommendation_level = $3 where id = $1', [id, regionCode, level]);
}

/** Saves a draft's form (already serialised), title and quota group, and its region when given, in one statement. */
/**
 * Writes a case's form (and region). With `unchanged`, only if the case still has the state and the last-saved time
 * read before (an optimistic write, without a transaction or a lock): false when it changed in between.
 */
export async function updateCaseForm(
  q: Queryable,
  id: string,
  f: { formJson: string; title: string; quotaGroup: string | null; at: string; region: { regionCode: string | null; level: string | null } | null },
  unchanged?: { state: string; version: string | undefined },
): Promise<boolean> {
  const params: unknown[] = [id, f.formJson, f.title, f.quotaGroup, f.at, ...(f.region ? [f.region.regionCode, f.region.level] : [])];
  // Written only if the row is still the version read (no write of any kind since).
  const guard = unchanged ? ` and state = $${params.push(unchanged.state)} and xmin = $${params.push(unchanged.version ?? null)}::text::xid` : '';
  const rows = await q.query(
    `update cases set form = $2, title = $3, quota_group = $4, updated_at = $5${f.region ? ', region_code = $6, recommendation_level = $7' : ''} where id = $1${guard} returning id`,
    params,
  );
  return rows.length > 0;
}

export async function deleteCase(q: Queryable, id: string) {
  await q.query('delete from cases where id = $1', [id]);
}
