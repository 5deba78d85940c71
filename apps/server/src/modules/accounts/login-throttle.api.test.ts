// Login throttling (issue 18 item 2) on the real platform: parallel guesses are counted atomically, an attacker at
// one address cannot keep the administrator out, many addresses slow strangers but never lock the account, wrong
// TOTP codes count, and the holder is told (in-app notice and SMS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { DEMO_TOTP_SECRET } from '../../demo/seed.ts';
import { totpAt } from './totp.ts';
import { ACCOUNT_FREE, ACCOUNT_MAX_DELAY_S, ALERT_AT, PAIR_FREE } from './login-throttle.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: true, totp: true });
});
afterAll(async () => srv?.close());

const ADMIN = '13900000011'; // 北京市 省级管理员, TOTP enrolled

/** One client at one address, keeping its cookie. */
function clientAt(address: string) {
  let cookie = '';
  const post = async (url: string, payload: unknown) => {
    const r = await srv.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: address, headers: cookie ? { cookie } : {} });
    const set = r.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) cookie = first.split(';')[0];
    return { status: r.statusCode, body: r.json() };
  };
  return {
    post,
    /** Password then TOTP; returns the status of the last step. */
    async login(phone: string, password = 'Demo@2026') {
      const p = await post('/api/auth/login', { phone, password });
      if (p.status !== 200 || p.body.next !== 'totp') return p.status;
      srv.clock.advance(30_000); // a fresh step: a code is single use
      return (await post('/api/auth/totp', { code: totpAt(DEMO_TOTP_SECRET, srv.clock.now()) })).status;
    },
  };
}

const failuresOf = async (phoneMasked: string) =>
  (await srv.db.query<{ n: number }>(`select count(*)::int as n from audit_log where event = 'auth.login' and outcome = 'failure' and object_id = $1`, [phoneMasked]))[0].n;

describe('login throttling', () => {
  it(`checks at most ${PAIR_FREE} passwords of 25 parallel wrong logins`, async () => {
    const phone = '13900000031';
    const rs = await Promise.all(Array.from({ length: 25 }, () =>
      srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password: 'Wrong-guess-1' }, remoteAddress: '198.51.100.7' })));
    const statuses = rs.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(PAIR_FREE);
    expect(statuses.filter((s) => s === 429).length).toBe(25 - PAIR_FREE);
    expect(await failuresOf('139****0031')).toBe(PAIR_FREE);
    expect(rs.find((r) => r.statusCode === 429)!.json().message).toMatch(/请 \d+ 秒后再试/);
  });

  it('an attacker at one address cannot keep the administrator out; the real one logs in from another', async () => {
    const attacker = clientAt('203.0.113.66');
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const r = await attacker.post('/api/auth/login', { phone: ADMIN, password: `Guess-${i}-2026` });
      if (r.status === 429) refused++;
      srv.clock.advance(2_000);
    }
    // Growing delays: most of the 40 tries over 80 seconds were refused without checking the password.
    expect(refused).toBeGreaterThan(25);
    expect(await clientAt('192.0.2.10').login(ADMIN)).toBe(200);
    // The attacker's address still waits, the password right or not.
    expect((await attacker.post('/api/auth/login', { phone: ADMIN, password: 'Demo@2026' })).status).toBe(429);
  });

  it('wrong TOTP codes count on the same row as wrong passwords', async () => {
    srv.clock.advance(3_600_000);
    const c = clientAt('198.51.100.20');
    expect((await c.post('/api/auth/login', { phone: ADMIN, password: 'Demo@2026' })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < PAIR_FREE; i++) statuses.push((await c.post('/api/auth/totp', { code: '000000' === totpAt(DEMO_TOTP_SECRET, srv.clock.now()) ? '111111' : '000000' })).status);
    expect(statuses.slice(0, PAIR_FREE - 1)).toEqual(Array(PAIR_FREE - 1).fill(400));
    expect(statuses[PAIR_FREE - 1]).toBe(429);
  });

  it('many addresses slow strangers for the account (never a lock) and the holder is told; known addresses are not slowed', async () => {
    srv.clock.advance(3_600_000);
    const holder = clientAt('192.0.2.10'); // logged in from here before: a known address
    for (let i = 0; i < ACCOUNT_FREE + 5; i++) {
      await clientAt(`203.0.113.${100 + i}`).post('/api/auth/login', { phone: ADMIN, password: `Spray-${i}-2026` });
    }
    // A new address must wait (at most a minute) …
    const stranger = clientAt('198.51.100.99');
    expect((await stranger.post('/api/auth/login', { phone: ADMIN, password: 'Demo@2026' })).status).toBe(429);
    // … the holder's known address is not slowed …
    expect(await holder.login(ADMIN)).toBe(200);
    // … and after the longest account-wide delay the new address gets in too.
    srv.clock.advance(ACCOUNT_MAX_DELAY_S * 1000);
    expect(await stranger.login(ADMIN)).toBe(200);

    const [admin] = await srv.db.query<{ id: string }>('select id from users where phone = $1', [ADMIN]);
    const notices = await srv.db.query<{ body: string }>(`select body from notices where user_id = $1 and kind = 'login_alert'`, [admin.id]);
    expect(notices.length).toBe(1); // once per period, not once per failure
    expect(notices[0].body).toMatch(/登录或验证失败/);
    const sms = await srv.db.query(`select 1 from notice_outbox where recipient = $1 and template = 'login_alert' and channel = 'sms'`, [ADMIN]);
    expect(sms.length).toBe(1);
    expect(ALERT_AT).toBeLessThanOrEqual(ACCOUNT_FREE);
  });

  it('attempts from an address the account has used do not spend the account-wide allowance', async () => {
    srv.clock.advance(3_600_000);
    const phone = '13800000003';
    const home = clientAt('192.0.2.77');
    expect(await home.login(phone)).toBe(200); // the address becomes known
    const accountAttempts = async () =>
      (await srv.db.query<{ attempts: number }>(`select attempts from login_throttle where phone = $1 and client = '*'`, [phone]))[0]?.attempts ?? 0;
    const before = await accountAttempts();
    for (let i = 0; i < PAIR_FREE - 1; i++) expect((await home.post('/api/auth/login', { phone, password: `Typo-${i}-2026` })).status).toBe(401);
    expect(await accountAttempts()).toBe(before);
    // From an address it has not used, the same mistake counts for the account too.
    expect((await clientAt('198.51.100.177').post('/api/auth/login', { phone, password: 'Typo-x-2026' })).status).toBe(401);
    expect(await accountAttempts()).toBe(before + 1);
  });

  it('throttles an unknown number exactly like a known one and alerts nobody', async () => {
    const c = clientAt('198.51.100.50');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < PAIR_FREE + 2; i++) {
      known.push((await c.post('/api/auth/login', { phone: '13800000002', password: 'Wrong-guess-1' })).status);
      unknown.push((await c.post('/api/auth/login', { phone: '13655554444', password: 'Wrong-guess-1' })).status);
    }
    expect(unknown).toEqual(known);
  });
});
