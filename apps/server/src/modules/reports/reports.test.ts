// Exports equal the lists on screen (same query → same rows and values), and the dashboards count what the data holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { readSheetText } from '../../infra/xlsx.ts';
import ExcelJS from 'exceljs';
import { formatBeijing } from '@anli/domain/deadline.ts';

const CALL = 'teacher-training-2026';
let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let bj: ReturnType<typeof apiClient>;
let wangCase: string;
let withFiles = 0;

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  org = apiClient(srv.app);
  await org.login('13900000000');
  bj = apiClient(srv.app);
  await bj.login('13900000011');
  // Known check results for 北京's 2026 cases: every current file checked and passing, except one failing rule on one
  // file of 王老师's case (the demo attaches real files when ffmpeg is present; the checker's own tests cover them).
  wangCase = (await bj.get(`/api/province/cases?pageSize=200&callId=${CALL}&state=submitted`)).body.items[0].id;
  const bjCases = (await bj.get(`/api/province/cases?pageSize=200&callId=${CALL}`)).body.items.map((c: any) => c.id);
  await srv.db.query(`delete from check_results where file_id in (select id from files where case_id = any($1::uuid[]))`, [bjCases]);
  await srv.db.query(`update files set check_status = 'done' where case_id = any($1::uuid[])`, [bjCases]);
  let [f] = await srv.db.query<{ id: string }>(`select id from files where case_id = $1 and is_current order by slot limit 1`, [wangCase]);
  if (!f) {
    [f] = await srv.db.query<{ id: string }>(
      `insert into files (case_id, slot, object_key, filename, size, check_status) values ($1, 'video', 'test/video-1', 'v.mp4', 10, 'done') returning id`, [wangCase],
    );
  }
  await srv.db.query(`insert into check_results (file_id, rule, status, message) values ($1, 'video.duration', 'fail', '视频时长不符合要求'), ($1, 'video.codec', 'warn', '建议 H.264')`, [f.id]);
  withFiles = (await srv.db.query(`select distinct case_id from files where is_current and case_id = any($1::uuid[])`, [bjCases])).length;
});
afterAll(async () => srv?.close());

async function sheet(client: ReturnType<typeof apiClient>, url: string, name?: string) {
  const res = await client.get(url);
  expect(res.status, url).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  return readSheetText(res.raw, name);
}

const when = (iso: string | null) => (iso ? formatBeijing(Date.parse(iso)) : '');

describe('exports equal the lists on screen', () => {
  it('organiser 全部案例 with filters: same rows, same values, phones in full, check status included', async () => {
    for (const q of [`callId=${CALL}`, `callId=${CALL}&provinceCode=110000`, `callId=${CALL}&state=returned`, `callId=${CALL}&q=${encodeURIComponent('数学')}`, 'callId=teacher-ai-2025']) {
      const list = (await org.get(`/api/org/cases?pageSize=200&${q}`)).body.items;
      const rows = await sheet(org, `/api/org/cases.xlsx?${q}`);
      expect(rows[0]).toEqual(['序号', '案例名称', '案例类型', '第一作者', '手机号码', '工作单位', '学段/类别', '省份', '状态', '材料检测', '提交时间', '更新时间']);
      expect(rows.slice(1)).toEqual(
        list.map((c: any, i: number) => [String(i + 1), c.title, c.caseTypeName, c.authorName, c.authorPhone, c.unit, c.classification ?? '', c.provinceName, c.stateLabel, c.checkLabel, when(c.submittedAt), when(c.updatedAt)]),
      );
    }
    const all = (await org.get(`/api/org/cases?pageSize=200&callId=${CALL}&provinceCode=110000`)).body.items;
    expect(all.length).toBe(2);
    expect(all.find((c: any) => c.id === wangCase)).toMatchObject({ checkStatus: 'failing', checkLabel: '未通过：视频时长', failingRules: ['video.duration'], authorPhone: '13800000001' });
    const filtered = await sheet(org, `/api/org/cases.xlsx?callId=${CALL}&state=returned`);
    expect(filtered.length).toBe(2);
    expect(filtered[1][8]).toBe('已退回修改');
  });

  it('province list export applies the filters and masks phones as the list does', async () => {
    for (const q of [`callId=${CALL}`, `callId=${CALL}&state=submitted`, `callId=${CALL}&caseType=online-studio`]) {
      const list = (await bj.get(`/api/province/cases?pageSize=200&${q}`)).body.items;
      const rows = await sheet(bj, `/api/province/cases.xlsx?${q}`);
      expect(rows.slice(1).map((r) => [r[1], r[4], r[8], r[9]])).toEqual(list.map((c: any) => [c.title, c.authorPhone, c.stateLabel, c.checkLabel]));
    }
    const rows = await sheet(bj, `/api/province/cases.xlsx?callId=${CALL}`);
    expect(rows.slice(1).every((r) => /^\d{3}\*{4}\d{4}$/.test(r[4]))).toBe(true);
    expect(rows.length).toBe(3);
  });

  it('audit extract with filters equals the audit list', async () => {
    for (const q of ['event=case.submit', 'provinceCode=110000&limit=20', 'limit=50']) {
      const list = (await org.get(`/api/org/audit?pageSize=200&${q}`)).body.items;
      const rows = await sheet(org, `/api/org/audit.xlsx?${q}`);
      expect(rows[0].slice(0, 5)).toEqual(['时间', '操作人', '角色', '事件', '事件代码']);
      // Names on screen and in the sheet; the codes beside them in the sheet only.
      expect(rows.slice(1).map((r) => [r[4], r[7], r[10], r[12]])).toEqual(list.map((e: any) => [e.event, e.objectLabel ?? '', e.reason ?? '', e.objectId ?? '']));
    }
    const submits = (await sheet(org, '/api/org/audit.xlsx?event=case.submit')).slice(1);
    expect(submits.length).toBeGreaterThan(0);
    expect(submits.every((r) => r[3] !== 'case.submit' && r[4] === 'case.submit')).toBe(true);
  });

  it('contact forms: the organiser sees every province, with phones, on screen and in Excel', async () => {
    const sh = apiClient(srv.app);
    await sh.login('13900000031');
    expect((await sh.put('/api/province/contact-form', {
      callId: CALL, data: { orgName: '上海市电化教育馆', department: '资源部', contactName: '周老师', position: '科长', landline: '021-12345678', mobile: '13911112222' },
    })).status).toBe(200);
    const list = (await org.get(`/api/org/contact-forms?callId=${CALL}`)).body;
    expect(list.rows).toHaveLength(32);
    const rows = await sheet(org, `/api/org/contact-forms.xlsx?callId=${CALL}`);
    expect(rows[0]).toEqual(['省份', '提交时间', ...list.fields.map((f: any) => f.label)]);
    expect(rows.slice(1).map((r) => [r[0], ...r.slice(2)])).toEqual(list.rows.map((r: any) => [r.provinceName, ...list.fields.map((f: any) => r.data[f.key])]));
    expect(rows.find((r) => r[0] === '上海市')).toContain('13911112222');
    expect(rows.find((r) => r[0] === '北京市')![1]).toBe('未提交');
  });

  it('experts, review results and results exports equal their lists', async () => {
    const experts = (await org.get('/api/org/experts?pageSize=200')).body.items;
    const er = await sheet(org, '/api/org/experts.xlsx');
    expect(er.slice(1).map((r) => [r[0], r[1]])).toEqual(experts.map((e: any) => [e.name, e.phone]));
    const rounds = (await org.get('/api/org/review/rounds?callId=teacher-ai-2025')).body;
    const round = (rounds.rounds ?? rounds)[0];
    const results = (await org.get(`/api/org/review/rounds/${round.id}/results`)).body;
    const rr = await sheet(org, `/api/org/review/rounds/${round.id}/results.xlsx`);
    expect(rr.slice(1).map((r) => [r[0], r[2], r[4]])).toEqual(results.rows.map((x: any) => [x.title, x.provinceName, String(x.assigned)]));
    const view = (await org.get('/api/org/results?callId=teacher-ai-2025')).body;
    const res = await org.get('/api/org/results.xlsx?callId=teacher-ai-2025');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['入选待公布', '已公布']);
    expect(wb.getWorksheet('入选待公布')!.actualRowCount - 1).toBe(view.selected.length);
    expect(wb.getWorksheet('已公布')!.actualRowCount - 1).toBe(view.total);
    // Every export is on the record.
    const audit = (await org.get('/api/org/audit?pageSize=200')).body.items.map((e: any) => e.event);
    for (const e of ['export.org_cases', 'export.audit', 'export.contact_forms', 'export.experts', 'export.review_results', 'export.org_results', 'export.province_cases']) expect(audit).toContain(e);
  });
});

describe('dashboards', () => {
  it('organiser: per province submitted, checked, failing, recommended vs quota, reported, contact form; top failing rules', async () => {
    const d = (await org.get(`/api/org/dashboard?callId=${CALL}`)).body;
    expect(d.provinces).toHaveLength(32);
    const bjRow = d.provinces.find((p: any) => p.provinceCode === '110000');
    expect(bjRow).toMatchObject({ submitted: 2, checked: withFiles, failing: 1, recommended: 0, quotaUsed: 0, quota: 100, reported: false });
    expect(d.failingRules).toEqual([{ rule: 'video.duration', ruleName: '视频时长', cases: 1, files: 1 }]);
    expect(d.totals.failing).toBe(1);
    // After a recommendation and the report, the counters follow.
    expect((await bj.post(`/api/cases/${wangCase}/recommend`)).status).toBe(200);
    expect((await bj.post('/api/province/report', { callId: CALL })).status).toBe(200);
    const after = (await org.get(`/api/org/dashboard?callId=${CALL}`)).body.provinces.find((p: any) => p.provinceCode === '110000');
    expect(after).toMatchObject({ recommended: 1, quotaUsed: 1, reported: true });
    const rows = await sheet(org, `/api/org/dashboard.xlsx?callId=${CALL}`, '各省概况');
    expect(rows.find((r) => r[0] === '北京市')).toEqual(['北京市', '2', String(withFiles), '1', '1', '0', '1', '100', '已上报', '', after.contactFormSubmitted ? '已提交' : '未提交']);
    const rules = await sheet(org, `/api/org/dashboard.xlsx?callId=${CALL}`, '未通过规则');
    const dash = await org.get(`/api/org/dashboard.xlsx?callId=${CALL}`);
    expect(decodeURIComponent(String(dash.headers['content-disposition']).split("UTF-8''")[1])).toBe("2026 年教师研修专项案例征集-各省概况.xlsx");
    expect(rules[1]).toEqual(['video.duration', '视频时长', '1', '1']);
  });

  it('province: its own cases by state and check status, failing rules and quota use; never another province', async () => {
    const d = (await bj.get(`/api/province/dashboard?callId=${CALL}`)).body;
    expect(d.total).toBe(2);
    expect(d.byState.map((s: any) => [s.state, s.count]).sort()).toEqual([['province_recommended', 1], ['returned', 1]]);
    expect(d.byCheck.find((c: any) => c.status === 'failing').count).toBe(1);
    expect(d.byCheck.find((c: any) => c.status === 'no_files').count).toBe(2 - withFiles);
    expect(d.byCheck.find((c: any) => c.status === 'passed').count).toBe(withFiles - 1);
    expect(d.failingRules.map((r: any) => r.rule)).toEqual(['video.duration']);
    expect(d.quota[0]).toMatchObject({ used: 1, max: 100 });
    const sh = apiClient(srv.app);
    await sh.login('13900000031');
    const shd = (await sh.get(`/api/province/dashboard?callId=${CALL}`)).body;
    expect(shd.failingRules).toEqual([]);
    expect(shd.provinceCode).toBe('310000');
  });
});
