// Sessions are created here only: password login, the second factor and its enrolment (accounts), an invited
// expert's activation (review) and an invited author's activation (mode 1).
import type { Queryable } from '../../infra/db/db.ts';
import { newSessionToken } from '../../http/auth.ts';
import { insertSession, sessionInsertEntry } from './accounts.repository.ts';

/** A half-finished login (password checked, code awaited) lasts this long. */
export const PENDING_LOGIN_MS = 10 * 60_000;
/** 'full': signed in; 'totp' and 'enrol': half-way through login (the second factor is awaited or being enrolled). */
export type SessionStage = 'full' | 'totp' | 'enrol';

const iso = (ms: number) => new Date(ms).toISOString();

type SessionOpts = { maxMs: number; stage?: SessionStage };

/** A new session's row: a new random id (so a planted id is never promoted) and its token. */
function newSession(userId: string, now: number, opts: SessionOpts) {
  const stage = opts.stage ?? 'full';
  const { token, id } = newSessionToken();
  return { token, row: { id, userId, createdAt: iso(now), expiresAt: iso(now + (stage === 'full' ? opts.maxMs : PENDING_LOGIN_MS)), stage } };
}

/**
 * Inserts a session with a new random id and returns its token. A full session lasts `maxMs`; a half-finished one
 * PENDING_LOGIN_MS.
 */
export async function createSession(q: Queryable, userId: string, now: number, opts: SessionOpts): Promise<string> {
  const s = newSession(userId, now, opts);
  await insertSession(q, s.row);
  return s.token;
}

/**
 * createSession as a WITH entry named `session` (returning its one row), values pushed onto `params`, for a statement
 * that also does more (a login writes its audit record with it); the token to give once the statement ran.
 */
export function sessionEntry(params: unknown[], userId: string, now: number, opts: SessionOpts): { entry: string; token: string } {
  const s = newSession(userId, now, opts);
  return { entry: sessionInsertEntry(params, s.row), token: s.token };
}
