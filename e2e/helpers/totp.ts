// The second factor in browser tests: codes from the demo secret (or an enrolled secret) at the server's clock.
import type { Page } from 'playwright-core';
import { submitPassword } from './login.ts';
import { totpAt } from '../../apps/server/src/modules/accounts/totp.ts';
import { DEMO_TOTP_SECRET } from '../../apps/server/src/demo/seed.ts';
import type { settableClock } from '../../apps/server/src/infra/clock.ts';

type Clock = ReturnType<typeof settableClock>;

/**
 * A code not used before: the server refuses a code twice (RFC 6238 replay rule), so each call first moves the test
 * clock to the next 30-second step.
 */
export function freshTotp(clock: Clock, secret = DEMO_TOTP_SECRET): string {
  clock.advance(30_000);
  return totpAt(secret, clock.now());
}

/** Logs in with phone and password, then the dynamic code when the page asks for it. */
export async function loginWithTotp(page: Page, base: string, clock: Clock, phone: string, password: string, secret = DEMO_TOTP_SECRET) {
  await submitPassword(page, base, phone, password);
  await page.getByTestId('totp-step').waitFor();
  await page.getByLabel('动态验证码').fill(freshTotp(clock, secret));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
