// Issue 15 items 2, 3 and 5 through the API on the demo data:
// - mode 1: an imported case reads 方式一预选（占用名额） on every list and export, its seat is counted the same on
//   全国概况, 统计看板, the province's status and dashboard; the author cannot delete it but can decline it (reason,
//   audited), which frees the seat and tells the province; 推荐上报 names preselected cases still empty; the SMS
//   carries the activation page's full address; a province sees other drafts only as counts;
// - national rounds, decisions and publication need the national phase or an override with a reason (audited), only
//   reported provinces enter national review, 入选 needs scores, unlocking needs a reason and is refused after
//   publication until the certificates are revoked.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';
import { XLSX_MIME } from '../../infra/xlsx.ts';

const CALL = 'teacher-training-2026';
const CALL_2025 = 'teacher-ai-2025';
const PRESELECTED = '方式一预选（占用名额）';
let srv: Awaited<ReturnType<typeof startTestServer>>;
let sh: ReturnType<typeof apiClient>;
let org: ReturnType<typeof apiClient>;

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  sh = apiClient(srv.app);
  await sh.login('13900000031');
  org = apiClient(srv.app);
  await org.login('13900000000');
});
afterAll(async () => srv?.close());

const phone = (i: number) => `1371111${String(i).padStart(4, '0')}`;

async function importRows(rows: string[][]) {
  const tpl = await sh.get(`/api/province/mode1/template.xlsx?callId=${CALL}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.raw as any);
  const ws = wb.getWorksheet('推荐案例')!;
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(i + 2, j + 1).value = v)));
  const res = await srv.app.inject({
    method: 'POST', url: `/api/province/mode1/import?callId=${CALL}&fileName=list.xlsx`, payload: Buffer.from(await wb.xlsx.writeBuffer()),
    headers: { cookie: sh.cookie, 'content-type': XLSX_MIME },
  });
  return { status: res.statusCode, body: res.json() };
}

/** The seats in use for 上海市 on every page that shows them. */
async function seatsEverywhere() {
  const overview = (await org.get(`/api/org/overview?callId=${CALL}`)).body.find((r: any) => r.provinceCode === '310000');
  const dashboard = (await org.get(`/api/org/dashboard?callId=${CALL}`)).body.provinces.find((r: any) => r.provinceCode === '310000');
  const status = (await sh.get(`/api/province/status?callId=${CALL}`)).body;
  const mine = (await sh.get(`/api/province/dashboard?callId=${CALL}`)).body;
  const sum = (q: Array<{ used: number }>) => q.reduce((s, x) => s + x.used, 0);
  return {
    overview: overview.quotaUsed, dashboard: dashboard.quotaUsed, status: sum(status.quota), provinceDashboard: sum(mine.quota),
    preselected: [overview.preselected, dashboard.preselected, status.preselected],
  };
}

async function sheetRows(url: string, client: ReturnType<typeof apiClient>) {
  const res = await client.get(url);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.raw as any);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

describe('mode 1 preselected cases', () => {
  const titles = ['预选案例甲：课堂证据循证教研', '预选案例乙：线上工作室研修'];
  let caseIds: string[] = [];
  let author: ReturnType<typeof apiClient>;

  it('are counted the same on every page and named 方式一预选（占用名额） in every list and export', async () => {
    expect((await sh.put('/api/province/mode', { callId: CALL, mode: 1 })).status).toBe(200);
    const before = await seatsEverywhere();
    expect(new Set([before.overview, before.dashboard, before.status, before.provinceDashboard]).size).toBe(1);
    const r = await importRows([
      [titles[0], '人机协同循证教研案例', '学校案例', '甲老师', '上海市甲中学', phone(1)],
      [titles[1], '名师线上工作室研修案例', '省级', '乙老师', '上海市乙小学', phone(2)],
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    caseIds = r.body.created.map((c: any) => c.caseId);
    const after = await seatsEverywhere();
    // 全国概况, 统计看板, the province's list header and its dashboard: one number (it was 2 vs 4 before the fix).
    expect([after.overview, after.dashboard, after.status, after.provinceDashboard]).toEqual(Array(4).fill(before.overview + 2));
    expect(after.preselected).toEqual(Array(3).fill(before.preselected[0] + 2));

    const list = (await sh.get(`/api/province/cases?pageSize=200&callId=${CALL}`)).body.items;
    for (const id of caseIds) expect(list.find((c: any) => c.id === id).stateLabel).toContain(PRESELECTED);
    // 学段/类别 shows the 认定层级 of a 工作室 case.
    expect(list.find((c: any) => c.id === caseIds[1]).classification).toBe('认定层级：省级');
    const orgList = (await org.get(`/api/org/cases?pageSize=200&callId=${CALL}&provinceCode=310000`)).body.items;
    for (const id of caseIds) expect(orgList.find((c: any) => c.id === id).stateLabel).toContain(PRESELECTED);
    const rows = await sheetRows(`/api/province/cases.xlsx?callId=${CALL}`, sh);
    const state = rows[0]!.indexOf('状态');
    for (const t of titles) expect(rows.find((x) => x.includes(t))![state]).toContain(PRESELECTED);
    const orgRows = await sheetRows(`/api/org/cases.xlsx?callId=${CALL}`, org);
    for (const t of titles) expect(orgRows.find((x) => x.includes(t))![orgRows[0]!.indexOf('状态')]).toContain(PRESELECTED);
  });

  it('推荐上报 warns naming the preselected cases whose authors have not submitted', async () => {
    const st = (await sh.get(`/api/province/status?callId=${CALL}`)).body;
    expect(st.emptyPreselected.map((c: any) => c.title)).toEqual(expect.arrayContaining(titles));
    expect(st.emptyPreselected.find((c: any) => c.title === titles[0]).authorName).toBe('甲老师');
  });

  it('sends the invited author the full address of the activation page', async () => {
    await srv.services.messaging.deliverDue();
    await vi.waitFor(() => expect(srv.sender.sent.some((m) => m.to === phone(1) && m.template === 'mode1_invitation')).toBe(true));
    const sms = srv.sender.sent.find((m) => m.to === phone(1) && m.template === 'mode1_invitation')!;
    expect(sms.text).toMatch(/https?:\/\/[^\s]+\/activate-author/);
    const code = /激活码(\d{8})/.exec(sms.text)![1];
    author = apiClient(srv.app);
    expect((await author.post('/api/auth/activate-invitation', { phone: phone(1), code, password: 'Jia2026abc' })).status).toBe(200);
  });

  it('the author cannot delete an imported case but can decline it: audited, seat freed, province told', async () => {
    const mine = (await author.get('/api/my/cases')).body.find((c: any) => c.id === caseIds[0]);
    expect(mine).toMatchObject({ preselected: true, deletable: false, preselectedLabel: PRESELECTED });
    expect(mine.actions).toContain('decline');
    const del = await author.del(`/api/cases/${caseIds[0]}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toContain('放弃预选');
    expect((await author.post(`/api/cases/${caseIds[0]}/decline`, {})).status).toBe(400);
    const before = await seatsEverywhere();
    const ok = await author.post(`/api/cases/${caseIds[0]}/decline`, { reason: '本人调离教学岗位，无法完成案例' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ state: 'declined', declineReason: '本人调离教学岗位，无法完成案例' });
    const after = await seatsEverywhere();
    expect([after.overview, after.dashboard, after.status, after.provinceDashboard]).toEqual(Array(4).fill(before.overview - 1));
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${caseIds[0]}&event=case.decline`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ reason: '本人调离教学岗位，无法完成案例', fromState: 'draft', toState: 'declined', eventLabel: '作者放弃方式一预选' });
    const notices = (await sh.get('/api/notices')).body.items;
    expect(notices.some((n: any) => n.title === '方式一预选案例的作者已放弃' && n.body.includes(titles[0]))).toBe(true);
    // A case the author created is not preselected: it cannot be declined.
    const own = (await (async () => { const c = apiClient(srv.app); await c.login('13800000003'); return c; })());
    const draft = (await own.get('/api/my/cases')).body.find((c: any) => c.state === 'draft');
    expect((await own.post(`/api/cases/${draft.id}/decline`, { reason: '试一试' })).status).toBe(409);
  });

  it('a province sees authors\' drafts only as counts, except preselected cases', async () => {
    const own = apiClient(srv.app);
    await own.login('13800000003');
    const draft = (await own.get('/api/my/cases')).body.find((c: any) => c.state === 'draft' && c.callId === CALL);
    const list = (await sh.get(`/api/province/cases?pageSize=200&callId=${CALL}`)).body.items;
    expect(list.some((c: any) => c.id === draft.id)).toBe(false);
    expect(list.filter((c: any) => c.state === 'draft').every((c: any) => c.preselected)).toBe(true);
    expect(list.some((c: any) => c.id === caseIds[1])).toBe(true);
    expect((await sh.get(`/api/cases/${draft.id}`)).status).toBe(404);
    expect((await sh.get(`/api/province/status?callId=${CALL}`)).body.drafts).toBeGreaterThanOrEqual(1);
    // The administrator reads no 下一步 line meant for the author.
    expect((await sh.get(`/api/cases/${caseIds[1]}`)).body.nextStep).toBe('');
  });

  it('filters the province list on 材料检测 and names failing rules in Chinese', async () => {
    const all = (await sh.get(`/api/province/cases?pageSize=200&callId=${CALL}`)).body.items;
    const noFiles = (await sh.get(`/api/province/cases?pageSize=200&callId=${CALL}&check=no_files`)).body.items;
    expect(noFiles.length).toBeGreaterThan(0);
    expect(noFiles.every((c: any) => c.checkStatus === 'no_files')).toBe(true);
    expect(noFiles.length).toBeLessThanOrEqual(all.length);
    for (const c of all.filter((x: any) => x.checkStatus === 'failing')) {
      expect(c.checkLabel).toMatch(/^未通过：/);
      expect(c.checkLabel).not.toMatch(/[a-z]+\.[a-z_]+/);
    }
  });
});

describe('national rounds, decisions and publication on complete information', () => {
  const bj: string[] = [];
  let gd = '';
  let roundId = '';

  beforeAll(async () => {
    const a = await buildUser(srv.services, 'author', '110000');
    for (let i = 0; i < 2; i++) {
      bj.push(await buildCase(srv.db, { callId: CALL_2025, caseType: 'ai-application', authorId: a.id, provinceCode: '110000', state: 'province_recommended', form: { ...validAiForm(), title: `北京国评案例${i}` }, quotaGroup: 'basic' }));
    }
    const g = await buildUser(srv.services, 'author', '440000');
    gd = await buildCase(srv.db, { callId: CALL_2025, caseType: 'ai-application', authorId: g.id, provinceCode: '440000', state: 'province_recommended', form: { ...validAiForm(), title: '广东未上报案例' }, quotaGroup: 'basic' });
    await srv.db.query(`insert into province_status (call_id, province_code, locked) values ($1, '110000', true) on conflict (call_id, province_code) do update set locked = true`, [CALL_2025]);
    // The demo opens the 2025 national phase; here it is closed, so every step needs the organiser's override.
    expect((await org.put(`/api/org/calls/${CALL_2025}/phases/national_recommendation`, { forced: 'closed' })).status).toBe(200);
  });

  it('opens a national round only in the national phase or with an override, and only from reported provinces', async () => {
    const r = await org.post('/api/org/review/rounds', { callId: CALL_2025, name: '国评补充轮', caseTypes: ['ai-application'], perCase: 1 });
    roundId = r.body.id;
    const refused = await org.post(`/api/org/review/rounds/${roundId}/open`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'OVERRIDE_REQUIRED' });
    expect(refused.body.message).toContain('国家级推荐');
    expect((await org.get(`/api/cases/${bj[0]}`)).body.state).toBe('province_recommended');
    const ok = await org.post(`/api/org/review/rounds/${roundId}/open`, { overrideReason: '组委会决定提前开始评审' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await org.get(`/api/cases/${bj[0]}`)).body.state).toBe('national_review');
    // 广东 has not reported its list: its case waits, and the page names the province.
    expect((await org.get(`/api/cases/${gd}`)).body.state).toBe('province_recommended');
    expect((await org.get(`/api/org/review/unreported?callId=${CALL_2025}`)).body).toEqual(expect.arrayContaining([expect.objectContaining({ provinceName: '广东省', cases: 1 })]));
    const audit = (await org.get(`/api/org/audit?pageSize=200&event=override.round_open`)).body.items;
    expect(audit[0]).toMatchObject({ reason: '组委会决定提前开始评审', eventLabel: '强制开启国家级评审轮次（附理由）' });
  });

  it('decides 入选 without scores or while scoring only with an override; publishes outside the phase only with one', async () => {
    const refused = await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: bj[0], decision: 'select' }] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('OVERRIDE_REQUIRED');
    expect(refused.body.message).toMatch(/评分不足 1 份/);
    expect(refused.body.message).toContain('仍在进行中');
    expect((await org.get(`/api/cases/${bj[0]}`)).body.state).toBe('national_review');
    const ok = await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: bj[0], decision: 'select' }], overrideReason: '专家组线下评议通过' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await org.get(`/api/org/audit?pageSize=200&event=override.decide`)).body.items[0].reason).toBe('专家组线下评议通过');
    // Results without enough scores: the raw mean, and the page says why.
    const results = (await org.get(`/api/org/review/rounds/${roundId}/results`)).body;
    expect(results.normalisation.available).toBe(false);
    expect(results.by).toBe('raw');

    const pub = await org.post('/api/org/results/publish', { callId: CALL_2025 });
    expect(pub.status).toBe(409);
    expect(pub.body.code).toBe('OVERRIDE_REQUIRED');
    expect((await org.get(`/api/cases/${bj[0]}`)).body.state).toBe('selected');
    const pubOk = await org.post('/api/org/results/publish', { callId: CALL_2025, overrideReason: '补发公布' });
    expect(pubOk.status, JSON.stringify(pubOk.body)).toBe(200);
    expect((await org.get(`/api/org/audit?pageSize=200&event=override.publish`)).body.items[0].reason).toBe('补发公布');
  });

  it('unlocking asks for a reason and is refused once the province\'s cases are published, until certificates are revoked', async () => {
    expect((await org.post('/api/org/provinces/110000/unlock', { callId: CALL_2025 })).status).toBe(400);
    const refused = await org.post('/api/org/provinces/110000/unlock', { callId: CALL_2025, reason: '北京申请调整名单' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PUBLISHED');
    const certs = (await org.get(`/api/org/results?callId=${CALL_2025}&provinceCode=110000&pageSize=200`)).body.items.filter((p: any) => p.provinceCode === '110000' && p.certificate && !p.certificate.revoked);
    expect(certs.length).toBeGreaterThan(0);
    for (const c of certs) expect((await org.post(`/api/org/certificates/${c.certificate.number}/revoke`, { reason: '名单调整，证书作废' })).status).toBe(200);
    const ok = await org.post('/api/org/provinces/110000/unlock', { callId: CALL_2025, reason: '北京申请调整名单' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const audit = (await org.get(`/api/org/audit?pageSize=200&event=province.unlock&provinceCode=110000`)).body.items;
    expect(audit[0]).toMatchObject({ reason: '北京申请调整名单', provinceName: '北京市' });
  });
});

describe('a chained call\'s history and returns read as the lists do', () => {
  it('names each level\'s step in the history and who returned a case, on the county\'s list too', async () => {
    const county = apiClient(srv.app);
    await county.login('13900000022');
    const city = apiClient(srv.app);
    await city.login('13900000021');
    const c = (await county.get('/api/region/cases?pageSize=200')).body.items.find((x: any) => x.state === 'submitted');
    expect(c.stateLabel).toBe('已提交，待县级审核');
    expect((await county.post(`/api/region/cases/${c.id}/recommend`, {})).status).toBe(200);
    const viewed = (await city.get(`/api/cases/${c.id}`)).body;
    expect(viewed.stateLabel).toBe('县级已推荐，待市级审核');
    const step = viewed.history.find((h: any) => h.event === 'case.chain_recommend');
    expect([step.stepFrom, step.stepTo]).toEqual(['已提交，待县级审核', '县级已推荐，待市级审核']);
    expect((await city.post(`/api/region/cases/${c.id}/return`, { reason: '请补充市级要求的数据' })).status).toBe(200);
    const back = (await county.get('/api/region/cases?pageSize=200')).body.items.find((x: any) => x.id === c.id);
    expect(back).toMatchObject({ state: 'returned', stateLabel: '市级管理员退回修改', returnReason: '请补充市级要求的数据' });
    const history = (await county.get(`/api/cases/${c.id}`)).body.history;
    expect(history.find((h: any) => h.event === 'case.return').stepTo).toBe('市级管理员退回修改');
  });
});
