// The typed edge: every registered API route is in the OpenAPI document generated from the routes' zod schemas,
// the reference page answers, and input that fails a schema is a 400 in Chinese naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import { apiClient } from '../testing/client.ts';
import { buildUser } from '../testing/factories.ts';
import Fastify from 'fastify';
import { z } from 'zod';
import { zodSerializerCompiler, zodValidatorCompiler } from './zod.ts';
import { registerErrorHandler } from './errors.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');

describe('OpenAPI document', () => {
  it('lists every registered API route with its method, as OpenAPI 3.1', async () => {
    const res = await srv.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const routes = (srv.app as unknown as { apiRoutes: Array<{ method: string; url: string }> }).apiRoutes;
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes
      .filter((r) => r.url !== '/api/openapi.json')
      .filter((r) => !doc.paths?.[openApiPath(r.url)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('describes a converted route with its request and response schemas', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const create = doc.paths['/api/cases'].post;
    expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('callId');
    expect(create.responses['200'].content['application/json'].schema.properties).toHaveProperty('formChecks');
    const health = doc.paths['/api/health'].get;
    expect(health.responses['200'].content['application/json'].schema.properties).toHaveProperty('db');
  });

  it('gives every JSON route its schemas: path parameters, a body where one is sent, and the answer', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // Downloads answer with bytes (Excel, PDF, Word, ZIP, media, templates) and the tus protocol has its own rules:
    // their parameters are described, their answers are files.
    const binary = /\.(xlsx|pdf|docx|zip)$|\/(content|video|courseware|definition|pdf)$|\/templates\/\{templateId\}$|\/attachments\/\{attachmentId\}$|^\/api\/uploads/;
    const gaps: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').length;
        if (declared < (path.match(/\{/g) ?? []).length && !path.startsWith('/api/uploads')) gaps.push(`${where}: path parameters`);
        if (binary.test(path)) continue;
        if (!Object.entries<any>(op.responses ?? {}).some(([code, r]) => /^2/.test(code) && r.content)) gaps.push(`${where}: answer`);
        if (['post', 'put', 'patch'].includes(method) && !op.requestBody) gaps.push(`${where}: body`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('serves a reference page for integrators', async () => {
    const page = await srv.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
  });
});

describe('schemas at the edge', () => {
  it('answers a body that fails its schema with 400, in Chinese, naming the field', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const bad = await c.post('/api/cases', { callId: 42, caseType: 'evidence-research' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_REQUEST');
    expect(bad.body.message).toBe('“活动”格式不正确，应为文本');
    expect(bad.body.fields).toEqual([{ path: 'callId', message: '“活动”格式不正确，应为文本' }]);
    const missing = await c.post('/api/cases', { caseType: 'evidence-research' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('请填写“活动”');
  });

  it('checks the audience before the body: a stranger gets 401, another role 403, never a 400', async () => {
    const anon = await srv.app.inject({ method: 'POST', url: '/api/cases', payload: { callId: 42 } });
    expect(anon.statusCode).toBe(401);
    const e = await buildUser(srv.services, 'expert', '110000');
    const c = apiClient(srv.app);
    await c.login(e.phone, e.password);
    expect((await c.post('/api/cases', { callId: 42 })).status).toBe(403);
  });

  it('drops fields a response schema does not name, and a response that breaks its schema is a 500', async () => {
    const app = Fastify();
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(zodSerializerCompiler);
    registerErrorHandler(app);
    app.get('/leak', { schema: { response: { 200: z.object({ name: z.string() }) } } }, async () => ({ name: '王老师', phone: '13800000001' }));
    app.get('/broken', { schema: { response: { 200: z.object({ name: z.string() }) } } }, async () => ({ name: 42 }));
    expect((await app.inject({ url: '/leak' })).json()).toEqual({ name: '王老师' });
    const broken = await app.inject({ url: '/broken' });
    expect(broken.statusCode).toBe(500);
    expect(broken.json().message).toMatch(/服务器内部错误/);
    await app.close();
  });
});
