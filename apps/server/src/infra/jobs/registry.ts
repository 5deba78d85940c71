// The one typed registry of background jobs: every job name and the shape of its payload.
// Payloads carry ids only (the handler loads current data), so a retried job never acts on stale copies.
import { z } from 'zod';

export const JOBS = {
  /** Run the authoritative and deep checks of one stored file and save the results. */
  // rulesVersion: the call's rules the check is queued for (a re-check); a worker whose calls are older reloads them.
  'file.check': z.object({ fileId: z.uuid(), rulesVersion: z.string().optional() }),
  /** A call's rules changed: queue a check again for every file of the call. */
  'call.recheck': z.object({ callId: z.string().min(1) }),
  /** Near-duplicate scan of a call's cases (against each other and other calls' cases); replaces its pairs. */
  'similarity.scan': z.object({ callId: z.string().min(1) }),
  /** Send the due SMS/e-mail messages of the notices outbox (retrying failed ones with backoff). */
  'notices.deliver': z.object({}),
  /** Hourly: remove the bytes of files replaced longer ago than the retention period, and queue the next run. */
  'files.purge': z.object({}),
  /** Hourly: create the due deadline reminders, deliver the outbox, and queue the next run. */
  'notices.tick': z.object({}),
} as const satisfies Record<string, z.ZodType>;

export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]>;

/** A job as a handler sees it: the queue's job id and its validated payload. */
export interface Job<N extends JobName> {
  id: string;
  data: JobData<N>;
}
export type JobHandler<N extends JobName> = (job: Job<N>) => Promise<void>;
/** Handlers by job name; a worker checks at start-up that the ones it serves are all present. */
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export class JobRegistryError extends Error {
  constructor(
    readonly code: 'unknown_job' | 'invalid_job_data' | 'handlers_incomplete',
    message: string,
  ) {
    super(message);
    this.name = 'JobRegistryError';
  }
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** Validates a payload against the registry; throws JobRegistryError for an unknown name or a bad payload. */
export function parseJobData<N extends JobName>(name: N, data: unknown): JobData<N> {
  if (!isJobName(name)) throw new JobRegistryError('unknown_job', `unknown job "${String(name)}"`);
  const result = JOBS[name].safeParse(data);
  if (!result.success) {
    throw new JobRegistryError('invalid_job_data', `invalid payload for job "${name}": ${z.prettifyError(result.error)}`);
  }
  return result.data as JobData<N>;
}

/**
 * Start-up check: throws if a job this worker serves has no handler, or a handler names a job the registry does not know.
 * `expected` defaults to every registered job; a specialised worker process may serve a subset.
 */
export function assertHandlersComplete(registered: readonly string[], expected: readonly JobName[] = JOB_NAMES): void {
  const unknown = registered.filter((n) => !isJobName(n));
  const missing = expected.filter((n) => !registered.includes(n));
  const problems: string[] = [];
  if (missing.length) problems.push(`no handler for ${missing.map((n) => `"${n}"`).join(', ')}`);
  if (unknown.length) problems.push(`handlers for unknown jobs ${unknown.map((n) => `"${n}"`).join(', ')}`);
  if (problems.length) throw new JobRegistryError('handlers_incomplete', `job handlers incomplete: ${problems.join('; ')}`);
}
