// GET /api/calls/:callId/templates lists the call's templates, public; each url downloads a file that passes the
// checker; the organiser replaces a template by uploading one, which is checked first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { buildReportDocx } from '../../../../../scripts/fixtures/ooxml.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('call templates', () => {
  it('lists them publicly and every download passes the checker', async () => {
    const anon = apiClient(srv.app);
    const list = await anon.get('/api/calls/teacher-training-2026/templates');
    expect(list.status).toBe(200);
    expect(list.body.map((t: any) => [t.caseType, t.slot])).toEqual([[null, 'courseware'], ['evidence-research', 'report'], ['online-studio', 'report']]);
    const call = findCall('teacher-training-2026')!;
    for (const t of list.body) {
      const dl = await anon.get(t.url);
      expect(dl.status, t.url).toBe(200);
      expect(String(dl.headers['content-disposition'])).toContain(encodeURIComponent(t.name));
      const type = call.caseTypes.find((x) => x.id === (t.caseType ?? 'evidence-research'))!;
      const report = await checkFile(memorySource(new Uint8Array(dl.raw), t.name), { as: t.slot, params: checkParamsFor(call, type, false) });
      if (t.slot === 'report') for (const r of report.results) expect(r.status, `${t.name} ${r.rule}: ${r.message}`).toBe('pass');
      else expect(report.verdict).toBe('pass');
    }
    const old = await anon.get('/api/calls/teacher-ai-2025/templates');
    expect(old.body.map((t: any) => t.slot)).toEqual(['courseware']);
    expect((await anon.get('/api/calls/teacher-ai-2025/templates/report-evidence-research')).status).toBe(404);
  });

  it('the organiser replaces a template; a file failing its rules is refused with the findings; others may not', async () => {
    const org = await buildUser(srv.services, 'organiser', null);
    const c = apiClient(srv.app);
    await c.login(org.phone, org.password).catch(() => null);
    const put = (bytes: Uint8Array, filename: string, cookie?: string) =>
      srv.app.inject({
        method: 'PUT',
        url: `/api/calls/teacher-training-2026/templates/report-online-studio?filename=${encodeURIComponent(filename)}`,
        payload: Buffer.from(bytes),
        headers: { 'content-type': DOCX, ...(cookie ? { cookie } : {}) },
      });
    expect((await put(buildReportDocx('pass-styles', { caseType: 'online-studio' }), '模板.docx')).statusCode).toBe(401);
    const author = await buildUser(srv.services, 'author', '110000');
    const a = apiClient(srv.app);
    await a.login(author.phone, author.password);
    // Cookie of the author: forbidden.
    const authorCookie = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: author.phone, password: author.password } });
    const ac = String(authorCookie.headers['set-cookie']).split(';')[0];
    expect((await put(buildReportDocx('pass-styles', { caseType: 'online-studio' }), '模板.docx', ac)).statusCode).toBe(403);
    // The organiser (second factor set up by the factory or not required in tests).
    const login = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: org.phone, password: org.password } });
    const oc = String(login.headers['set-cookie']).split(';')[0];
    const bad = await put(buildReportDocx('fail-fangsong', { caseType: 'online-studio' }), '新模板.docx', oc);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: any) => f.path)).toContain('report.body_style');
    const good = buildReportDocx('pass-styles', { caseType: 'online-studio' });
    const ok = await put(good, '工作室报告模板（组委会版）.docx', oc);
    expect(ok.statusCode, ok.body).toBe(200);
    const listed = (await apiClient(srv.app).get('/api/calls/teacher-training-2026/templates')).body.find((t: any) => t.caseType === 'online-studio');
    expect(listed.name).toBe('工作室报告模板（组委会版）.docx');
    const dl = await apiClient(srv.app).get(listed.url);
    expect(Buffer.compare(dl.raw, Buffer.from(good))).toBe(0);
    const audit = await srv.db.query<{ event: string }>(`select event from audit_log where event = 'call.template_replace'`);
    expect(audit).toHaveLength(1);
  });
});
