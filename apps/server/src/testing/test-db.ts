// A fresh database per test file: in-memory PGlite by default, a new database on the server when TEST_DATABASE_URL is set.
// PGlite starts from a snapshot of a migrated database (schema and job queue tables), made once and cached under
// .cache/, because creating an empty PGlite cluster is the slow part (seconds) and every test file needs one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scratchDatabase } from './processes.ts';
import { openPglite, openPostgres, type Db } from '../infra/db/db.ts';
import { migrate } from '../infra/db/migrate.ts';
import { createJobQueue } from '../infra/jobs/queue.ts';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../infra/db/migrations/', import.meta.url));

function templateKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsDir).sort()) h.update(f).update(readFileSync(migrationsDir + f));
  h.update(readFileSync(repo + 'package-lock.json'));
  return h.digest('hex').slice(0, 16);
}

async function pgliteTemplate(): Promise<Blob> {
  const dir = repo + '.cache/pglite';
  const file = `${dir}/template-${templateKey()}.tar.gz`;
  if (!existsSync(file)) {
    const db = await openPglite(null);
    await migrate(db);
    const queue = await createJobQueue(db, {});
    await queue.start();
    await queue.stop({ graceful: false });
    const dump = await db.pglite!.dumpDataDir('gzip');
    await db.close();
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}

export async function openTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPglite(null, { loadDataDir: await pgliteTemplate() });
    await migrate(db);
    return db;
  }
  const scratch = await scratchDatabase(url, 'anli_test');
  const db = await openPostgres(scratch.url, 60);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}
