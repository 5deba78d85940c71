// Applies the SQL migrations in order, once each, under an advisory lock so several processes can start together.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  // Checked first: a deployment's day-to-day role (anli_app, deploy/pg-roles.sql) may not create tables.
  const [{ present }] = await db.query<{ present: boolean }>(`select to_regclass('schema_migrations') is not null as present`);
  if (!present) await db.exec('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock(727274)');
    const done = new Set((await q.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = readFileSync(dir + f, 'utf8');
      // Statements are separated by a line holding only "-- ;" so function bodies with semicolons stay whole.
      for (const stmt of sql.split(/^-- ;$/m).map((s) => s.trim()).filter(Boolean)) await q.query(stmt);
      await q.query('insert into schema_migrations(name) values ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}
