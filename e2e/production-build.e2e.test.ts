// The production build as `npm start` runs it (node apps/server/dist/main.js, compiled by `npm run build`): with
// NODE_ENV=production it refuses to start without PUBLIC_URL and warns while COOKIE_SECURE is off; it serves the web
// app's pre-compressed assets (brotli, gzip) with immutable caching for hashed files and no-cache for the HTML.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../apps/server/src/testing/processes.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const main = path.join(repo, 'apps/server/dist/main.js');
const webIndex = path.join(repo, 'apps/web/dist/index.html');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { cwd: repo, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe('the production build', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anli-prod-'));
  let server: ReturnType<typeof run> | null = null;
  let base = '';

  beforeAll(() => {
    if (!existsSync(main) || !existsSync(webIndex)) throw new Error('the build is missing: run `npm run build` first (npm run test:e2e does)');
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start in production without PUBLIC_URL, before touching any data', { timeout: 60_000 }, async () => {
    const dir = path.join(dataDir, 'refused');
    const p = run({ NODE_ENV: 'production', DATA_DIR: dir, PORT: String(await freePort()), COOKIE_SECURE: 'true' });
    // A server that starts anyway is stopped, so the failure does not leave it running.
    const guard = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
    const code = await p.exited;
    clearTimeout(guard);
    expect(code).toBe(1);
    expect(p.err()).toContain('PUBLIC_URL');
    expect(existsSync(dir)).toBe(false);
  });

  it('starts with PUBLIC_URL, warns about COOKIE_SECURE and serves pre-compressed, correctly cached assets', { timeout: 120_000 }, async () => {
    const port = await freePort();
    server = run({ NODE_ENV: 'production', PUBLIC_URL: 'https://anli.example.cn', DATA_DIR: path.join(dataDir, 'ok'), PORT: String(port), HOST: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;
    await expect.poll(() => server!.out(), { timeout: 90_000, interval: 250 }).toContain('is running');
    expect(server.err()).toContain('COOKIE_SECURE');

    const html = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-encoding')).toBe('br');
    // The first paint needs no script: the platform's name is in the HTML itself.
    expect(await html.text()).toContain('案例征集平台');
    // A path of the single-page app gets the same HTML, not cached either.
    const spa = await fetch(`${base}/library`);
    expect(spa.headers.get('cache-control')).toBe('no-cache');

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(webIndex, 'utf8'))![1]!;
    const br = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    const gz = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes both: the same script either way.
    expect(await gz.text()).toBe(await br.text());

    // An asset of an older build is a 404, never the HTML in its place.
    expect((await fetch(`${base}/assets/gone-0000.js`)).status).toBe(404);
    expect((await fetch(`${base}/api/calls`)).status).toBe(200);
  });
});
