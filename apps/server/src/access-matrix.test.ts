// The access-control matrix: every API route × every role × own/other province. A role outside a route's audience
// is refused (401/403/404), and a case or file of another province is never served, whatever the route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.ts';
import { apiClient } from './testing/client.ts';
import { MOBILE_IN_TEXT } from './testing/phones.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const ids: { shCase: string; shFile: string; bjCase: string } = { shCase: '', shFile: '', bjCase: '' };

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  const chen = apiClient(srv.app);
  await chen.login('13800000003');
  const mine = (await chen.get('/api/my/cases')).body;
  const submitted = mine.find((c: any) => c.state !== 'draft');
  ids.shCase = submitted.id;
  ids.shFile = (await chen.get(`/api/cases/${submitted.id}/files`)).body.find((s: any) => s.file).file.id;
  const wang = apiClient(srv.app);
  await wang.login('13800000001');
  ids.bjCase = (await wang.get('/api/my/cases')).body[0].id;
});
afterAll(async () => srv?.close());

/** Who may call a route at all (beyond that, scope decides). Routes not listed here fail the test: add them. */
const AUDIENCE: Record<string, Array<'public' | 'author' | 'province_admin' | 'expert' | 'organiser' | 'city_admin' | 'county_admin' | 'any'>> = {
  'GET /api/health': ['public'],
  'GET /api/openapi.json': ['public'],
  'GET /api/notices': ['any'],
  'GET /api/notices/unread-count': ['any'],
  'POST /api/notices/:noticeId/read': ['any'],
  'POST /api/notices/read-all': ['any'],
  'GET /api/announcements': ['public'],
  'GET /api/org/announcements': ['organiser'],
  'POST /api/org/announcements': ['organiser'],
  'GET /api/public/notices': ['public'],
  'GET /api/public/calls/:callId/notice': ['public'],
  'GET /api/public/calls/:callId/notice/attachments/:attachmentId': ['public'],
  'GET /api/org/calls/:callId/notice': ['organiser'],
  'PUT /api/org/calls/:callId/notice': ['organiser'],
  'POST /api/org/calls/:callId/notice/publish': ['organiser'],
  'POST /api/org/calls/:callId/notice/unpublish': ['organiser'],
  'POST /api/org/calls/:callId/notice/attachments': ['organiser'],
  'DELETE /api/org/calls/:callId/notice/attachments/:attachmentId': ['organiser'],
  'GET /api/provinces': ['public'],
  'GET /api/calls': ['public'],
  'GET /api/calls/:callId': ['public'],
  'GET /api/province/author-deadline': ['province_admin'],
  'PUT /api/province/author-deadline': ['province_admin'],
  'GET /api/my/deadlines': ['author'],
  'GET /api/units': ['public'],
  'POST /api/auth/sms-code': ['public'],
  'POST /api/auth/sms-challenge': ['public'],
  'POST /api/auth/password-reset/code': ['public'],
  'POST /api/auth/password-reset': ['public'],
  'GET /api/org/messages': ['organiser'],
  'POST /api/org/messages/:messageId/retry': ['organiser'],
  'POST /api/auth/register': ['public'],
  'POST /api/auth/login': ['public'],
  'POST /api/auth/logout': ['public'],
  'POST /api/auth/activate': ['public'],
  'GET /api/auth/me': ['any'],
  'POST /api/auth/totp': ['public'],
  // The login's second step: a half-way session (not yet a user) is read by the route itself; a stranger gets 401 there.
  'POST /api/auth/totp/enrol/start': ['public'],
  'POST /api/auth/totp/enrol/confirm': ['public'],
  'GET /api/account/security': ['any'],
  'POST /api/account/password': ['any'],
  'POST /api/account/phone/code': ['any'],
  'POST /api/account/phone': ['any'],
  'POST /api/account/recovery-codes': ['any'],
  'POST /api/account/totp/disable': ['any'],
  'GET /api/org/users': ['organiser'],
  'POST /api/org/users/:id/disabled': ['organiser'],
  'GET /api/my/cases': ['author'],
  'POST /api/cases': ['author'],
  'GET /api/cases/:id': ['any'],
  'PUT /api/cases/:id': ['author'],
  'PUT /api/cases/:id/explanations': ['author'],
  'POST /api/cases/:id/explanations/accept': ['province_admin'],
  'PUT /api/cases/:id/checklist': ['province_admin'],
  'GET /api/calls/:callId/templates': ['public'],
  'GET /api/calls/:callId/templates/:templateId': ['public'],
  'PUT /api/calls/:callId/templates/:templateId': ['organiser'],
  'GET /api/calls/:callId/rubrics': ['organiser', 'expert', 'province_admin'],
  'PUT /api/calls/:callId/rubrics/:caseType': ['organiser'],
  'DELETE /api/cases/:id': ['author'],
  'POST /api/cases/:id/submit': ['author'],
  'POST /api/cases/:id/withdraw': ['author'],
  'POST /api/cases/:id/return': ['province_admin'],
  'POST /api/cases/:id/recommend': ['province_admin'],
  'POST /api/cases/:id/unrecommend': ['province_admin'],
  'POST /api/cases/:id/disqualify': ['organiser'],
  'POST /api/cases/:id/decline': ['author'],
  'GET /api/cases/:id/info-form.docx': ['any'],
  'GET /api/cases/:id/info-form.pdf': ['any'],
  'GET /api/cases/:id/files': ['any'],
  'GET /api/cases/:id/files/status': ['any'],
  'GET /api/files/:id/content': ['any'],
  'GET /api/province/cases': ['province_admin'],
  'GET /api/regions': ['public'],
  'GET /api/region/me': ['city_admin', 'county_admin'],
  'GET /api/region/status': ['city_admin', 'county_admin'],
  'GET /api/region/cases': ['city_admin', 'county_admin'],
  'GET /api/region/cases.xlsx': ['city_admin', 'county_admin'],
  'POST /api/region/cases/:id/recommend': ['city_admin', 'county_admin'],
  'POST /api/region/cases/:id/unrecommend': ['city_admin', 'county_admin'],
  'POST /api/region/cases/:id/return': ['city_admin', 'county_admin'],
  'POST /api/region/activation-codes': ['organiser', 'province_admin', 'city_admin'],
  'GET /api/region/activation-codes': ['organiser', 'province_admin', 'city_admin'],
  'GET /api/province/cases.xlsx': ['province_admin'],
  'GET /api/province/status': ['province_admin'],
  'POST /api/province/report': ['province_admin'],
  'GET /api/province/contact-form': ['province_admin'],
  'PUT /api/province/contact-form': ['province_admin'],
  'PUT /api/province/mode': ['province_admin'],
  'GET /api/province/mode1/template.xlsx': ['province_admin'],
  'GET /api/province/mode1/imports': ['province_admin'],
  'POST /api/province/mode1/import': ['province_admin'],
  'POST /api/auth/activate-invitation': ['public'],
  'GET /api/province/dashboard': ['province_admin'],
  'GET /api/org/dashboard': ['organiser'],
  'GET /api/org/dashboard.xlsx': ['organiser'],
  'GET /api/org/cases.xlsx': ['organiser'],
  'GET /api/org/audit.xlsx': ['organiser'],
  'GET /api/org/contact-forms': ['organiser'],
  'GET /api/org/contact-forms.xlsx': ['organiser'],
  'GET /api/org/experts.xlsx': ['organiser'],
  'GET /api/org/review/rounds/:roundId/results.xlsx': ['organiser'],
  'GET /api/org/results.xlsx': ['organiser'],
  'GET /api/org/calls/:callId': ['organiser'],
  'PUT /api/org/calls/:callId/phases/:phaseId': ['organiser'],
  'POST /api/org/calls/:callId/extensions': ['organiser'],
  'DELETE /api/org/calls/:callId/extensions/:provinceCode/:phaseId': ['organiser'],
  'GET /api/org/calls/:callId/definition': ['organiser'],
  'GET /api/org/call-builder': ['organiser'],
  'POST /api/org/call-builder': ['organiser'],
  'POST /api/org/call-builder/import': ['organiser'],
  'GET /api/org/call-builder/:callId': ['organiser'],
  'PUT /api/org/call-builder/:callId': ['organiser'],
  'DELETE /api/org/call-builder/:callId': ['organiser'],
  'POST /api/org/call-builder/:callId/open': ['organiser'],
  'POST /api/org/call-builder/:callId/versions': ['organiser'],
  'POST /api/org/activation-codes': ['organiser'],
  'GET /api/org/activation-codes': ['organiser'],
  'GET /api/org/cases': ['organiser'],
  'GET /api/org/overview': ['organiser'],
  'POST /api/org/provinces/:provinceCode/unlock': ['organiser'],
  'GET /api/org/audit': ['organiser'],
  'GET /api/org/duplicates': ['organiser'],
  'POST /api/org/similarity/scan': ['organiser'],
  'GET /api/org/similarity': ['organiser'],
  'GET /api/org/similarity/pair': ['organiser'],
  'GET /api/cases/:id/similarity': ['organiser', 'expert'],
  'GET /api/cases/:id/scenario-fit': ['any'],
  'POST /api/scenarios/suggest': ['any'],
  'GET /api/certificates/verify/:number': ['public'],
  'GET /api/my/certificates': ['author'],
  'GET /api/certificates/:number/pdf': ['any'],
  'GET /api/org/certificates': ['organiser'],
  'POST /api/org/certificates/issue': ['organiser'],
  'POST /api/org/certificates/:number/revoke': ['organiser'],
  'GET /api/province/certificates.zip': ['province_admin'],
  'GET /api/org/results': ['organiser'],
  'POST /api/org/results/publish': ['organiser'],
  'PUT /api/org/library/:id': ['organiser'],
  'GET /api/results': ['public'],
  'GET /api/results.xlsx': ['public'],
  'GET /api/library': ['public'],
  'GET /api/library/:caseId': ['public'],
  'GET /api/library/:caseId/video': ['public'],
  'GET /api/library/:caseId/courseware': ['public'],
  'POST /api/auth/activate-expert': ['public'],
  'POST /api/org/experts': ['organiser'],
  'GET /api/org/experts': ['organiser'],
  'POST /api/org/experts/:id/invitation': ['organiser'],
  'POST /api/org/experts/:id/conflicts': ['organiser'],
  'GET /api/org/review/rounds': ['organiser'],
  'GET /api/org/review/unreported': ['organiser'],
  'POST /api/org/review/rounds': ['organiser'],
  'POST /api/org/review/rounds/:roundId/open': ['organiser'],
  'POST /api/org/review/rounds/:roundId/close': ['organiser'],
  'POST /api/org/review/rounds/:roundId/assign': ['organiser'],
  'GET /api/org/review/rounds/:roundId/assignments': ['organiser'],
  'POST /api/org/review/rounds/:roundId/assignments': ['organiser'],
  'DELETE /api/org/review/rounds/:roundId/assignments/:caseId/:expertId': ['organiser'],
  'GET /api/org/review/rounds/:roundId/results': ['organiser'],
  'POST /api/org/review/rounds/:roundId/decisions': ['organiser'],
  'GET /api/review/tasks': ['expert'],
  'GET /api/review/rounds/:roundId/cases/:id': ['expert'],
  'PUT /api/review/rounds/:roundId/cases/:id': ['expert'],
  'POST /api/review/rounds/:roundId/cases/:id/submit': ['expert'],
  'GET /api/province/experts': ['province_admin'],
  'POST /api/province/experts': ['province_admin'],
  'POST /api/province/experts/:id/invitation': ['province_admin'],
  'GET /api/province/review/rounds': ['province_admin'],
  'POST /api/province/review/rounds': ['province_admin'],
  'POST /api/province/review/rounds/:roundId/open': ['province_admin'],
  'POST /api/province/review/rounds/:roundId/close': ['province_admin'],
  'POST /api/province/review/rounds/:roundId/assign': ['province_admin'],
  'GET /api/province/review/rounds/:roundId/assignments': ['province_admin'],
  'POST /api/province/review/rounds/:roundId/assignments': ['province_admin'],
  'DELETE /api/province/review/rounds/:roundId/assignments/:caseId/:expertId': ['province_admin'],
  'GET /api/province/review/rounds/:roundId/results': ['province_admin'],
  'GET /api/province/review/advice': ['province_admin'],
};

const ACCOUNTS = {
  anonymous: null,
  author_bj: '13800000001',
  author_sh: '13800000003',
  admin_bj: '13900000011',
  admin_sh: '13900000031',
  city_bj: '13900000021',
  county_bj: '13900000022',
  expert: '13900000099',
  organiser: '13900000000',
} as const;
type Who = keyof typeof ACCOUNTS;
const roleOf: Record<Who, string> = { anonymous: 'public', author_bj: 'author', author_sh: 'author', admin_bj: 'province_admin', admin_sh: 'province_admin', city_bj: 'city_admin', county_bj: 'county_admin', expert: 'expert', organiser: 'organiser' };

function fill(url: string): string {
  return url
    .replace(':id', url.startsWith('/api/files/') ? ids.shFile : ids.shCase)
    .replace(':callId', 'teacher-ai-2025')
    .replace(':phaseId', 'submission')
    .replace(':provinceCode', '310000');
}

describe('access-control matrix', () => {
  it('lists every API route in the audience table', () => {
    const routes = ((srv.app as any).apiRoutes as Array<{ method: string; url: string }>)
      .filter((r) => !r.url.startsWith('/api/uploads'))
      .map((r) => `${r.method} ${r.url}`);
    const unknown = routes.filter((r) => !(r in AUDIENCE));
    expect(unknown, 'routes missing from the audience table').toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(AUDIENCE).length);
  });

  it('each route declares in its definition the audience this table gives it (the server refuses to start without one)', () => {
    const declared = ((srv.app as any).apiRoutes as Array<{ method: string; url: string; audience?: unknown }>).filter((r) => !r.url.startsWith('/api/uploads'));
    const asTable = (a: unknown) => (a === 'public' ? ['public'] : a === 'user' ? ['any'] : Array.isArray(a) ? [...a].sort() : ['（未声明）']);
    const differ = declared
      .map((r) => ({ route: `${r.method} ${r.url}`, declared: asTable(r.audience) }))
      .filter((r) => r.route in AUDIENCE && JSON.stringify(r.declared) !== JSON.stringify([...AUDIENCE[r.route]!].sort()))
      .map((r) => `${r.route}: declared ${r.declared.join(',')}, table ${AUDIENCE[r.route]!.join(',')}`);
    expect(differ).toEqual([]);
  });

  it('refuses every role outside a route\'s audience, and never serves a 上海 case or file to 北京 or others', async () => {
    const clients: Record<string, ReturnType<typeof apiClient>> = {};
    for (const [who, phone] of Object.entries(ACCOUNTS)) {
      clients[who] = apiClient(srv.app);
      if (phone) await clients[who].login(phone);
    }
    // The demo expert (江苏) is assigned to this 上海 2025 case in the open demo round, so it may read it too.
    const mayServeShanghai = new Set<Who>(['author_sh', 'admin_sh', 'organiser', 'expert']);
    const leaks: string[] = [];
    for (const [route, audience] of Object.entries(AUDIENCE)) {
      if (audience.includes('public')) continue;
      const [method, url] = route.split(' ');
      for (const who of Object.keys(ACCOUNTS) as Who[]) {
        // Skip the requests that would change the demo data for the roles that may legitimately make them.
        const mutating = method !== 'GET';
        const allowedRole = audience.includes('any') ? who !== 'anonymous' : audience.includes(roleOf[who] as any);
        if (mutating && allowedRole && mayServeShanghai.has(who)) continue;
        const body = method === 'GET' || method === 'DELETE' ? undefined : { reason: '矩阵测试', callId: 'teacher-ai-2025', form: {}, provinceCode: '310000', phaseId: 'submission', end: '2030-01-01', data: {}, mode: 1 };
        const res = await (clients[who] as any)[method === 'GET' ? 'get' : method === 'POST' ? 'post' : method === 'PUT' ? 'put' : 'del'](fill(url), body);
        const ok = res.status >= 200 && res.status < 300;
        if (!allowedRole && ok) leaks.push(`${who} ${route} → ${res.status}`);
        if (!allowedRole && ![401, 403, 404].includes(res.status)) leaks.push(`${who} ${route} → ${res.status} (expected 401/403/404)`);
        // A route that takes a case or file id serves 上海's only to 上海's author and administrator and the organiser.
        if (url.includes(':id') && ok && !mayServeShanghai.has(who)) leaks.push(`${who} ${route} → ${res.status} (another province's case)`);
        if (who === 'anonymous' && res.status !== 401) leaks.push(`anonymous ${route} → ${res.status} (expected 401)`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('an expert reads only the cases assigned to them', async () => {
    const expert = apiClient(srv.app);
    await expert.login('13900000099');
    expect((await expert.get(`/api/cases/${ids.shCase}`)).status).toBe(200);
    for (const path of [`/api/cases/${ids.bjCase}`, `/api/cases/${ids.bjCase}/files`, `/api/cases/${ids.bjCase}/info-form.pdf`]) {
      expect((await expert.get(path)).status).toBe(404);
    }
    const seen = (await expert.get(`/api/cases/${ids.shCase}`)).body;
    expect(JSON.stringify(seen)).not.toMatch(MOBILE_IN_TEXT);
  });

  it('keeps 上海 out of 北京\'s lists, counts and exports, whatever the query says', async () => {
    const bj = apiClient(srv.app);
    await bj.login('13900000011');
    for (const path of ['/api/province/cases', '/api/province/cases?provinceCode=310000', '/api/province/status?callId=teacher-ai-2025&provinceCode=310000']) {
      const r = await bj.get(path);
      expect(JSON.stringify(r.body)).not.toContain(ids.shCase);
      expect(JSON.stringify(r.body)).not.toContain('310000');
    }
  });

  it('keeps a provincial review round to its province: 上海 neither reads nor changes 北京\'s; an expert reads only assigned cases', async () => {
    const [bj, sh, expert] = [apiClient(srv.app), apiClient(srv.app), apiClient(srv.app)];
    await bj.login('13900000011');
    await sh.login('13900000031');
    await expert.login('13900000099');
    const [c] = await srv.db.query<{ call_id: string; case_type: string }>('select call_id, case_type from cases where id = $1', [ids.bjCase]);
    const created = await bj.post('/api/province/review/rounds', { callId: c!.call_id, name: '矩阵省级评审', caseTypes: [c!.case_type], perCase: 1 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const R = `/api/province/review/rounds/${created.body.id}`;
    expect((await bj.post(`${R}/open`)).status).toBe(200);
    const [e] = await srv.db.query<{ id: string }>(`select e.id from experts e join users u on u.id = e.user_id where u.phone = '13900000099'`);
    expect((await bj.post(`${R}/assignments`, { caseId: ids.bjCase, expertId: e!.id })).status).toBe(200);
    const requests: Array<[string, string, unknown?]> = [
      ['get', `${R}/assignments`], ['get', `${R}/results`], ['post', `${R}/open`, {}], ['post', `${R}/close`, {}], ['post', `${R}/assign`, {}],
      ['post', `${R}/assignments`, { caseId: ids.bjCase, expertId: e!.id }], ['del', `${R}/assignments/${ids.bjCase}/${e!.id}`],
    ];
    for (const [m, url, body] of requests) expect((await (sh as any)[m](url, body)).status, `${m} ${url}`).toBe(404);
    expect((await sh.get('/api/province/review/rounds')).body.map((r: any) => r.id)).not.toContain(created.body.id);
    expect(JSON.stringify((await sh.get(`/api/province/review/advice?callId=${c!.call_id}`)).body)).not.toContain(ids.bjCase);
    // Nothing changed: still open, the assignment still there.
    expect((await bj.get(`${R}/assignments`)).body.cases.find((x: any) => x.caseId === ids.bjCase).experts).toHaveLength(1);
    // The expert reads the assigned 北京 case while the round is open, and no other 北京 case; the organiser reads the round.
    expect((await expert.get(`/api/cases/${ids.bjCase}`)).status).toBe(200);
    const others = await srv.db.query<{ id: string }>(`select id from cases where province_code = '110000' and id <> $1`, [ids.bjCase]);
    for (const o of others) expect((await expert.get(`/api/cases/${o.id}`)).status).toBe(404);
    const org = apiClient(srv.app);
    await org.login('13900000000');
    expect((await org.get(`/api/org/review/rounds/${created.body.id}/results`)).status).toBe(200);
    expect((await bj.post(`${R}/close`)).status).toBe(200);
    expect((await expert.get(`/api/cases/${ids.bjCase}`)).status).toBe(404);
  });
});
