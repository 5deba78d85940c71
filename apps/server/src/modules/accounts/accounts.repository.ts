// Account queries: users, units, sessions, verification codes, activation codes and the TOTP second factor (the latter
// for security.service.ts). The login throttle's and SMS guard's counters are in throttle.repository.ts. One file for both services: they share the users and sessions queries (a phone already taken,
// the sessions a change ends), so a second repository would only re-export the first. Accounts are not
// province-owned data read by a viewer: every read here is by the account's own id, phone or token (the organiser's
// account list is the exception, and the service masks its phone numbers).
import type { Role } from '@anli/domain/lifecycle.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { likePattern, sqlParams } from '../../infra/db/db.ts';
import type { SessionStage } from './sessions.ts';
import { announceSessionChange } from './session-cache.ts';

export interface UserRow {
  id: string;
  phone: string;
  password_hash: string;
  name: string;
  role: Role;
  province_code: string | null;
  disabled: boolean;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | number | null;
  totp_enabled_at: Date | null;
  created_at: Date;
}

export interface SessionWithUserRow extends UserRow {
  sid: string;
  last_seen_at: Date;
  expires_at: Date;
  stage: SessionStage;
}

export interface ActivationCodeRow {
  id: string;
  province_code: string;
  expires_at: Date;
  used_at: Date | null;
  /** The role the code creates (a provincial, city or county administrator) and, below a province, its region. */
  role: Role;
  region_code: string | null;
}

export interface ActivationCodeListRow {
  id: string;
  province_code: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by_name: string | null;
}

// ---------- users ----------

export async function findUserById(q: Queryable, id: string, forUpdate = false): Promise<UserRow | null> {
  const [u] = await q.query<UserRow>(`select * from users where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return u ?? null;
}

export async function findUserByPhone(q: Queryable, phone: string): Promise<UserRow | null> {
  const [u] = await q.query<UserRow>('select * from users where phone = $1', [phone]);
  return u ?? null;
}

/** Whether an account (enabled or not) already uses the phone number. */
export async function phoneTaken(q: Queryable, phone: string): Promise<boolean> {
  return (await q.query('select 1 from users where phone = $1', [phone])).length > 0;
}

/** The id of the enabled account with the phone number, or null. */
export async function findActiveUserId(q: Queryable, phone: string): Promise<string | null> {
  const [u] = await q.query<{ id: string }>('select id from users where phone = $1 and not disabled', [phone]);
  return u?.id ?? null;
}

/** Whether an enabled account uses the phone number. */
export async function activeAccountExists(q: Queryable, phone: string): Promise<boolean> {
  return (await findActiveUserId(q, phone)) !== null;
}

export async function insertAuthor(
  q: Queryable,
  u: { phone: string; passwordHash: string; name: string; provinceCode: string; unitId: string | null; createdAt: string },
): Promise<UserRow> {
  const [row] = await q.query<UserRow>(
    `insert into users (phone, password_hash, name, role, province_code, unit_id, created_at) values ($1, $2, $3, 'author', $4, $5, $6) returning *`,
    [u.phone, u.passwordHash, u.name, u.provinceCode, u.unitId, u.createdAt],
  );
  return row!;
}

/** An administrator account created with an activation code (its role and region come from the code). */
export async function insertAdministrator(
  q: Queryable,
  u: { phone: string; passwordHash: string; name: string; role: Role; provinceCode: string; regionCode: string | null; createdAt: string },
): Promise<UserRow> {
  const [row] = await q.query<UserRow>(
    `insert into users (phone, password_hash, name, role, province_code, region_code, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [u.phone, u.passwordHash, u.name, u.role, u.provinceCode, u.regionCode, u.createdAt],
  );
  return row!;
}

/** A user created directly (demo data, organiser-invited experts). */
export async function insertUser(q: Queryable, u: { phone: string; passwordHash: string; name: string; role: Role; provinceCode: string | null }): Promise<UserRow> {
  const [row] = await q.query<UserRow>('insert into users (phone, password_hash, name, role, province_code) values ($1, $2, $3, $4, $5) returning *', [
    u.phone, u.passwordHash, u.name, u.role, u.provinceCode,
  ]);
  return row!;
}

export async function setPassword(q: Queryable, userId: string, passwordHash: string, now: string) {
  await q.query('update users set password_hash = $2, password_changed_at = $3 where id = $1', [userId, passwordHash, now]);
  await announceSessionChange(q, [`u:${userId}`]);
}

/** 忘记密码: sets the password of the enabled account with this phone; null when there is none. */
export async function setPasswordByPhone(q: Queryable, phone: string, passwordHash: string, now: string): Promise<UserRow | null> {
  const [u] = await q.query<UserRow>('update users set password_hash = $2, password_changed_at = $3 where phone = $1 and not disabled returning *', [phone, passwordHash, now]);
  if (u) await announceSessionChange(q, [`u:${u.id}`]);
  return u ?? null;
}

export async function setPhone(q: Queryable, userId: string, phone: string) {
  await q.query('update users set phone = $2 where id = $1', [userId, phone]);
  await announceSessionChange(q, [`u:${userId}`]);
}

/** Disables or re-enables an account; null when there is none. */
export async function setDisabled(q: Queryable, userId: string, disabled: boolean): Promise<UserRow | null> {
  const [u] = await q.query<UserRow>('update users set disabled = $2 where id = $1 returning *', [userId, disabled]);
  if (u) await announceSessionChange(q, [`u:${u.id}`]);
  return u ?? null;
}

/** Sort keys of the account list and the column each orders by. */
export const USER_SORT_COLUMNS = { created: 'created_at', name: 'name', role: 'role' } as const;

/** 账号管理: one page of the accounts matching a role and a name or phone search, and how many match. */
export async function listUsers(
  q: Queryable,
  f: { role?: string; search?: string },
  opts: { sort: keyof typeof USER_SORT_COLUMNS; order: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.role) where.push(`role = $${params.push(f.role)}`);
  if (f.search) where.push(`(name like $${params.push(likePattern(f.search))} or phone like $${params.length})`);
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  const col = USER_SORT_COLUMNS[opts.sort];
  const dir = opts.order === 'asc' ? 'asc' : 'desc';
  const [{ n }] = await q.query<{ n: number }>(`select count(*)::int as n from users ${cond}`, params);
  const rows = await q.query<UserRow>(`select * from users ${cond} order by ${col} ${dir}, id ${dir} limit $${params.length + 1} offset $${params.length + 2}`, [
    ...params, opts.limit, opts.offset,
  ]);
  return { rows, total: n };
}

// ---------- units ----------

export interface UnitRow {
  id: string;
  province_code: string;
  city: string;
  county: string;
  name: string;
  kind: string;
}

/** Finds the unit by province, city, county and name, or creates it (of this kind); its id. */
export async function upsertUnitRow(q: Queryable, u: { provinceCode: string; city: string; county: string; name: string; kind: string }): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into units (province_code, city, county, name, kind) values ($1, $2, $3, $4, $5)
     on conflict (province_code, city, county, name) do update set kind = units.kind returning id`,
    [u.provinceCode, u.city, u.county, u.name, u.kind],
  );
  return row.id;
}

/** The first 20 units of a province whose name, city or county contains `text` (all of them for ''). */
export function searchUnitRows(q: Queryable, provinceCode: string, text: string): Promise<UnitRow[]> {
  return q.query<UnitRow>(
    `select * from units where province_code = $1 and ($2 = '' or name ilike $3 or city ilike $3 or county ilike $3) order by city, county, name limit 20`,
    [provinceCode, text, likePattern(text)],
  );
}

// ---------- sessions ----------

type SessionInsert = { id: string; userId: string; createdAt: string; expiresAt: string; stage: SessionStage };

/**
 * A session row's insert as a WITH entry named `session` (returning its one row), values pushed onto `params`; only
 * sessions.ts calls it, with an id it drew at random.
 */
export function sessionInsertEntry(params: unknown[], s: SessionInsert): string {
  const $ = sqlParams(params);
  const at = $(s.createdAt);
  return `session as (insert into sessions (id, user_id, created_at, last_seen_at, expires_at, stage)
    values (${$(s.id)}, ${$(s.userId)}, ${at}::timestamptz, ${at}::timestamptz, ${$(s.expiresAt)}::timestamptz, ${$(s.stage)}) returning 1)`;
}

/** Inserts a session row (see sessionInsertEntry). */
export async function insertSession(q: Queryable, s: SessionInsert) {
  const params: unknown[] = [];
  await q.query(`with ${sessionInsertEntry(params, s)} select 1`, params);
}

/** A session (of any stage) with its user. */
export async function findSessionWithUser(q: Queryable, sessionId: string): Promise<SessionWithUserRow | null> {
  const [row] = await q.query<SessionWithUserRow>(
    `select u.*, s.id as sid, s.last_seen_at, s.expires_at, s.stage from sessions s join users u on u.id = s.user_id where s.id = $1`,
    [sessionId],
  );
  return row ?? null;
}

export async function deleteSession(q: Queryable, sessionId: string) {
  await q.query('delete from sessions where id = $1', [sessionId]);
  await announceSessionChange(q, [`s:${sessionId}`]);
}

export async function touchSession(q: Queryable, sessionId: string, now: string) {
  await q.query('update sessions set last_seen_at = $2 where id = $1', [sessionId, now]);
}

/** Ends every session of a user except `keep` (null: all of them); returns how many ended. */
export async function endSessions(q: Queryable, userId: string, keep: string | null): Promise<number> {
  const rows = await q.query<{ id: string }>('delete from sessions where user_id = $1 and ($2::text is null or id <> $2) returning id', [userId, keep]);
  await announceSessionChange(q, rows.map((r) => `s:${r.id}` as const));
  return rows.length;
}

/** Counts a wrong second-factor code on a half-finished login; the new count, or null when the session is gone. */
export async function countSessionAttempt(q: Queryable, sessionId: string): Promise<number | null> {
  const [s] = await q.query<{ attempts: number }>('update sessions set attempts = attempts + 1 where id = $1 returning attempts', [sessionId]);
  return s ? s.attempts : null;
}

/** The user's complete (signed-in) sessions. */
export async function countFullSessions(q: Queryable, userId: string): Promise<number> {
  const [{ sessions }] = await q.query<{ sessions: number }>(`select count(*)::int as sessions from sessions where user_id = $1 and stage = 'full'`, [userId]);
  return sessions;
}

// ---------- verification codes ----------

/** The newest code for the phone and purpose that is unused and unexpired at `now`. */
export async function findLiveCode(q: Queryable, phone: string, purpose: string, now: string): Promise<{ id: string; code_hash: string; attempts: number } | null> {
  const [c] = await q.query<{ id: string; code_hash: string; attempts: number }>(
    `select id, code_hash, attempts from verification_codes
       where phone = $1 and purpose = $2 and used_at is null and expires_at > $3 order by created_at desc limit 1`,
    [phone, purpose, now],
  );
  return c ?? null;
}

/** A wrong guess at a code. */
export async function countCodeAttempt(q: Queryable, codeId: string) {
  await q.query('update verification_codes set attempts = attempts + 1 where id = $1', [codeId]);
}

/** Uses the code up; false when it was already used (only one request flips used_at). */
export async function consumeCode(q: Queryable, codeId: string, now: string): Promise<boolean> {
  return (await q.query('update verification_codes set used_at = $2 where id = $1 and used_at is null returning id', [codeId, now])).length > 0;
}

/** Codes sent to the phone for the purpose since `since`. */
export async function countCodesSince(q: Queryable, phone: string, purpose: string, since: string): Promise<number> {
  const [r] = await q.query<{ n: number }>('select count(*)::int as n from verification_codes where phone = $1 and purpose = $2 and created_at > $3', [phone, purpose, since]);
  return r!.n;
}

export async function insertCode(q: Queryable, c: { phone: string; purpose: string; codeHash: string; createdAt: string; expiresAt: string; clientIp: string }) {
  await q.query('insert into verification_codes (phone, purpose, code_hash, created_at, expires_at, client_ip) values ($1, $2, $3, $4, $5, $6)', [
    c.phone, c.purpose, c.codeHash, c.createdAt, c.expiresAt, c.clientIp,
  ]);
}

// ---------- activation codes ----------

export async function insertActivationCode(q: Queryable, c: { codeHash: string; provinceCode: string; createdBy: string | null; createdAt: string; expiresAt: string }) {
  await q.query('insert into activation_codes (code_hash, province_code, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
    c.codeHash, c.provinceCode, c.createdBy, c.createdAt, c.expiresAt,
  ]);
}

/** The newest 500 activation codes with who used them. */
export function listActivationCodes(q: Queryable) {
  return q.query<ActivationCodeListRow>(
    `select a.id, a.province_code, a.created_at, a.expires_at, a.used_at, u.name as used_by_name
         from activation_codes a left join users u on u.id = a.used_by order by a.created_at desc limit 500`,
  );
}

/** The activation code with this hash, locked until the transaction ends. */
export async function findActivationCodeForUpdate(q: Queryable, codeHash: string): Promise<ActivationCodeRow | null> {
  const [a] = await q.query<ActivationCodeRow>('select * from activation_codes where code_hash = $1 for update', [codeHash]);
  return a ?? null;
}

export async function markActivationCodeUsed(q: Queryable, id: string, now: string, userId: string) {
  await q.query('update activation_codes set used_at = $2, used_by = $3 where id = $1', [id, now, userId]);
}

// ---------- the TOTP second factor ----------

/** Accepts a TOTP step only after the last accepted one (a code is never used twice); false when refused. */
export async function takeTotpStep(q: Queryable, userId: string, step: number): Promise<boolean> {
  return (await q.query('update users set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id', [userId, step])).length > 0;
}

/** Uses an unused recovery code up; false when there is none with this hash. */
export async function consumeRecoveryCode(q: Queryable, userId: string, codeHash: string, now: string): Promise<boolean> {
  return (await q.query('update totp_recovery_codes set used_at = $3 where user_id = $1 and code_hash = $2 and used_at is null returning id', [userId, codeHash, now])).length > 0;
}

/** Replaces the user's recovery codes with these (hashed) ones. */
export async function replaceRecoveryCodes(q: Queryable, userId: string, codeHashes: string[], now: string) {
  await q.query('delete from totp_recovery_codes where user_id = $1', [userId]);
  for (const h of codeHashes) await q.query('insert into totp_recovery_codes (user_id, code_hash, created_at) values ($1, $2, $3)', [userId, h, now]);
}

export async function countRecoveryCodesLeft(q: Queryable, userId: string): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('select count(*)::int as n from totp_recovery_codes where user_id = $1 and used_at is null', [userId]);
  return n;
}

/** The secret of an enrolment under way (it becomes the account's secret once a first code confirms it). */
export async function setPendingTotpSecret(q: Queryable, userId: string, secret: string) {
  await q.query('update users set totp_pending_secret = $2 where id = $1', [userId, secret]);
}

/** Confirms enrolment: the pending secret becomes the account's, with its first accepted step. */
export async function enableTotp(q: Queryable, userId: string, now: string, step: number) {
  await q.query('update users set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = $2, totp_last_step = $3 where id = $1', [
    userId, now, step,
  ]);
}

/** Turns the second factor off and deletes the recovery codes. */
export async function disableTotp(q: Queryable, userId: string) {
  await q.query('update users set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null where id = $1', [userId]);
  await q.query('delete from totp_recovery_codes where user_id = $1', [userId]);
}

/** Demo data: an account enrolled with a known secret. */
export async function enrolWithSecret(q: Queryable, userId: string, secret: string, now: string) {
  await q.query('update users set totp_secret = $2, totp_enabled_at = $3 where id = $1', [userId, secret, now]);
}
