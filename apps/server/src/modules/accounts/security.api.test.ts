// Second factor (TOTP), session renewal, re-authentication for password/phone changes, disabling accounts.
// The SMS gateway is the only mock (memorySender); everything else is the real platform and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { DEMO_TOTP_SECRET } from '../../demo/seed.ts';
import { totpAt } from './totp.ts';
import { MAX_TOTP_ATTEMPTS, RECOVERY_CODE_COUNT } from './security.service.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: true, totp: true });
});
afterAll(async () => srv?.close());

const ORGANISER = '13900000000';
const code = (secret = DEMO_TOTP_SECRET) => totpAt(secret, srv.clock.now());
/** A fresh 30-second step, so a code not yet used exists (replay protection refuses reuse within a step). */
const nextStep = () => srv.clock.advance(30_000);
const sessionsOf = async (userId: string) => (await srv.db.query<{ n: number }>(`select count(*)::int as n from sessions where user_id = $1`, [userId]))[0].n;
const smsCode = (phone: string) => [...srv.sender.sent].reverse().find((m) => m.to === phone)?.text.match(/验证码为 ?(\d{6})/)?.[1];

describe('TOTP second factor', () => {
  it('asks the demo organiser for the code after the password; the half-finished login is no session', async () => {
    nextStep();
    const c = apiClient(srv.app);
    const first = await c.post('/api/auth/login', { phone: ORGANISER, password: 'Demo@2026' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ next: 'totp' });
    const pendingCookie = c.cookie;
    expect((await c.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/org/activation-codes')).status).toBe(401);
    const wrong = await c.post('/api/auth/totp', { code: code() === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('BAD_TOTP');
    const ok = await c.post('/api/auth/totp', { code: code() });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ role: 'organiser', phone: '139****0000' });
    // The session id is renewed at the second step: the half-finished one is gone.
    expect(c.cookie).not.toBe(pendingCookie);
    expect(c.cookie).toMatch(/^anli_sid=[\w-]{43}$/);
    expect((await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: pendingCookie } })).statusCode).toBe(401);
    expect((await c.get('/api/org/activation-codes')).status).toBe(200);
  });

  it('refuses a replayed code, accepts ±1 step and no further', async () => {
    nextStep();
    const used = code();
    const a = apiClient(srv.app);
    await a.login(ORGANISER, 'Demo@2026', used);
    const b = apiClient(srv.app);
    await b.post('/api/auth/login', { phone: ORGANISER, password: 'Demo@2026' });
    const replay = await b.post('/api/auth/totp', { code: used });
    expect(replay.status).toBe(400);
    // Two steps ahead is outside the window; one step ahead (a phone clock slightly fast) is accepted.
    expect((await b.post('/api/auth/totp', { code: totpAt(DEMO_TOTP_SECRET, srv.clock.now() + 60_000) })).status).toBe(400);
    expect((await b.post('/api/auth/totp', { code: totpAt(DEMO_TOTP_SECRET, srv.clock.now() + 30_000) })).status).toBe(200);
    // One step behind (a slow phone) is accepted when that step was not used yet.
    srv.clock.advance(90_000);
    const c = apiClient(srv.app);
    await c.post('/api/auth/login', { phone: ORGANISER, password: 'Demo@2026' });
    expect((await c.post('/api/auth/totp', { code: totpAt(DEMO_TOTP_SECRET, srv.clock.now() - 30_000) })).status).toBe(200);
  });

  it(`ends the half-finished login after ${MAX_TOTP_ATTEMPTS} wrong codes`, async () => {
    nextStep();
    const c = apiClient(srv.app);
    await c.post('/api/auth/login', { phone: '13900000031', password: 'Demo@2026' });
    const bad = code() === '000000' ? '111111' : '000000';
    // Spaced out past the throttle's delays (login-throttle.ts), so the half-finished login's own limit is what ends it.
    for (let i = 1; i < MAX_TOTP_ATTEMPTS; i++) {
      srv.clock.advance(20_000);
      expect((await c.post('/api/auth/totp', { code: bad })).status).toBe(400);
    }
    srv.clock.advance(20_000);
    const last = await c.post('/api/auth/totp', { code: bad });
    expect(last.status).toBe(401);
    expect(last.body.code).toBe('TOTP_ATTEMPTS');
    expect((await c.post('/api/auth/totp', { code: code() })).status).toBe(401);
    // Wrong codes count like wrong passwords: from this address a new password login has to wait.
    const again = await apiClient(srv.app).post('/api/auth/login', { phone: '13900000031', password: 'Demo@2026' });
    expect(again.status).toBe(429);
    const failures = await srv.db.query(`select 1 from audit_log where event = 'auth.totp' and outcome = 'failure'`);
    expect(failures.length).toBeGreaterThanOrEqual(MAX_TOTP_ATTEMPTS);
  });

  it('makes a new administrator enrol (QR + text secret, confirmed with a code), shows recovery codes once, single use', async () => {
    const admin = await buildUser(srv.services, 'province_admin', '440000');
    const c = apiClient(srv.app);
    const first = await c.post('/api/auth/login', { phone: admin.phone, password: admin.password });
    expect(first.body.next).toBe('enrol');
    expect((await c.get('/api/province/cases')).status).toBe(401);
    const start = await c.post('/api/auth/totp/enrol/start');
    expect(start.status).toBe(200);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.body.uri).toContain(`secret=${start.body.secret}`);
    expect(start.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await c.post('/api/auth/totp/enrol/confirm', { code: '12345' })).status).toBe(400);
    const confirmed = await c.post('/api/auth/totp/enrol/confirm', { code: code(start.body.secret) });
    expect(confirmed.status).toBe(200);
    const recovery: string[] = confirmed.body.recoveryCodes;
    expect(recovery).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recovery).size).toBe(RECOVERY_CODE_COUNT);
    expect((await c.get('/api/province/cases')).status).toBe(200);
    // Stored hashed only, and never shown again.
    const stored = await srv.db.query<{ code_hash: string }>('select code_hash from totp_recovery_codes where user_id = $1', [admin.id]);
    expect(stored).toHaveLength(RECOVERY_CODE_COUNT);
    for (const r of recovery) expect(JSON.stringify(stored)).not.toContain(r.replace('-', ''));
    expect(JSON.stringify((await c.get('/api/account/security')).body)).not.toContain(recovery[0]);
    expect((await c.get('/api/account/security')).body).toMatchObject({ totpEnabled: true, totpRequired: true, recoveryCodesLeft: RECOVERY_CODE_COUNT });
    expect((await c.post('/api/auth/totp/enrol/start')).status).toBe(409);

    // A recovery code instead of the authenticator, once.
    const d = apiClient(srv.app);
    await d.post('/api/auth/login', { phone: admin.phone, password: admin.password });
    const viaRecovery = await d.post('/api/auth/totp', { code: recovery[0].toLowerCase() });
    expect(viaRecovery.status).toBe(200);
    expect(viaRecovery.body).toMatchObject({ usedRecoveryCode: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
    const e = apiClient(srv.app);
    await e.post('/api/auth/login', { phone: admin.phone, password: admin.password });
    expect((await e.post('/api/auth/totp', { code: recovery[0] })).status).toBe(400);
  });
});

describe('sessions', () => {
  it('never promotes a planted session id, and issues 256-bit ids', async () => {
    const planted = 'anli_sid=' + 'A'.repeat(43);
    const res = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13800000001', password: 'Demo@2026' }, headers: { cookie: planted } });
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']).split(';')[0];
    expect(set).not.toBe(planted);
    expect(Buffer.from(set.slice('anli_sid='.length), 'base64url').length).toBe(32);
    expect((await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: planted } })).statusCode).toBe(401);
    expect((await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: set } })).statusCode).toBe(200);
  });

  it('ends a session server-side on logout (the old cookie is dead) and after the absolute timeout', async () => {
    const author = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(author.phone, author.password);
    const cookie = c.cookie;
    expect(await sessionsOf(author.id)).toBe(1);
    await c.post('/api/auth/logout');
    expect(await sessionsOf(author.id)).toBe(0);
    expect((await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    // Active every hour, still ends at the 12-hour absolute limit.
    const d = apiClient(srv.app);
    await d.login(author.phone, author.password);
    for (let h = 0; h < 11; h++) {
      srv.clock.advance(3600_000);
      expect((await d.get('/api/auth/me')).status).toBe(200);
    }
    srv.clock.advance(3600_000);
    expect((await d.get('/api/auth/me')).status).toBe(401);
  });

  it('disabling an account ends all its sessions at once; enabling lets it log in again', async () => {
    const author = await buildUser(srv.services, 'author', '110000');
    const a1 = apiClient(srv.app);
    const a2 = apiClient(srv.app);
    await a1.login(author.phone, author.password);
    await a2.login(author.phone, author.password);
    nextStep();
    const org = apiClient(srv.app);
    await org.login(ORGANISER, 'Demo@2026', code());
    const page = (await org.get(`/api/org/users?q=${author.phone.slice(0, 7)}`)).body;
    expect(page).toMatchObject({ page: 1, pageSize: 20 });
    const listed = page.items;
    // Every account is reachable a page at a time: the total counts all matches, a page holds pageSize of them.
    const all = (await org.get('/api/org/users?pageSize=1&sort=name&order=asc')).body;
    expect(all.items).toHaveLength(1);
    expect(all.total).toBeGreaterThan(10);
    const second = (await org.get('/api/org/users?pageSize=1&page=2&sort=name&order=asc')).body;
    expect(second.items[0].id).not.toBe(all.items[0].id);
    expect((await org.get('/api/org/users?pageSize=500')).status).toBe(400);
    expect((await org.get('/api/org/users?role=author&pageSize=200')).body.items.every((u: any) => u.role === 'author')).toBe(true);
    expect(listed.find((u: any) => u.id === author.id)).toMatchObject({ phone: `${author.phone.slice(0, 3)}****${author.phone.slice(-4)}`, disabled: false });
    expect(JSON.stringify(listed)).not.toContain(author.phone);
    expect((await org.post(`/api/org/users/${author.id}/disabled`, { disabled: true })).status).toBe(400);
    const off = await org.post(`/api/org/users/${author.id}/disabled`, { disabled: true, reason: '冒用他人身份' });
    expect(off.status).toBe(200);
    expect(off.body.sessionsEnded).toBe(2);
    expect(await sessionsOf(author.id)).toBe(0);
    expect((await a1.get('/api/auth/me')).status).toBe(401);
    expect((await apiClient(srv.app).post('/api/auth/login', { phone: author.phone, password: author.password })).status).toBe(401);
    expect((await a1.post(`/api/org/users/${author.id}/disabled`, { disabled: false })).status).toBe(401);
    expect((await org.post(`/api/org/users/${author.id}/disabled`, { disabled: false })).status).toBe(200);
    await apiClient(srv.app).login(author.phone, author.password);
    const [row] = await srv.db.query<{ reason: string; data: any }>(`select reason, data from audit_log where event = 'account.disable' and object_id = $1`, [author.id]);
    expect(row.reason).toBe('冒用他人身份');
  });
});

describe('re-authentication', () => {
  it('changes the password only with the current one (and the TOTP code where enrolled); other sessions end', async () => {
    const author = await buildUser(srv.services, 'author', '110000');
    const here = apiClient(srv.app);
    const elsewhere = apiClient(srv.app);
    await here.login(author.phone, author.password);
    await elsewhere.login(author.phone, author.password);
    const missing = await here.post('/api/account/password', { newPassword: 'NewSecret2026' });
    expect(missing.body.code).toBe('BAD_PASSWORD');
    expect((await here.post('/api/account/password', { currentPassword: author.password, newPassword: 'password1' })).status).toBe(400);
    const ok = await here.post('/api/account/password', { currentPassword: author.password, newPassword: 'NewSecret2026' });
    expect(ok.status).toBe(200);
    expect(ok.body.sessionsEnded).toBe(1);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await apiClient(srv.app).post('/api/auth/login', { phone: author.phone, password: author.password })).status).toBe(401);
    await apiClient(srv.app).login(author.phone, 'NewSecret2026');

    // The organiser (TOTP enrolled) needs the code too.
    nextStep();
    const org = apiClient(srv.app);
    await org.login('13900000011', 'Demo@2026', code());
    const noCode = await org.post('/api/account/password', { currentPassword: 'Demo@2026', newPassword: 'Beijing-admin-2026' });
    expect(noCode.body.code).toBe('BAD_TOTP');
    nextStep();
    expect((await org.post('/api/account/password', { currentPassword: 'Demo@2026', totpCode: code(), newPassword: 'Beijing-admin-2026' })).status).toBe(200);
  });

  it('changes the phone with the current password and a code sent to the new phone', async () => {
    const author = await buildUser(srv.services, 'author', '310000');
    const c = apiClient(srv.app);
    const other = apiClient(srv.app);
    await c.login(author.phone, author.password);
    await other.login(author.phone, author.password);
    const newPhone = '13712340099';
    expect((await c.post('/api/account/phone/code', { newPhone: '13800000001' })).status).toBe(409);
    expect((await c.post('/api/account/phone/code', { newPhone })).status).toBe(200);
    const sms = smsCode(newPhone)!;
    expect(sms).toMatch(/^\d{6}$/);
    expect((await c.post('/api/account/phone', { newPhone, smsCode: sms, currentPassword: 'wrong-password' })).body.code).toBe('BAD_PASSWORD');
    expect((await c.post('/api/account/phone', { newPhone, smsCode: sms === '000000' ? '111111' : '000000', currentPassword: author.password })).body.code).toBe('BAD_CODE');
    const ok = await c.post('/api/account/phone', { newPhone, smsCode: sms, currentPassword: author.password });
    expect(ok.status).toBe(200);
    expect(ok.body.user.phone).toBe('137****0099');
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await c.post('/api/account/phone', { newPhone, smsCode: sms, currentPassword: author.password })).status).toBe(400);
    await apiClient(srv.app).login(newPhone, author.password);
    const [a] = await srv.db.query<{ data: any }>(`select data from audit_log where event = 'account.phone_change' and object_id = $1`, [author.id]);
    expect(a.data).toMatchObject({ to: '137****0099' });
    expect(JSON.stringify(a.data)).not.toContain(newPhone);
  });

  it('throttles failed re-authentication like failed logins', async () => {
    const author = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(author.phone, author.password);
    for (let i = 0; i < 5; i++) await c.post('/api/account/password', { currentPassword: 'Wrong-guess-1', newPassword: 'Another2026x' });
    expect((await c.post('/api/account/password', { currentPassword: author.password, newPassword: 'Another2026x' })).status).toBe(429);
  });
});

describe('two-step verification for every administrator (issue 18 item 7)', () => {
  it('asks the demo city and county administrators for the code, and makes a new one enrol first', async () => {
    for (const phone of ['13900000021', '13900000022', '13900000041', '13900000042']) {
      const r = await apiClient(srv.app).post('/api/auth/login', { phone, password: 'Demo@2026' });
      expect(r.status, phone).toBe(200);
      expect(r.body).toEqual({ next: 'totp' });
    }
    for (const role of ['city_admin', 'county_admin'] as const) {
      const u = await srv.services.accounts.createUser({ phone: `1370000${role === 'city_admin' ? '1' : '2'}${String(Date.now()).slice(-3)}`, password: 'Passw0rd!x', name: role, role, provinceCode: '110000' });
      const c = apiClient(srv.app);
      const r = await c.post('/api/auth/login', { phone: u.phone, password: 'Passw0rd!x' });
      expect(r.body, role).toEqual({ next: 'enrol' });
      // Half-way through login, nothing of the role's pages is reachable.
      expect((await c.get('/api/region/status')).status).toBe(401);
      nextStep();
    }
  });
});
