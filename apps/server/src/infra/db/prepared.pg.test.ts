// Named prepared statements on a PostgreSQL server (db.ts, preparedNames): repeated SQL is prepared once per
// connection, a schema change made by another process does not break the statements already prepared, and the
// number of names is bounded. Needs TEST_DATABASE_URL (a server).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase } from '../../testing/processes.ts';
import { openPostgres, preparedNames, type Db } from './db.ts';

const url = process.env.TEST_DATABASE_URL;

describe('preparedNames', () => {
  it('gives one name per SQL text, stops naming at the bound, and never names a forgotten text again', () => {
    const names = preparedNames(2);
    const a = names.nameFor('select $1::int');
    expect(a).toBeTruthy();
    expect(names.nameFor('select $1::int')).toBe(a);
    const b = names.nameFor('select $1::text');
    expect(b).toBeTruthy();
    expect(b).not.toBe(a);
    expect(names.nameFor('select $1::date')).toBeUndefined(); // over the bound: unnamed
    names.forget('select $1::int');
    expect(names.nameFor('select $1::int')).toBeUndefined();
  });
});

describe.skipIf(!url)('prepared statements on PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: Db;
  beforeAll(async () => {
    scratch = await scratchDatabase(url!, 'anli_prepared');
    // One connection, so the statements prepared are on the connection that the checks read.
    db = await openPostgres(scratch.url, 1, { prepare: true });
    await db.exec('create table t (id int primary key, a text); insert into t values (1, $$x$$), (2, $$y$$);');
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('prepares repeated statements on the server and answers the same as unnamed ones', async () => {
    for (let i = 0; i < 8; i++) expect(await db.query('select * from t where id = $1', [1 + (i % 2)])).toEqual([{ id: 1 + (i % 2), a: i % 2 ? 'y' : 'x' }]);
    // Within a transaction too (the connection is the transaction's).
    await db.tx(async (q) => {
      await q.query('update t set a = $2 where id = $1', [2, 'z']);
      expect(await q.query('select * from t where id = $1', [2])).toEqual([{ id: 2, a: 'z' }]);
    });
    const seen = await db.tx((q) => q.query<{ n: number }>(`select count(*)::int as n from pg_prepared_statements where statement like 'select * from t where id = $1'`));
    expect(seen[0].n).toBe(1);
  });

  it('plans each prepared statement once for any values (a generic plan), and not when preparing is off', async () => {
    expect(await db.query<{ plan_cache_mode: string }>('show plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
    for (let i = 0; i < 8; i++) await db.query('select a from t where id = $1', [1 + (i % 2)]);
    const plans = await db.query<{ generic_plans: number; custom_plans: number }>(
      `select generic_plans::int, custom_plans::int from pg_prepared_statements where statement = 'select a from t where id = $1'`,
    );
    expect(plans).toEqual([{ generic_plans: 8, custom_plans: 0 }]);
    const unprepared = await openPostgres(scratch.url, 1, { prepare: false });
    try {
      expect(await unprepared.query<{ plan_cache_mode: string }>('show plan_cache_mode')).toEqual([{ plan_cache_mode: 'auto' }]);
    } finally {
      await unprepared.close();
    }
  });

  it('survives another process changing the table under a prepared select *', async () => {
    for (let i = 0; i < 3; i++) await db.query('select * from t where id = $1', [1]);
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    await other.query('alter table t add column b int default 7');
    await other.end();
    // Without the fallback this is "cached plan must not change result type" on every connection that prepared it.
    for (let i = 0; i < 4; i++) expect(await db.query('select * from t where id = $1', [1])).toEqual([{ id: 1, a: 'x', b: 7 }]);
  });

  it('can be turned off', async () => {
    const plain = await openPostgres(scratch.url, 1, { prepare: false });
    try {
      for (let i = 0; i < 3; i++) await plain.query('select a from t where id = $1', [1]);
      const [r] = await plain.tx((q) => q.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements'));
      expect(r.n).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
