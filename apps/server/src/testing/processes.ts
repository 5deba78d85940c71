// Real Anli processes for scale-out tests and benches: API processes (main.ts) and worker processes (worker-main.ts)
// started with `node --import tsx`, with the deployment's environment file (deploy/anli.env.example) filled in.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const ENV_EXAMPLE = `${REPO}deploy/anli.env.example`;

/** The variable names of deploy/anli.env.example, in order. */
export function exampleEnvKeys(file = ENV_EXAMPLE): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.slice(0, l.indexOf('=')));
}

/**
 * The example's variables with the given values. Every variable of the example must get a value, so a variable
 * added to the example without being exercised here fails the tests that use it.
 */
export function deploymentEnv(values: Record<string, string>): Record<string, string> {
  const keys = exampleEnvKeys();
  const missing = keys.filter((k) => values[k] === undefined);
  if (missing.length) throw new Error(`deploy/anli.env.example has variables this test does not set: ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((k) => [k, values[k]!]));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface AnliProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Waits until the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then the exit code and signal (SIGKILL after timeoutMs). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startProcess(name: string, script: string, env: Record<string, string>, opts: { echo?: boolean; nodeArgs?: string[] } = {}): AnliProcess {
  // A compiled script (apps/server/dist/*.js) runs as production runs it; a TypeScript source through tsx.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...loader, `${REPO}${script}`], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    if (opts.echo) process.stdout.write(`[${name}] ${d}`);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal });
    }),
  );
  return {
    name,
    child,
    output: () => out,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) return done(() => resolve(m));
          if (child.exitCode !== null || child.signalCode !== null)
            return done(() => reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${out.slice(-3000)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name}: timed out waiting for ${pattern}:\n${out.slice(-3000)}`))), timeoutMs);
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(timeoutMs = 45_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const r = await exited;
        clearTimeout(t);
        return r;
      }
      return exited;
    },
  };
}

/** Polls GET /api/health until it answers 200. */
export async function waitHealthy(base: string, proc: AnliProcess, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${proc.output().slice(-3000)}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${proc.name} not healthy after ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A minimal HTTP client keeping one session cookie, usable against any of several processes. */
export function httpSession() {
  let cookie = '';
  async function call(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + url, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie?.() ?? [];
    for (const c of set) {
      const pair = c.split(';')[0]!;
      if (pair.startsWith('anli_lb=')) continue;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let json: any = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) json = text ? JSON.parse(text) : null;
    return { status: res.status, body: json, headers: res.headers };
  }
  return {
    call,
    get: (base: string, url: string) => call(base, 'GET', url),
    post: (base: string, url: string, body: unknown = {}) => call(base, 'POST', url, body),
    put: (base: string, url: string, body: unknown = {}) => call(base, 'PUT', url, body),
    get cookie() {
      return cookie;
    },
  };
}
export type HttpSession = ReturnType<typeof httpSession>;

/** A tus Upload-Metadata header value: each key with its value in base64. */
export const tusMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata).map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`).join(',');

/**
 * A tus 1.0 upload of `bytes` split over several API processes: creation on bases[0], then one PATCH per further
 * base (the bytes divided evenly), then HEAD on the last; returns the upload URL path.
 */
export async function tusUploadAcross(s: HttpSession, bases: string[], bytes: Uint8Array, metadata: Record<string, string>): Promise<string> {
  const meta = tusMetadata(metadata);
  const created = await s.call(bases[0]!, 'POST', '/api/uploads/', undefined, {
    'tus-resumable': '1.0.0',
    'upload-length': String(bytes.length),
    'upload-metadata': meta,
  });
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${created.body}`);
  const location = new URL(created.headers.get('location')!, 'http://x').pathname;
  const patchBases = bases.length > 1 ? bases.slice(1) : bases;
  const step = Math.ceil(bytes.length / patchBases.length);
  let offset = 0;
  for (const base of patchBases) {
    const end = Math.min(bytes.length, offset + step);
    if (end <= offset) break;
    const head = await s.call(base, 'HEAD', location, undefined, { 'tus-resumable': '1.0.0' });
    if (head.status !== 200 || Number(head.headers.get('upload-offset')) !== offset)
      throw new Error(`tus HEAD on ${base}: ${head.status}, offset ${head.headers.get('upload-offset')} (expected ${offset})`);
    const r = await s.call(base, 'PATCH', location, bytes.subarray(offset, end), {
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    });
    if (r.status !== 204) throw new Error(`tus PATCH on ${base} failed: ${r.status} ${r.body}`);
    offset = Number(r.headers.get('upload-offset'));
  }
  if (offset !== bytes.length) throw new Error(`tus upload ended at ${offset} of ${bytes.length}`);
  return location;
}

/** A new empty database on the PostgreSQL server of `adminUrl` (for processes to share), and a way to drop it. */
export async function scratchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: adminUrl });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}
