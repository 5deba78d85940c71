// Mode-1 import queries: what the database already holds for a list's phones and titles, the province's status row
// (the quota lock), the import record, invited author accounts and their invitations, and the imported cases.
// Reads of a province's imports take the province code the caller works on.
import type { Queryable } from '../../infra/db/db.ts';
import { announceSessionChange } from '../accounts/session-cache.ts';

export interface ImportRow {
  id: string;
  file_name: string | null;
  rows: number;
  created_at: Date;
  by_name: string | null;
}

export interface InvitationRow {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
}

/** Accounts that already hold one of these phone numbers. */
export async function findUsersByPhones(q: Queryable, phones: string[]) {
  return q.query<{ id: string; phone: string; role: string; province_code: string | null }>(
    'select id, phone, role, province_code from users where phone = any($1::text[])', [phones],
  );
}

/** Live cases (not disqualified or declined) of the call whose author holds one of these phone numbers. */
export async function findLiveCasesByAuthorPhones(q: Queryable, callId: string, phones: string[]) {
  return q.query<{ phone: string; title: string; province_code: string }>(
    `select u.phone, c.title, c.province_code from cases c join users u on u.id = c.author_id
     where c.call_id = $1 and c.state not in ('disqualified', 'declined') and u.phone = any($2::text[])`, [callId, phones],
  );
}

/** Live cases (not disqualified or declined) of the call with one of these titles. */
export async function findLiveCasesByTitles(q: Queryable, callId: string, titles: string[]) {
  return q.query<{ title: string; province_code: string }>(
    `select title, province_code from cases where call_id = $1 and state not in ('disqualified', 'declined') and title = any($2::text[])`, [callId, titles],
  );
}

export async function insertImport(q: Queryable, i: { callId: string; provinceCode: string; fileName: string | null; rows: number; createdBy: string; createdAt: string }): Promise<string> {
  const [imp] = await q.query<{ id: string }>(
    'insert into mode1_imports (call_id, province_code, file_name, rows, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id',
    [i.callId, i.provinceCode, i.fileName, i.rows, i.createdBy, i.createdAt],
  );
  return imp.id;
}

export async function findUserIdByPhone(q: Queryable, phone: string): Promise<string | null> {
  const [u] = await q.query<{ id: string }>('select id from users where phone = $1', [phone]);
  return u?.id ?? null;
}

/** An author account that cannot sign in yet (a throw-away password hash until the invitation is used). */
export async function insertInvitedAuthor(q: Queryable, a: { phone: string; passwordHash: string; name: string; provinceCode: string; unitName: string; createdAt: string }): Promise<string> {
  const [u] = await q.query<{ id: string }>(
    `insert into users (phone, password_hash, name, role, province_code, unit_name, created_at) values ($1, $2, $3, 'author', $4, $5, $6) returning id`,
    [a.phone, a.passwordHash, a.name, a.provinceCode, a.unitName, a.createdAt],
  );
  return u.id;
}

export async function insertAuthorInvitation(q: Queryable, i: { userId: string; importId: string; codeHash: string; createdAt: string; expiresAt: string }): Promise<void> {
  await q.query('insert into author_invitations (user_id, import_id, code_hash, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
    i.userId, i.importId, i.codeHash, i.createdAt, i.expiresAt,
  ]);
}

/** An imported case: a draft holding a quota seat (preselected_at) from the import on. */
export async function insertImportedCase(q: Queryable, c: {
  callId: string; caseType: string; authorId: string; provinceCode: string; form: string; title: string; quotaGroup: string; now: string; importId: string;
}): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, quota_group, preselected_at, import_id, created_at, updated_at)
     values ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $8, $8) returning id`,
    [c.callId, c.caseType, c.authorId, c.provinceCode, c.form, c.title, c.quotaGroup, c.now, c.importId],
  );
  return row.id;
}

/** The province's imports of a call, newest first (at most 100). */
export async function listImports(q: Queryable, provinceCode: string, callId: string): Promise<ImportRow[]> {
  return q.query<ImportRow>(
    `select i.id, i.file_name, i.rows, i.created_at, u.name as by_name from mode1_imports i left join users u on u.id = i.created_by
     where i.province_code = $1 and i.call_id = $2 order by i.created_at desc limit 100`, [provinceCode, callId],
  );
}

/** The invitation with this code hash for the account of this phone, locked for the transaction. */
export async function findInvitationForUpdate(q: Queryable, codeHash: string, phone: string): Promise<InvitationRow | null> {
  const [inv] = await q.query<InvitationRow>(
    'select i.* from author_invitations i join users u on u.id = i.user_id where i.code_hash = $1 and u.phone = $2 for update of i',
    [codeHash, phone],
  );
  return inv ?? null;
}

export async function markInvitationUsed(q: Queryable, id: string, usedAt: string): Promise<void> {
  await q.query('update author_invitations set used_at = $2 where id = $1', [id, usedAt]);
}

/** Sets the account's password; returns the whole user row. */
export async function setUserPassword(q: Queryable, userId: string, passwordHash: string): Promise<any> {
  const [u] = await q.query<any>('update users set password_hash = $2 where id = $1 returning *', [userId, passwordHash]);
  if (u) await announceSessionChange(q, [`u:${u.id}`]);
  return u;
}
