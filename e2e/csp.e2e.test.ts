// The web app under the security headers (issue 18 item 5) in Chromium: the HTML carries the CSP and frame policy,
// the pages an author, an expert and a visitor use work, and the browser reports no CSP violation — including the
// checker's wasm QR reader and pdf.js worker on 文件自检 and Ant Design's run-time styles; 忘记密码 is reachable from
// the login page.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const distIndex = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));
const PPTX = '/work/shared/corpus/pptx/pptxtojson-test-2022-11.pptx';

const violations: string[] = [];

describe.skipIf(!existsSync(distIndex))('the web app under the CSP', () => {
  const env = e2eServer({ demo: true });
  const session = env.session();

  beforeAll(async () => {
    session.page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    // Violations the page itself sees (also those the console would not show).
    await session.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} on ${location.pathname}`));
    });
  });

  it('serves the HTML with the headers; the login page links 忘记密码, which works', async () => {
    const { page } = session;
    const res = await page.goto(`${env.url}/login`);
    const h = res!.headers();
    expect(h['content-security-policy']).toMatch(/script-src 'self'/);
    expect(h['x-frame-options']).toBe('DENY');
    await page.getByRole('link', { name: '忘记密码' }).click();
    await page.waitForURL('**/forgot-password');
    // The page is loaded on demand: wait for it before typing (the URL changes first).
    await page.getByRole('button', { name: '获取验证码' }).waitFor();
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('如该手机号已注册，验证码已发送').waitFor();
    const code = [...env.server.sender.sent].reverse().find((m) => m.to === '13800000001')!.text.match(/验证码为 ?(\d{6})/)![1];
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('新密码').fill('Spring-Field-2026');
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByText('密码已重置').waitFor();
    await page.screenshot({ path: '/tmp/anli-forgot-1366.png' });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: '/tmp/anli-forgot-375.png' });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('an author works on a case, an expert scores, a visitor checks files in the browser — no CSP violation', async () => {
    const { page } = session;
    await login(page, env.url, '13800000001', { password: 'Spring-Field-2026', fresh: true });
    await page.goto(`${env.url}/my/cases`);
    await page.locator('.ant-table-row, .ant-card').first().waitFor();
    await page.locator('a', { hasText: '基于课堂AI分析' }).first().click();
    await page.waitForURL(/\/cases\//);
    await page.getByText('案例材料').first().waitFor();

    await login(page, env.url, '13900000099', { fresh: true });
    await page.goto(`${env.url}/expert/tasks`);
    await page.getByText('实名评审').first().waitFor();

    await page.context().clearCookies();
    await page.goto(`${env.url}/self-check`);
    await page.locator('.ant-radio-button-wrapper', { hasText: '课件' }).click();
    await page.locator('input[type=file]').setInputFiles(PPTX);
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.locator('[data-testid="check-report"] tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(session.pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
