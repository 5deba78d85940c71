// The typed edge of the account, province, region, organiser, call, file and dashboard routes: each states its
// request and response schemas, so a bad body is a 400 in Chinese naming the field, a response keeps exactly the
// fields its contract names, and a POST that takes no input accepts a request without a body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import { apiClient } from '../testing/client.ts';
import { buildUser } from '../testing/factories.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

const CALL = 'teacher-training-2026';

/** Operations that answer JSON and must describe it (binary downloads are left out on purpose). */
const JSON_OPERATIONS: Array<[string, string]> = [
  ['post', '/api/auth/totp'], ['post', '/api/auth/totp/enrol/start'], ['post', '/api/auth/totp/enrol/confirm'],
  ['get', '/api/account/security'], ['post', '/api/account/password'], ['post', '/api/account/phone/code'], ['post', '/api/account/phone'],
  ['post', '/api/account/recovery-codes'], ['post', '/api/account/totp/disable'], ['post', '/api/org/users/{id}/disabled'],
  ['get', '/api/provinces'], ['get', '/api/calls'], ['get', '/api/calls/{callId}'], ['get', '/api/org/calls/{callId}'],
  ['put', '/api/org/calls/{callId}/phases/{phaseId}'], ['post', '/api/org/calls/{callId}/extensions'], ['delete', '/api/org/calls/{callId}/extensions/{provinceCode}/{phaseId}'],
  ['get', '/api/province/status'], ['post', '/api/province/report'], ['get', '/api/province/contact-form'], ['put', '/api/province/contact-form'], ['put', '/api/province/mode'],
  ['get', '/api/regions'], ['get', '/api/region/status'], ['post', '/api/region/cases/{id}/recommend'], ['post', '/api/region/cases/{id}/unrecommend'], ['post', '/api/region/cases/{id}/return'],
  ['post', '/api/region/activation-codes'], ['get', '/api/region/activation-codes'], ['get', '/api/region/me'],
  ['post', '/api/org/activation-codes'], ['get', '/api/org/activation-codes'], ['get', '/api/org/overview'], ['post', '/api/org/provinces/{provinceCode}/unlock'],
  ['get', '/api/cases/{id}/files'], ['get', '/api/org/dashboard'], ['get', '/api/province/dashboard'], ['get', '/api/org/contact-forms'],
];

describe('OpenAPI document of the typed routes', () => {
  it('describes the response of every JSON route and the body of every POST and PUT', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const missing: string[] = [];
    for (const [method, path] of JSON_OPERATIONS) {
      const op = doc.paths?.[path]?.[method];
      if (!op?.responses?.['200']?.content?.['application/json']?.schema) missing.push(`${method} ${path}: response`);
      if ((method === 'post' || method === 'put') && !op?.requestBody) missing.push(`${method} ${path}: body`);
    }
    expect(missing).toEqual([]);
  });

  it('lists the properties of the province status card', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const status = doc.paths['/api/province/status'].get;
    expect(status.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain('query:callId');
    const props = Object.keys(status.responses['200'].content['application/json'].schema.properties);
    expect(props).toEqual(expect.arrayContaining(['quota', 'preselected', 'locked', 'lockedAt', 'mode', 'contactFormSubmitted', 'drafts', 'emptyPreselected', 'phases']));
    const mode = doc.paths['/api/province/mode'].put.requestBody.content['application/json'].schema;
    expect(mode.required).toEqual(expect.arrayContaining(['callId', 'mode']));
  });
});

describe('request schemas', () => {
  it('refuses a mode that is neither 1 nor 2 with a 400 naming the choice', async () => {
    const admin = await buildUser(srv.services, 'province_admin', '110000');
    const c = apiClient(srv.app);
    await c.login(admin.phone, admin.password);
    const bad = await c.put('/api/province/mode', { callId: CALL, mode: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_REQUEST');
    expect(bad.body.fields).toEqual([{ path: 'mode', message: '请选择方式一或方式二' }]);
    const noCall = await c.put('/api/province/mode', { mode: 1 });
    expect(noCall.status).toBe(400);
    expect(noCall.body.message).toBe('请填写“活动”');
    const ok = await c.put('/api/province/mode', { callId: CALL, mode: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.mode).toBe(1);
  });

  it('refuses a password change whose fields have the wrong type, naming the field in Chinese', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const bad = await c.post('/api/account/password', { currentPassword: 12345678, newPassword: 'Another#Pass9' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('“当前密码”格式不正确，应为文本');
    expect(bad.body.fields).toEqual([{ path: 'currentPassword', message: '“当前密码”格式不正确，应为文本' }]);
    // The business checks stay in the service: a wrong current password is still its own message.
    const wrong = await c.post('/api/account/password', { currentPassword: 'not-it-at-all', newPassword: 'Another#Pass9' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('BAD_PASSWORD');
  });

  it('accepts a POST that takes no input without any body', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const challenge = await srv.app.inject({ method: 'POST', url: '/api/auth/sms-challenge' });
    expect(challenge.statusCode).toBe(200);
    expect(challenge.json()).toHaveProperty('image');
    const out = await srv.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ok: true });
  });
});

describe('response schemas keep every field the pages read', () => {
  it('answers the province status card with all of its fields', async () => {
    const admin = await buildUser(srv.services, 'province_admin', '120000');
    const c = apiClient(srv.app);
    await c.login(admin.phone, admin.password);
    const r = await c.get(`/api/province/status?callId=${CALL}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(
      ['callId', 'provinceCode', 'provinceName', 'quota', 'preselected', 'locked', 'lockedAt', 'mode', 'provinceModes', 'contactFormSubmitted', 'counts', 'drafts', 'emptyPreselected', 'phases'].sort(),
    );
    expect(Object.keys(r.body.phases[0])).toEqual(expect.arrayContaining(['id', 'name', 'start', 'end', 'open', 'demoMoved', 'noticeEnd', 'authorDeadline', 'perProvince']));
    const form = await c.get(`/api/province/contact-form?callId=${CALL}`);
    expect(form.status).toBe(200);
    expect(form.body.fields.length).toBeGreaterThan(0);
    expect(form.body).toHaveProperty('contactEmail');
  });

  it('answers a call with its whole definition', async () => {
    const r = await apiClient(srv.app).get(`/api/calls/${CALL}`);
    expect(r.status).toBe(200);
    const def = srv.services.calls.requireCall(CALL);
    for (const key of Object.keys(def)) if (key !== 'phases') expect(r.body[key]).toEqual(JSON.parse(JSON.stringify(def[key as keyof typeof def])));
    expect(r.body.scenarios.aiFramework.length).toBeGreaterThan(0);
  });

  it('answers the security overview with its fields', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const r = await c.get('/api/account/security');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['activeSessions', 'recoveryCodesLeft', 'totpEnabled', 'totpEnabledAt', 'totpRequired', 'user']);
  });
});
