// One database interface over PGlite (embedded default) and a PostgreSQL server: same SQL, same migrations.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** The embedded instance (PGlite only), for adapters such as the job queue's executor. */
  readonly pglite?: PGlite;
  /** The server's connection string (PostgreSQL only), for libraries that open their own pool. */
  readonly url?: string;
  /** Runs fn in one transaction; rolls back on throw. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTENs to a channel on a connection of its own (PostgreSQL server only; PGlite belongs to one process, whose
   * writers tell its readers directly). `state(true)` once listening, `state(false)` whenever the connection is lost
   * (messages may be missed until the next `state(true)`); it reconnects by itself until closed.
   */
  listen?(channel: string, on: { message(payload: string): void; state(listening: boolean): void }): Promise<{ close(): Promise<void> }>;
  /** Runs several SQL statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** PGlite in a folder (or in memory when dir is null). */
export async function openPglite(dir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  const lite = dir ? await PGlite.create(dir, { loadDataDir: opts.loadDataDir }) : await PGlite.create({ loadDataDir: opts.loadDataDir });
  return {
    kind: 'pglite',
    pglite: lite,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await lite.query<T>(sql, params)).rows;
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      return lite.transaction(async (t) =>
        fn({ query: async <R>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params)).rows }),
      );
    },
    async exec(sql: string) {
      await lite.exec(sql);
    },
    async close() {
      await lite.close();
    },
  };
}

// Return int8 (counts) as numbers and keep timestamps as Date.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Named prepared statements for the SQL the platform sends (PostgreSQL only). An unnamed statement is parsed and
 * planned by the server on every call; a named one once per connection, then only bound and executed. Measured with
 * pgbench on the session lookup (a two-table join, 8 clients): 15,500 → 53,600 queries/s.
 * - Only statements with parameters (the repeated ones; a text without may hold several statements).
 * - Names come from the SQL text, so the same text always has the same name on every connection.
 * - At most `max` texts get a name per process (SQL built with values inlined would otherwise grow every
 *   connection's statement cache without end); the rest run unnamed.
 * - A statement that a schema change made stale ("cached plan must not change result type", 0A000, after another
 *   process migrated) is run again unnamed, and that text is not prepared again by this process.
 * DATABASE_PREPARE=false turns it off (e.g. behind a pooler in transaction mode that cannot keep prepared statements).
 */
export function preparedNames(max = 500) {
  const names = new Map<string, string | null>();
  let seq = 0;
  return {
    nameFor(sql: string): string | undefined {
      let n = names.get(sql);
      if (n === undefined) {
        if (names.size >= max) return undefined;
        n = `anli_${(++seq).toString(36)}`;
        names.set(sql, n);
      }
      return n ?? undefined;
    },
    forget(sql: string) {
      names.set(sql, null);
    },
  };
}

type PgRunner = Pick<pg.Pool | pg.PoolClient, 'query'>;
/** Runs a statement as a named prepared statement where `names` gives it a name (see preparedNames); rows only. */
export async function runPrepared(c: PgRunner, names: ReturnType<typeof preparedNames> | null, sql: string, params: unknown[]) {
  // Only statements with parameters: a text without any may hold several statements, which cannot be prepared.
  const name = params.length ? names?.nameFor(sql) : undefined;
  if (!name) return (await c.query(sql, params)).rows;
  try {
    return (await c.query({ name, text: sql, values: params })).rows;
  } catch (e) {
    if ((e as { code?: string }).code !== '0A000') throw e;
    names!.forget(sql);
    return (await c.query(sql, params)).rows;
  }
}

/**
 * With prepared statements, the server plans each once per connection and reuses the plan (plan_cache_mode
 * force_generic_plan). Its default ('auto') re-plans a statement on every call whenever the plan made for no
 * particular values looks costlier than those made for the values given, which it decided for the province's case list,
 * the case history and the check summaries: on the deadline-load bench (1,000 authors, 64 in flight) planning took
 * 3.55 s of PostgreSQL's time for 9,912 plans; with generic plans 0.49 s for 706, and execution did not grow
 * (19.1 → 17.6 s). The platform's parameters are ids, provinces and states, which no plan depends on. Sent as a
 * connection option, so it goes with DATABASE_PREPARE (a pooler in transaction mode may refuse options).
 */
const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

/** How long an idle pooled connection is kept open. */
export const IDLE_MS = 5 * 60_000;

/** A PostgreSQL server through a connection pool. */
export async function openPostgres(url: string, max = 10, opts: { prepare?: boolean; applicationName?: string } = {}): Promise<Db> {
  // The name the server shows for these connections (pg_stat_activity): which process a query or a lock belongs to.
  const applicationName = opts.applicationName ?? 'anli';
  // Idle connections stay five minutes (pg's default is 10 s): between bursts, a closed connection is a new server
  // process to start and its prepared statements to parse again.
  const prepare = opts.prepare ?? process.env.DATABASE_PREPARE !== 'false';
  const pool = new pg.Pool({ connectionString: url, max, application_name: applicationName, idleTimeoutMillis: IDLE_MS, options: prepare ? GENERIC_PLANS : undefined });
  const names = prepare ? preparedNames() : null;
  // An idle connection that the server ends (restart, failover, a dropped test database) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (e) => console.warn('[db] idle connection error:', e.message));
  await pool.query('select 1');
  return {
    kind: 'postgres',
    url,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await runPrepared(pool, names, sql, params)) as T[];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn({ query: async <R>(sql: string, params: unknown[] = []) => (await runPrepared(client, names, sql, params)) as R[] });
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, on) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`listen: invalid channel name ${channel}`);
      let client: pg.Client | null = null;
      let closed = false;
      let retry: NodeJS.Timeout | null = null;
      let delay = 250;
      const schedule = () => {
        if (closed || retry) return;
        retry = setTimeout(() => {
          retry = null;
          void connect();
        }, delay);
        retry.unref();
        delay = Math.min(delay * 2, 10_000);
      };
      const connect = async () => {
        const c = new pg.Client({ connectionString: url, application_name: `${applicationName}-listen` });
        c.on('error', () => {}); // followed by 'end'
        c.on('notification', (n) => {
          if (n.channel === channel) on.message(n.payload ?? '');
        });
        c.on('end', () => {
          if (client !== c) return;
          client = null;
          on.state(false);
          schedule();
        });
        try {
          await c.connect();
          await c.query(`listen ${channel}`);
        } catch {
          await c.end().catch(() => {});
          schedule();
          return;
        }
        if (closed) return void (await c.end().catch(() => {}));
        client = c;
        delay = 250;
        on.state(true);
      };
      await connect();
      return {
        async close() {
          closed = true;
          if (retry) clearTimeout(retry);
          const c = client;
          client = null;
          await c?.end().catch(() => {});
        },
      };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

/** A LIKE/ILIKE pattern matching `text` anywhere, with the pattern's own characters (\ % _) taken literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/**
 * A placeholder maker for SQL built in pieces: each call pushes a value onto `params` and returns its `$n`. Several
 * pieces (WITH entries, subqueries) share one list, so they can be joined into one statement.
 */
export const sqlParams = (params: unknown[]) => (v: unknown) => `$${params.push(v)}`;
