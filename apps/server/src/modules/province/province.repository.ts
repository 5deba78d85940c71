// Province queries: a province's status in a call (the reported list's lock, the mode), its contact form, its own
// author deadline, and the counts of its cases that reporting and unlocking decide on. Every read of one province's
// data takes the province code the viewer is scoped to (the service passes the administrator's own province, or the
// one the organiser names); the organiser's overview reads every province at once.
import { COUNTED_STATES } from '@anli/domain/quota.ts';
import type { FormData } from '@anli/domain/form.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { atProvinceLevel } from '../cases/case.repository.ts';

export interface StatusRow {
  locked: boolean;
  locked_at: Date | null;
  mode: 1 | 2 | null;
}

/** A province's status page in one round trip: the list's lock and mode, the contact form, and its cases by state. */
export interface StatusSummaryRow extends StatusRow {
  contact_form: boolean;
  counts: Record<string, number> | null;
}

export interface ContactFormRow {
  data: FormData;
  submitted_at: Date;
}

export interface AuthorDeadlineRow {
  ends_at: Date;
  set_at: Date;
  set_by: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

// ---------- status and the reported list ----------

/**
 * Polled by every administrator's pages near the deadline: the list's lock, the contact form and the counts by state
 * (the lock and mode are null before the province's first status row).
 */
export async function provinceStatusSummary(q: Queryable, callId: string, provinceCode: string): Promise<StatusSummaryRow> {
  const [row] = await q.query<StatusSummaryRow>(
    `select ps.locked, ps.locked_at, ps.mode,
       exists (select 1 from contact_forms where call_id = $1 and province_code = $2) as contact_form,
       (select json_object_agg(state, n) from (
          -- Chained calls: only what the cities passed on to the province (as in the province's list).
          select state, count(*)::int as n from cases where call_id = $1 and province_code = $2 and ${atProvinceLevel('cases')} group by state
        ) c) as counts
     from (select 1) one left join province_status ps on ps.call_id = $1 and ps.province_code = $2`,
    [callId, provinceCode],
  );
  return row;
}

/** The province's mode-1 imported (preselected) cases whose authors have not submitted anything yet, by title. */
export async function emptyPreselectedCases(q: Queryable, callId: string, provinceCode: string) {
  return q.query<{ id: string; title: string; author_name: string }>(
    `select c.id, c.title, u.name as author_name from cases c join users u on u.id = c.author_id
     where c.call_id = $1 and c.province_code = $2 and c.preselected_at is not null and c.state = 'draft' order by c.title`,
    [callId, provinceCode],
  );
}

// province_status is read and locked only here (cases, mode 1, notices and reports use these functions).

/** The province's status row locked for update, or null when there is none. */
export async function provinceStatusForUpdate(q: Queryable, callId: string, provinceCode: string): Promise<{ locked: boolean; mode: 1 | 2 | null } | null> {
  const [st] = await q.query<{ locked: boolean; mode: 1 | 2 | null }>(
    'select locked, mode from province_status where call_id = $1 and province_code = $2 for update', [callId, provinceCode],
  );
  return st ?? null;
}

/**
 * The province's status row (created when missing) locked for update: one writer per province at a time for the list,
 * the mode, the author deadline, recommending (the quota lock) and mode-1 imports.
 */
export async function lockProvinceStatus(q: Queryable, callId: string, provinceCode: string): Promise<{ locked: boolean; mode: 1 | 2 | null }> {
  // The row is there after a province's first use: locked in one statement; created first only when missing.
  const st = await provinceStatusForUpdate(q, callId, provinceCode);
  if (st) return st;
  await q.query('insert into province_status (call_id, province_code) values ($1, $2) on conflict do nothing', [callId, provinceCode]);
  return (await provinceStatusForUpdate(q, callId, provinceCode))!;
}

/** Whether the province has reported (and so locked) its list for the call. */
export async function provinceListLocked(q: Queryable, callId: string, provinceCode: string): Promise<boolean> {
  const [st] = await q.query<{ locked: boolean }>('select locked from province_status where call_id = $1 and province_code = $2', [callId, provinceCode]);
  return st?.locked ?? false;
}

/** Marks the province's list reported (locked). */
export async function lockList(q: Queryable, callId: string, provinceCode: string, by: string, now: number) {
  await q.query('update province_status set locked = true, locked_at = $3, locked_by = $4 where call_id = $1 and province_code = $2', [callId, provinceCode, iso(now), by]);
}

/** Opens the province's reported list again. */
export async function unlockList(q: Queryable, callId: string, provinceCode: string) {
  await q.query('update province_status set locked = false, locked_at = null, locked_by = null where call_id = $1 and province_code = $2', [callId, provinceCode]);
}

export async function setProvinceMode(q: Queryable, callId: string, provinceCode: string, mode: 1 | 2) {
  await q.query('update province_status set mode = $3 where call_id = $1 and province_code = $2', [callId, provinceCode, mode]);
}

/** The province's chosen mode (1 or 2), null before it chose. */
export async function provinceMode(q: Queryable, callId: string, provinceCode: string): Promise<1 | 2 | null> {
  const [r] = await q.query<{ mode: number | null }>('select mode from province_status where call_id = $1 and province_code = $2', [callId, provinceCode]);
  return r?.mode === 1 || r?.mode === 2 ? r.mode : null;
}

// ---------- the province's cases ----------

/** How many of the province's cases are recommended (COUNTED_STATES). */
export async function countRecommendedCases(q: Queryable, callId: string, provinceCode: string): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `select count(*)::int as n from cases where call_id = $1 and province_code = $2
     and state = any($3::text[])`,
    [callId, provinceCode, [...COUNTED_STATES]],
  );
  return r.n;
}

/** The province's submitted cases at the province's level (in a chained call, not those still at a county or city). */
export async function submittedCaseIdsAtProvince(q: Queryable, callId: string, provinceCode: string): Promise<Array<{ id: string }>> {
  return q.query<{ id: string }>(
    `select id from cases where call_id = $1 and province_code = $2 and state = 'submitted'
     and ${atProvinceLevel('cases')}`,
    [callId, provinceCode],
  );
}

/** The province's cases closed as not recommended when its list was reported. */
export async function notRecommendedCaseIds(q: Queryable, callId: string, provinceCode: string): Promise<Array<{ id: string }>> {
  return q.query<{ id: string }>(`select id from cases where call_id = $1 and province_code = $2 and state = 'not_recommended'`, [callId, provinceCode]);
}

/** How many of the province's cases are published with a valid certificate. */
export async function countPublishedWithCertificate(q: Queryable, callId: string, provinceCode: string): Promise<number> {
  const [pub] = await q.query<{ n: number }>(
    `select count(*)::int as n from cases c where c.call_id = $1 and c.province_code = $2 and c.state = 'published'
     and exists (select 1 from certificates ce where ce.case_id = c.id and ce.revoked_at is null)`,
    [callId, provinceCode],
  );
  return pub.n;
}

// ---------- the contact form ----------

export async function contactFormOf(q: Queryable, callId: string, provinceCode: string): Promise<ContactFormRow | null> {
  const [cf] = await q.query<ContactFormRow>('select data, submitted_at from contact_forms where call_id = $1 and province_code = $2', [callId, provinceCode]);
  return cf ?? null;
}

export async function upsertContactForm(q: Queryable, f: { callId: string; provinceCode: string; data: FormData; by: string; now: string }) {
  await q.query(
    `insert into contact_forms (call_id, province_code, data, submitted_at, submitted_by) values ($1, $2, $3, $4, $5)
     on conflict (call_id, province_code) do update set data = $3, submitted_at = $4, submitted_by = $5`,
    [f.callId, f.provinceCode, JSON.stringify(f.data), f.now, f.by],
  );
}

// ---------- the province's author deadline ----------

/** The province's own author deadline with who set it, or null while the recommendation deadline applies. */
export async function authorDeadlineOf(q: Queryable, callId: string, provinceCode: string): Promise<AuthorDeadlineRow | null> {
  const [own] = await q.query<AuthorDeadlineRow>(
    `select d.ends_at, d.set_at, u.name as set_by from province_author_deadlines d left join users u on u.id = d.set_by
     where d.call_id = $1 and d.province_code = $2`,
    [callId, provinceCode],
  );
  return own ?? null;
}

export async function deleteAuthorDeadline(q: Queryable, callId: string, provinceCode: string) {
  await q.query('delete from province_author_deadlines where call_id = $1 and province_code = $2', [callId, provinceCode]);
}

export async function upsertAuthorDeadline(q: Queryable, d: { callId: string; provinceCode: string; endsAt: number; by: string; now: number }) {
  await q.query(
    `insert into province_author_deadlines (call_id, province_code, ends_at, set_by, set_at) values ($1, $2, $3, $4, $5)
     on conflict (call_id, province_code) do update set ends_at = $3, set_by = $4, set_at = $5`,
    [d.callId, d.provinceCode, iso(d.endsAt), d.by, iso(d.now)],
  );
}

// ---------- the organiser's overview (every province) ----------

/** A call's cases counted per province and state. */
export async function caseCountsByProvinceState(q: Queryable, callId: string) {
  return q.query<{ province_code: string; state: string; n: number }>(
    'select province_code, state, count(*)::int as n from cases where call_id = $1 group by province_code, state', [callId],
  );
}

/** Every province's status row of a call (reported, chosen mode). */
export async function provinceStatuses(q: Queryable, callId: string) {
  return q.query<{ province_code: string; locked: boolean; mode: 1 | 2 | null }>('select province_code, locked, mode from province_status where call_id = $1', [callId]);
}

/** The provinces that submitted the call's contact form. */
export async function contactFormProvinces(q: Queryable, callId: string): Promise<Set<string>> {
  return new Set((await q.query<{ province_code: string }>('select province_code from contact_forms where call_id = $1', [callId])).map((r) => r.province_code));
}

/** Provincial administrators per province. */
export async function provinceAdminCounts(q: Queryable) {
  return q.query<{ province_code: string; n: number }>(`select province_code, count(*)::int as n from users where role = 'province_admin' group by province_code`);
}
