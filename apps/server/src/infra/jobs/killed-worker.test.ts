// A worker process killed (SIGKILL) during a job: the job is retried once and takes effect once.
// Needs a PostgreSQL server (TEST_DATABASE_URL): on PGlite one process owns the database, so a second process
// cannot work on it — queue.test.ts covers the same recovery in-process there (a claimed job that expires).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { runOnce } from './effects.ts';
import { startWorker } from './worker.ts';
import { createJobQueue, type JobQueueOptions } from './queue.ts';

const onPostgres = !!process.env.TEST_DATABASE_URL;
if (!onPostgres) {
  console.warn('killed-worker.test.ts skipped: needs TEST_DATABASE_URL (a PostgreSQL server); on PGlite one process owns the database.');
}

const FAST: JobQueueOptions = {
  expireInSeconds: 2,
  retryDelaySeconds: 1,
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  onError: () => {},
};
const fixture = fileURLToPath(new URL('./killable-worker.fixture.ts', import.meta.url));

async function until<T>(probe: () => Promise<T | undefined | null | false> | T, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as T;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)('a worker killed during a job (PostgreSQL)', () => {
  let db: Db;
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = await openTestDb();
    await db.exec('create table job_test_counter (id text primary key, n integer not null default 0)');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await db?.close();
  });

  for (const mode of ['after-effect', 'mid-effect'] as const) {
    it(`is retried once, to one effect (killed ${mode === 'after-effect' ? 'after the effect committed' : 'inside the effect'})`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'anli-killed-worker-'));
      dirs.push(dir);
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: { ...process.env, DATABASE_URL: db.url, SIGNAL_DIR: dir, MODE: mode },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await until(() => existsSync(path.join(dir, 'ready')) || child.exitCode !== null);
      expect(child.exitCode).toBeNull();

      // Send from this process with the same short expiry the child worker uses.
      const runs: string[] = [];
      const fileId = randomUUID();
      await db.query('insert into job_test_counter (id) values ($1)', [fileId]);
      const queue = await createJobQueue(db, FAST);
      await queue.start();
      try {
        const jobId = (await queue.send('file.check', { fileId }))!;
        const marker = path.join(dir, mode === 'after-effect' ? 'effect-done' : 'in-effect');
        await until(() => existsSync(marker));
        expect(readFileSync(marker, 'utf8')).toBe(jobId);
        expect(child.kill('SIGKILL')).toBe(true);
        expect(await exited).toBe('SIGKILL');
        expect((await queue.getJob('file.check', jobId))?.state).toBe('active');

        // Another worker takes the job over once it expires.
        const rescuer = await startWorker({
          db,
          queue: FAST,
          // Only the job under test: the other registered jobs are not this test's business.
          jobs: ['file.check'],
          handlers: {
            'file.check': async (job) => {
              runs.push(job.id);
              await runOnce(db, `file.check:${job.data.fileId}`, async (q) => {
                await q.query('update job_test_counter set n = n + 1 where id = $1', [job.data.fileId]);
              }, { jobId: job.id });
            },
          },
        });
        try {
          const job = await until(async () => {
            const j = await queue.getJob('file.check', jobId);
            return j?.state === 'completed' && j;
          });
          expect(job.retryCount).toBe(1);
          expect(runs).toEqual([jobId]);
          const counter = await db.query<{ n: number }>('select n from job_test_counter where id = $1', [fileId]);
          expect(counter[0]!.n).toBe(1);
          const effects = await db.query<{ job_id: string }>('select job_id from job_effects where key = $1', [`file.check:${fileId}`]);
          expect(effects).toEqual([{ job_id: jobId }]);
        } finally {
          await rescuer.stop({ graceful: false });
        }
      } finally {
        await queue.stop({ graceful: false });
      }
    });
  }
});
