// Every API request names its session; looking it up in PostgreSQL was one round trip per request (a quarter of all
// statements at a deadline). The API process keeps the rows it read for a few seconds and forgets them the moment they
// change anywhere:
// - in this process, at once: every write to sessions or to the users' signed-in state goes through a repository
//   function that announces it (announceSessionChange), and the announcement reaches this process's caches directly;
// - in the other API processes on the same PostgreSQL server, when the writing transaction commits: the announcement is
//   also a NOTIFY on SESSION_CHANNEL, which each process LISTENs to. While that listening connection is down (server
//   restart, network), the cache is emptied and not used, so a missed message can never keep a revoked session alive.
// PGlite belongs to one process, so the announcement in the process is the whole story there.
// SESSION_CACHE_SECONDS (default 10) bounds how old a kept row may be; 0 turns the cache off.
import type { Queryable } from '../../infra/db/db.ts';
import type { Role } from '@anli/domain/lifecycle.ts';
import type { SessionStage } from './sessions.ts';

export const SESSION_CHANNEL = 'anli_sessions';

/** What a request needs of its session and user, with the times that decide whether it is still valid. */
export interface CachedSession {
  userId: string;
  phone: string;
  name: string;
  role: Role;
  provinceCode: string | null;
  disabled: boolean;
  stage: SessionStage;
  expiresAt: number;
  lastSeenAt: number;
}

/** A session ended or changed ('s:' + session id), or a user's sessions, phone, password or access changed ('u:' + user id). */
export type SessionChange = `s:${string}` | `u:${string}`;

const localListeners = new Set<(change: SessionChange) => void>();

/**
 * Says that a session or a user's signed-in state changed: to the caches of this process now, to the other processes'
 * when `q`'s transaction commits (NOTIFY is delivered on commit and dropped on rollback; a rolled-back change only
 * costs this process one extra lookup).
 */
export async function announceSessionChange(q: Queryable, changes: SessionChange[]): Promise<void> {
  if (!changes.length) return;
  for (const c of changes) for (const l of localListeners) l(c);
  await q.query(`select pg_notify($1, c) from unnest($2::text[]) c`, [SESSION_CHANNEL, changes]);
}

export interface SessionCache {
  /** The kept row of a session, or undefined (not kept, too old, or the cache is off). */
  get(sessionId: string, now: number): CachedSession | undefined;
  /** Call before reading a session from the database; pass the result to put. */
  generation(): number;
  /** Keeps a row read from the database, unless a change was announced since `generation` was taken. */
  put(sessionId: string, row: CachedSession, generation: number, now: number): void;
  /** Records a touch of the session (its last-seen time) made by this process. */
  touched(sessionId: string, at: number): void;
  forget(change: SessionChange): void;
  /** Off (and emptied) while announcements from other processes could be missed; on again once they cannot. */
  setListening(on: boolean): void;
  /** Stops listening to this process's announcements. */
  close(): void;
  readonly size: number;
}

/**
 * ttlMs: the longest a row is kept. listening: whether announcements from other processes arrive (false until the
 * LISTEN connection is up on a PostgreSQL server; true on PGlite, where there are no other processes).
 */
export function createSessionCache(opts: { ttlMs: number; max?: number; listening: boolean }): SessionCache {
  const max = opts.max ?? 50_000;
  const rows = new Map<string, { row: CachedSession; at: number }>();
  let generation = 0;
  let listening = opts.listening;
  const on = () => opts.ttlMs > 0 && listening;
  const forget = (change: SessionChange) => {
    generation++;
    const id = change.slice(2);
    if (change.startsWith('s:')) rows.delete(id);
    else for (const [k, v] of rows) if (v.row.userId === id) rows.delete(k);
  };
  localListeners.add(forget);
  return {
    get(sessionId, now) {
      if (!on()) return undefined;
      const e = rows.get(sessionId);
      if (!e) return undefined;
      if (now - e.at >= opts.ttlMs || now < e.at) {
        rows.delete(sessionId);
        return undefined;
      }
      return e.row;
    },
    generation: () => generation,
    put(sessionId, row, gen, now) {
      if (!on() || gen !== generation) return;
      if (rows.size >= max) rows.delete(rows.keys().next().value!); // the oldest insertion
      rows.set(sessionId, { row, at: now });
    },
    touched(sessionId, at) {
      const e = rows.get(sessionId);
      if (e) e.row = { ...e.row, lastSeenAt: at };
    },
    forget,
    setListening(value) {
      generation++;
      rows.clear();
      listening = value;
    },
    close() {
      localListeners.delete(forget);
      rows.clear();
    },
    get size() {
      return rows.size;
    },
  };
}

/** Parses a NOTIFY payload; null for anything that is not a change this module sent. */
export function parseSessionChange(payload: string | undefined): SessionChange | null {
  return payload && /^[su]:[0-9a-zA-Z-]{1,100}$/.test(payload) ? (payload as SessionChange) : null;
}
