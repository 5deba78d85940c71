// Sessions are created here only: password login, the second factor and its enrolment (accounts), an invited
// expert's activation (review) and an invited author's activation (mode 1).
import type { Queryable } from '../../infra/db/db.ts';
import { newSessionToken } from '../../http/auth.ts';
import { insertSession } from './accounts.repository.ts';

/** A half-finished login (password checked, code awaited) lasts this long. */
export const PENDING_LOGIN_MS = 10 * 60_000;
/** 'full': signed in; 'totp' and 'enrol': half-way through login (the second factor is awaited or being enrolled). */
export type SessionStage = 'full' | 'totp' | 'enrol';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Inserts a session with a new random id (so a planted id is never promoted) and returns its token. A full session
 * lasts `maxMs`; a half-finished one PENDING_LOGIN_MS.
 */
export async function createSession(q: Queryable, userId: string, now: number, opts: { maxMs: number; stage?: SessionStage }): Promise<string> {
  const stage = opts.stage ?? 'full';
  const { token, id } = newSessionToken();
  await insertSession(q, { id, userId, createdAt: iso(now), expiresAt: iso(now + (stage === 'full' ? opts.maxMs : PENDING_LOGIN_MS)), stage });
  return token;
}
