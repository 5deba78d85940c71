// Login throttling that an attacker cannot aim at someone else (issue 18 item 2).
//
// Decisions:
// - Each attempt (password, TOTP code, re-authentication, password-reset code) first *reserves* a slot with one
//   atomic statement on the (number, client address) row — so 25 parallel wrong logins check at most PAIR_FREE
//   passwords — and only then is the secret verified. A success clears the pair's row.
// - Per (number, address): PAIR_FREE attempts, then delays 1 s, 2 s, 4 s … up to PAIR_MAX_DELAY_S between attempts.
//   An attacker at one address slows only that address; the real holder elsewhere is not affected.
// - Per number across all addresses (client '*'): beyond ACCOUNT_FREE attempts, delays grow up to
//   ACCOUNT_MAX_DELAY_S (a minute) — a slowdown, never a lock — and addresses from which the account completed a
//   login in the last KNOWN_CLIENT_DAYS are exempt, so a distributed attack does not keep the holder out.
// - Rows are forgotten RESET_AFTER_MS after their last attempt. Unknown numbers are throttled exactly like known ones
//   (same reply); only an existing account is alerted (in-app notice and SMS) at ALERT_AT attempts, once per
//   ALERT_EVERY_MS.
import type { Db } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { rateLimited } from '@anli/domain/errors.ts';
import { findActiveUserId } from './accounts.repository.ts';
import {
  deleteStaleThrottleRows, recordThrottleSuccess, reserveLoginAttempt, takeThrottleAlert, throttleSuccessEntries,
} from './throttle.repository.ts';

export const PAIR_FREE = 5;
export const PAIR_MAX_DELAY_S = 15 * 60;
export const ACCOUNT_FREE = 20;
export const ACCOUNT_MAX_DELAY_S = 60;
export const RESET_AFTER_MS = 30 * 60_000;
export const KNOWN_CLIENT_DAYS = 30;
export const ALERT_AT = 10;
export const ALERT_EVERY_MS = 6 * 3_600_000;
const ACCOUNT = '*';

const iso = (ms: number) => new Date(ms).toISOString();

export interface ThrottleAlert {
  userId: string;
  attempts: number;
}

export function loginThrottle(d: { db: Db; clock: Clock; onAlert?: (a: ThrottleAlert) => Promise<void> }) {
  const { db, clock } = d;

  const waitS = (nextAt: Date | null, now: number) => Math.max(1, Math.ceil(((nextAt ? new Date(nextAt).getTime() : now) - now) / 1000));

  const refuse = (waitS: number): never => {
    const wait = waitS >= 120 ? `${Math.ceil(waitS / 60)} 分钟` : `${waitS} 秒`;
    throw rateLimited('LOGIN_THROTTLED', `尝试次数过多，请 ${wait}后再试；如忘记密码，请使用登录页的“忘记密码”`);
  };

  async function maybeAlert(phone: string, attempts: number, now: number) {
    if (attempts < ALERT_AT || !d.onAlert) return;
    const userId = await findActiveUserId(db, phone);
    if (!userId) return;
    // One alert per period: only the request that moves alerted_at sends it.
    if (await takeThrottleAlert(db, phone, ACCOUNT, iso(now), iso(now - ALERT_EVERY_MS))) await d.onAlert({ userId, attempts });
  }

  const success = (phone: string, clientIn: string | undefined, userId?: string) =>
    ({ phone, client: (clientIn || 'unknown').slice(0, 64), account: ACCOUNT, userId, now: iso(clock.now()) });

  return {
    /**
     * Reserves one attempt for `phone` from `client` before its secret is checked; throws 429 LOGIN_THROTTLED when the
     * address (or, for an address the account has not used, the account) must wait.
     */
    async reserve(phoneIn: string, clientIn: string | undefined): Promise<void> {
      const phone = phoneIn.slice(0, 20);
      const client = (clientIn || 'unknown').slice(0, 64);
      const now = clock.now();
      if (Math.random() < 0.01) await deleteStaleThrottleRows(db, iso(now - 86_400_000));
      // The address's attempt and, from an address the account has not used, the account's: one statement.
      const r = await reserveLoginAttempt(db, {
        phone, client, account: ACCOUNT, now: iso(now), resetBefore: iso(now - RESET_AFTER_MS), knownSince: iso(now - KNOWN_CLIENT_DAYS * 86_400_000),
        pair: { free: PAIR_FREE, maxDelayS: PAIR_MAX_DELAY_S }, accountLimit: { free: ACCOUNT_FREE, maxDelayS: ACCOUNT_MAX_DELAY_S },
      });
      if (r.pairAttempts === null) refuse(waitS(r.pairNextAt, now));
      if (r.known) return;
      if (r.accountAttempts === null) refuse(waitS(r.accountNextAt, now));
      await maybeAlert(phone, r.accountAttempts!, now);
    },

    /** A verified secret: the address starts afresh; a completed login (`userId`) also makes the address known. */
    async succeeded(phone: string, clientIn: string | undefined, userId?: string) {
      await recordThrottleSuccess(db, success(phone, clientIn, userId));
    },

    /**
     * The same changes as WITH entries, their values pushed onto `params`, for a statement that also does more (a
     * password login adds its session and audit record: one round trip instead of five).
     */
    successEntries(params: unknown[], phone: string, clientIn: string | undefined, userId?: string): string[] {
      return throttleSuccessEntries(params, success(phone, clientIn, userId));
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
