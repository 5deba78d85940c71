// Manual helper (not a test): visits every page as every demo role against a running server and takes screenshots.
// Usage: npx tsx e2e/helpers/smoke-pages.ts http://127.0.0.1:3000 /tmp/shots
import { launchSession } from './browser.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
const PASSWORD = 'Demo@2026';
const plan: Array<[string, string[]]> = [
  ['13800000003', ['/my/cases', '/my/new', '/check']],
  ['13900000011', ['/province/cases', '/province/contact', '/province/mode']],
  ['13900000000', ['/org/overview', '/org/cases', '/org/calls', '/org/codes', '/org/messages', '/org/audit']],
  ['13900000099', ['/expert/tasks']],
];

const s = await launchSession();
const { page } = s;
page.on('console', (m) => m.type() === 'error' && console.log('  console:', m.text().slice(0, 300)));
for (const p of ['/login', '/register', '/activate', '/self-check']) {
  await page.goto(base + p);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${out}/public${p.replace(/\//g, '_')}.png`, fullPage: true });
}
for (const [phone, paths] of plan) {
  await s.context.clearCookies();
  await page.goto(`${base}/login`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.locator('form').getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  for (const p of paths) {
    await page.goto(base + p);
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${out}/${phone}${p.replace(/\//g, '_')}.png`, fullPage: true });
    console.log('visited', phone, p);
  }
}
console.log('page errors:', s.pageErrors);
await s.close();
