// Account security in Chromium: the demo organiser logs in with the dynamic code; a new provincial administrator is
// made to bind an authenticator (QR code and secret), sees the recovery codes once, then changes the password on
// 账号安全 with the current password and a code — and the old session elsewhere ends. The organiser disables an
// account on 账号管理 and its open session is gone.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../apps/server/src/testing/factories.ts';
import { submitPassword } from './helpers/login.ts';
import { freshTotp, loginWithTotp } from './helpers/totp.ts';
import { e2eServer } from './helpers/fixture.ts';

describe('account security in the browser', () => {
  const env = e2eServer({ demo: true, totp: true });
  const a = env.session();
  const b = env.session();

  it('two-step login, forced enrolment with recovery codes, password change with re-authentication, disabling', { timeout: 240_000 }, async () => {
    const page = a.page;
    page.setDefaultTimeout(60_000);
    b.page.setDefaultTimeout(60_000);
    try {
      // A new administrator: password, then binding the authenticator before anything else.
      const admin = await buildUser(env.server.services, 'province_admin', '440000');
      await submitPassword(page, env.url, admin.phone, admin.password);
      await page.getByTestId('totp-enrolment').waitFor();
      await page.getByRole('img', { name: '身份验证器二维码' }).waitFor();
      const secret = (await page.getByTestId('totp-secret').innerText()).trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByLabel('动态验证码').fill(freshTotp(env.server.clock, secret));
      await page.getByRole('button', { name: '完成绑定' }).click();
      await page.getByTestId('recovery-codes').waitFor();
      const codes = await page.getByTestId('recovery-codes').locator('code').allInnerTexts();
      expect(codes).toHaveLength(10);
      await page.getByRole('button', { name: '我已妥善保存，继续' }).click();
      await page.waitForURL(/\/province\/cases/);

      // The same administrator in a second browser, with the code this time.
      await loginWithTotp(b.page, env.url, env.server.clock, admin.phone, admin.password, secret);
      await b.page.waitForURL(/\/province\/cases/);

      // 账号安全: change the password (current password + dynamic code); the other browser's session ends.
      await page.getByRole('button', { name: '账号安全' }).click();
      await page.waitForURL(/\/account\/security/);
      await expect(await page.getByTestId('totp-state').innerText()).toBe('已启用');
      const pwCard = page.locator('.ant-card', { hasText: '修改密码' }).last();
      await pwCard.getByLabel('当前密码').fill(admin.password);
      await pwCard.getByLabel('动态验证码').fill(freshTotp(env.server.clock, secret));
      await pwCard.getByLabel('新密码', { exact: true }).fill('Guangdong-2026');
      await pwCard.getByLabel('确认新密码').fill('Guangdong-2026');
      const changed = page.waitForResponse((r) => r.url().endsWith('/api/account/password'));
      await pwCard.getByRole('button', { name: '修改密码' }).click();
      expect((await changed).status()).toBe(200);
      await page.getByText('密码已修改，其他 1 处登录已退出').waitFor();
      await b.page.reload();
      await b.page.waitForURL(/\/login/);

      // The organiser (demo secret) disables the administrator on 账号管理; the open session ends.
      await loginWithTotp(b.page, env.url, env.server.clock, '13900000000', 'Demo@2026');
      await b.page.goto(`${env.url}/org/users`);
      await b.page.getByPlaceholder('姓名或手机号').fill(admin.phone.slice(-4));
      await b.page.getByPlaceholder('姓名或手机号').press('Enter');
      const row = b.page.locator('tr', { hasText: `${admin.phone.slice(0, 3)}****${admin.phone.slice(-4)}` });
      await row.getByRole('button', { name: '停用' }).click();
      await b.page.getByPlaceholder('停用原因（必填，记入审计日志）').fill('岗位调整，账号移交');
      const disabled = b.page.waitForResponse((r) => r.url().includes('/disabled'));
      await b.page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
      expect((await disabled).status()).toBe(200);
      await row.getByText('已停用').waitFor();
      await page.goto(`${env.url}/province/cases`);
      await page.waitForURL(/\/login/);
    } catch (e) {
      await page.screenshot({ path: `${tmpdir()}/anli-security-e2e-failure.png`, fullPage: true }).catch(() => undefined);
      await b.page.screenshot({ path: `${tmpdir()}/anli-security-e2e-failure-b.png`, fullPage: true }).catch(() => undefined);
      console.log('security e2e failed at', page.url(), b.page.url(), a.pageErrors, b.pageErrors);
      throw e;
    }
  });

  it('an administrator activating with a code binds an authenticator before entering', { timeout: 120_000 }, async () => {
    const page = a.page;
    await page.context().clearCookies();
    const [org] = await env.server.db.query<{ id: string; name: string }>(`select id, name from users where phone = '13900000000'`);
    const { code } = await env.server.services.accounts.issueActivationCode({ id: org.id, role: 'organiser', name: org.name }, '450000');
    await page.goto(`${env.url}/activate`);
    await page.getByLabel('激活码').fill(code);
    await page.getByLabel('手机号').fill('13900000045');
    await page.getByLabel('设置密码').fill('Guangxi-2026ok');
    await page.getByLabel('姓名').fill('广西管理员');
    await page.getByRole('button', { name: '激活并登录' }).click();
    await page.getByTestId('totp-enrolment').waitFor();
    expect(page.url()).toContain('/activate');
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await page.getByLabel('动态验证码').fill(freshTotp(env.server.clock, secret));
    await page.getByRole('button', { name: '完成绑定' }).click();
    await page.getByRole('button', { name: '我已妥善保存，继续' }).click();
    await page.waitForURL(/\/province\/cases/);
    expect(await page.getByTestId('current-user').innerText()).toContain('广西');
  });
});
