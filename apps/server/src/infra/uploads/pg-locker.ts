// A tus locker shared by every API process on one PostgreSQL server (the default MemoryLocker only serialises the
// requests of one process). tus takes the lock for each request on an upload (HEAD, PATCH, DELETE) so that two
// PATCHes never append to the same upload at once — which two processes behind a proxy could otherwise do when a
// browser retries a stalled PATCH on another connection.
//
// - The lock is a lease: a row of upload_locks (migration 014, unlogged) with a random holder token and an expiry,
//   renewed while held. A process that dies holding it loses it when the lease runs out (LEASE_MS), not never.
// - Taking it: insert, or take over a row whose lease expired, in one statement. When someone holds it, ask the
//   holder to let go (NOTIFY on anli_upload_lock with the upload id; every process LISTENs on one connection and calls
//   tus's requestRelease for its own holder, which ends the earlier PATCH and unlocks), then retry every RETRY_MS
//   until tus's acquire timeout.
// - Releasing: delete the row if the token is still ours.
import { randomBytes } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import type { Db } from '../db/db.ts';

const CHANNEL = 'anli_upload_lock';
export const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const RETRY_MS = 100;

export interface PgLocker extends Locker {
  /** Stops listening and renewing (on app close). */
  close(): Promise<void>;
}

export async function createPgLocker(db: Db, opts: { acquireTimeoutMs?: number; leaseMs?: number; renewMs?: number } = {}): Promise<PgLocker> {
  if (db.kind !== 'postgres' || !db.url) throw new Error('createPgLocker needs a PostgreSQL server');
  const acquireTimeoutMs = opts.acquireTimeoutMs ?? 30_000;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const renewMs = opts.renewMs ?? RENEW_MS;
  /** This process's current holders, by upload id. */
  const held = new Map<string, { token: string; requestRelease: RequestRelease }>();

  // One connection listens for release requests (Db.listen: it reconnects if the server drops it).
  if (!db.listen) throw new Error('createPgLocker: needs a PostgreSQL server');
  const listener = await db.listen(CHANNEL, {
    message: (payload) => {
      const h = payload ? held.get(payload) : undefined;
      if (h) void Promise.resolve(h.requestRelease()).catch(() => undefined);
    },
    state: () => {},
  });

  const renewal = setInterval(() => {
    for (const [id, h] of held) {
      void db
        .query<{ upload_id: string }>(
          `update upload_locks set expires_at = now() + make_interval(secs => $3::double precision / 1000) where upload_id = $1 and holder = $2 returning upload_id`,
          [id, h.token, leaseMs],
        )
        .then((rows) => {
          // The lease was lost (expired while this process stalled, taken by another): stop writing.
          if (!rows.length && held.get(id) === h) void Promise.resolve(h.requestRelease()).catch(() => undefined);
        })
        .catch(() => undefined);
    }
  }, renewMs);
  renewal.unref();

  async function tryTake(id: string, token: string): Promise<boolean> {
    const rows = await db.query(
      `insert into upload_locks (upload_id, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
       on conflict (upload_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where upload_locks.expires_at < now()
       returning upload_id`,
      [id, token, leaseMs],
    );
    return rows.length === 1;
  }

  class PgLock implements Lock {
    private token = randomBytes(12).toString('hex');
    constructor(private id: string) {}

    async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
      const deadline = Date.now() + acquireTimeoutMs;
      let asked = false;
      for (;;) {
        if (await tryTake(this.id, this.token)) {
          held.set(this.id, { token: this.token, requestRelease });
          return;
        }
        if (signal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        if (!asked) {
          asked = true;
          await db.query('select pg_notify($1, $2)', [CHANNEL, this.id]);
        }
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }

    async unlock(): Promise<void> {
      if (held.get(this.id)?.token === this.token) held.delete(this.id);
      await db.query('delete from upload_locks where upload_id = $1 and holder = $2', [this.id, this.token]);
    }
  }

  return {
    newLock: (id: string) => new PgLock(id),
    async close() {
      clearInterval(renewal);
      await listener.close();
    },
  };
}
