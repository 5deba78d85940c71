import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { PAIR_FREE } from './login-throttle.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: true });
});
afterAll(async () => srv?.close());

const lastCode = (phone: string) => {
  const m = [...srv.sender.sent].reverse().find((x) => x.to === phone && x.template === 'verification_code');
  return m?.text.match(/验证码为 ?(\d{6})/)?.[1];
};

describe('registration and login', () => {
  it('registers with a single-use SMS code, hashes the password with argon2 and sets an httpOnly cookie', async () => {
    const c = apiClient(srv.app);
    const phone = '13600000001';
    expect((await c.post('/api/auth/sms-code', { phone: '12345' })).status).toBe(400);
    expect((await c.post('/api/auth/sms-code', { phone })).status).toBe(200);
    expect((await c.post('/api/auth/sms-code', { phone })).status).toBe(429);
    const code = lastCode(phone)!;
    expect(code).toMatch(/^\d{6}$/);
    const weak = await c.post('/api/auth/register', { phone, code, password: 'short', name: '新老师', provinceCode: '110000' });
    expect(weak.status).toBe(400);
    const wrong = await c.post('/api/auth/register', { phone, code: code === '000000' ? '111111' : '000000', password: 'Teacher2026', name: '新老师', provinceCode: '110000' });
    expect(wrong.body.code).toBe('BAD_CODE');
    const raw = await srv.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { phone, code, password: 'Teacher2026', name: '新老师', provinceCode: '110000', city: '北京市', county: '海淀区', unitName: '北京市海淀实验小学' },
    });
    expect(raw.statusCode).toBe(200);
    const cookie = String(raw.headers['set-cookie']);
    expect(cookie).toMatch(/anli_sid=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(raw.json().user).toMatchObject({ role: 'author', provinceCode: '110000', phone: '136****0001' });
    const [u] = await srv.db.query<{ password_hash: string }>('select password_hash from users where phone = $1', [phone]);
    expect(u.password_hash).toMatch(/^\$argon2id\$/);
    // The unit sits under province → city → county and is offered to the next registrant of the province.
    const units = await c.get('/api/units?provinceCode=110000&q=海淀');
    expect(units.body).toEqual([expect.objectContaining({ provinceCode: '110000', city: '北京市', county: '海淀区', name: '北京市海淀实验小学', kind: 'school' })]);
    expect((await c.get('/api/units?provinceCode=310000&q=海淀')).body).toEqual([]);
    // The code was used once; it cannot register again.
    const again = await c.post('/api/auth/register', { phone, code, password: 'Teacher2026', name: '新老师', provinceCode: '110000' });
    expect(again.status).toBe(400);
  });

  it('gives the same reply for an unknown phone and a wrong password, and throttles both alike', async () => {
    const c = apiClient(srv.app);
    const unknown = await c.post('/api/auth/login', { phone: '13611112222', password: 'Whatever123' });
    const wrong = await c.post('/api/auth/login', { phone: '13800000001', password: 'Wrong12345' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ code: 'BAD_CREDENTIALS', message: '手机号或密码错误' });
    for (let i = 1; i < PAIR_FREE; i++) await c.post('/api/auth/login', { phone: '13800000001', password: 'Wrong12345' });
    const slowed = await c.post('/api/auth/login', { phone: '13800000001', password: 'Demo@2026' });
    expect(slowed.status).toBe(429);
    // Unknown numbers are throttled the same way, so the reply does not reveal whether a number is registered.
    for (let i = 1; i < PAIR_FREE; i++) await c.post('/api/auth/login', { phone: '13611112222', password: 'Whatever123' });
    const unknownSlowed = await c.post('/api/auth/login', { phone: '13611112222', password: 'Whatever123' });
    expect(unknownSlowed.status).toBe(429);
    expect(unknownSlowed.body).toEqual(slowed.body);
    srv.clock.advance(1000);
    expect((await c.post('/api/auth/login', { phone: '13800000001', password: 'Demo@2026' })).status).toBe(200);
  });

  it('ends a session on logout and after the idle timeout', async () => {
    const c = apiClient(srv.app);
    await c.login('13800000002');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const cookie = c.cookie;
    await c.post('/api/auth/logout');
    const stale = await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(stale.statusCode).toBe(401);

    const d = apiClient(srv.app);
    await d.login('13800000002');
    srv.clock.advance(2 * 3600_000 + 1000);
    expect((await d.get('/api/auth/me')).status).toBe(401);
  });
});

describe('activation codes', () => {
  it('are issued per province by the organiser, single use and expiring', async () => {
    const org = apiClient(srv.app);
    await org.login('13900000000');
    const issued = await org.post('/api/org/activation-codes', { provinceCode: '440000' });
    expect(issued.status).toBe(200);
    const { code } = issued.body;
    const list = await org.get('/api/org/activation-codes');
    expect(JSON.stringify(list.body)).not.toContain(code);
    expect(list.body[0]).toMatchObject({ provinceCode: '440000', state: 'open' });

    const a = apiClient(srv.app);
    const ok = await a.post('/api/auth/activate', { code, phone: '13500000044', password: 'Guangdong1', name: '广东管理员' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ role: 'province_admin', provinceCode: '440000', provinceName: '广东省' });
    const b = apiClient(srv.app);
    const twice = await b.post('/api/auth/activate', { code, phone: '13500000045', password: 'Guangdong1', name: '第二人' });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('BAD_ACTIVATION_CODE');

    const expiring = (await org.post('/api/org/activation-codes', { provinceCode: '450000' })).body.code;
    srv.clock.advance(15 * 24 * 3600_000);
    expect((await b.post('/api/auth/activate', { code: expiring, phone: '13500000046', password: 'Guangxi123', name: '广西' })).body.code).toBe('BAD_ACTIVATION_CODE');
    const author = apiClient(srv.app);
    await author.login('13800000003');
    expect((await author.post('/api/org/activation-codes', { provinceCode: '450000' })).status).toBe(403);
  });
});
