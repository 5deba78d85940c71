import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { tickChecklist } from '../../testing/review.ts';

// Demo data: 北京 has 王老师 (submitted) and 李老师 (returned); 上海 has 陈老师's recommended 2025 case and a 2026 draft.
let srv: Awaited<ReturnType<typeof startTestServer>>;
let shanghaiCases: Array<{ id: string; title: string }>;

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  const chen = apiClient(srv.app);
  await chen.login('13800000003');
  shanghaiCases = (await chen.get('/api/my/cases')).body;
});
afterAll(async () => srv?.close());

describe('province scoping', () => {
  it('the 北京 administrator gets 404 for a 上海 case on every endpoint that takes a case id', async () => {
    const bj = apiClient(srv.app);
    await bj.login('13900000011');
    expect(shanghaiCases.length).toBe(2);
    for (const { id } of shanghaiCases) {
      const attempts = [
        bj.get(`/api/cases/${id}`),
        bj.get(`/api/cases/${id}/info-form.docx`),
        bj.get(`/api/cases/${id}/info-form.pdf`),
        bj.post(`/api/cases/${id}/return`, { reason: '越权退回测试' }),
        bj.post(`/api/cases/${id}/recommend`),
        bj.post(`/api/cases/${id}/unrecommend`),
        bj.post(`/api/cases/${id}/submit`),
        bj.post(`/api/cases/${id}/withdraw`),
        bj.post(`/api/cases/${id}/disqualify`, { reason: '越权测试' }),
      ];
      for (const r of await Promise.all(attempts)) {
        // 404 (not in scope) — or 403 where the role itself is refused before any lookup (disqualify is organiser-only).
        expect([404, 403]).toContain(r.status);
        expect(JSON.stringify(r.body)).not.toContain(shanghaiCases[0].title);
      }
      expect((await bj.get(`/api/cases/${id}`)).status).toBe(404);
      expect((await bj.post(`/api/cases/${id}/recommend`)).status).toBe(404);
    }
  });

  it('上海 cases never appear in 北京 lists, counts or exports', async () => {
    const bj = apiClient(srv.app);
    await bj.login('13900000011');
    for (const callId of ['teacher-ai-2025', 'teacher-training-2026']) {
      const list = await bj.get(`/api/province/cases?pageSize=200&callId=${callId}`);
      expect(list.body.items.every((c: any) => c.provinceCode === '110000')).toBe(true);
      const st = await bj.get(`/api/province/status?callId=${callId}`);
      expect(st.body.provinceCode).toBe('110000');
      const total = Object.values(st.body.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total).toBe(list.body.total);
      const xlsx = await bj.get(`/api/province/cases.xlsx?callId=${callId}`);
      expect(xlsx.status).toBe(200);
      // A name a person can read: province and call by name, never codes (issue 17 item 4).
      const name = decodeURIComponent(String(xlsx.headers['content-disposition']).split("UTF-8''")[1]);
      expect(name).toMatch(/^北京市-.+-案例列表\.xlsx$/);
      expect(name).not.toContain(callId);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.raw as any);
      const ws = wb.worksheets[0];
      const titles = ws.getColumn(2).values.slice(2).map(String);
      expect(titles).toEqual(list.body.items.map((c: any) => c.title));
      expect(ws.getRow(1).getCell(2).value).toBe('案例名称');
      for (const sc of shanghaiCases) expect(titles).not.toContain(sc.title);
    }
    // The 2025 quota counter of 北京 does not count 上海's recommended case.
    const st = await bj.get('/api/province/status?callId=teacher-ai-2025');
    expect(st.body.quota.map((q: any) => q.used)).toEqual([0, 0]);
    const all = await bj.get('/api/province/cases?pageSize=200');
    expect(all.body.items.map((c: any) => c.provinceCode)).not.toContain('310000');
    // A province cannot be chosen through the request: query parameters do not widen the scope.
    const sneaky = await bj.get('/api/province/cases?pageSize=200&provinceCode=310000');
    expect(sneaky.body.items.every((c: any) => c.provinceCode === '110000')).toBe(true);
  });

  it('authors see only their own cases and other roles\' routes are refused', async () => {
    const wang = apiClient(srv.app);
    await wang.login('13800000001');
    for (const { id } of shanghaiCases) expect((await wang.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await wang.get('/api/province/cases')).status).toBe(403);
    expect((await wang.get('/api/org/audit')).status).toBe(403);
    const expert = apiClient(srv.app);
    await expert.login('13900000099');
    // The demo expert is assigned only to the 2025 case in national review; the 2026 draft stays out of reach.
    for (const c of shanghaiCases) expect((await expert.get(`/api/cases/${c.id}`)).status).toBe((c as any).state === 'national_review' ? 200 : 404);
    const anon = apiClient(srv.app);
    expect((await anon.get(`/api/cases/${shanghaiCases[0].id}`)).status).toBe(401);
  });
});

describe('reporting the list (推荐上报) and unlocking', () => {
  it('locks the list, closes what was not recommended, and only the organiser unlocks', async () => {
    // 北京 2026: 王老师's case is submitted, 李老师's returned. Recommend one, then report the list.
    const bj = apiClient(srv.app);
    await bj.login('13900000011');
    const org = apiClient(srv.app);
    await org.login('13900000000');
    const call = 'teacher-training-2026';
    const list = (await bj.get(`/api/province/cases?pageSize=200&callId=${call}`)).body.items;
    const wang = list.find((c: any) => c.state === 'submitted');
    const li = list.find((c: any) => c.state === 'returned');
    expect((await bj.post('/api/province/report', { callId: call })).body.code).toBe('NOTHING_RECOMMENDED');
    // The status card: counts by state, the quota seats, the lock and the contact form, read in one query.
    const before = (await bj.get(`/api/province/status?callId=${call}`)).body;
    expect(before).toMatchObject({ provinceCode: '110000', locked: false, lockedAt: null, counts: { submitted: 1, returned: 1 } });
    expect(before.quota.reduce((n: number, q: any) => n + q.used, 0)).toBe(0);
    await tickChecklist(bj, wang.id);
    expect((await bj.post(`/api/cases/${wang.id}/recommend`)).status).toBe(200);
    const after = (await bj.get(`/api/province/status?callId=${call}`)).body;
    expect(after.counts).toEqual({ province_recommended: 1, returned: 1 });
    expect(after.quota.reduce((n: number, q: any) => n + q.used, 0)).toBe(1);
    expect(after.contactFormSubmitted).toBe(before.contactFormSubmitted);
    const rep = await bj.post('/api/province/report', { callId: call });
    expect(rep.status).toBe(200);
    expect(rep.body.locked).toBe(true);
    expect(Date.parse(rep.body.lockedAt)).toBeGreaterThan(0);
    expect((await bj.post(`/api/cases/${wang.id}/unrecommend`)).body.code).toBe('LIST_LOCKED');
    expect((await bj.post('/api/province/report', { callId: call })).status).toBe(409);
    // A returned case is not closed by the report; it simply can no longer be recommended.
    expect((await bj.get(`/api/cases/${li.id}`)).body.state).toBe('returned');
    const overview = await org.get(`/api/org/overview?callId=${call}`);
    expect(overview.body.find((p: any) => p.provinceCode === '110000')).toMatchObject({ locked: true, recommended: 1 });
    expect(overview.body).toHaveLength(32);
    expect((await bj.post(`/api/org/provinces/110000/unlock`, { callId: call })).status).toBe(403);
    expect((await org.post(`/api/org/provinces/110000/unlock`, { callId: call, reason: '测试解锁' })).status).toBe(200);
    expect((await bj.post(`/api/cases/${wang.id}/unrecommend`)).body.state).toBe('submitted');
    const audit = await org.get('/api/org/audit?event=province.report');
    expect(audit.body.items[0]).toMatchObject({ event: 'province.report', provinceCode: '110000', actorRole: 'province_admin' });
  });

  it('counts a case that went on to national review against the province quota', async () => {
    const sh = apiClient(srv.app);
    await sh.login('13900000031');
    const st = await sh.get('/api/province/status?callId=teacher-ai-2025');
    expect(st.body.quota.find((q: any) => q.groupId === 'basic')).toMatchObject({ used: 1, max: 150 });
    expect(st.body.counts).toEqual({ national_review: 1 });
  });

  it('the contact form validates and saves, and the mode is chosen only for 2026', async () => {
    const sh = apiClient(srv.app);
    await sh.login('13900000031');
    const form = await sh.get('/api/province/contact-form?callId=teacher-training-2026');
    expect(form.body.fields.map((f: any) => f.label)).toEqual(['单位名称', '部门', '联系人', '职务', '座机', '手机', '微信号', 'QQ']);
    const status = () => sh.get('/api/province/status?callId=teacher-training-2026').then((r) => r.body);
    expect((await status()).contactFormSubmitted).toBe(false);
    const bad = await sh.put('/api/province/contact-form', { callId: 'teacher-training-2026', data: { orgName: '上海市电化教育馆', mobile: '1' } });
    expect(bad.status).toBe(400);
    const good = await sh.put('/api/province/contact-form', {
      callId: 'teacher-training-2026',
      data: { orgName: '上海市电化教育馆', department: '资源部', contactName: '周老师', position: '科长', landline: '021-12345678', mobile: '13911112222' },
    });
    expect(good.status).toBe(200);
    expect(good.body.submittedAt).not.toBeNull();
    expect((await sh.put('/api/province/mode', { callId: 'teacher-ai-2025', mode: 1 })).status).toBe(400);
    expect((await sh.put('/api/province/mode', { callId: 'teacher-training-2026', mode: 3 })).status).toBe(400);
    expect((await sh.put('/api/province/mode', { callId: 'teacher-training-2026', mode: 1 })).body.mode).toBe(1);
    expect(await status()).toMatchObject({ contactFormSubmitted: true, mode: 1 });
  });
});

describe('the audit log', () => {
  it('is append-only in the database', async () => {
    await expect(srv.db.query('update audit_log set reason = $1', ['tampered'])).rejects.toThrow(/append-only/);
    await expect(srv.db.query('delete from audit_log')).rejects.toThrow(/append-only/);
  });
});
