// runOnce: the effect and its key commit together; the same key never takes effect twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../db/db.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { effectDone, runOnce } from './effects.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
  await db.exec('create table effect_test_counter (id text primary key, n integer not null default 0)');
});
afterAll(async () => {
  await db?.close();
});

const bump = (id: string) => async (q: Queryable) => {
  await q.query('insert into effect_test_counter (id, n) values ($1, 1) on conflict (id) do update set n = effect_test_counter.n + 1', [id]);
};
const count = async (id: string) =>
  (await db.query<{ n: number }>('select n from effect_test_counter where id = $1', [id]))[0]?.n ?? 0;

describe('runOnce', () => {
  it('runs the effect once for the same key', async () => {
    expect(await runOnce(db, 'k1', bump('a'), { jobId: 'job-1' })).toBe(true);
    expect(await runOnce(db, 'k1', bump('a'), { jobId: 'job-2' })).toBe(false);
    expect(await count('a')).toBe(1);
    expect(await db.query('select key, job_id from job_effects where key = $1', ['k1'])).toEqual([{ key: 'k1', job_id: 'job-1' }]);
    expect(await effectDone(db, 'k1')).toBe(true);
  });

  it('records nothing when the effect throws, so a retry runs it', async () => {
    await expect(
      runOnce(db, 'k2', async (q) => {
        await bump('b')(q);
        throw new Error('worker failed mid-way');
      }),
    ).rejects.toThrow('mid-way');
    expect(await count('b')).toBe(0);
    expect(await effectDone(db, 'k2')).toBe(false);
    expect(await runOnce(db, 'k2', bump('b'))).toBe(true);
    expect(await count('b')).toBe(1);
  });

  it('two concurrent runs of one key take effect once', async () => {
    const results = await Promise.all([runOnce(db, 'k3', bump('c')), runOnce(db, 'k3', bump('c'))]);
    expect(results.sort()).toEqual([false, true]);
    expect(await count('c')).toBe(1);
  });
});
