// Exactly-once side effects for at-least-once jobs: the effect and its key commit together or not at all.
import type { Db, Queryable } from '../db/db.ts';

/**
 * Runs `effect` in one transaction with the insertion of `key` into job_effects; if the key is already there the
 * effect is skipped. The key is inserted first, so a concurrent run of the same key (a job retried while its
 * first attempt is still running) waits on that row and then skips — or runs, if the first one rolled back.
 * Returns whether the effect ran. Everything the effect writes must go through `q`.
 */
export async function runOnce(
  db: Db,
  key: string,
  effect: (q: Queryable) => Promise<void>,
  opts: { jobId?: string } = {},
): Promise<boolean> {
  return db.tx(async (q) => {
    const claimed = await q.query(
      'insert into job_effects (key, job_id) values ($1, $2) on conflict (key) do nothing returning key',
      [key, opts.jobId ?? null],
    );
    if (claimed.length === 0) return false;
    await effect(q);
    return true;
  });
}

/** Whether an effect with this key has committed. */
export async function effectDone(db: Queryable, key: string): Promise<boolean> {
  return (await db.query('select 1 from job_effects where key = $1', [key])).length > 0;
}
