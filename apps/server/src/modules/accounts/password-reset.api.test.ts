// 忘记密码 (issue 16 item 7 with issue 18's throttling): a code by SMS, the same reply for unknown numbers, wrong codes
// throttled like wrong passwords, and a reset ends every session of the account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { PAIR_FREE } from './login-throttle.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

const smsTo = (phone: string) => srv.sender.sent.filter((m) => m.to === phone);
const codeIn = (phone: string) => smsTo(phone).at(-1)?.text.match(/验证码为 ?(\d{6})/)?.[1];

describe('忘记密码', () => {
  it('sends a code to a registered number and the same reply, without SMS, to an unknown one', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    const known = await c.post('/api/auth/password-reset/code', { phone: u.phone });
    const unknown = await c.post('/api/auth/password-reset/code', { phone: '13698765432' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    expect(codeIn(u.phone)).toMatch(/^\d{6}$/);
    expect(smsTo('13698765432')).toEqual([]);
    // Asking again within a minute is refused alike.
    const again = [await c.post('/api/auth/password-reset/code', { phone: u.phone }), await c.post('/api/auth/password-reset/code', { phone: '13698765432' })];
    expect(again[0].status).toBe(429);
    expect(again[1].body).toEqual(again[0].body);
  });

  it('sets the new password with the code and ends every session; the old password stops working', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const a = apiClient(srv.app);
    const b = apiClient(srv.app);
    await a.login(u.phone, u.password);
    await b.login(u.phone, u.password);
    await apiClient(srv.app).post('/api/auth/password-reset/code', { phone: u.phone });
    const r = await apiClient(srv.app).post('/api/auth/password-reset', { phone: u.phone, code: codeIn(u.phone), newPassword: 'Fresh-Start-2026' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, sessionsEnded: 2 });
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await apiClient(srv.app).post('/api/auth/login', { phone: u.phone, password: u.password })).status).toBe(401);
    await apiClient(srv.app).login(u.phone, 'Fresh-Start-2026');
    // Single use.
    const reuse = await apiClient(srv.app).post('/api/auth/password-reset', { phone: u.phone, code: codeIn(u.phone), newPassword: 'Another-Start-2026' });
    expect(reuse.status).toBe(400);
    const audit = await srv.db.query(`select 1 from audit_log where event = 'account.password_reset' and outcome = 'success' and object_id = $1`, [u.id]);
    expect(audit.length).toBe(1);
  });

  it('throttles wrong codes like wrong passwords (same replies for unknown numbers)', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    srv.clock.advance(120_000);
    await apiClient(srv.app).post('/api/auth/password-reset/code', { phone: u.phone });
    const right = codeIn(u.phone)!;
    const wrong = right === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    const unknownStatuses: number[] = [];
    for (let i = 0; i < PAIR_FREE + 1; i++) {
      statuses.push((await apiClient(srv.app).post('/api/auth/password-reset', { phone: u.phone, code: wrong, newPassword: 'Fresh-Start-2026' })).status);
      unknownStatuses.push((await apiClient(srv.app).post('/api/auth/password-reset', { phone: '13698765432', code: wrong, newPassword: 'Fresh-Start-2026' })).status);
    }
    expect(statuses.slice(0, PAIR_FREE)).toEqual(Array(PAIR_FREE).fill(400));
    expect(statuses[PAIR_FREE]).toBe(429);
    expect(unknownStatuses).toEqual(statuses);
    // Even the right code waits while throttled.
    expect((await apiClient(srv.app).post('/api/auth/password-reset', { phone: u.phone, code: right, newPassword: 'Fresh-Start-2026' })).status).toBe(429);
  });
});
