// Signing in through the login page, as a person does: phone and password, then wait to leave /login.
import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo@2026';

/** Fills the password step of the login form and submits it (no waiting). */
export async function submitPassword(page: Page, base: string, phone: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.locator('form').getByRole('button', { name: '登录' }).click();
}

/**
 * Logs in and waits until the page has left /login (or reached `landing`). `fresh` drops the cookies first, to sign
 * in as someone else in the same browser.
 */
export async function login(page: Page, base: string, phone: string, opts: { password?: string; landing?: string; fresh?: boolean } = {}) {
  if (opts.fresh) await page.context().clearCookies();
  await submitPassword(page, base, phone, opts.password);
  if (opts.landing) await page.waitForURL(`**${opts.landing}`);
  else await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
