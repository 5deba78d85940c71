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

/** A PostgreSQL server through a connection pool. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection that the server ends (restart, failover, a dropped test database) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (e) => console.warn('[db] idle connection error:', e.message));
  await pool.query('select 1');
  return {
    kind: 'postgres',
    url,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn({ query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
