// A separate background-job process: `DATABASE_URL=postgres://… npm run worker` (the compiled dist/worker-main.js).
// Start as many as needed; each job is taken by one of them. The server itself also runs handlers unless WORKER=false.
// Needs PostgreSQL: the embedded PGlite database belongs to the server process, whose in-process worker runs the jobs.
import { hostname } from 'node:os';
import { loadConfig, productionChecks } from './config.ts';
import { openPostgres } from './infra/db/db.ts';
import { migrate } from './infra/db/migrate.ts';
import { systemClock } from './infra/clock.ts';
import { loadMessaging } from './infra/messaging/config.ts';
import { createJobQueue, type JobQueueOptions } from './infra/jobs/queue.ts';
import { startWorker } from './infra/jobs/worker.ts';
import { JOB_NAMES, isJobName, type JobName } from './infra/jobs/registry.ts';
import { createObjectStorage } from './infra/storage/create-storage.ts';
import { loadStorageConfig } from './infra/storage/storage-config.ts';
import { buildServices } from './app.ts';
import { buildHandlers } from './jobs/handlers.ts';
import { detectTools } from '@anli/checks/node/tools.ts';
import type { ToolPorts } from '@anli/checks/types.ts';

/** Queue settings from JOB_* variables (all optional). */
function queueOptionsFromEnv(env: NodeJS.ProcessEnv): JobQueueOptions {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    expireInSeconds: num(env.JOB_EXPIRE_SECONDS),
    pollingIntervalSeconds: num(env.JOB_POLL_SECONDS),
    // Woken by the jobs sent (PostgreSQL), an idle worker still polls this often (0: no wake-ups, poll at JOB_POLL_SECONDS).
    wakeupPollSeconds: num(env.JOB_WAKEUP_POLL_SECONDS),
    maintenanceIntervalSeconds: num(env.JOB_MAINTENANCE_SECONDS),
    // Recorded in each completed job's output: which worker ran it.
    workerId: env.WORKER_ID || `${hostname()}:${process.pid}`,
  };
}

/** JOB_NAMES=file.check,call.recheck limits this process to some jobs (default all). */
function servedJobs(env: NodeJS.ProcessEnv): JobName[] {
  if (!env.JOB_NAMES) return JOB_NAMES;
  const names = env.JOB_NAMES.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isJobName(n));
  if (unknown.length) throw new Error(`JOB_NAMES 中有未知的任务：${unknown.join(', ')}（可用：${JOB_NAMES.join(', ')}）`);
  return names as JobName[];
}

// The worker sends SMS and e-mail with links too: the same production checks as the API process.
const production = productionChecks(process.env);
for (const w of production.warnings) console.warn(`警告：${w}`);
if (production.errors.length) {
  for (const e of production.errors) console.error(e);
  process.exit(1);
}

const config = loadConfig();
if (!config.databaseUrl) {
  console.error(
    [
      '后台任务进程需要 PostgreSQL 数据库：请设置 DATABASE_URL，例如',
      '  DATABASE_URL=postgres://user:password@host:5432/anli npm run worker',
      '未设置 DATABASE_URL 时平台使用内嵌的 PGlite 数据库，它只能由服务器进程打开，后台任务已在服务器进程内运行，无需单独启动。',
    ].join('\n'),
  );
  process.exit(1);
}

const db = await openPostgres(config.databaseUrl, Number(process.env.DATABASE_POOL_SIZE || 10), { applicationName: 'anli-worker' });
await migrate(db);
const queueOptions = queueOptionsFromEnv(process.env);
const queue = await createJobQueue(db, queueOptions);
await queue.start();

let tools: ToolPorts | null = null;
// The same SMS/e-mail settings as the API processes (a worker delivers the outbox); refuses to start if incomplete.
const messaging = loadMessaging(process.env, { info: (o, m) => console.log(m, JSON.stringify(o)) }, { revealCodes: process.env.LOG_MESSAGE_CODES === 'true' });
const services = buildServices({
  db,
  clock: systemClock,
  sender: messaging.sender,
  messaging: messaging.settings,
  sessionIdleMs: config.sessionIdleMs,
  sessionMaxMs: config.sessionMaxMs,
  secureCookies: config.secureCookies,
  storage: createObjectStorage(loadStorageConfig(process.env)),
  jobs: queue,
  tools: () => (tools ??= detectTools()),
});

// Calls opened on the platform, and their later versions, are checked by their own rules: read now, looked at again
// every few seconds (one small query).
await services.calls.reload();
setInterval(() => void services.calls.sync().catch((e) => console.error('读取活动定义失败', e)), 5000).unref();

const jobs = servedJobs(process.env);
const concurrency = Number(process.env.JOB_CONCURRENCY ?? 2);
const worker = await startWorker({ db, jobQueue: queue, handlers: buildHandlers({ files: services.files, similarity: services.similarity, notices: services.notices }), jobs, concurrency });
// Deadline reminders and outbox delivery run hourly (skipped if another process already queued the next run).
if (jobs.includes('notices.tick')) await services.notices.scheduleTick(0);
if (jobs.includes('files.purge')) await services.files.schedulePurge(60);
console.log(`Anli worker ${queueOptions.workerId} started (pid ${process.pid}): ${jobs.join(', ')}, ${concurrency} at a time per job`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  // Running jobs get up to 30 s to finish; the rest are failed now and retried by another worker.
  await worker.stop({ graceful: true });
  await db.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
