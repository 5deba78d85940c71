// The job queue: pg-boss 10 on the platform's database — its own pool on a PostgreSQL server,
// a custom executor on embedded PGlite — with payloads checked against the typed registry.
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { PGlite, Results } from '@electric-sql/pglite';
import { maskPhonesIn } from '@anli/domain/mask.ts';
import { IDLE_MS, preparedNames, runPrepared, type Db, type Queryable } from '../db/db.ts';
import { JOB_NAMES, parseJobData, type JobData, type JobName } from './registry.ts';

export interface JobQueueOptions {
  /** Database schema of pg-boss's tables (default "pgboss"). */
  schema?: string;
  /**
   * A started job not finished within this time is failed and retried — this is how the job of a worker
   * that died is picked up again. It also caps one handler run, so keep it above the slowest check.
   */
  expireInSeconds?: number;
  /** Retries after the first attempt. */
  retryLimit?: number;
  /** Base delay before a retry; with backoff the n-th retry waits about delay·2^n (with jitter). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** How often expired jobs are failed (and so retried) and old jobs archived; at least 1. */
  maintenanceIntervalSeconds?: number;
  /**
   * How often an idle worker polls for jobs; at least 0.5. On a PostgreSQL server a worker is woken when a job is
   * sent (see wakeupPollSeconds) and polls at this interval only while its wake-up connection is down.
   */
  pollingIntervalSeconds?: number;
  /**
   * On a PostgreSQL server: how often an idle worker still polls while it is woken by the jobs sent (a safety net; a
   * job due later is woken by a timer when it falls within this interval). Default 60; 0 turns wake-ups off (every
   * worker polls at pollingIntervalSeconds, as on PGlite).
   */
  wakeupPollSeconds?: number;
  /** Completed and failed jobs stay readable this long (in the job table for a day, then in the archive). */
  keepDays?: number;
  /** Size of the queue's own connection pool on PostgreSQL. */
  poolSize?: number;
  /** Errors pg-boss reports in the background (a failed poll, a failed maintenance run). */
  onError?: (error: unknown) => void;
  /** Names this process in the output of the jobs it completes (`{"worker": …}`), so operators see who ran a job. */
  workerId?: string;
}

export interface SendOptions {
  /** Skip the send (returns null) while a job of this name with this key is still waiting to run. */
  singletonKey?: string;
  startAfterSeconds?: number;
  /** Enqueue inside the caller's transaction, so the job exists exactly when the caller's change commits. */
  tx?: Queryable;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  /** Attempts after the first one that have started. */
  retryCount: number;
  data: unknown;
  output: unknown;
}

export interface JobQueue {
  /** Validates the payload against the registry and enqueues it; returns the job id, or null when skipped for singletonKey. */
  send<N extends JobName>(name: N, data: JobData<N>, opts?: SendOptions): Promise<string | null>;
  /** Handles jobs of one name; concurrency is the number of jobs of this name run at once in this process. */
  work<N extends JobName>(
    name: N,
    handler: (job: { id: string; data: JobData<N> }) => Promise<void>,
    opts?: { concurrency?: number },
  ): Promise<void>;
  /** A job's current state, from the job table or the archive; null once deleted. */
  getJob(name: JobName, id: string): Promise<JobInfo | null>;
  /** Installs or migrates pg-boss's schema, creates a queue per registered job name and starts maintenance. */
  start(): Promise<void>;
  /** graceful (default) waits for running handlers (up to 30 s); jobs still running after that are failed and retried. */
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

const DEFAULTS = {
  expireInSeconds: 15 * 60,
  retryLimit: 3,
  retryDelaySeconds: 10,
  retryBackoff: true,
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 2,
  wakeupPollSeconds: 60,
  keepDays: 3,
  poolSize: 4,
};

/** A failed statement of the queue is reported at most this often (reportFailedStatement). */
const FAILURE_REPORT_SECONDS = 60;

type Executor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

/**
 * Values as node-postgres would send them: PGlite serialises by the parameter's type and turns a plain object
 * bound to a text parameter into "[object Object]", so objects go as JSON text (which json parameters accept too).
 */
function prepareValues(values: unknown[]): unknown[] {
  return values.map((v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !ArrayBuffer.isView(v)
      ? JSON.stringify(v)
      : v,
  );
}

// pg-boss wraps maintenance and schema changes as "BEGIN; …; COMMIT;" in one parameterless string.
const WRAPPED_TX = /^\s*BEGIN\s*;([\s\S]*?)\bCOMMIT\s*;?\s*$/i;

/**
 * pg-boss's `db` executor over one PGlite instance. Statements with parameters go to query() (extended protocol,
 * one statement); parameterless text — often several statements — goes to exec() (simple protocol), and the rows
 * of all its statements are flattened into one list. A "BEGIN; …; COMMIT;" script runs inside PGlite's
 * transaction(), which holds PGlite's lock throughout and rolls back on error, so a failed script cannot leave
 * the single shared session inside an aborted transaction.
 */
export function pgliteExecutor(lite: PGlite): Executor {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) {
        const r = await lite.query(text, prepareValues(values));
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      }
      const wrapped = WRAPPED_TX.exec(text);
      let results: Results[];
      if (wrapped) {
        results = await lite.transaction((t) => t.exec(wrapped[1]!));
      } else {
        try {
          results = await lite.exec(text);
        } catch (e) {
          // An explicit BEGIN that failed part-way leaves the session in an aborted transaction: end it.
          if (/\bBEGIN\b/i.test(text)) await lite.exec('ROLLBACK').catch(() => {});
          throw e;
        }
      }
      return { rows: results.flatMap((r) => r.rows) };
    },
  };
}

/** An executor over a transaction of the platform's Db (PGlite or PostgreSQL), for sends inside the caller's transaction. */
function queryableExecutor(q: Queryable): Executor {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      return { rows: (await q.query(text, prepareValues(values))) ?? [] };
    },
  };
}

/** pg-boss connection settings for a Db: its own pool on PostgreSQL, the shared instance on PGlite. */
export function pgBossConnection(db: Db, poolSize = DEFAULTS.poolSize): PgBoss.ConstructorOptions {
  if (db.pglite) return { db: pgliteExecutor(db.pglite) as PgBoss.Db };
  if (db.url) return { connectionString: db.url, max: poolSize, application_name: 'anli-jobs' };
  throw new Error('job queue: the database has neither a PGlite instance nor a connection string');
}

/** The channel on which the job table announces a job ready to fetch: "<name> <due time in ms> <id>" (the id keeps
 *  two jobs of one transaction two notifications: PostgreSQL folds identical ones). */
export const JOB_CHANNEL = 'anli_jobs';

/**
 * The job table's wake-up trigger (PostgreSQL): a job inserted, or set back to 'created' or 'retry' (a retry after a
 * failure or an expiry), notifies JOB_CHANNEL with its queue and due time, delivered when its transaction commits.
 * Fetching (→ active) and completing notify nothing.
 */
const WAKEUP_FUNCTION_BODY = `
    begin
      perform pg_notify('${JOB_CHANNEL}', new.name || ' ' || floor(extract(epoch from new.start_after) * 1000)::bigint || ' ' || new.id);
      return null;
    end `;

/**
 * Adds the wake-up trigger when missing or outdated (pg-boss owns the table: a schema migration of its own that
 * rebuilds it loses the trigger, and the next start adds it again). A role that may not create it (deploy/pg-roles.sql:
 * the owner's first start installs it) uses it as it is. Returns whether the trigger is there.
 */
async function installWakeupTrigger(pool: pg.Pool, schema: string): Promise<boolean> {
  const { rows } = await pool.query<{ has_trigger: boolean; body: string | null }>(
    `select exists (select 1 from pg_trigger where tgname = 'anli_job_wakeup' and tgrelid = '${schema}.job'::regclass) as has_trigger,
            (select prosrc from pg_proc where proname = 'anli_job_wakeup' and pronamespace = '${schema}'::regnamespace) as body`,
  );
  const { has_trigger: hasTrigger, body } = rows[0]!;
  try {
    if (body !== WAKEUP_FUNCTION_BODY) {
      await pool.query(`create or replace function ${schema}.anli_job_wakeup() returns trigger language plpgsql as $$${WAKEUP_FUNCTION_BODY}$$`);
    }
    if (!hasTrigger) {
      await pool.query(`create trigger anli_job_wakeup after insert or update of state on ${schema}.job
        for each row when (new.state in ('created', 'retry')) execute function ${schema}.anli_job_wakeup()`);
    }
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '42501') return hasTrigger; // insufficient privilege
    throw e;
  }
}

/** A queue over pg-boss; call start() before send() or work(). */
export async function createJobQueue(db: Db, opts: JobQueueOptions = {}): Promise<JobQueue> {
  // Options left undefined keep their defaults.
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS &
    JobQueueOptions;
  const schema = o.schema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`job queue: invalid schema name "${schema}"`);
  const onError = opts.onError ?? ((e: unknown) => console.error('[jobs]', e));

  // pg-boss always gets our executor: PGlite's adapter, or a pool of our own on PostgreSQL (opened by start(),
  // ended by stop()). Owning it lets stop() wait for statements in flight, and lets statements pg-boss issues
  // after stop() — it completes or fails a job without awaiting, when a handler outlives a non-graceful stop —
  // be dropped instead of becoming unhandled rejections. Such a job stays active and is retried after expiry.
  if (!db.pglite && !db.url) throw new Error('job queue: the database has neither a PGlite instance nor a connection string');
  let pool: pg.Pool | null = null;
  const names = process.env.DATABASE_PREPARE !== 'false' ? preparedNames() : null;
  let open = false;
  const base: Executor = db.pglite
    ? pgliteExecutor(db.pglite)
    : {
        // Named prepared statements, as for our own pool (db.ts preparedNames): pg-boss sends the same few statements
        // over and over (fetch, send, complete), and planning its fetch on the partitioned job table each time was most
        // of the job queue's PostgreSQL CPU.
        executeSql: async (text, values = []) => ({ rows: await runPrepared(pool!, names, text, values) }),
      };
  const inFlight = new Set<Promise<unknown>>();
  const dropped = (e: unknown) => {
    onError(e);
    return {} as { rows: any[] }; // no rows: pg-boss reads "affected 0", "no jobs"
  };
  /**
   * pg-boss swallows a failed fetch (see wakeAfterError), so a worker whose fetches fail would otherwise retry without
   * a word. Any failed statement of the queue is reported here, at most once a minute while failures last (a lost
   * database fails every statement; one line a minute says so without flooding the log). pg-boss reports some of the
   * others itself as well (maintenance, completion): at most one line more a minute.
   */
  let lastFailureReport = -Infinity;
  const reportFailedStatement = (e: unknown) => {
    const now = Date.now();
    if (now - lastFailureReport < FAILURE_REPORT_SECONDS * 1000) return;
    lastFailureReport = now;
    // The message alone, phone numbers masked: not the error object, whose details may quote a job's data.
    const message = maskPhonesIn(String((e as Error)?.message ?? e));
    onError(new Error(`任务队列的数据库语句执行失败：${message}；空闲的任务轮询将在 ${o.pollingIntervalSeconds} 秒后重试（失败持续时每分钟最多记录一次）`));
  };
  const executor: Executor = {
    executeSql(text, values) {
      if (!open) return Promise.resolve(dropped(new Error(`job queue stopped; dropped: ${text.trim().slice(0, 80)}`)));
      const p = base.executeSql(text, values).catch((e) => {
        if (!open) return dropped(e);
        reportFailedStatement(e);
        wakeAfterError();
        return Promise.reject(e);
      });
      inFlight.add(p);
      const forget = () => inFlight.delete(p);
      p.then(forget, forget);
      return p;
    },
  };

  const boss = new PgBoss({
    db: executor as PgBoss.Db,
    schema,
    // Cron schedules are not used; maintenance (expiry → retry, archiving) is.
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: o.maintenanceIntervalSeconds,
    pollingIntervalSeconds: o.pollingIntervalSeconds,
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 24 * 3600,
    deleteAfterDays: o.keepDays,
  });
  // An EventEmitter without an error listener would crash the process on the first failed poll.
  boss.on('error', onError);

  const queueSettings = {
    policy: 'standard' as const,
    retryLimit: o.retryLimit,
    retryDelay: o.retryDelaySeconds,
    retryBackoff: o.retryBackoff,
    expireInSeconds: o.expireInSeconds,
    // How long a job may wait to be started before it is dropped: longer than any outage we would sit out.
    retentionMinutes: 14 * 24 * 60,
  };

  let started = false;
  const requireStarted = (what: string) => {
    if (!started) throw new Error(`job queue: ${what} before start()`);
  };

  const insert = (name: JobName, data: unknown, sendOpts: SendOptions, q?: Queryable) =>
    boss.send(name, data as object, {
      singletonKey: sendOpts.singletonKey,
      startAfter: sendOpts.startAfterSeconds,
      ...(q ? { db: queryableExecutor(q) as PgBoss.Db } : {}),
    });

  // ---- wake-ups (PostgreSQL): a trigger on the job table notifies JOB_CHANNEL when a job becomes ready to fetch
  // (sent, or set back to retry), with its name and due time; a worker listening there wakes an idle poller of that
  // queue at once, or when the job falls due. Idle pollers then poll only every wakeupPollSeconds, instead of every
  // pollingIntervalSeconds in every queue: the fetch is the queue's heaviest statement and most polls found nothing.
  // While the listening connection is down (and before it is up), every poller is woken at pollingIntervalSeconds.
  const wakeupsWanted = !db.pglite && !!db.listen && o.wakeupPollSeconds > 0;
  /** Set by start(): wake-ups wanted and the job table's trigger there; otherwise every poller polls at the interval. */
  let wakeups = false;
  const pollers = new Map<JobName, Array<{ id: string; busy: boolean }>>();
  /** The poller a queue's next wake-up goes to first (each job is announced on its own, so a burst wakes them in turn). */
  const turn = new Map<JobName, number>();
  /** Wake-ups of jobs announced for later, one timer each. */
  const timers = new Set<NodeJS.Timeout>();
  /** The listening connection, once asked for (a promise, so that work() called twice at once listens once). */
  let listener: Promise<{ close(): Promise<void> }> | null = null;
  let fallback: NodeJS.Timeout | null = null;
  let errorWake: NodeJS.Timeout | null = null;
  const wake = (name: JobName, all = false) => {
    const list = pollers.get(name) ?? [];
    const start = turn.get(name) ?? 0;
    for (let k = 0; k < list.length; k++) {
      const p = list[(start + k) % list.length]!;
      if (p.busy) continue; // it looks for the next job at once when it is done (below)
      boss.notifyWorker(p.id);
      turn.set(name, (start + k + 1) % list.length);
      if (!all) return;
    }
  };
  /**
   * pg-boss swallows a failed fetch (its manager's fetch catches every error and returns no jobs, raising no event),
   * and the poller then sleeps its interval: with wake-ups, the wake-up interval, though the job that woke it is still
   * waiting and will not be announced again. So any failed statement of the queue (a lost connection fails them all)
   * wakes every idle poller after pollingIntervalSeconds, as they polled before wake-ups; one timer at a time.
   */
  function wakeAfterError() {
    if (!wakeups || errorWake) return;
    errorWake = setTimeout(() => {
      errorWake = null;
      wakeAll();
    }, o.pollingIntervalSeconds * 1000);
    errorWake.unref();
  }
  const wakeAll = () => {
    for (const name of pollers.keys()) wake(name, true);
  };
  const onNotification = (payload: string) => {
    const [name, at] = payload.split(' ') as [JobName, string];
    if (!pollers.has(name)) return;
    const wait = Number(at) - Date.now();
    if (!(wait > 50)) return wake(name);
    // Due later: woken then; beyond the safety poll, that poll finds it.
    if (wait > o.wakeupPollSeconds * 1000) return;
    const t = setTimeout(() => {
      timers.delete(t);
      wake(name);
    }, wait);
    t.unref();
    timers.add(t);
  };
  const setListening = (on: boolean) => {
    if (on) {
      if (fallback) clearInterval(fallback);
      fallback = null;
      // Jobs sent while nobody listened: looked for now.
      wakeAll();
    } else if (!fallback) {
      fallback = setInterval(wakeAll, o.pollingIntervalSeconds * 1000);
      fallback.unref();
    }
  };
  async function startListening() {
    if (!wakeups) return;
    if (!listener) {
      setListening(false);
      listener = db.listen!(JOB_CHANNEL, { message: onNotification, state: setListening });
    }
    await listener;
  }
  async function stopListening() {
    if (fallback) clearInterval(fallback);
    fallback = null;
    if (errorWake) clearTimeout(errorWake);
    errorWake = null;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    const l = listener;
    listener = null;
    await (await l?.catch(() => null))?.close();
  }

  return {
    async send(name, data, sendOpts = {}) {
      const parsed = parseJobData(name, data);
      requireStarted('send()');
      const key = sendOpts.singletonKey;
      if (!key) return insert(name, parsed, sendOpts, sendOpts.tx);
      const sendOnce = async (q: Queryable) => {
        // Serialise senders of the same key (across processes), then skip if one is still waiting.
        await q.query('select pg_advisory_xact_lock(hashtext($1))', [`anli.jobs:${name}:${key}`]);
        const waiting = await q.query(
          `select 1 from ${schema}.job where name = $1 and singleton_key = $2 and state in ('created', 'retry') limit 1`,
          [name, key],
        );
        if (waiting.length) return null;
        return insert(name, parsed, sendOpts, q);
      };
      return sendOpts.tx ? sendOnce(sendOpts.tx) : db.tx(sendOnce);
    },

    async work(name, handler, workOpts = {}) {
      requireStarted('work()');
      if (!JOB_NAMES.includes(name)) throw new Error(`job queue: unknown job "${name}"`);
      const concurrency = Math.max(1, Math.floor(workOpts.concurrency ?? 1));
      // pg-boss 10 has no team size: each work() registration is one poller running one job at a time.
      const list = pollers.get(name) ?? [];
      pollers.set(name, list);
      for (let i = 0; i < concurrency; i++) {
        const poller = { id: '', busy: false };
        poller.id = await boss.work<JobData<typeof name>>(
          name,
          { batchSize: 1, pollingIntervalSeconds: wakeups ? Math.max(o.wakeupPollSeconds, o.pollingIntervalSeconds) : o.pollingIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            poller.busy = true;
            try {
              await handler({ id: job.id, data: parseJobData(name, job.data) });
            } finally {
              poller.busy = false;
              // pg-boss waits the polling interval after every fetch, even one that found a job: a poller would run
              // at most one job per interval (a backlog at a deadline). After a job, look for the next one at once;
              // an empty queue waits for a wake-up or the interval.
              boss.notifyWorker(poller.id);
            }
            // pg-boss stores the return value as the job's output.
            return o.workerId ? { worker: o.workerId } : undefined;
          },
        );
        list.push(poller);
      }
      await startListening();
    },

    async getJob(name, id) {
      requireStarted('getJob()');
      const job = await boss.getJobById(name, id, { includeArchive: true });
      if (!job) return null;
      return {
        id: job.id,
        name: job.name,
        state: job.state as JobState,
        retryCount: Number(job.retryCount),
        data: job.data,
        output: job.output,
      };
    },

    async start() {
      if (started) return;
      if (!db.pglite) {
        pool = new pg.Pool({ connectionString: db.url, max: o.poolSize, application_name: 'anli-jobs', idleTimeoutMillis: IDLE_MS });
        pool.on('error', onError); // an idle connection that breaks must not crash the process
      }
      open = true;
      // Processes starting at once (several APIs and workers) would deadlock creating the same queues: one at a time.
      let startLock: pg.Client | null = null;
      try {
        if (!db.pglite) {
          startLock = new pg.Client({ connectionString: db.url, application_name: 'anli-jobs-start' });
          await startLock.connect();
          await startLock.query('select pg_advisory_lock(hashtext($1))', [`anli.jobs.start:${schema}`]);
        }
        await boss.start();
        for (const name of JOB_NAMES) {
          await boss.createQueue(name, { name, ...queueSettings });
          // createQueue keeps an existing queue's settings; apply the current ones (the last process to start wins).
          await boss.updateQueue(name, { name, ...queueSettings });
        }
        wakeups = wakeupsWanted && (await installWakeupTrigger(pool!, schema));
      } catch (e) {
        await boss.stop({ graceful: false, wait: true }).catch(() => {});
        open = false;
        await pool?.end().catch(() => {});
        pool = null;
        throw e;
      } finally {
        // Ending the session releases the advisory lock.
        await startLock?.end().catch(() => {});
      }
      started = true;
    },

    async stop(stopOpts = {}) {
      if (!started) return;
      started = false;
      await stopListening();
      await boss.stop({ graceful: stopOpts.graceful ?? true, wait: true, close: true, timeout: 30_000 });
      await Promise.allSettled([...inFlight]);
      open = false;
      await pool?.end();
      pool = null;
    },
  };
}
