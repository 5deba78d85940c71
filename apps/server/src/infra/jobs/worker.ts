// Runs job handlers: in the server process by default (embedded PGlite), or in separate worker processes
// against a PostgreSQL server (worker-main.ts), as many as needed — each job is fetched by one of them.
import type { Db } from '../db/db.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './queue.ts';
import { assertHandlersComplete, JOB_NAMES, type JobHandler, type JobHandlers, type JobName } from './registry.ts';

export type { Job, JobHandler, JobHandlers, JobName, JobData } from './registry.ts';

export interface WorkerDeps {
  db: Db;
  handlers: JobHandlers;
  /** Jobs of each name run at once in this process: one number for all, or per name (default 1). */
  concurrency?: number | Partial<Record<JobName, number>>;
  /** The jobs this worker serves (default all); a specialised process (say, one with ffmpeg) may take a subset. */
  jobs?: readonly JobName[];
  /** Queue settings (expiry, retries, polling) for the queue the worker creates; see JobQueueOptions. */
  queue?: JobQueueOptions;
  /** An existing queue to work on instead (the process's sending queue); it is started if needed and stopped by stop(). */
  jobQueue?: JobQueue;
  /** Called when a handler throws; the job is then retried by the queue. */
  onJobError?: (error: unknown, job: { name: JobName; id: string }) => void;
}

export interface RunningWorker {
  /** The worker's queue, usable for sending from the same process. */
  queue: JobQueue;
  /** graceful (default) lets running handlers finish (up to 30 s). */
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

/**
 * Checks that every served job has a handler (and no handler names an unknown job), then starts handling.
 * Handlers must be idempotent: a job runs at least once — again after its worker died or it outlived its expiry —
 * so side effects go through runOnce() or are naturally repeatable.
 */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const served = deps.jobs ?? JOB_NAMES;
  const registered = Object.keys(deps.handlers).filter((n) => deps.handlers[n as JobName] !== undefined);
  assertHandlersComplete(
    registered.filter((n) => served.includes(n as JobName) || !JOB_NAMES.includes(n as JobName)),
    served,
  );
  const onJobError = deps.onJobError ?? ((e, job) => console.error(`[jobs] ${job.name} ${job.id} failed:`, e));

  const queue = deps.jobQueue ?? (await createJobQueue(deps.db, deps.queue));
  await queue.start();
  const concurrency = (name: JobName) =>
    typeof deps.concurrency === 'number' ? deps.concurrency : (deps.concurrency?.[name] ?? 1);
  try {
    for (const name of served) {
      const handler = deps.handlers[name] as JobHandler<typeof name>;
      await queue.work(
        name,
        async (job) => {
          try {
            await handler(job);
          } catch (e) {
            onJobError(e, { name, id: job.id });
            throw e;
          }
        },
        { concurrency: concurrency(name) },
      );
    }
  } catch (e) {
    await queue.stop({ graceful: false });
    throw e;
  }
  return { queue, stop: (opts) => queue.stop(opts) };
}
