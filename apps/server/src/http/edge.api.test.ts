// The shared edge defences (issue 18 items 1, 3, 4, 5) against the real platform: forged same-site and cross-site
// posts refused and audited, nested and oversized JSON refused while /api/health answers, NUL and non-numeric query
// parameters a 400 on every GET route, X-Forwarded-For ignored unless TRUST_PROXY names the proxy, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { startTestServer } from '../testing/test-server.ts';
import { apiClient } from '../testing/client.ts';
import { tickChecklist } from '../testing/review.ts';
import { allowedOriginsFromEnv, jsonDepthExceeds, securityHeaders } from './edge.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let caseId = '';
beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  const [c] = await srv.db.query<{ id: string }>(`select id from cases where title = '基于课堂AI分析的初中数学循证教研实践'`);
  caseId = c.id;
});
afterAll(async () => srv?.close());

/** A request as a browser sends it: the session cookie plus the page's Origin (or Referer only). */
const send = (method: string, url: string, cookie: string, headers: Record<string, string>, payload?: string) =>
  srv.app.inject({ method: method as 'POST', url, payload, headers: { cookie, ...headers } });

describe('forged requests from other origins (item 1)', () => {
  it('refuses a same-site page on another port and a cross-site form post; the real page still works', async () => {
    const admin = apiClient(srv.app);
    await admin.login('13900000011');
    // 推荐 needs the province's checklist of manual items ticked first (issue 14).
    await tickChecklist(admin, caseId);
    const own = srv.url;
    const ok = await send('POST', `/api/cases/${caseId}/recommend`, admin.cookie, { origin: own, 'content-type': 'application/json' }, '{}');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().state).toBe('province_recommended');

    // A page on another port of the same host: same site (SameSite=Lax sends the cookie), other origin.
    const port = new URL(own).port;
    const sameSite = await send('POST', `/api/cases/${caseId}/unrecommend`, admin.cookie, {
      origin: `http://127.0.0.1:${Number(port) + 1}`, 'content-type': 'application/x-www-form-urlencoded',
    }, 'reason=x');
    expect(sameSite.statusCode).toBe(403);
    expect(sameSite.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    expect(sameSite.json().message).toMatch(/其他网站/);
    // Another site, Referer only (an old browser or a privacy setting that drops Origin).
    const crossSite = await send('POST', `/api/cases/${caseId}/unrecommend`, admin.cookie, {
      referer: 'https://evil.example/page', 'content-type': 'text/plain',
    }, '{}');
    expect(crossSite.statusCode).toBe(403);
    // An opaque origin ("null": sandboxed frame, data: page) is no origin of ours.
    expect((await send('DELETE', `/api/cases/${caseId}`, admin.cookie, { origin: 'null' })).statusCode).toBe(403);
    // The tus endpoint too.
    expect((await send('POST', '/api/uploads', admin.cookie, { origin: 'http://evil.example', 'tus-resumable': '1.0.0', 'upload-length': '10' })).statusCode).toBe(403);

    const state = (await srv.db.query<{ state: string }>('select state from cases where id = $1', [caseId]))[0].state;
    expect(state).toBe('province_recommended');
    const audit = await srv.db.query<{ actor_role: string; object_id: string; data: any }>(
      `select actor_role, object_id, data from audit_log where event = 'auth.cross_origin' order by id`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(audit[0]).toMatchObject({ actor_role: 'province_admin', object_id: `POST /api/cases/${caseId}/unrecommend` });
    expect(audit[0].data.origin).toBe(`http://127.0.0.1:${Number(port) + 1}`);
    // One record per refusal: the generic 403 audit does not add a second.
    expect((await srv.db.query(`select 1 from audit_log where event = 'auth.forbidden' and object_id like '%unrecommend%'`)).length).toBe(0);

    const back = await send('POST', `/api/cases/${caseId}/unrecommend`, admin.cookie, { referer: `${own}/province/cases`, 'content-type': 'application/json' }, '{}');
    expect(back.statusCode).toBe(200);
  });
});

describe('allowed origins', () => {
  it('are PUBLIC_URL plus ALLOWED_ORIGINS; without PUBLIC_URL the loopback names of the port', () => {
    expect(allowedOriginsFromEnv({ PUBLIC_URL: 'https://anli.example.cn/', ALLOWED_ORIGINS: 'https://a.example.cn:8443, junk,http://b.example.cn' })).toEqual([
      'https://anli.example.cn', 'https://a.example.cn:8443', 'http://b.example.cn',
    ]);
    const dev = allowedOriginsFromEnv({ PORT: '3100' });
    expect(dev).toContain('http://localhost:3100');
    expect(dev).toContain('http://127.0.0.1:3100');
    expect(dev).not.toContain('https://anli.example.cn');
  });
});

describe('request limits (item 3)', () => {
  it('refuses deeply nested JSON before parsing while /api/health keeps answering', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const bodies = Array.from({ length: 5 }, () =>
      srv.app.inject({ method: 'POST', url: '/api/auth/register', payload: deep, headers: { 'content-type': 'application/json' } }),
    );
    const health = srv.app.inject({ method: 'GET', url: '/api/health' });
    const [h, ...rs] = await Promise.all([health, ...bodies]);
    expect(h.statusCode).toBe(200);
    for (const r of rs) {
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('JSON_TOO_DEEP');
    }
    // Depth inside strings does not count.
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[[[[['.repeat(10) }), 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
  });

  it('refuses a JSON body over the limit with 413 and a NUL character with 400', async () => {
    const big = JSON.stringify({ phone: '13800000001', password: 'x'.repeat(2 * 1024 * 1024) });
    const r = await srv.app.inject({ method: 'POST', url: '/api/auth/register', payload: big, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(413);
    // The login route takes 4 KB at most.
    const login = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: JSON.stringify({ phone: '13800000001', password: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json' } });
    expect(login.statusCode).toBe(413);
    expect(login.json().message).toMatch(/请求内容过大/);
    const nul = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"phone":"1380000\\u00000001","password":"a"}', headers: { 'content-type': 'application/json' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().code).toBe('NUL_CHARACTER');
  });

  it('answers 400 (never 500) to NUL bytes, non-numeric paging and repeated keys on every GET route, for every role', async () => {
    const routes = ((srv.app as any).apiRoutes as Array<{ method: string; url: string }>).filter((r) => r.method === 'GET' && !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(40);
    const clients = [apiClient(srv.app)];
    for (const phone of ['13900000000', '13900000011', '13900000099', '13800000001']) {
      const c = apiClient(srv.app);
      await c.login(phone);
      clients.push(c);
    }
    const bad: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:[A-Za-z]+/g, '00000000-0000-0000-0000-000000000000');
      for (const c of clients) {
        for (const q of ['q=%00', 'callId=teacher-training-2026%00', 'limit=abc', 'offset=-1', 'q=a&q=b']) {
          const res = await c.get(`${url}?${q}`);
          if (res.status !== 400) bad.push(`${url}?${q} → ${res.status}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('client addresses (item 4)', () => {
  it('ignores X-Forwarded-For by default: the audit records the peer', async () => {
    await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13812345678', password: 'wrong-password' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    const [row] = await srv.db.query<{ data: any }>(`select data from audit_log where event = 'auth.login' and outcome = 'failure' order by id desc limit 1`);
    expect(row.data.ip).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a proxy named in TRUST_PROXY', async () => {
    const behind = await startTestServer({ demo: false, trustProxy: ['127.0.0.1'] });
    try {
      await behind.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13812345678', password: 'wrong-password' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
      const [row] = await behind.db.query<{ data: any }>(`select data from audit_log where event = 'auth.login' order by id desc limit 1`);
      expect(row.data.ip).toBe('203.0.113.9');
    } finally {
      await behind.close();
    }
  });
});

describe('security headers (item 5)', () => {
  it('sends CSP, frame and referrer policies on API and HTML responses', async () => {
    for (const url of ['/api/health', '/api/nothing-here', '/', '/login']) {
      const r = await srv.app.inject({ method: 'GET', url });
      const csp = String(r.headers['content-security-policy']);
      expect(csp, url).toMatch(/script-src 'self'/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('same-origin');
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds HSTS when cookies are secure (COOKIE_SECURE=true)', async () => {
    const app = Fastify();
    securityHeaders(app, { hsts: true });
    app.get('/x', async () => ({ ok: true }));
    const r = await app.inject({ method: 'GET', url: '/x' });
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    await app.close();
  });
});
