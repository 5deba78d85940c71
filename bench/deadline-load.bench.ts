// `npm run bench -- deadline-load`: the last hour before a submission deadline, replayed against real processes on a
// PostgreSQL server: one API process (main.ts, WORKER=false) and one worker process (worker-main.ts), on a fresh
// database of the server at BENCH_DATABASE_URL (default the local one), load client on the same machine.
//
// Two passes, each on its own fresh database (run one alone with BENCH_PACE or BENCH_CONCURRENCY):
// 1. The hour (BENCH_PACE, default 4): the authors arrive evenly over 3600 / PACE seconds, that is PACE times the rate
//    of 5,000 authors spread over a real hour (the last minutes before a deadline are busier than the average).
//    Open loop: an author starts on schedule whatever is in flight. Its percentiles are the latency users see.
// 2. Capacity (BENCH_CONCURRENCY, default 64): closed loop, that many authors in flight, the next starting when one
//    finishes, as fast as the machine allows. Its requests per second over a bare Fastify's is the throughput ratio;
//    its percentiles are those of a saturated server.
//
// Pre-seeded in bulk (one precomputed argon2id hash for all, the same parameters as registration): BENCH_AUTHORS
// authors (default 5,000) spread over the 32 provinces, each with a draft 2026 case whose form is filled in and four of
// its five files already uploaded and checked (each file with bytes of its own, as real files have); 32 provincial
// administrators (with TOTP). The 2026 call's submission and recommendation phases are open.
//
// Each simulated author sends what the web app sends (recorded from Chromium on the real pages): the login page
// (calls, session, login, notices, my cases), the case page (notices, case, call, files), 保存草稿, the upload of the
// last file (the ~20 KB info-form Word file, made from the author's own form) with tus (creation + one PATCH), the check
// status every 1.5 s until the worker has checked it (the file list again when it changed), 提交 (save, submit) and the
// case page again.
// Each administrator logs in (password + TOTP) and opens 本省案例 (status and list together); until the authors are
// done and nothing is left to recommend it recommends within the quota, one case at a time, the page reloading status
// and list after each, and refreshes every 5 s while waiting.
//
// BENCH_ROUTES=1 runs neither pass: on the same seeded database and processes, each request type alone is sent by 16
// logged-in clients for BENCH_ROUTE_SECONDS (default 4), and the CPU each process spent per request is printed: where
// a request's cost goes, route by route. BENCH_ROUTE_ONLY=NAME measures only the routes whose names start with NAME;
// BENCH_STATEMENTS=1 also prints each route's SQL statements per request (needs pg_stat_statements loaded).
// BENCH_KEEP_DB=1 keeps the database afterwards (its URL is printed) for a look at the state the load left.
//
// Baseline: a bare Fastify process answering GET / with {"hello":"world"}, hammered by the same client code at
// BENCH_CONCURRENCY for BENCH_BASELINE_SECONDS (default 10), before and after the load (the better counts: other work
// on a shared machine can slow either). Latency is measured per HTTP request (client side); errors are responses
// other than the expected status. CPU time per process is read from /proc: where the machine's two cores went.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgres } from '../apps/server/src/infra/db/db.ts';
import { migrate } from '../apps/server/src/infra/db/migrate.ts';
import { createJobQueue } from '../apps/server/src/infra/jobs/queue.ts';
import { hashPassword } from '../apps/server/src/modules/accounts/accounts.service.ts';
import { verify as verifyPassword } from '@node-rs/argon2';
import { totpAt } from '../apps/server/src/modules/accounts/totp.ts';
import { generateInfoFormDocx } from '../apps/server/src/modules/infoform/index.ts';
import { validEvidenceForm } from '../apps/server/src/testing/factories.ts';
import { freePort, REPO, scratchDatabase, startProcess, tusMetadata, waitHealthy, type AnliProcess } from '../apps/server/src/testing/processes.ts';
import { BUILTIN_CALLS, findCaseType } from '@anli/domain/calls/builtin.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { beijingDate } from '@anli/domain/deadline.ts';

// ---- the two passes ----------------------------------------------------------------------------------------------
if (!process.env.BENCH_PACE && !process.env.BENCH_CONCURRENCY && !process.env.BENCH_ROUTES) {
  const self = fileURLToPath(import.meta.url);
  const runPass = (env: Record<string, string>) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', self], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let last = '';
      child.stdout!.on('data', (d: Buffer) => {
        process.stdout.write(d);
        const lines = (last + d.toString()).split('\n');
        last = lines.filter((l) => l.startsWith('{"bench"')).pop() ?? last;
      });
      child.once('exit', (code) => (code === 0 && last.startsWith('{') ? resolve(JSON.parse(last)) : reject(new Error(`deadline-load pass ${JSON.stringify(env)} exited with ${code}`))));
    });
  const hour = await runPass({ BENCH_PACE: '4' });
  const capacity = await runPass({ BENCH_CONCURRENCY: '64' });
  const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\ndeadline-load summary');
  console.log(`  the hour at ${hour.pace}× its real pace: p50 ${hour.p50_ms} ms, p95 ${hour.p95_ms} ms, p99 ${hour.p99_ms} ms, ${hour.errors} errors of ${hour.requests} requests — p95 < 200 ms ${yes(hour.p95_ms < 200)}, 0 errors ${yes(hour.errors === 0)}`);
  console.log(`  capacity, ${capacity.concurrency} authors in flight: ${capacity.rps} req/s = ${capacity.ratio} × bare Fastify (${capacity.baseline_rps} req/s), p95 ${capacity.p95_ms} ms, ${capacity.errors} errors — ≥ 0.3× ${yes(capacity.ratio >= 0.3)}`);
  console.log(`  API + PostgreSQL CPU per request: ${hour.api_pg_cpu_ms_per_request} ms in the hour, ${capacity.api_pg_cpu_ms_per_request} ms at capacity (${hour.api_pg_cpu_ms_per_request_without_hash} and ${capacity.api_pg_cpu_ms_per_request_without_hash} ms without the password hash) — ≤ 2.0 ms ${yes(capacity.api_pg_cpu_ms_per_request <= 2)}`);
  console.log(`  at most ${capacity.floor_ratio} × bare Fastify on this machine even with a free API and database: the load client, the password hash and the worker's checks need ${capacity.floor_ms_per_request} ms of CPU per request`);
  console.log(JSON.stringify({ bench: 'deadline-load', hour, capacity }));
  process.exit(0);
}

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AUTHORS = Number(process.env.BENCH_AUTHORS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 64);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
// The case page refreshes the files every 1.5 s while a check runs (apps/web/src/components/uploads/CaseFiles.tsx).
const POLL_MS = 1500;
// An administrator waiting for submissions refreshes the province's list this often (a busy person: every 5 s).
const ADMIN_REFRESH_MS = 5000;
// BENCH_PACE: the hour replayed as a schedule, PACE times faster than real time (authors arrive evenly over
// 3600 / PACE seconds, whatever is in flight). Unset: closed loop, BENCH_CONCURRENCY authors at once, as fast as the
// machine allows (the capacity figure).
const PACE = process.env.BENCH_PACE ? Number(process.env.BENCH_PACE) : null;
const PASSWORD = 'Bench@2026x';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CALL = 'teacher-training-2026';
const TYPE = 'evidence-research';

// ---- CPU accounting (Linux /proc): where the machine's CPU time went during the load ----------------------------
const TICK = 100; // USER_HZ on Linux
function procCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK; // utime stime cutime cstime
  } catch {
    return 0;
  }
}
/** CPU seconds of each PostgreSQL server process (backends and background processes), by pid. */
function postgresCpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') out.set(Number(d), procCpu(Number(d)));
    } catch {}
  }
  return out;
}
function postgresCpu(): number {
  let sum = 0;
  for (const v of postgresCpuByPid().values()) sum += v;
  return sum;
}
/**
 * Where PostgreSQL's CPU went between two snapshots, by the connection's application name (anli-api, anli-worker,
 * anli-jobs: the job queue's pool in both) or, for the server's own processes, their type (autovacuum, walwriter …).
 * A connection that closed before the second snapshot took its CPU with it ("closed connections", not counted).
 */
/**
 * PostgreSQL's own count of the statements it ran for this database (pg_stat_statements, when the server loads it:
 * shared_preload_libraries), and their execution time. Unlike CPU seconds it does not move with the machine's speed
 * from hour to hour, so it compares versions directly. Null when the extension is not available.
 */
async function statementCounter(url: string) {
  const c = new pg.Client({ connectionString: url, application_name: 'bench' });
  c.on('error', () => {}); // the database is dropped at the end
  await c.connect();
  try {
    await c.query('create extension if not exists pg_stat_statements');
    // This database's statements only: the server's other databases keep theirs.
    await c.query(`select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`);
  } catch {
    await c.end();
    return null;
  }
  return {
    async read(): Promise<{ statements: number; execMs: number }> {
      const [r] = (await c.query<{ n: string | null; ms: number | null }>(
        `select sum(calls) as n, sum(total_exec_time) as ms from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%'`,
      )).rows;
      await c.end();
      return { statements: Number(r?.n ?? 0), execMs: Number(r?.ms ?? 0) };
    },
  };
}

/**
 * Autovacuum's work when the server does not do it. A production PostgreSQL runs autovacuum (the default); a test
 * machine may turn it off (this machine's CI settings do: `autovacuum = off`). Without it the tables the load writes
 * keep every dead row and the statistics of the tables that were empty at the seed's ANALYZE (the checklist, the
 * submitted files, the job queue's) stay "empty", so a pass costs PostgreSQL more the larger it is (a 3,000-author
 * capacity pass: 142 s of PostgreSQL CPU without it, 117 s with the server's autovacuum turned on in a slower hour, 95 s
 * with this stand-in; 2.18, 1.64 and 1.70 times the load client's CPU of the same run). When the server's autovacuum
 * is off, this does what it would: every `autovacuum_naptime`, each
 * table past autovacuum's own thresholds (the server's settings: dead rows, rows inserted since the last vacuum, rows
 * changed since the last analyze, each against base + scale factor × rows) is vacuumed or analyzed, on one connection
 * named `bench-autovacuum`. Its CPU is PostgreSQL's and is counted with the rest, as autovacuum's would be.
 * Null when the server runs autovacuum itself.
 */
async function autovacuumStandIn(url: string) {
  const c = new pg.Client({ connectionString: url, application_name: 'bench-autovacuum' });
  c.on('error', () => {}); // the database is dropped at the end
  await c.connect();
  const settings = Object.fromEntries(
    (await c.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('autovacuum', 'autovacuum_naptime', 'autovacuum_vacuum_threshold',
         'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_insert_threshold', 'autovacuum_vacuum_insert_scale_factor',
         'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor')`,
    )).rows.map((r) => [r.name, r.setting]),
  );
  if (settings.autovacuum === 'on') {
    await c.end();
    return null;
  }
  const n = (name: string, fallback: number) => (settings[name] === undefined ? fallback : Number(settings[name]));
  const nap = n('autovacuum_naptime', 60) * 1000;
  const done = { vacuums: 0, analyzes: 0 };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    // relation_needs_vacanalyze's tests (src/backend/postmaster/autovacuum.c), with the server's settings.
    const due = (await c.query<{ name: string; vacuum: boolean; analyze: boolean }>(
      `select format('%I.%I', s.schemaname, s.relname) as name,
              s.n_dead_tup > $1 + $2 * greatest(k.reltuples, 0) or s.n_ins_since_vacuum > $3 + $4 * greatest(k.reltuples, 0) as vacuum,
              s.n_mod_since_analyze > $5 + $6 * greatest(k.reltuples, 0) as analyze
       from pg_stat_user_tables s join pg_class k on k.oid = s.relid where k.relkind = 'r'`,
      [
        n('autovacuum_vacuum_threshold', 50), n('autovacuum_vacuum_scale_factor', 0.2),
        n('autovacuum_vacuum_insert_threshold', 1000), n('autovacuum_vacuum_insert_scale_factor', 0.2),
        n('autovacuum_analyze_threshold', 50), n('autovacuum_analyze_scale_factor', 0.1),
      ],
    )).rows;
    for (const t of due) {
      if (stopped) return;
      if (!t.vacuum && !t.analyze) continue;
      await c.query(`${t.vacuum ? (t.analyze ? 'vacuum (analyze)' : 'vacuum') : 'analyze'} ${t.name}`);
      if (t.vacuum) done.vacuums++;
      if (t.analyze) done.analyzes++;
    }
  };
  const timer = setInterval(() => {
    running = running.then(round).catch((e) => console.log(`bench-autovacuum: ${e}`));
  }, nap);
  return {
    napSeconds: nap / 1000,
    done,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await c.end();
    },
  };
}

async function postgresCpuByClient(url: string, before: Map<number, number>): Promise<Record<string, number>> {
  const after = postgresCpuByPid();
  const c = new pg.Client({ connectionString: url, application_name: 'bench' });
  await c.connect();
  const rows = (await c.query<{ pid: number; name: string }>(`select pid, coalesce(nullif(application_name, ''), backend_type) as name from pg_stat_activity`)).rows;
  await c.end();
  const nameOf = new Map(rows.map((r) => [r.pid, r.name]));
  const out: Record<string, number> = {};
  for (const [pid, cpu] of after) {
    const name = nameOf.get(pid) ?? 'postmaster and ended processes';
    out[name] = (out[name] ?? 0) + cpu - (before.get(pid) ?? 0);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, r1(v)]));
}
function machineCpu(): { busy: number; total: number; steal: number } {
  // user nice system idle iowait irq softirq steal. Steal is time the hypervisor gave this VM's cores to someone else:
  // it counts as busy but belongs to no process here, so it is named apart from "other".
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICK, total: total / TICK, steal: f[7]! / TICK };
}
type CpuSnap = { api: number; worker: number; client: number; postgres: number; machine: ReturnType<typeof machineCpu> };
function cpuSnap(api: number, worker: number): CpuSnap {
  const c = process.cpuUsage();
  return { api: procCpu(api), worker: procCpu(worker), client: (c.user + c.system) / 1e6, postgres: postgresCpu(), machine: machineCpu() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;

// ---- measurement -------------------------------------------------------------------------------------------------
type Sample = { op: string; ms: number; ok: boolean };
const samples: Sample[] = [];
const errorsSeen = new Map<string, number>();

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One HTTP request with a cookie jar; records latency and whether the status was the expected one. */
function client(base: string, record = true) {
  let cookie = '';
  return async function req(op: string, method: string, url: string, opts: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; expect?: number } = {}) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (cookie) headers.cookie = cookie;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body) body = opts.body as unknown as BodyInit;
    const t = performance.now();
    let status = 0;
    let text = '';
    let resHeaders: Headers | null = null;
    try {
      const res = await fetch(base + url, { method, headers, body });
      status = res.status;
      resHeaders = res.headers;
      text = await res.text();
      for (const c of res.headers.getSetCookie()) {
        const pair = c.split(';')[0]!;
        cookie = pair.endsWith('=') ? '' : pair;
      }
    } catch (e) {
      text = String(e);
    }
    const ms = performance.now() - t;
    const ok = status === (opts.expect ?? 200);
    if (record) samples.push({ op, ms, ok });
    if (!ok) {
      const key = `${op} ${status} ${text.slice(0, 160)}`;
      errorsSeen.set(key, (errorsSeen.get(key) ?? 0) + 1);
    }
    let json: any = null;
    if (ok && text && (resHeaders?.get('content-type') ?? '').includes('json')) json = JSON.parse(text);
    return { ok, status, json, headers: resHeaders };
  };
}

// ---- setup -------------------------------------------------------------------------------------------------------
async function seed(url: string, form: Record<string, unknown>) {
  const db = await openPostgres(url, 2);
  await migrate(db);
  const queue = await createJobQueue(db, { onError: () => {} });
  await queue.start(); // installs the queue's schema before the processes start
  await queue.stop({ graceful: false });
  const t = performance.now();
  const passwordHash = await hashPassword(PASSWORD);
  const until = beijingDate(Date.now() + 30 * 86_400_000);
  const provinces = PROVINCES.map((p) => p.code);
  await db.tx(async (q) => {
    for (const phase of ['submission', 'province_recommendation'])
      await q.query(`insert into call_phase_overrides (call_id, phase_id, end_date) values ($1, $2, $3)`, [CALL, phase, until]);
    // Administrators 13600000000 + i, authors 13700000000 + i (bench-only number ranges).
    await q.query(
      `insert into users (phone, password_hash, name, role, province_code)
       select (13600000000 + i)::text, $1, '管理员' || i, 'province_admin', ($2::text[])[i + 1] from generate_series(0, $3 - 1) i`,
      [passwordHash, provinces, provinces.length],
    );
    await q.query(`update users set totp_secret = $1 where role = 'province_admin'`, [TOTP_SECRET]);
    await q.query(
      `insert into users (phone, password_hash, name, role, province_code)
       select (13700000000 + i)::text, $1, '作者' || i, 'author', ($2::text[])[(i % $3) + 1] from generate_series(0, $4 - 1) i`,
      [passwordHash, provinces, provinces.length, AUTHORS],
    );
    await q.query(
      `insert into cases (call_id, case_type, author_id, province_code, state, form, title, quota_group)
       select $1, $2, u.id, u.province_code, 'draft', jsonb_set($3::jsonb, '{authors,0,mobile}', to_jsonb(u.phone)), $4, 'all' from users u where u.role = 'author'`,
      [CALL, TYPE, JSON.stringify(form), String(form.title)],
    );
    // Four of the five files, uploaded and checked earlier (their bytes are not needed by this hour's requests).
    await q.query(
      `insert into files (case_id, slot, object_key, filename, size, uploaded_by, check_status, checked_at, sha256)
       select c.id, s.slot, md5(c.id::text || s.slot), s.slot || '.bin', 100000, c.author_id, 'done', now(), md5(c.id::text || s.slot || 'bytes')
       from cases c cross join (values ('infoform_pdf'), ('courseware'), ('video'), ('report')) s(slot)`,
    );
    // Their check results, as many as real checks leave (about 12 rules a file; some warn, one for a human to judge),
    // so the tables the lists read have their deadline-day size. A file's results lie together, as the worker writes
    // them (one insert per file), not one rule of every file after another.
    await q.query(
      `insert into check_results (file_id, rule, status, actual, expected, message)
       select f.id, f.slot || '.rule' || r, case when r = 1 then 'manual' when r = 2 and hashtext(f.id::text) % 4 = 0 then 'warn' else 'pass' end,
              'null'::jsonb, 'null'::jsonb, '检查通过'
       from files f cross join generate_series(1, 12) r order by f.id, r`,
    );
  });
  await db.query('analyze');
  const counts = await db.query<{ role: string; n: number }>('select role, count(*)::int as n from users group by role order by role');
  await db.close();
  return { seconds: (performance.now() - t) / 1000, counts };
}

/** The form with its first author's mobile set to the submitting account's. */
function withFirstAuthorMobile(form: Record<string, unknown>, phone: string): Record<string, unknown> {
  const authors = (form.authors as Array<Record<string, unknown>> | undefined) ?? [];
  return { ...form, authors: authors.map((a, i) => (i === 0 ? { ...a, mobile: phone } : a)) };
}

// ---- the simulated users -----------------------------------------------------------------------------------------
// The requests are the ones the web app itself sends for each step, recorded from Chromium driving the real pages
// (page.on('request') over the author's walk: login page, my cases, edit, save, upload, submit; and the province's
// case list). A step that opens a page sends what the page loads, in the same order.
/** Author i's form: the first author submits with the own account (SPEC §3: the first author's mobile is the account's). */
const authorForm = (form: Record<string, unknown>, i: number) => withFirstAuthorMobile(form, String(13700000000 + i));

async function author(base: string, i: number, form: Record<string, unknown>, docx: Uint8Array) {
  const req = client(base);
  const phone = String(13700000000 + i);
  form = authorForm(form, i);
  // The login page: the app asks for the calls and the session (none yet), then the login, then lands on my cases.
  await req('calls', 'GET', '/api/calls');
  await req('me', 'GET', '/api/auth/me', { expect: 401 });
  if (!(await req('login', 'POST', '/api/auth/login', { json: { phone, password: PASSWORD } })).ok) return false;
  await req('unread', 'GET', '/api/notices/unread-count');
  const mine = await req('my_cases', 'GET', '/api/my/cases');
  const caseId = (mine.json as any[] | null)?.find((c) => c.callId === CALL)?.id as string | undefined;
  if (!caseId) return false;
  // 编辑: the case page.
  const openCase = async () => {
    await req('unread', 'GET', '/api/notices/unread-count');
    await req('case', 'GET', `/api/cases/${caseId}`);
    await req('call', 'GET', `/api/calls/${CALL}`);
    await req('files', 'GET', `/api/cases/${caseId}/files`);
  };
  await openCase();
  if (!(await req('save_draft', 'PUT', `/api/cases/${caseId}`, { json: { form } })).ok) return false;
  if (!(await uploadInfoForm(req, base, caseId, docx))) return false;
  // The file card refreshes at once, then asks every 1.5 s where the check stands, and reads the files again when it
  // changed (apps/web/src/components/uploads/CaseFiles.tsx).
  const files = await req('files', 'GET', `/api/cases/${caseId}/files`);
  let status = (files.json as any[] | null)?.find((s) => s.slot === 'infoform_word')?.file?.checkStatus as string | undefined;
  for (let n = 0; status !== 'done'; n++) {
    if (status === 'error' || n > 2400) return false;
    await sleep(POLL_MS);
    const polled = await req('poll_status', 'GET', `/api/cases/${caseId}/files/status`);
    const now = (polled.json as any[] | null)?.find((s) => s.slot === 'infoform_word')?.checkStatus as string | undefined;
    // Waiting and running look the same on the page: only a finished check (or an error) reads the files again.
    const shown = (x: string | undefined) => (x === 'running' ? 'pending' : x);
    if (shown(now) !== shown(status)) {
      await req('files', 'GET', `/api/cases/${caseId}/files`);
      status = now;
    }
  }
  // 提交: the page saves the form, submits, then shows the case.
  if (!(await req('save_draft', 'PUT', `/api/cases/${caseId}`, { json: { form } })).ok) return false;
  if (!(await req('submit', 'POST', `/api/cases/${caseId}/submit`)).ok) return false;
  await openCase();
  return true;
}

/** The info-form Word file's tus upload as the web app sends it: creation, then the whole file in one PATCH. */
async function uploadInfoForm(req: ReturnType<typeof client>, base: string, caseId: string, docx: Uint8Array): Promise<boolean> {
  const meta = tusMetadata({ caseId, slot: 'infoform_word', filename: '信息表.docx' });
  const created = await req('upload_create', 'POST', '/api/uploads/', {
    headers: { 'tus-resumable': '1.0.0', 'upload-length': String(docx.length), 'upload-metadata': meta },
    expect: 201,
  });
  if (!created.ok) return false;
  const location = new URL(created.headers!.get('location')!, base).pathname;
  const patched = await req('upload_patch', 'PATCH', location, {
    body: docx,
    headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    expect: 204,
  });
  return patched.ok;
}

async function admin(base: string, i: number, authorsDone: () => boolean, stats: { recommended: number }) {
  const req = client(base);
  const phone = String(13600000000 + i);
  await req('calls', 'GET', '/api/calls');
  await req('me', 'GET', '/api/auth/me', { expect: 401 });
  const login = await req('admin_login', 'POST', '/api/auth/login', { json: { phone, password: PASSWORD } });
  if (login.json?.next === 'totp') await req('admin_totp', 'POST', '/api/auth/totp', { json: { code: totpAt(TOTP_SECRET, Date.now()) } });
  await req('unread', 'GET', '/api/notices/unread-count');
  await req('province_advice', 'GET', `/api/province/review/advice?callId=${CALL}`);
  // 本省案例: the status card and the list load together; each 推荐 reloads both, as the page does.
  const load = async () => {
    const [st, list] = await Promise.all([
      req('province_status', 'GET', `/api/province/status?callId=${CALL}`),
      req('province_cases', 'GET', `/api/province/cases?callId=${CALL}&state=submitted`),
    ]);
    const q = (st.json?.quota as Array<{ used: number; max: number }> | undefined)?.[0];
    return { room: q ? q.max - q.used : 0, submitted: ((list.json?.items as any[] | undefined) ?? []).filter((c) => c.state === 'submitted') };
  };
  for (;;) {
    const finished = authorsDone();
    let { room, submitted } = await load();
    if (finished && (room <= 0 || submitted.length === 0)) return;
    while (room > 0 && submitted.length) {
      // As on the case page: open the files, tick each manual item (推荐 is refused while one is unticked), then 推荐.
      const id = submitted[0].id as string;
      const files = await req('admin_files', 'GET', `/api/cases/${id}/files`);
      for (const s of (files.json as unknown as Array<{ slot: string; file: { results: Array<{ rule: string; status: string; check?: unknown }> } | null }>) ?? []) {
        for (const r of s.file?.results ?? []) {
          if (r.status === 'manual' && !r.check) await req('checklist', 'PUT', `/api/cases/${id}/checklist`, { json: { slot: s.slot, rule: r.rule, checked: true } });
        }
      }
      if (!(await req('recommend', 'POST', `/api/cases/${id}/recommend`)).ok) break; // counted as an error
      stats.recommended++;
      ({ room, submitted } = await load());
    }
    if (finished && (room <= 0 || submitted.length === 0)) return;
    await sleep(ADMIN_REFRESH_MS);
  }
}

/** CPU time of one argon2id verification with the platform's parameters, on this machine. */
async function argon2VerifyCpuMs(): Promise<number> {
  const h = await hashPassword(PASSWORD);
  const c0 = process.cpuUsage();
  for (let i = 0; i < 20; i++) await verifyPassword(h, PASSWORD);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / 20;
}

/** BENCH_ROUTES: each request type alone, 16 clients for a few seconds; CPU per request of each process. */
async function perRoute(base: string, dbUrl: string, apiPid: number, workerPid: number, form: Record<string, unknown>, docx: Uint8Array) {
  const seconds = Number(process.env.BENCH_ROUTE_SECONDS ?? 4);
  const clients = await Promise.all(
    Array.from({ length: 16 }, async (_, k) => {
      const req = client(base, false);
      await req('login', 'POST', '/api/auth/login', { json: { phone: String(13700000000 + k), password: PASSWORD } });
      const mine = await req('my_cases', 'GET', '/api/my/cases');
      return { req, caseId: (mine.json as any[]).find((c) => c.callId === CALL).id as string, form: withFirstAuthorMobile(form, String(13700000000 + k)) };
    }),
  );
  const admin = client(base, false);
  await admin('admin_login', 'POST', '/api/auth/login', { json: { phone: '13600000000', password: PASSWORD } });
  await admin('admin_totp', 'POST', '/api/auth/totp', { json: { code: totpAt(TOTP_SECRET, Date.now()) } });
  const anonymous = client(base, false);
  type C = (typeof clients)[number];
  const routes: Array<[string, (c: C) => Promise<unknown>]> = [
    ['calls', () => anonymous('calls', 'GET', '/api/calls')],
    ['me (no session)', () => anonymous('me', 'GET', '/api/auth/me', { expect: 401 })],
    ['me', (c) => c.req('me', 'GET', '/api/auth/me')],
    // An author none of the 16 clients is (logging in again would replace that client's session).
    ['login', () => client(base, false)('login', 'POST', '/api/auth/login', { json: { phone: String(13700000000 + clients.length), password: PASSWORD } })],
    ['unread', (c) => c.req('unread', 'GET', '/api/notices/unread-count')],
    ['my_cases', (c) => c.req('my_cases', 'GET', '/api/my/cases')],
    ['case', (c) => c.req('case', 'GET', `/api/cases/${c.caseId}`)],
    ['call', (c) => c.req('call', 'GET', `/api/calls/${CALL}`)],
    ['files', (c) => c.req('files', 'GET', `/api/cases/${c.caseId}/files`)],
    ['files_status', (c) => c.req('files_status', 'GET', `/api/cases/${c.caseId}/files/status`)],
    ['save_draft', (c) => c.req('save_draft', 'PUT', `/api/cases/${c.caseId}`, { json: { form: c.form } })],
    ['province_status', () => admin('province_status', 'GET', `/api/province/status?callId=${CALL}`)],
    ['province_cases', () => admin('province_cases', 'GET', `/api/province/cases?callId=${CALL}&state=submitted`)],
    ['upload (create + PATCH, then the check)', (c) => uploadInfoForm(c.req, base, c.caseId, docx)],
  ];
  console.log(`per route, 16 clients, ${seconds} s each: requests/s and CPU ms per request of each process`);
  console.log('route                                       req/s     API      PG  worker  client  errors');
  const errorCount = () => [...errorsSeen.values()].reduce((a, b) => a + b, 0);
  // BENCH_STATEMENTS=1 (with pg_stat_statements loaded) prints the statements each route ran, per request.
  const statements = process.env.BENCH_STATEMENTS ? new pg.Client({ connectionString: dbUrl, application_name: 'bench' }) : null;
  if (statements) {
    statements.on('error', () => {}); // the database is dropped at the end
    await statements.connect();
    await statements.query('create extension if not exists pg_stat_statements');
  }
  // BENCH_ROUTE_ONLY=upload (a prefix of the names above) measures only the routes it names.
  const only = process.env.BENCH_ROUTE_ONLY;
  for (const [name, fn] of routes) {
    if (only && !name.startsWith(only)) continue;
    const before = samples.length;
    const errorsBefore = errorCount();
    if (statements) await statements.query(`select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`);
    const c0 = cpuSnap(apiPid, workerPid);
    let n = 0;
    const t = performance.now();
    const end = t + seconds * 1000;
    await Promise.all(clients.map(async (c) => { while (performance.now() < end) { await fn(c); n++; } }));
    if (name.startsWith('upload')) await sleep(3000); // let the worker finish the checks it was given
    const s = (performance.now() - t) / 1000;
    const c1 = cpuSnap(apiPid, workerPid);
    const per = (x: number) => ((x * 1000) / n).toFixed(2).padStart(7);
    console.log(`${name.padEnd(40)} ${String(Math.round(n / s)).padStart(8)} ${per(c1.api - c0.api)} ${per(c1.postgres - c0.postgres)} ${per(c1.worker - c0.worker)} ${per(c1.client - c0.client)} ${String(errorCount() - errorsBefore).padStart(7)}`);
    if (samples.length !== before) throw new Error('per-route requests must not be recorded');
    if (statements) {
      // The statements behind one request of this route: how many times each ran per request, and its PostgreSQL time.
      const rows = (await statements.query<{ calls: string; ms: number; query: string }>(
        `select calls, total_exec_time as ms, regexp_replace(query, '\\s+', ' ', 'g') as query from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%' order by calls desc, total_exec_time desc limit 25`,
      )).rows;
      for (const r of rows) console.log(`    ${(Number(r.calls) / n).toFixed(2).padStart(6)}×  ${((r.ms / Number(r.calls)) || 0).toFixed(3)} ms  ${r.query.slice(0, 110)}`);
    }
  }
  await statements?.end();
  for (const [k, n] of errorsSeen) console.log(`  error ×${n}: ${k}`);
}

// ---- baseline ----------------------------------------------------------------------------------------------------
async function baseline(): Promise<{ rps: number; p50: number; p95: number; p99: number; cpuMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'anli-bench-hello-'));
  const script = path.join(dir, 'hello.mjs');
  writeFileSync(
    script,
    `import Fastify from '${path.join(REPO, 'node_modules/fastify/fastify.js')}';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const a = await app.listen({ port: 0, host: '127.0.0.1' });
console.log('READY ' + new URL(a).port);`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const lat: number[] = [];
  let n = 0;
  const cpuStart = procCpu(child.pid!);
  const end = performance.now() + BASELINE_SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const req = client(`http://127.0.0.1:${port}`, false);
      while (performance.now() < end) {
        const t = performance.now();
        await req('hello', 'GET', '/');
        lat.push(performance.now() - t);
        n++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // The hello world process's CPU per request: the yardstick of this machine's speed at this moment.
  const cpuMs = ((procCpu(child.pid!) - cpuStart) * 1000) / Math.max(1, n);
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  lat.sort((a, b) => a - b);
  return { rps: n / seconds, p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99), cpuMs };
}

// ---- run ---------------------------------------------------------------------------------------------------------
const call = BUILTIN_CALLS.find((c) => c.id === CALL)!;
const type = findCaseType(call, TYPE)!;
const form = validEvidenceForm();
const docx = await generateInfoFormDocx(call, type, form);
const database = await scratchDatabase(ADMIN_URL, 'anli_bench');
const procs: AnliProcess[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'anli-bench-data-'));
let standIn: Awaited<ReturnType<typeof autovacuumStandIn>> = null;
const cleanUp = async () => {
  await standIn?.stop().catch(() => {});
  for (const p of procs) await p.stop(10_000).catch(() => {});
  // BENCH_KEEP_DB=1 keeps the database for a look afterwards (EXPLAIN on the state the load left).
  if (process.env.BENCH_KEEP_DB) console.log(`database kept: ${database.url}`);
  else await database.drop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
};
// Interrupted (Ctrl-C, timeout): stop the processes and drop the database all the same.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanUp().finally(() => process.exit(130)));
try {
  const shape = PACE
    ? `the hour replayed ${PACE}× faster than real time (${r1((AUTHORS * PACE) / 3600)} authors arriving per second, over ${r1(3600 / PACE)} s)`
    : `${CONCURRENCY} authors in flight (closed loop, as fast as the machine allows)`;
  console.log(`deadline-load: ${AUTHORS} authors, 32 provincial administrators, ${shape}; PostgreSQL ${new URL(database.url).host}`);
  const seeded = await seed(database.url, form);
  console.log(`bulk seed: ${seeded.counts.map((c) => `${c.n} ${c.role}`).join(', ')}, ${AUTHORS} draft cases with 4 checked files each, in ${r1(seeded.seconds)} s`);
  standIn = await autovacuumStandIn(database.url);
  console.log(
    standIn
      ? `autovacuum: off on this server, so the bench does its work (every ${standIn.napSeconds} s, each table past autovacuum's thresholds is vacuumed or analyzed; its CPU counts as PostgreSQL's)`
      : 'autovacuum: on (the server does its own)',
  );

  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '10',
    // Production mode asks for the public address (links in SMS and certificates); the bench sends none out.
    PUBLIC_URL: 'https://anli.example.cn',
  };
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the API process (written when it stops);
  // BENCH_WORKER_NODE_ARGS does the same for the worker.
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean);
  // The processes run the compiled server, as production does (`npm start`, `npm run worker`); BENCH_SOURCE=1 runs
  // the TypeScript sources through tsx instead.
  const fromSource = !!process.env.BENCH_SOURCE;
  if (!fromSource) execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO, stdio: 'ignore' });
  const script = (name: 'main' | 'worker-main') => (fromSource ? `apps/server/src/${name}.ts` : `apps/server/dist/${name}.js`);
  const api = startProcess('api', script('main'), { ...env, PORT: String(port), HOST: '127.0.0.1', WORKER: 'false' }, { nodeArgs });
  procs.push(api);
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, api);
  const workerNodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean);
  const worker = startProcess('worker', script('worker-main'), { ...env, WORKER_ID: 'bench-worker', JOB_CONCURRENCY: '2', JOB_POLL_SECONDS: '0.5' }, { nodeArgs: workerNodeArgs });
  procs.push(worker);
  await worker.waitFor(/Anli worker .* started/, 120_000);
  // Local storage is shared by the API and the worker through DATA_DIR (one machine).

  if (process.env.BENCH_ROUTES) {
    await perRoute(base, database.url, api.child.pid!, worker.child.pid!, form, docx);
    await cleanUp();
    process.exit(0);
  }
  // The baseline runs before and after the load; the better of the two counts (a shared machine's load varies).
  const printBaseline = (when: string, b: Awaited<ReturnType<typeof baseline>>) =>
    console.log(`baseline ${when}: bare Fastify hello world, ${CONCURRENCY} concurrent, ${BASELINE_SECONDS} s: ${Math.round(b.rps)} req/s, p50 ${r1(b.p50)} ms, p95 ${r1(b.p95)} ms, p99 ${r1(b.p99)} ms, ${b.cpuMs.toFixed(3)} ms of CPU a request`);
  // Each author's info form is made from the author's own form, as the page's 下载信息表 makes it in the browser: its
  // bytes differ from every other author's, as real files do (identical bytes in many cases are what the duplicate
  // check flags). Made before the load (about 12 ms of CPU each), so that the load client's work that stands for the
  // browsers does not take the machine's cores from the server during the measurement.
  const made = performance.now();
  const infoForms: Uint8Array[] = [];
  for (let i = 0; i < AUTHORS; i++) infoForms.push(await generateInfoFormDocx(call, type, authorForm(form, i)));
  console.log(`${AUTHORS} info forms made in ${r1((performance.now() - made) / 1000)} s (before the load)`);

  const baseBefore = await baseline();
  printBaseline('before', baseBefore);

  let next = 0;
  let done = 0;
  let failedAuthors = 0;
  const stats = { recommended: 0 };
  const counter = await statementCounter(database.url);
  const t0 = performance.now();
  const cpu0 = cpuSnap(api.child.pid!, worker.child.pid!);
  const pgBefore = postgresCpuByPid();
  const maintained0 = { ...(standIn?.done ?? { vacuums: 0, analyzes: 0 }) };
  const progress = setInterval(() => {
    console.log(`  … ${done}/${AUTHORS} authors done, ${samples.length} requests, ${stats.recommended} recommended, ${r1((performance.now() - t0) / 1000)} s`);
  }, 15_000);
  const admins = Promise.all(PROVINCES.map((_, i) => admin(base, i, () => done >= AUTHORS, stats)));
  const runAuthor = async (i: number) => {
    const ok = await author(base, i, form, infoForms[i]!).catch(() => false);
    if (!ok) failedAuthors++;
    done++;
  };
  if (PACE) {
    // Open loop: author i starts at i × interval whether or not the others have finished.
    const interval = 3_600_000 / PACE / AUTHORS;
    const running: Promise<void>[] = [];
    for (let i = 0; i < AUTHORS; i++) {
      const wait = t0 + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      next++;
      running.push(runAuthor(i));
    }
    await Promise.all(running);
  } else {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < AUTHORS) await runAuthor(next++);
      }),
    );
  }
  const authorsSeconds = (performance.now() - t0) / 1000;
  await admins;
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSnap(api.child.pid!, worker.child.pid!);
  const pgByClient = await postgresCpuByClient(database.url, pgBefore);
  const maintained = standIn ? { vacuums: standIn.done.vacuums - maintained0.vacuums, analyzes: standIn.done.analyzes - maintained0.analyzes } : null;
  if (maintained) console.log(`autovacuum's work done by the bench during the load: ${maintained.vacuums} table vacuums, ${maintained.analyzes} table analyzes`);
  const counted = counter ? await counter.read() : null;

  const byOp = new Map<string, number[]>();
  for (const s of samples) {
    if (!byOp.has(s.op)) byOp.set(s.op, []);
    byOp.get(s.op)!.push(s.ms);
  }
  console.log(`load: ${samples.length} requests in ${r1(seconds)} s (authors finished after ${r1(authorsSeconds)} s), ${failedAuthors} authors failed, ${stats.recommended} cases recommended`);
  console.log('operation          count     p50      p95      p99   (ms)');
  for (const [op, list] of [...byOp.entries()].sort()) {
    list.sort((a, b) => a - b);
    console.log(`${op.padEnd(16)} ${String(list.length).padStart(7)} ${r1(percentile(list, 50)).toFixed(1).padStart(7)} ${r1(percentile(list, 95)).toFixed(1).padStart(8)} ${r1(percentile(list, 99)).toFixed(1).padStart(8)}`);
  }
  const cpu = {
    api: cpu1.api - cpu0.api,
    worker: cpu1.worker - cpu0.worker,
    client: cpu1.client - cpu0.client,
    postgres: cpu1.postgres - cpu0.postgres,
    busy: cpu1.machine.busy - cpu0.machine.busy,
    capacity: cpu1.machine.total - cpu0.machine.total,
    steal: cpu1.machine.steal - cpu0.machine.steal,
  };
  const other = cpu.busy - cpu.api - cpu.worker - cpu.client - cpu.postgres - cpu.steal;
  console.log(
    `CPU seconds during the load (machine: ${r1(cpu.busy)} busy of ${r1(cpu.capacity)}): API ${r1(cpu.api)}, worker ${r1(cpu.worker)}, PostgreSQL ${r1(cpu.postgres)}, load client ${r1(cpu.client)}, stolen by the hypervisor ${r1(cpu.steal)}, other ${r1(other)}; API per request ${r1((cpu.api * 1000) / samples.length)} ms`,
  );
  // What the password hash alone allows: every author logs in once, and argon2id verification is CPU-bound.
  const verifyMs = await argon2VerifyCpuMs();
  const cores = availableParallelism();
  const ceiling = (cores * 1000) / verifyMs * (samples.length / (AUTHORS + PROVINCES.length));
  console.log(
    `password hash: argon2id verification ${r1(verifyMs)} ms of CPU (measured here); with ${cores} cores and ${r1(samples.length / (AUTHORS + PROVINCES.length))} requests per login, logins alone cap the load at ${Math.round(ceiling)} req/s`,
  );
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok).length;
  for (const [k, n] of errorsSeen) console.log(`  error ×${n}: ${k}`);
  const rps = samples.length / seconds;
  const baseAfter = await baseline();
  printBaseline('after', baseAfter);
  const base0 = baseAfter.rps > baseBefore.rps ? baseAfter : baseBefore;
  const check = new pg.Client({ connectionString: database.url });
  await check.connect();
  const states = (await check.query(`select state, count(*)::int as n from cases group by state order by state`)).rows;
  const workers = (await check.query(`select output->>'worker' as worker, count(*)::int as n from pgboss.job where name = 'file.check' group by 1`)).rows;
  await check.end();
  console.log(`cases by state: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}; check jobs: ${workers.map((w) => `${w.worker ?? 'unfinished'} ${w.n}`).join(', ')}`);
  // Work that no API or database speed-up removes: the load client's own CPU, one password verification per login and
  // the worker's checks. Spread over the requests it bounds what this machine can do.
  const floorMs = ((cpu.client + (verifyMs / 1000) * (AUTHORS + PROVINCES.length) + cpu.worker) * 1000) / samples.length;
  const floorRps = (cores * 1000) / floorMs;
  console.log(`CPU per request that no API or database speed-up removes (load client, password hash, worker): ${floorMs.toFixed(2)} ms → at most ${Math.round(floorRps)} req/s = ${(floorRps / base0.rps).toFixed(3)} × bare Fastify`);
  console.log(`ceiling from the password hash alone: ${Math.round(ceiling)} req/s = ${(ceiling / base0.rps).toFixed(3)} × bare Fastify`);
  // The issue's figure: what the API and the database spend per request, and the same without the password hash
  // (one argon2id verification per login, which the API must spend whatever its speed).
  const apiPgMs = ((cpu.api + cpu.postgres) * 1000) / samples.length;
  const apiPgNoHashMs = apiPgMs - (verifyMs * (AUTHORS + PROVINCES.length)) / samples.length;
  console.log(`API + PostgreSQL CPU per request: ${apiPgMs.toFixed(2)} ms (${apiPgNoHashMs.toFixed(2)} ms without the password hash)`);
  // The same in units of this machine's speed at this moment: the bare Fastify's CPU per request (the cheaper of its
  // two runs), so that figures of runs on a faster or a slower machine (or hour) can be compared.
  const helloCpuMs = Math.min(baseBefore.cpuMs, baseAfter.cpuMs);
  console.log(`  in units of a bare Fastify request's CPU (${helloCpuMs.toFixed(3)} ms here): ${(apiPgMs / helloCpuMs).toFixed(1)} × (${(apiPgNoHashMs / helloCpuMs).toFixed(1)} × without the password hash)`);
  // The same per author's whole visit (with the administrators' share): does not move when the web app sends more or
  // fewer small requests for the same work, so it compares versions whose pages ask differently.
  const apiPgPerAuthorMs = ((cpu.api + cpu.postgres) * 1000) / AUTHORS;
  console.log(`API + PostgreSQL CPU per author (login to submitted and recommended): ${apiPgPerAuthorMs.toFixed(1)} ms (${samples.length} requests, ${(samples.length / AUTHORS).toFixed(1)} per author)`);
  // The same split by who asked PostgreSQL: the API's own connections, the worker's, the job queue's (both processes)
  // and the server's background work (autovacuum, WAL writer, checkpointer).
  console.log(`PostgreSQL CPU seconds by client: ${Object.entries(pgByClient).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (counted) {
    console.log(
      `PostgreSQL statements (pg_stat_statements, every client of this database): ${counted.statements} = ${(counted.statements / AUTHORS).toFixed(1)} per author, ${(counted.statements / samples.length).toFixed(2)} per request; their execution ${(counted.execMs / 1000).toFixed(1)} s = ${(counted.execMs / samples.length).toFixed(3)} ms per request`,
    );
  } else console.log('PostgreSQL statements: not counted (the server does not load pg_stat_statements; see docs/operations.md)');
  const apiOwnPgMs = ((cpu.api + (pgByClient['anli-api'] ?? 0)) * 1000) / samples.length;
  const apiOwnPgNoHashMs = apiOwnPgMs - (verifyMs * (AUTHORS + PROVINCES.length)) / samples.length;
  console.log(`API + its own PostgreSQL connections, CPU per request: ${apiOwnPgMs.toFixed(2)} ms (${apiOwnPgNoHashMs.toFixed(2)} ms without the password hash)`);
  console.log(`overall: p50 ${r1(percentile(all, 50))} ms, p95 ${r1(percentile(all, 95))} ms, p99 ${r1(percentile(all, 99))} ms, ${errors} errors, ${Math.round(rps)} req/s = ${(rps / base0.rps).toFixed(3)} × bare Fastify (${Math.round(base0.rps)} req/s)`);
  if (process.env.BENCH_DEBUG) console.log(`api output ${api.output().length} chars; last lines:\n${api.output().slice(-1500)}`);
  const load = await import('node:os').then((os) => os.loadavg()[0]);
  console.log(
    JSON.stringify({
      bench: 'deadline-load',
      users: AUTHORS,
      admins: PROVINCES.length,
      concurrency: PACE ? null : CONCURRENCY,
      requests: samples.length,
      seconds: r1(seconds),
      p50_ms: r1(percentile(all, 50)),
      p95_ms: r1(percentile(all, 95)),
      p99_ms: r1(percentile(all, 99)),
      errors,
      failed_authors: failedAuthors,
      recommended: stats.recommended,
      rps: Math.round(rps),
      baseline_rps: Math.round(base0.rps),
      baseline_rps_before_after: [Math.round(baseBefore.rps), Math.round(baseAfter.rps)],
      ratio: Math.round((rps / base0.rps) * 1000) / 1000,
      load_avg_1m: r1(load),
      pace: PACE,
      argon2_verify_cpu_ms: r1(verifyMs),
      hash_ceiling_rps: Math.round(ceiling),
      floor_ms_per_request: Math.round(floorMs * 100) / 100,
      api_pg_cpu_ms_per_request: Math.round(apiPgMs * 100) / 100,
      api_pg_cpu_ms_per_request_without_hash: Math.round(apiPgNoHashMs * 100) / 100,
      baseline_cpu_ms_per_request: Math.round(helloCpuMs * 1000) / 1000,
      api_pg_cpu_per_request_in_baselines: Math.round((apiPgMs / helloCpuMs) * 10) / 10,
      api_pg_cpu_ms_per_author: Math.round(apiPgPerAuthorMs * 10) / 10,
      api_own_pg_cpu_ms_per_request: Math.round(apiOwnPgMs * 100) / 100,
      api_own_pg_cpu_ms_per_request_without_hash: Math.round(apiOwnPgNoHashMs * 100) / 100,
      postgres_cpu_s_by_client: pgByClient,
      autovacuum: standIn ? 'bench' : 'server',
      autovacuum_by_bench: maintained,
      statements: counted?.statements ?? null,
      statements_per_author: counted ? Math.round((counted.statements / AUTHORS) * 10) / 10 : null,
      statement_exec_ms_per_request: counted ? Math.round((counted.execMs / samples.length) * 1000) / 1000 : null,
      floor_ratio: Math.round((floorRps / base0.rps) * 1000) / 1000,
      cpu_ms_per_request: Object.fromEntries(Object.entries({ api: cpu.api, postgres: cpu.postgres, worker: cpu.worker, client: cpu.client }).map(([k, v]) => [k, Math.round((v * 1e5) / samples.length) / 100])),
      cpu_s: { api: r1(cpu.api), worker: r1(cpu.worker), postgres: r1(cpu.postgres), client: r1(cpu.client), steal: r1(cpu.steal), other: r1(other), busy: r1(cpu.busy), capacity: r1(cpu.capacity) },
    }),
  );
} finally {
  await cleanUp();
}
