// Assembles the platform from configuration: database, object storage, job queue, in-process worker, HTTP app.
// main.ts and the test server both start it this way, so tests run the real wiring.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps, type Services } from './app.ts';
import type { Db } from './infra/db/db.ts';
import { createObjectStorage } from './infra/storage/create-storage.ts';
import type { StorageConfig } from './infra/storage/storage-config.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './infra/jobs/queue.ts';
import { assertHandlersComplete, JOB_NAMES, type JobName } from './infra/jobs/registry.ts';
import { buildHandlers } from './jobs/handlers.ts';
import { registerTusUploads, uploadExpirationMs } from './infra/uploads/tus.ts';
import { uploadCapsFromEnv, uploadPolicy } from './modules/files/upload.policy.ts';
import { createPgLocker } from './infra/uploads/pg-locker.ts';
import { detectTools } from '@anli/checks/node/tools.ts';
import type { ToolPorts } from '@anli/checks/types.ts';

export interface PlatformOptions extends Omit<AppDeps, 'storage' | 'jobs' | 'tools'> {
  storage: StorageConfig;
  /** Where unfinished tus uploads live with local storage: the same folder as the objects (key = upload id). */
  uploadsDir: string;
  /** Unfinished uploads expire after this long (default UPLOAD_EXPIRY_HOURS, 24 h). */
  uploadExpirationMs?: number;
  /** Open (unfinished) uploads allowed per author and per case slot (UPLOADS_OPEN_PER_AUTHOR / _PER_SLOT). */
  uploadCaps?: { perAuthor: number; perSlot: number };
  /** Run the job handlers in this process (the embedded default); false for API-only processes. */
  worker: boolean;
  queue?: JobQueueOptions;
  tools?: () => ToolPorts;
}

export interface Platform {
  app: FastifyInstance;
  services: Services;
  queue: JobQueue;
  db: Db;
  /** The tus endpoint (expired-upload cleanup on demand). */
  uploads: { cleanUpExpired(): Promise<number> };
  close(): Promise<void>;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const storage = createObjectStorage(opts.storage);
  const queue = await createJobQueue(opts.db, opts.queue);
  await queue.start();
  let toolsCache: ToolPorts | null = null;
  const tools = opts.tools ?? (() => (toolsCache ??= detectTools()));
  const { app, services } = await buildApp({ ...opts, storage, jobs: queue, tools });
  // Several API processes on one PostgreSQL server: the upload locks are shared through it (PGlite is one process).
  const locker = opts.db.kind === 'postgres' ? await createPgLocker(opts.db) : undefined;
  // The largest slot of any call now (a call revised on the platform may raise it).
  const maxSlot = () => Math.max(...services.calls.list().flatMap((c) => c.caseTypes.flatMap((t) => t.attachments.map((a) => a.maxBytes))));
  const expirationMs = opts.uploadExpirationMs ?? uploadExpirationMs();
  const tus = await registerTusUploads(app, {
    policy: uploadPolicy({ db: opts.db, calls: services.calls, files: services.files, clock: opts.clock, expirationMs, caps: opts.uploadCaps ?? uploadCapsFromEnv() }),
    storage: opts.storage.kind,
    localDir: opts.storage.kind === 'local' ? opts.storage.dir : undefined,
    s3: opts.storage.kind === 's3' ? opts.storage.s3 : undefined,
    maxSizeBytes: maxSlot,
    expirationMs,
    locker,
  } as Parameters<typeof registerTusUploads>[1]);
  if (opts.worker) {
    const handlers = buildHandlers({ files: services.files, similarity: services.similarity, notices: services.notices });
    assertHandlersComplete(Object.keys(handlers));
    for (const name of JOB_NAMES) await queue.work(name as JobName, handlers[name] as any, { concurrency: name === 'file.check' ? 2 : 1 });
    // Files checked under older rules (a changed call definition or checker) are checked again.
    await queue.send('call.recheck', { callId: '*' }, { singletonKey: 'startup' });
    // Deadline reminders and outbox delivery run hourly from now on (one chain for all processes).
    await services.notices.scheduleTick(0);
    await services.files.schedulePurge(60);
  }
  return {
    app,
    services,
    queue,
    db: opts.db,
    uploads: tus,
    async close() {
      tus.stop();
      await app.close();
      await locker?.close();
      await queue.stop({ graceful: false });
    },
  };
}
