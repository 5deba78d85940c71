// The upload locker shared through PostgreSQL (pg-locker.ts), with two lockers standing for two API processes.
// Needs TEST_DATABASE_URL (a server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '@tus/utils';
import { openPostgres, type Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { scratchDatabase } from '../../testing/processes.ts';
import { createPgLocker, type PgLocker } from './pg-locker.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('upload locks shared by API processes (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let dbA: Db;
  let dbB: Db;
  let a: PgLocker;
  let b: PgLocker;
  beforeAll(async () => {
    scratch = await scratchDatabase(url!, 'anli_locks');
    dbA = await openPostgres(scratch.url, 2);
    await migrate(dbA);
    dbB = await openPostgres(scratch.url, 2);
    a = await createPgLocker(dbA, { acquireTimeoutMs: 3000 });
    b = await createPgLocker(dbB, { acquireTimeoutMs: 3000 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbA?.close();
    await dbB?.close();
    await scratch?.drop();
  });

  it('one holder at a time across processes: the second asks the first to let go, then takes the lock', async () => {
    const events: string[] = [];
    const first = a.newLock('u1');
    await first.lock(new AbortController().signal, async () => {
      // tus ends the earlier request, which unlocks.
      events.push('release asked');
      await first.unlock();
      events.push('released');
    });
    const second = b.newLock('u1');
    await second.lock(new AbortController().signal, () => undefined);
    events.push('second holds');
    expect(events).toEqual(['release asked', 'released', 'second holds']);
    const rows = await dbA.query<{ n: number }>('select count(*)::int as n from upload_locks where upload_id = $1', ['u1']);
    expect(rows[0].n).toBe(1);
    await second.unlock();
    expect((await dbA.query('select 1 from upload_locks'))).toHaveLength(0);
  });

  it('a holder that does not let go makes the other wait, then time out', async () => {
    const stubborn = a.newLock('u2');
    let asked = 0;
    await stubborn.lock(new AbortController().signal, () => {
      asked++;
    });
    const t = Date.now();
    await expect(b.newLock('u2').lock(new AbortController().signal, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(Date.now() - t).toBeGreaterThanOrEqual(2900);
    expect(asked).toBe(1);
    // Within one process the same holds.
    await expect(a.newLock('u2').lock(AbortSignal.timeout(300), () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await stubborn.unlock();
    const next = b.newLock('u2');
    await next.lock(new AbortController().signal, () => undefined);
    await next.unlock();
  });

  it('a lock whose holder died is taken over when its lease runs out', async () => {
    // A process that died holding the lock: its row stays, with a lease that is not renewed.
    const dead = await createPgLocker(dbA, { leaseMs: 500, renewMs: 60_000 });
    await dead.newLock('u3').lock(new AbortController().signal, () => undefined);
    await dead.close();
    const t = Date.now();
    const taker = b.newLock('u3');
    await taker.lock(new AbortController().signal, () => undefined);
    expect(Date.now() - t).toBeLessThan(2900);
    await taker.unlock();
  });

  it('a holder that lost its lease is asked to stop', async () => {
    const slow = await createPgLocker(dbA, { leaseMs: 300, renewMs: 200 });
    let stopped = false;
    const l = slow.newLock('u4');
    await l.lock(new AbortController().signal, () => {
      stopped = true;
    });
    // Another process took it over after the lease ran out (as if this one had stalled past it).
    await dbB.query(`update upload_locks set holder = 'other' where upload_id = $1`, ['u4']);
    await new Promise((r) => setTimeout(r, 600));
    expect(stopped).toBe(true);
    await slow.close();
    await dbB.query('delete from upload_locks where upload_id = $1', ['u4']);
  });
});
