// `npm run bench -- web-weight`: what a cold visit costs a browser. In Debian Chromium (CDP, cache disabled), the
// compressed bytes over the wire of JS + CSS + fonts for the login page, an author's case page (the edit page of a
// returned case: form, files, uploads) and the organiser's dashboard; then first-contentful-paint of the login page
// under Chromium's network throttling (1.6 Mbit/s down, 150 ms RTT) as a ratio to a static HTML page (no script)
// served by the same server in the same run. Needs `npm run build` first (the built app is what is measured).
// Budgets (issue 16): login ≤ 300 KB, case page ≤ 650 KB, dashboard ≤ 650 KB.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { CHROMIUM_ARGS } from '../e2e/helpers/browser.ts';

const RUNS = Number(process.env.BENCH_FCP_RUNS ?? 5);
const dist = fileURLToPath(new URL('../apps/web/dist', import.meta.url));
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('web-weight measures the built app: run `npm run build` first');
  process.exit(2);
}
// The same server serves a copy of the build plus one static page: the FCP baseline.
const web = mkdtempSync(path.join(tmpdir(), 'anli-web-weight-'));
cpSync(dist, web, { recursive: true });
writeFileSync(
  path.join(web, 'static-baseline.html'),
  `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1.0"><title>案例征集平台</title></head>
<body style="margin:0;font-family:sans-serif;background:#f0f4fa"><div style="height:64px;background:#0b3d91;color:#fff;font-size:20px;display:flex;align-items:center;padding:0 24px">案例征集平台</div>
<main style="max-width:960px;margin:0 auto;padding:32px 16px"><h1>全国教师案例征集平台</h1><p>活动通知、案例申报、省级推荐、专家评审、结果公布与证书查验。</p></main></body></html>`,
);

const server = await startTestServer({ webDist: web });
const base = server.url;
const userDataDir = mkdtempSync(path.join(tmpdir(), 'anli-chromium-'));
const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
  locale: 'zh-CN',
  viewport: { width: 1366, height: 900 },
});

interface Weight {
  kb: number;
  files: number;
  byType: Record<string, number>;
}

/** Loads `url` with the cache disabled and sums the encoded (compressed, as sent) bytes of scripts, styles and fonts. */
async function weigh(page: Page, url: string, ready: (p: Page) => Promise<unknown>): Promise<Weight> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  const byType: Record<string, number> = {};
  let total = 0;
  let files = 0;
  for (const [id, n] of bytes) {
    const t = types.get(id);
    if (t !== 'Script' && t !== 'Stylesheet' && t !== 'Font') continue;
    byType[t] = (byType[t] ?? 0) + n;
    total += n;
    files++;
  }
  return { kb: +(total / 1024).toFixed(1), files, byType };
}

async function signIn(page: Page, phone: string) {
  const r = await page.request.post(`${base}/api/auth/login`, { data: { phone, password: 'Demo@2026' } });
  if (!r.ok()) throw new Error(`login ${phone}: ${r.status()} ${await r.text()}`);
}

/** First contentful paint of `url` (ms), throttled, cache disabled. */
async function fcp(url: string): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 });
  await page.goto(url, { waitUntil: 'commit' });
  const t = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const seen = performance.getEntriesByName('first-contentful-paint')[0];
        if (seen) return resolve(seen.startTime);
        new PerformanceObserver((list) => {
          const e = list.getEntriesByName('first-contentful-paint')[0];
          if (e) resolve(e.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  await page.close();
  return t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  // Login page: a visitor, nothing signed in.
  const p1 = await context.newPage();
  const login = await weigh(p1, `${base}/login`, (p) => p.getByLabel('手机号').waitFor());
  await p1.close();
  // The front door, for the record (no budget in the issue).
  const p0 = await context.newPage();
  const home = await weigh(p0, `${base}/`, (p) => p.getByRole('heading', { level: 1 }).waitFor());
  await p0.close();

  // An author's case page: 李老师's returned case, opened for editing.
  await context.clearCookies();
  const p2 = await context.newPage();
  await signIn(p2, '13800000002');
  const cases = (await (await p2.request.get(`${base}/api/my/cases`)).json()) as Array<{ id: string; state: string }>;
  const returned = cases.find((c) => c.state === 'returned') ?? cases[0];
  if (!returned) throw new Error('demo author 13800000002 has no case');
  const casePage = await weigh(p2, `${base}/my/cases/${returned.id}/edit`, (p) => p.getByText('保存').first().waitFor());
  await p2.close();

  // The organiser's dashboard (TOTP is off on the bench server).
  await context.clearCookies();
  const p3 = await context.newPage();
  await signIn(p3, '13900000000');
  const dashboard = await weigh(p3, `${base}/org/dashboard`, (p) => p.getByText('统计看板').first().waitFor());
  await p3.close();
  await context.clearCookies();

  // FCP, throttled: the login page vs the static page, alternating, median of RUNS each.
  const app: number[] = [];
  const stat: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    app.push(await fcp(`${base}/login`));
    stat.push(await fcp(`${base}/static-baseline.html`));
  }
  const fcpApp = median(app);
  const fcpStatic = median(stat);
  const ratio = +(fcpApp / fcpStatic).toFixed(2);

  const line = (name: string, w: Weight, budget: number) =>
    `${name.padEnd(28)} ${String(w.kb).padStart(7)} KB in ${w.files} files (${Object.entries(w.byType)
      .map(([t, n]) => `${t} ${(n / 1024).toFixed(1)} KB`)
      .join(', ')}) — budget ${budget} KB ${w.kb <= budget ? 'met' : 'NOT met'}`;
  console.log('JS + CSS + fonts over the wire, cold cache, compressed as sent:');
  console.log(line('login page', login, 300));
  console.log(line('front door (/)', home, 300));
  console.log(line("author's case page (edit)", casePage, 650));
  console.log(line('organiser dashboard', dashboard, 650));
  console.log(
    `first contentful paint at 1.6 Mbit/s, 150 ms RTT (median of ${RUNS}): login page ${fcpApp.toFixed(0)} ms vs static HTML page ${fcpStatic.toFixed(0)} ms → ratio ${ratio}`,
  );
  console.log(
    JSON.stringify({
      login_kb: login.kb,
      case_page_kb: casePage.kb,
      dashboard_kb: dashboard.kb,
      fcp_ratio: ratio,
      home_kb: home.kb,
      fcp_login_ms: +fcpApp.toFixed(0),
      fcp_static_ms: +fcpStatic.toFixed(0),
      budgets_met: login.kb <= 300 && casePage.kb <= 650 && dashboard.kb <= 650,
    }),
  );
} finally {
  await context.close();
  await server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(web, { recursive: true, force: true });
}
