// `npm run bench -- upload`: 1 GiB through the platform's upload path (Fastify + registerTusUploads on local
// storage, permissive policy, in a child process) vs a bare Node HTTP server that streams the request body to a
// file on the same disk (child process), both over loopback in the same run. Both get the 1 GiB as one streaming
// request from the same client code (http.request + a file stream): for ours that is the tus creation POST plus one
// PATCH with the whole file, which is what tus-js-client sends with an unlimited chunkSize; the ratio compares
// these. The tus-js-client figure is printed too (its Node HTTP stack adds client work on the same 2 cores).
// Each runs BENCH_RUNS times (default 3, alternating, `sync` before each) and its best run counts. `dd` of the same
// size with fdatasync is printed for context (the uploads are not fsynced: they land in the page cache).
// Then 20 concurrent 200 MiB uploads through our path: aggregate MB/s and errors. Peak RSS is the server
// child's VmHWM. MB here means MiB (2^20 bytes). The 1 GiB random source is cached in .cache/bench/upload.
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Upload } from 'tus-js-client';
import { writeRandomFile } from '../apps/server/src/infra/uploads/tus-test-kit.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(REPO, '.cache/bench/upload');
const MB = 1024 * 1024;
const SIZE = 1024 * MB;
const CONC = Number(process.env.BENCH_CONCURRENT ?? 20);
const CONC_SIZE = 200 * MB;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const run = promisify(execFile);

async function ensureSource(): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, 'random-1g.bin');
  if (existsSync(file) && statSync(file).size === SIZE) return file;
  const t = Date.now();
  const tmp = `${file}.tmp-${process.pid}`;
  await writeRandomFile(tmp, SIZE);
  renameSync(tmp, file);
  console.log(`generated 1 GiB random source in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return file;
}

function startChild(script: string, dir: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO,
    env: { ...process.env, UPLOAD_DIR: dir, PORT: '0', MAX_SIZE: String(4 * 1024 * MB) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) res({ child, origin: `http://127.0.0.1:${m[1]}` });
    });
    child.once('exit', (code) => rej(new Error(`${script} exited (${code})`)));
  });
}

function vmHwmMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

/** tus-js-client upload of `file` (or a byte range of it); resolves with seconds. */
function tusUpload(endpoint: string, file: string, range?: { start: number; end: number }): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((res, rej) => {
    const up = new Upload(createReadStream(file, range ? { start: range.start, end: range.end } : {}), {
      endpoint,
      retryDelays: [],
      metadata: { filename: 'bench.bin' },
      onSuccess: () => res(Number(process.hrtime.bigint() - t) / 1e9),
      onError: rej,
    });
    up.start();
  });
}

/** One streaming request with the file as its body; resolves with seconds. */
function rawUpload(url: string, method: string, file: string, headers: Record<string, string> = {}): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((res, rej) => {
    const req = http.request(url, { method, headers: { 'content-length': String(statSync(file).size), ...headers } }, (r) => {
      r.resume();
      r.on('end', () => (r.statusCode! < 300 ? res(Number(process.hrtime.bigint() - t) / 1e9) : rej(new Error(`HTTP ${r.statusCode}`))));
    });
    req.on('error', rej);
    createReadStream(file).pipe(req);
  });
}

async function dd(dir: string): Promise<number> {
  const out = join(dir, 'dd.bin');
  try {
    const { stderr } = await run('dd', ['if=/dev/zero', `of=${out}`, 'bs=1M', 'count=1024', 'conv=fdatasync']);
    const m = /(\d+) bytes .* copied, ([\d.]+) s/.exec(stderr);
    return m ? Number(m[1]) / MB / Number(m[2]) : NaN;
  } finally {
    rmSync(out, { force: true });
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

const source = await ensureSource();
const work = await fs.mkdtemp(join(CACHE, 'run-'));
const oursDir = join(work, 'ours');
const baseDir = join(work, 'baseline');
const script = (p: string) => join(REPO, p);
let ours: { child: ChildProcess; origin: string } | null = null;
let base: { child: ChildProcess; origin: string } | null = null;
try {
  ours = await startChild(script('apps/server/src/infra/uploads/tus-child-server.ts'), oursDir);
  base = await startChild(script('bench/upload-baseline.child.ts'), baseDir);
  const endpoint = `${ours.origin}/api/uploads`;
  await tusUpload(endpoint, source, { start: 0, end: 16 * MB - 1 }); // warm-up (JIT, first file)

  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  const tusJsTimes: number[] = [];
  const clean = async (dir: string) => {
    for (const f of await fs.readdir(dir).catch(() => [] as string[])) if (!f.startsWith('.')) await fs.rm(join(dir, f), { force: true });
    spawnSync('sync'); // each run starts without dirty pages left by the previous one
  };
  for (let i = 0; i < RUNS; i++) {
    await clean(baseDir);
    baseTimes.push(await rawUpload(`${base.origin}/upload`, 'PUT', source));
    await clean(baseDir);
    // ours: creation (POST) + the whole file as one streaming PATCH, from the same client code as the baseline
    const t0 = process.hrtime.bigint();
    const created = await fetch(endpoint, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(SIZE) } });
    const url = new URL(created.headers.get('location')!, ours.origin).href;
    await rawUpload(url, 'PATCH', source, { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' });
    oursTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
    await clean(oursDir);
    // ours through tus-js-client (its Node HTTP stack adds client-side work the baseline client does not do)
    tusJsTimes.push(await tusUpload(endpoint, source));
    await clean(oursDir);
  }
  const best = (xs: number[]) => Math.min(...xs);
  const oursMbS = 1024 / best(oursTimes);
  const baseMbS = 1024 / best(baseTimes);
  const tusJsMbS = 1024 / best(tusJsTimes);
  const list = (xs: number[]) => xs.map((t) => r1(1024 / t)).join(', ');
  console.log(`1 GiB, ours (POST + one streaming PATCH; Fastify + @tus/server + file store): ${list(oursTimes)} MB/s`);
  console.log(`1 GiB, ours with tus-js-client (chunkSize unlimited):                        ${list(tusJsTimes)} MB/s`);
  console.log(`1 GiB, baseline (bare http server, req.pipe(createWriteStream)):             ${list(baseTimes)} MB/s`);
  const rssSingle = vmHwmMb(ours.child.pid!);
  const baseRss = vmHwmMb(base.child.pid!);
  console.log(`server peak RSS after the 1 GiB uploads: ours ${rssSingle} MB, baseline ${baseRss} MB`);

  // 20 concurrent 200 MiB uploads (byte ranges of the source at different offsets)
  let errors = 0;
  const t = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONC }, (_, i) => {
      const start = (i * 37 * MB) % (SIZE - CONC_SIZE);
      return tusUpload(endpoint, source, { start, end: start + CONC_SIZE - 1 }).catch((err) => {
        errors++;
        console.error(`concurrent upload ${i} failed: ${err?.message ?? err}`);
      });
    }),
  );
  const concSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const stored = (await fs.readdir(oursDir)).filter((f) => /^[0-9a-f]{32}$/.test(f));
  const complete = (await Promise.all(stored.map((f) => fs.stat(join(oursDir, f))))).filter((s) => s.size === CONC_SIZE).length;
  if (complete !== CONC - errors) console.error(`expected ${CONC - errors} complete files, found ${complete}`);
  const concMbS = (CONC * 200) / concSeconds;
  const peakRss = vmHwmMb(ours.child.pid!);
  console.log(`${CONC} × 200 MiB concurrent: ${r1(concMbS)} MB/s aggregate in ${r1(concSeconds)} s, ${errors} errors, ${complete} complete files`);
  console.log(`server peak RSS overall: ${peakRss} MB`);
  await stop(ours.child);
  await stop(base.child);
  await fs.rm(work, { recursive: true, force: true });
  const ddMbS = await dd(CACHE);
  console.log(`dd if=/dev/zero bs=1M count=1024 conv=fdatasync on the same disk: ${r1(ddMbS)} MB/s`);
  console.log(
    JSON.stringify({
      bench: 'upload',
      ours_mb_s: r1(oursMbS),
      baseline_mb_s: r1(baseMbS),
      ratio: Math.round((oursMbS / baseMbS) * 100) / 100,
      peak_rss_mb: peakRss,
      concurrent_errors: errors + (CONC - errors - complete),
      concurrent_mb_s: r1(concMbS),
      dd_mb_s: r1(ddMbS),
      ours_tus_js_client_mb_s: r1(tusJsMbS),
      peak_rss_mb_single: rssSingle,
      baseline_peak_rss_mb: baseRss,
      runs: RUNS,
    }),
  );
} finally {
  if (ours) await stop(ours.child);
  if (base) await stop(base.child);
  await fs.rm(work, { recursive: true, force: true });
  if (process.env.BENCH_KEEP_SOURCE !== '1') rmSync(join(CACHE, 'random-1g.bin'), { force: true });
}
