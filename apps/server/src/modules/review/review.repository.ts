// Review queries: experts and their invitations and conflicts, rounds and the cases in them, assignments and score
// sheets. Reads take the viewer's scope (reviewScope), the way the case repository scopes cases: the organiser sees
// every expert and round, a provincial administrator the own province's rounds and the experts it may use.
import type { ScoreSheet } from '@anli/domain/review/scoring.ts';
import type { RoundState } from '@anli/domain/review/rounds.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import type { ExpertListQuery } from '@anli/contracts/experts.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { likePattern } from '../../infra/db/db.ts';
import { forbidden, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { expertMayReview, PROVINCIAL_ROUND_STATES } from './review.scope.ts';
import { expertScope as expertScopeOf, may } from '@anli/domain/policy.ts';

export interface ExpertRow {
  id: string;
  user_id: string | null;
  name: string;
  phone: string;
  unit_name: string;
  province_code: string;
  subjects: string[];
  stages: string[];
  invite_expires_at: Date | null;
  invited_at: Date;
  activated_at: Date | null;
  /** The province whose administrator invited the expert (the expert belongs to it); null: the national pool. */
  owner_province?: string | null;
}

export interface RoundRow {
  id: string;
  call_id: string;
  /** null: a national round (organiser); a province code: a provincial round run by that province's administrator. */
  province_code: string | null;
  name: string;
  case_types: string[];
  per_case: number;
  /** Blind review: experts do not see the authors' names and units. */
  blind: boolean;
  state: RoundState;
  created_at: Date;
  opened_at: Date | null;
  closed_at: Date | null;
}

export interface RoundCounts {
  cases: number;
  assignments: number;
  submitted: number;
  unassigned: number;
}

export interface AssignmentRow {
  round_id: string;
  case_id: string;
  expert_id: string;
  source: 'auto' | 'manual';
  match: string;
  override_reason: string | null;
  scores: ScoreSheet;
  comment: string;
  total: number | null;
  saved_at: Date | null;
  submitted_at: Date | null;
}

export interface RoundCaseRow {
  id: string;
  case_type: string;
  province_code: string;
  state: CaseState;
  title: string;
  form: Record<string, unknown>;
}

/** A pair an expert must not review (回避). */
export interface ConflictPair { expertId: string; caseId: string }

/** What a viewer works on: null the whole country (the organiser), else one province (its administrator). */
export interface ReviewScope { provinceCode: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number) => new Date(ms).toISOString();
export const isUuid = (s: string) => UUID.test(s);

/**
 * Whose rounds a user works on: the organiser national rounds (and reads every round), a provincial administrator
 * the own province's provincial rounds only (another province's round is "not found").
 */
export function reviewScope(u: SessionUser): ReviewScope {
  // The same reach as for experts (domain/policy.ts); a round outside it is "not found" rather than forbidden.
  const scope = expertScopeOf(u);
  if (!scope) throw notFound('评审轮次');
  return scope;
}

/** Whose experts a user lists: the organiser every expert, a provincial administrator those the province may use. */
export function expertScope(u: SessionUser): ReviewScope {
  const scope = expertScopeOf(u);
  if (!scope) throw forbidden();
  return scope;
}

/**
 * An expert invited by a provincial administrator belongs to that province: the inviter's province, derived from
 * experts.invited_by (no separate column). Used as a select column over `experts e`.
 */
const OWNER = `(select ib.province_code from users ib where ib.id = e.invited_by and ib.role = 'province_admin') as owner_province`;

// ---------- experts ----------

/** Demo and directly created expert accounts get a profile, so they can be assigned like invited ones. */
export async function ensureProfiles(q: Queryable) {
  await q.query(
    `insert into experts (user_id, name, phone, unit_name, province_code, activated_at, invited_at)
     select u.id, u.name, u.phone, coalesce(u.unit_name, ''), coalesce(u.province_code, ''), u.created_at, u.created_at
     from users u where u.role = 'expert' and not exists (select 1 from experts e where e.user_id = u.id or e.phone = u.phone)
     on conflict do nothing`,
  );
}

/** The expert profile of a signed-in expert (created for a directly made expert account on first use). */
export async function expertOfUser(q: Queryable, user: SessionUser): Promise<ExpertRow | null> {
  const find = async () => (await q.query<ExpertRow>('select * from experts where user_id = $1', [user.id]))[0] ?? null;
  const e = await find();
  if (e) return e;
  await ensureProfiles(q);
  return find();
}

/** Whether a phone number already has an account or an invitation. */
export async function phoneTaken(q: Queryable, phone: string): Promise<boolean> {
  return (await q.query('select 1 from users where phone = $1', [phone])).length > 0 || (await q.query('select 1 from experts where phone = $1', [phone])).length > 0;
}

export async function insertExpert(q: Queryable, e: {
  name: string; phone: string; unitName: string; provinceCode: string; subjects: string[]; stages: string[];
  codeHash: string; expiresAt: number; invitedBy: string; now: number;
}): Promise<ExpertRow> {
  const [row] = await q.query<ExpertRow>(
    `insert into experts (name, phone, unit_name, province_code, subjects, stages, invite_code_hash, invite_expires_at, invited_by, invited_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
    [e.name, e.phone, e.unitName, e.provinceCode, JSON.stringify(e.subjects), JSON.stringify(e.stages), e.codeHash, iso(e.expiresAt), e.invitedBy, iso(e.now)],
  );
  return row;
}

/**
 * An expert with the owning province, locked for update when asked, as the viewer may manage it: the organiser any
 * expert, a provincial administrator only the experts the own province invited.
 */
export async function managedExpert(q: Queryable, viewer: SessionUser, expertId: string, forUpdate = false): Promise<ExpertRow | null> {
  if (!isUuid(expertId)) return null;
  const [e] = await q.query<ExpertRow>(`select e.*, ${OWNER} from experts e where e.id = $1${forUpdate ? ' for update of e' : ''}`, [expertId]);
  if (!e) return null;
  if (!may(viewer, 'experts.manage', { ownerProvince: e.owner_province ?? null })) return null;
  return e;
}

/** An expert with the owning province, whoever manages it (the caller decides what the owner allows). */
export async function findExpert(q: Queryable, expertId: string): Promise<ExpertRow | null> {
  if (!isUuid(expertId)) return null;
  return (await q.query<ExpertRow>(`select e.*, ${OWNER} from experts e where e.id = $1`, [expertId]))[0] ?? null;
}

export async function setInvitation(q: Queryable, expertId: string, codeHash: string, expiresAt: number) {
  await q.query('update experts set invite_code_hash = $2, invite_expires_at = $3 where id = $1', [expertId, codeHash, iso(expiresAt)]);
}

/** The expert an invitation code was issued to, locked for activation. */
export async function expertByInvitation(q: Queryable, codeHash: string): Promise<ExpertRow | null> {
  return (await q.query<ExpertRow>('select * from experts where invite_code_hash = $1 for update', [codeHash]))[0] ?? null;
}

/** Creates the expert's account and links the profile to it (the invitation code stops working). */
export async function activateExpertAccount(q: Queryable, e: ExpertRow, phone: string, passwordHash: string, now: number) {
  const [u] = await q.query<{ id: string; phone: string; name: string; role: 'expert'; province_code: string }>(
    `insert into users (phone, password_hash, name, role, province_code, unit_name, created_at) values ($1, $2, $3, 'expert', $4, $5, $6) returning *`,
    [phone, passwordHash, e.name, e.province_code, e.unit_name, iso(now)],
  );
  await q.query('update experts set user_id = $2, activated_at = $3, invite_code_hash = null where id = $1', [e.id, u.id, iso(now)]);
  return u;
}

export async function userWithPhoneExists(q: Queryable, phone: string): Promise<boolean> {
  return (await q.query('select 1 from users where phone = $1', [phone])).length > 0;
}

/**
 * One page of experts as the viewer lists them, sorted and filtered, with the total, the recorded conflicts and the
 * load in open rounds. The organiser's list holds every expert; a provincial administrator's the national pool's
 * activated experts and the province's own (invited or active), never another province's own, with conflicts and
 * load of the own province only.
 */
export async function expertPageInScope(q: Queryable, scope: ReviewScope, query: ExpertListQuery, page: { size: number; offset: number; order: 'asc' | 'desc' }) {
  const params: unknown[] = [];
  const where: string[] = [];
  const { provinceCode } = scope;
  if (provinceCode) where.push(`((x.owner_province is null and x.user_id is not null) or x.owner_province = $${params.push(provinceCode)})`);
  const text = query.q?.trim();
  if (text) {
    const p = params.push(likePattern(text));
    const digits = /^\d{3,11}$/.test(text) ? ` or x.phone like $${params.push(`%${text}`)}` : '';
    where.push(`(x.name ilike $${p} or x.unit_name ilike $${p}${digits})`);
  }
  if (query.status === 'active') where.push('x.activated_at is not null');
  if (query.status === 'invited') where.push('x.activated_at is null');
  if (query.provinceCode) where.push(`x.province_code = $${params.push(query.provinceCode)}`);
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  const dir = page.order === 'asc' ? 'asc' : 'desc';
  const col = { invited: 'x.invited_at', name: 'x.name', province: 'x.province_code', status: '(x.activated_at is not null)' }[query.sort ?? 'invited'];
  const from = `(select e.*, ${OWNER} from experts e) x`;
  const rows = await q.query<ExpertRow>(
    `select * from ${from} ${cond} order by ${col} ${dir}, x.id ${dir} limit $${params.push(page.size)} offset $${params.push(page.offset)}`, params,
  );
  const [{ n }] = await q.query<{ n: number }>(`select count(*)::int as n from ${from} ${cond}`, params.slice(0, -2));
  const ids = rows.map((r) => r.id);
  const conflicts = await q.query<{ expert_id: string; case_id: string; reason: string; title: string }>(
    `select ec.expert_id, ec.case_id, ec.reason, c.title from expert_conflicts ec join cases c on c.id = ec.case_id
     where ec.expert_id = any($1::uuid[]) ${provinceCode ? 'and c.province_code = $2' : ''} order by ec.created_at`,
    provinceCode ? [ids, provinceCode] : [ids],
  );
  // Load in open rounds (a province: its own open rounds only).
  const loads = await q.query<{ expert_id: string; n: number; done: number }>(
    `select ra.expert_id, count(*)::int as n, count(ra.submitted_at)::int as done from review_assignments ra
     join review_rounds rr on rr.id = ra.round_id where rr.state = 'open' and ra.expert_id = any($1::uuid[]) ${provinceCode ? 'and rr.province_code = $2' : ''}
     group by ra.expert_id`,
    provinceCode ? [ids, provinceCode] : [ids],
  );
  return { rows, total: n, conflicts, loads };
}

/**
 * The experts a round may use: the activated experts of the national pool and, in a provincial round, the
 * province's own (experts a province invited belong to it); or those of them picked by id.
 */
export async function expertPool(q: Queryable, r: RoundRow, picked: string[]): Promise<ExpertRow[]> {
  const pool = `select * from (select e.*, ${OWNER} from experts e) x
    where x.user_id is not null and (x.owner_province is null or x.owner_province = $1)`;
  return picked.length
    ? q.query<ExpertRow>(`${pool} and x.id = any($2::uuid[]) order by x.name, x.id`, [r.province_code ?? '', picked])
    : q.query<ExpertRow>(`${pool} order by x.name, x.id`, [r.province_code ?? '']);
}

// ---------- conflicts of interest ----------

/** Recorded conflicts, of the given cases when asked. */
export async function conflictSet(q: Queryable, caseIds?: string[]): Promise<ConflictPair[]> {
  const rows = await q.query<{ expert_id: string; case_id: string }>('select expert_id, case_id from expert_conflicts');
  const ids = caseIds ? new Set(caseIds) : null;
  return rows.filter((r) => !ids || ids.has(r.case_id)).map((r) => ({ expertId: r.expert_id, caseId: r.case_id }));
}

export async function conflictReason(q: Queryable, expertId: string, caseId: string): Promise<string | null> {
  return (await q.query<{ reason: string }>('select reason from expert_conflicts where expert_id = $1 and case_id = $2', [expertId, caseId]))[0]?.reason ?? null;
}

/** Records a conflict (the reason of an existing one is replaced) and removes the pair's unsubmitted assignments. */
export async function recordConflict(q: Queryable, c: { expertId: string; caseId: string; reason: string; by: string; now: number }): Promise<number> {
  await q.query(
    `insert into expert_conflicts (expert_id, case_id, reason, created_by, created_at) values ($1, $2, $3, $4, $5)
     on conflict (expert_id, case_id) do update set reason = excluded.reason`,
    [c.expertId, c.caseId, c.reason, c.by, iso(c.now)],
  );
  const removed = await q.query<{ round_id: string }>(
    'delete from review_assignments where expert_id = $1 and case_id = $2 and submitted_at is null returning round_id',
    [c.expertId, c.caseId],
  );
  return removed.length;
}

/** A case's id and province, or null. */
export async function caseProvince(q: Queryable, caseId: string): Promise<{ id: string; province_code: string } | null> {
  return (await q.query<{ id: string; province_code: string }>('select id, province_code from cases where id = $1', [caseId]))[0] ?? null;
}

// ---------- rounds ----------

const WITH_COUNTS = `select r.*,
  (select count(*)::int from review_round_cases rc where rc.round_id = r.id) as cases,
  (select count(*)::int from review_assignments ra where ra.round_id = r.id) as assignments,
  (select count(*)::int from review_assignments ra where ra.round_id = r.id and ra.submitted_at is not null) as submitted,
  (select count(*)::int from review_round_cases rc where rc.round_id = r.id
     and (select count(*) from review_assignments ra where ra.round_id = r.id and ra.case_id = rc.case_id) < r.per_case) as unassigned
  from review_rounds r`;

/**
 * A round as the viewer may see it (read) or change it (write), locked for update when asked: a provincial
 * administrator only the own province's rounds; the organiser reads every round but changes only national ones
 * (provincial rounds belong to the province). Null: not there or not the viewer's.
 */
export async function roundInScope(q: Queryable, scope: ReviewScope, roundId: string, forUpdate = false): Promise<RoundRow | null> {
  if (!isUuid(roundId)) return null;
  const [r] = await q.query<RoundRow>(`select * from review_rounds where id = $1${forUpdate ? ' for update' : ''}`, [roundId]);
  if (!r || (scope.provinceCode !== null && r.province_code !== scope.provinceCode)) return null;
  return r;
}

/** The rounds in the scope (the organiser every round), newest first, with their counts. */
export async function roundsInScope(q: Queryable, scope: ReviewScope, callId?: string): Promise<Array<RoundRow & RoundCounts>> {
  const params: unknown[] = [];
  const where = [
    ...(callId ? [`r.call_id = $${params.push(callId)}`] : []),
    ...(scope.provinceCode ? [`r.province_code = $${params.push(scope.provinceCode)}`] : []),
  ];
  return q.query<RoundRow & RoundCounts>(`${WITH_COUNTS} ${where.length ? `where ${where.join(' and ')}` : ''} order by r.created_at desc`, params);
}

/** One round with its counts (the caller has checked the viewer may see it). */
export async function roundWithCounts(q: Queryable, roundId: string): Promise<RoundRow & RoundCounts> {
  const [r] = await q.query<RoundRow & RoundCounts>(`${WITH_COUNTS} where r.id = $1`, [roundId]);
  return r;
}

/** A province's opened provincial rounds of a call, the latest opened first. */
export async function openedProvincialRounds(q: Queryable, callId: string, provinceCode: string | null): Promise<RoundRow[]> {
  return q.query<RoundRow>(
    `select * from review_rounds where call_id = $1 and province_code = $2 and state <> 'draft' order by opened_at desc nulls last, created_at desc`,
    [callId, provinceCode],
  );
}

export async function insertRound(q: Queryable, r: {
  callId: string; name: string; caseTypes: string[]; perCase: number; provinceCode: string | null; by: string; now: number; blind: boolean;
}): Promise<RoundRow> {
  const [row] = await q.query<RoundRow>(
    'insert into review_rounds (call_id, name, case_types, per_case, province_code, created_by, created_at, blind) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *',
    [r.callId, r.name, JSON.stringify(r.caseTypes), r.perCase, r.provinceCode, r.by, iso(r.now), r.blind],
  );
  return row;
}

/** Stores a round's new state with its time stamps (opening keeps the first opening time and clears the closing). */
export async function setRoundState(q: Queryable, roundId: string, to: RoundState, now: number) {
  if (to === 'open') await q.query(`update review_rounds set state = 'open', opened_at = coalesce(opened_at, $2), closed_at = null where id = $1`, [roundId, iso(now)]);
  else if (to === 'closed') await q.query(`update review_rounds set state = 'closed', closed_at = $2 where id = $1`, [roundId, iso(now)]);
  else await q.query(`update review_rounds set state = 'draft' where id = $1`, [roundId]);
}

/** Province-recommended cases of the round's types from provinces that reported (locked) their list. */
export async function reportedRecommendedCases(q: Queryable, r: RoundRow): Promise<Array<{ id: string }>> {
  return q.query<{ id: string }>(
    `select c.id from cases c join province_status ps on ps.call_id = c.call_id and ps.province_code = c.province_code and ps.locked
     where c.call_id = $1 and c.state = 'province_recommended' and c.case_type in (select jsonb_array_elements_text($2::jsonb)) order by c.created_at`,
    [r.call_id, JSON.stringify(r.case_types)],
  );
}

/** Every case of the round's types in national review joins the (national) round. */
export async function addNationalReviewCases(q: Queryable, r: RoundRow, now: number) {
  await q.query(
    `insert into review_round_cases (round_id, case_id, added_at)
     select $1, c.id, $4 from cases c where c.call_id = $2 and c.state = 'national_review' and c.case_type in (select jsonb_array_elements_text($3::jsonb))
     on conflict do nothing`,
    [r.id, r.call_id, JSON.stringify(r.case_types), iso(now)],
  );
}

/** The province's submitted (recommended or not yet) cases of the round's types join the provincial round; returns how many joined. */
export async function addProvincialCases(q: Queryable, r: RoundRow, now: number): Promise<number> {
  const added = await q.query<{ case_id: string }>(
    `insert into review_round_cases (round_id, case_id, added_at)
     select $1, c.id, $5 from cases c where c.call_id = $2 and c.province_code = $3
       and c.state in (select jsonb_array_elements_text($6::jsonb)) and c.case_type in (select jsonb_array_elements_text($4::jsonb))
     on conflict do nothing returning case_id`,
    [r.id, r.call_id, r.province_code, JSON.stringify(r.case_types), iso(now), JSON.stringify(PROVINCIAL_ROUND_STATES)],
  );
  return added.length;
}

/** Provinces with province-recommended cases that have not reported their list, with how many. */
export async function unreportedProvinceCounts(q: Queryable, callId: string) {
  return q.query<{ province_code: string; n: number }>(
    `select c.province_code, count(*)::int as n from cases c left join province_status ps on ps.call_id = c.call_id and ps.province_code = c.province_code
     where c.call_id = $1 and c.state = 'province_recommended' and not coalesce(ps.locked, false) group by c.province_code order by c.province_code`,
    [callId],
  );
}

/** The cases of a round (by type, province, creation). */
export async function roundCases(q: Queryable, roundId: string): Promise<RoundCaseRow[]> {
  return q.query<RoundCaseRow>(
    `select c.id, c.case_type, c.province_code, c.state, c.title, c.form from review_round_cases rc join cases c on c.id = rc.case_id
     where rc.round_id = $1 order by c.case_type, c.province_code, c.created_at`,
    [roundId],
  );
}

/** One case of a round, or null when it is not in the round. */
export async function roundCase(q: Queryable, roundId: string, caseId: string): Promise<RoundCaseRow | null> {
  const [c] = await q.query<RoundCaseRow>(
    `select c.id, c.case_type, c.province_code, c.state, c.title, c.form from review_round_cases rc join cases c on c.id = rc.case_id where rc.round_id = $1 and c.id = $2`,
    [roundId, caseId],
  );
  return c ?? null;
}

export async function caseInRound(q: Queryable, roundId: string, caseId: string): Promise<boolean> {
  return (await q.query('select 1 from review_round_cases where round_id = $1 and case_id = $2', [roundId, caseId])).length > 0;
}

// ---------- assignments ----------

/** A round's assignments with each expert's name, unit and province, by expert name. */
export async function roundAssignments(q: Queryable, roundId: string) {
  return q.query<AssignmentRow & { name: string; unit_name: string; province_code: string }>(
    `select ra.*, e.name, e.unit_name, e.province_code from review_assignments ra join experts e on e.id = ra.expert_id
     where ra.round_id = $1 order by e.name`,
    [roundId],
  );
}

export async function assignmentsOf(q: Queryable, roundId: string): Promise<AssignmentRow[]> {
  return q.query<AssignmentRow>('select * from review_assignments where round_id = $1', [roundId]);
}

/** Stores automatic assignments, in batches (a national round has thousands of slots). */
export async function insertAutoAssignments(q: Queryable, roundId: string, rows: Array<{ caseId: string; expertId: string; match: string }>, now: number) {
  for (let i = 0; i < rows.length; i += 2000) {
    const part = rows.slice(i, i + 2000);
    await q.query(
      `insert into review_assignments (round_id, case_id, expert_id, source, match, assigned_at)
       select $1, x.case_id, x.expert_id, 'auto', x.match, $5 from unnest($2::uuid[], $3::uuid[], $4::text[]) as x(case_id, expert_id, match)
       on conflict do nothing`,
      [roundId, part.map((a) => a.caseId), part.map((a) => a.expertId), part.map((a) => a.match), iso(now)],
    );
  }
}

export async function assignmentExists(q: Queryable, roundId: string, caseId: string, expertId: string): Promise<boolean> {
  return (await q.query('select 1 from review_assignments where round_id = $1 and case_id = $2 and expert_id = $3', [roundId, caseId, expertId])).length > 0;
}

export async function insertManualAssignment(q: Queryable, a: { roundId: string; caseId: string; expertId: string; match: string; override: string | null; now: number }) {
  await q.query(
    `insert into review_assignments (round_id, case_id, expert_id, source, match, override_reason, assigned_at) values ($1, $2, $3, 'manual', $4, $5, $6)`,
    [a.roundId, a.caseId, a.expertId, a.match, a.override, iso(a.now)],
  );
}

/** An assignment with its case's province, locked for update. */
export async function assignmentForUpdate(q: Queryable, roundId: string, caseId: string, expertId: string) {
  const [a] = await q.query<AssignmentRow & { province_code: string }>(
    'select ra.*, c.province_code from review_assignments ra join cases c on c.id = ra.case_id where ra.round_id = $1 and ra.case_id = $2 and ra.expert_id = $3 for update of ra',
    [roundId, caseId, expertId],
  );
  return a ?? null;
}

export async function deleteAssignment(q: Queryable, roundId: string, caseId: string, expertId: string) {
  await q.query('delete from review_assignments where round_id = $1 and case_id = $2 and expert_id = $3', [roundId, caseId, expertId]);
}

/** Per case, how many score sheets of the round were submitted. */
export async function submittedSheetCounts(q: Queryable, roundId: string, caseIds: string[]) {
  return q.query<{ title: string; n: number }>(
    `select c.title, (select count(*) from review_assignments ra where ra.round_id = $1 and ra.case_id = c.id and ra.submitted_at is not null)::int as n
     from cases c where c.id = any($2::uuid[])`, [roundId, caseIds.filter(isUuid)],
  );
}

// ---------- an expert's tasks and score sheets ----------

/** The expert's assignments in open rounds they may work on, with the round's and the case's facts. */
export async function openTasks(q: Queryable, expertId: string) {
  return q.query<AssignmentRow & { round_name: string; round_province: string | null; round_blind: boolean; call_id: string; case_type: string; title: string }>(
    `select ra.*, rr.name as round_name, rr.province_code as round_province, rr.blind as round_blind, rr.call_id, c.case_type, c.title from review_assignments ra
     join review_rounds rr on rr.id = ra.round_id join cases c on c.id = ra.case_id
     where ra.expert_id = $1 and rr.state = 'open' and ${expertMayReview('rr', 'c')} order by rr.created_at, c.case_type, c.created_at`,
    [expertId],
  );
}

/** The expert's own assignment in an open round they may work on, locked for update when asked. */
export async function ownOpenAssignment(q: Queryable, expertId: string, roundId: string, caseId: string, forUpdate = false) {
  const [a] = await q.query<AssignmentRow & { round_state: string; call_id: string; case_type: string }>(
    `select ra.*, rr.state as round_state, rr.call_id, c.case_type from review_assignments ra
     join review_rounds rr on rr.id = ra.round_id join cases c on c.id = ra.case_id
     where ra.round_id = $1 and ra.case_id = $2 and ra.expert_id = $3 and rr.state = 'open' and ${expertMayReview('rr', 'c')}${forUpdate ? ' for update of ra' : ''}`,
    [roundId, caseId, expertId],
  );
  return a ?? null;
}

/** The round of an assignment the expert has already been shown to hold. */
export async function roundById(q: Queryable, roundId: string): Promise<RoundRow> {
  const [r] = await q.query<RoundRow>('select * from review_rounds where id = $1', [roundId]);
  return r;
}

/** Stores a score sheet; `submittedAt` locks it. */
export async function storeSheet(q: Queryable, a: Pick<AssignmentRow, 'round_id' | 'case_id' | 'expert_id'>, s: { scores: ScoreSheet; comment: string; total: number | null; now: number; submit: boolean }) {
  await q.query(
    `update review_assignments set scores = $4, comment = $5, total = $6, saved_at = $7${s.submit ? ', submitted_at = $7' : ''} where round_id = $1 and case_id = $2 and expert_id = $3`,
    [a.round_id, a.case_id, a.expert_id, JSON.stringify(s.scores), s.comment, s.total, iso(s.now)],
  );
}
