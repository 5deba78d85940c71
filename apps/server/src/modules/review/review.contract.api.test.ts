// The typed edge of the review, notice, certificate and similarity routes: every JSON route has its request and
// response schemas in the OpenAPI document, a request that fails its schema is a 400 in Chinese naming the field,
// a POST that takes no input accepts an empty body, and responses carry only what the contract names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';

const CALL = 'teacher-ai-2025';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let doc: any;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(async () => srv?.close());

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** The JSON routes of review.routes.ts, notices.routes.ts, certificate.routes.ts and similarity.routes.ts. */
const ROUTES = [
  'POST /api/auth/activate-expert',
  'POST /api/org/experts', 'GET /api/org/experts', 'POST /api/org/experts/:id/invitation', 'POST /api/org/experts/:id/conflicts',
  'GET /api/org/review/rounds', 'POST /api/org/review/rounds', 'POST /api/org/review/rounds/:roundId/open', 'GET /api/org/review/unreported',
  'POST /api/org/review/rounds/:roundId/close', 'POST /api/org/review/rounds/:roundId/assign', 'GET /api/org/review/rounds/:roundId/assignments',
  'POST /api/org/review/rounds/:roundId/assignments', 'DELETE /api/org/review/rounds/:roundId/assignments/:caseId/:expertId',
  'GET /api/org/review/rounds/:roundId/results', 'POST /api/org/review/rounds/:roundId/decisions',
  'GET /api/province/experts', 'POST /api/province/experts', 'POST /api/province/experts/:id/invitation',
  'GET /api/province/review/rounds', 'POST /api/province/review/rounds', 'POST /api/province/review/rounds/:roundId/open',
  'POST /api/province/review/rounds/:roundId/close', 'POST /api/province/review/rounds/:roundId/assign',
  'GET /api/province/review/rounds/:roundId/assignments', 'POST /api/province/review/rounds/:roundId/assignments',
  'DELETE /api/province/review/rounds/:roundId/assignments/:caseId/:expertId', 'GET /api/province/review/rounds/:roundId/results',
  'GET /api/province/review/advice',
  'GET /api/review/tasks', 'GET /api/review/rounds/:roundId/cases/:id', 'PUT /api/review/rounds/:roundId/cases/:id', 'POST /api/review/rounds/:roundId/cases/:id/submit',
  'GET /api/notices', 'GET /api/notices/unread-count', 'POST /api/notices/:noticeId/read', 'POST /api/notices/read-all',
  'GET /api/announcements', 'GET /api/org/announcements', 'POST /api/org/announcements',
  'GET /api/certificates/verify/:number', 'GET /api/my/certificates', 'GET /api/org/certificates', 'POST /api/org/certificates/issue',
  'POST /api/org/certificates/:number/revoke',
  'GET /api/org/similarity', 'GET /api/org/similarity/pair', 'GET /api/cases/:id/similarity', 'GET /api/cases/:id/scenario-fit', 'POST /api/scenarios/suggest',
];

const op = (route: string) => {
  const [method, url] = route.split(' ') as [string, string];
  return doc.paths[openApiPath(url)]?.[method.toLowerCase()];
};
const responseOf = (route: string) => op(route)?.responses?.['200']?.content?.['application/json']?.schema;

describe('OpenAPI document of the review, notice, certificate and similarity routes', () => {
  it('gives every JSON route a 200 response schema, its path parameters and, for a POST or PUT, a request body', () => {
    const missing: string[] = [];
    for (const r of ROUTES) {
      const o = op(r);
      if (!o) {
        missing.push(`${r}: not in the document`);
        continue;
      }
      if (!responseOf(r)) missing.push(`${r}: response`);
      const params = (r.match(/:/g) ?? []).length;
      if ((o.parameters ?? []).filter((p: any) => p.in === 'path').length < params) missing.push(`${r}: params`);
      if (/^(POST|PUT) /.test(r) && !o.requestBody) missing.push(`${r}: body`);
      if (!/[\u4e00-\u9fff]/.test(o.summary ?? '')) missing.push(`${r}: summary`);
    }
    expect(missing).toEqual([]);
  });

  it('names the properties of the expert tasks, of round results and of the announcement list', () => {
    const tasks = responseOf('GET /api/review/tasks');
    expect(Object.keys(tasks.properties).sort()).toEqual(['submitted', 'tasks', 'total']);
    expect(Object.keys(tasks.properties.tasks.items.properties)).toEqual(expect.arrayContaining([
      'roundId', 'roundName', 'roundScope', 'reviewMode', 'caseId', 'title', 'callTitle', 'caseType', 'caseTypeName',
      'scores', 'comment', 'total', 'savedAt', 'submittedAt', 'status',
    ]));
    const results = responseOf('GET /api/org/review/rounds/:roundId/results');
    expect(Object.keys(results.properties.rows.items.properties)).toEqual(expect.arrayContaining(['rawMean', 'normalisedMean', 'disagreement', 'typeRank', 'sheets']));
    expect(op('GET /api/org/review/rounds/:roundId/results').parameters.find((p: any) => p.in === 'query' && p.name === 'by')).toBeTruthy();
    expect(Object.keys(responseOf('GET /api/org/announcements').properties)).toEqual(['audiences', 'items']);
  });
});

describe('schemas at the edge of the review and notice routes', () => {
  it('answers a review body of the wrong type with 400, in Chinese, naming the field', async () => {
    const o = await buildUser(srv.services, 'organiser', null);
    const org = apiClient(srv.app);
    await org.login(o.phone, o.password);
    const bad = await org.post('/api/org/review/rounds', { callId: CALL, name: '第一轮', caseTypes: ['ai-application'], perCase: '两位' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_REQUEST');
    expect(bad.body.fields).toEqual([{ path: 'perCase', message: '“每个案例的评审专家数”应为数字' }]);
    const decisions = await org.post('/api/org/review/rounds/00000000-0000-4000-8000-000000000000/decisions', { decisions: [{ caseId: 'x', decision: 'maybe' }] });
    expect(decisions.status).toBe(400);
    expect(decisions.body.message).toBe('请选择案例并确定入选或未入选');
    const by = await org.get('/api/org/review/rounds/00000000-0000-4000-8000-000000000000/results?by=best');
    expect(by.status).toBe(400);
    expect(by.body.message).toMatch(/排名依据/);
    const sms = await org.post('/api/org/announcements', { title: '通知', body: '正文', audience: 'everyone', sendSms: 'yes' });
    expect(sms.status).toBe(400);
    expect(sms.body.fields).toEqual([{ path: 'sendSms', message: '“同时发送短信”应为是或否' }]);

    // The service still says what is wrong with values of the right type (business rules stay there).
    const empty = await org.post('/api/org/review/rounds', { callId: CALL, name: '', caseTypes: [], perCase: 0 });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.map((f: any) => f.path).sort()).toEqual(['caseTypes', 'name', 'perCase']);
  });

  it('returns only the fields the round contract names', async () => {
    const o = await buildUser(srv.services, 'organiser', null);
    const org = apiClient(srv.app);
    await org.login(o.phone, o.password);
    const created = await org.post('/api/org/review/rounds', { callId: CALL, name: '契约轮次', caseTypes: ['ai-application'], perCase: 2 });
    expect(created.status).toBe(200);
    const list = (await org.get(`/api/org/review/rounds?callId=${CALL}`)).body;
    const round = list.find((r: any) => r.id === created.body.id);
    expect(round).toMatchObject({ name: '契约轮次', callId: CALL, perCase: 2, state: 'draft', cases: 0, assignments: 0, scope: 'national' });
    // The database row the list is built from (call_id, per_case, created_by …) stays on the server.
    expect(Object.keys(round).filter((k) => k.includes('_'))).toEqual([]);
  });

  it('accepts a POST that takes no input with an empty body or none at all', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const none = await srv.app.inject({ method: 'POST', url: '/api/notices/read-all', headers: { cookie: c.cookie } });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ marked: 0, unread: 0 });
    expect((await c.post('/api/notices/read-all', {})).body).toEqual({ marked: 0, unread: 0 });
  });
});
