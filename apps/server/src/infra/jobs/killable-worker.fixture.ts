// Child process for killed-worker.test.ts: a worker whose file.check handler stops mid-job and waits to be killed.
// MODE=after-effect: the effect commits, then the handler hangs before the job is marked done.
// MODE=mid-effect: the handler hangs inside the effect's open transaction.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPostgres } from '../db/db.ts';
import { createJobQueue } from './queue.ts';
import { runOnce } from './effects.ts';

const { DATABASE_URL, SIGNAL_DIR, MODE } = process.env;
if (!DATABASE_URL || !SIGNAL_DIR || !MODE) throw new Error('DATABASE_URL, SIGNAL_DIR and MODE are required');

const hang = () => new Promise<never>(() => {});
const db = await openPostgres(DATABASE_URL, 2);
const queue = await createJobQueue(db, {
  expireInSeconds: 2,
  retryDelaySeconds: 1,
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  onError: () => {},
});
await queue.start();
await queue.work('file.check', async (job) => {
  const { fileId } = job.data;
  writeFileSync(path.join(SIGNAL_DIR, 'started'), job.id);
  await runOnce(
    db,
    `file.check:${fileId}`,
    async (q) => {
      await q.query('update job_test_counter set n = n + 1 where id = $1', [fileId]);
      if (MODE === 'mid-effect') {
        writeFileSync(path.join(SIGNAL_DIR, 'in-effect'), job.id);
        await hang();
      }
    },
    { jobId: job.id },
  );
  writeFileSync(path.join(SIGNAL_DIR, 'effect-done'), job.id);
  await hang();
});
writeFileSync(path.join(SIGNAL_DIR, 'ready'), String(process.pid));
