// Issue 14 item 8: the 2025 rubric, which the notice does not publish, is labelled as the organiser's own, can be
// edited (indicators, weights adding up to 100, sub-indicators) until a review round of the call opens, is audited,
// and is what experts score with. The 2026 rubrics come from the notice and cannot be edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
const CALL = 'teacher-ai-2025';
const PROVINCES = ['110000', '310000'];
const caseIds: string[] = [];
const experts: Array<{ id: string; client: ReturnType<typeof apiClient> }> = [];

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const o = await buildUser(srv.services, 'organiser', null);
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  for (const p of PROVINCES) {
    const author = await buildUser(srv.services, 'author', p);
    const form = validAiForm('初中');
    form.authors[0].unit = `学校${p}`;
    caseIds.push(await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: author.id, provinceCode: p, state: 'province_recommended', form, quotaGroup: 'basic' }));
  }
  await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, CALL, 'national_recommendation', { forced: 'open' });
  for (const p of PROVINCES) await srv.db.query('insert into province_status (call_id, province_code, locked) values ($1, $2, true)', [CALL, p]);
  let n = 0;
  for (const p of ['440000', '510000']) {
    const phone = `1366000${String(++n).padStart(4, '0')}`;
    const inv = await org.post('/api/org/experts', { name: `评分专家${n}`, phone, unitName: `专家单位${n}`, provinceCode: p, subjects: ['数学'], stages: ['初中'] });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    const client = apiClient(srv.app);
    expect((await client.post('/api/auth/activate-expert', { code: inv.body.code, phone, password: 'Expert2026x' })).status).toBe(200);
    experts.push({ id: inv.body.expert.id, client });
  }
}, 120_000);
afterAll(async () => srv?.close());

const EDITED = [
  { name: '应用场景与问题', weight: 30, subIndicators: [{ name: '问题真实', description: '聚焦教育教学中的真实问题' }, { name: '场景典型', description: '' }] },
  { name: '人工智能应用过程', weight: 40, subIndicators: [{ name: '应用规范', description: '使用国内人工智能平台工具，符合伦理规范' }] },
  { name: '应用成效与推广', weight: 30, subIndicators: [{ name: '成效可证', description: '有数据或事例' }] },
];
const rubricOf = async (callId: string, caseType: string) => ((await org.get(`/api/calls/${callId}/rubrics`)).body as any[]).find((r) => r.caseType === caseType);

describe('the organiser\'s own rubric', () => {
  it('is labelled as the organiser\'s own, the notice\'s as the notice\'s', async () => {
    const own = await rubricOf(CALL, 'ai-application');
    expect(own).toMatchObject({ source: 'organiser', sourceLabel: '组委会自定评分标准（通知未公布）', editable: true, lockedReason: null, edited: null });
    expect(own.rubric.reduce((s: number, r: any) => s + r.weight, 0)).toBe(100);
    const notice = await rubricOf('teacher-training-2026', 'evidence-research');
    expect(notice).toMatchObject({ source: 'notice', editable: false });
    expect(notice.lockedReason).toContain('活动通知公布');
    const refused = await org.put('/api/calls/teacher-training-2026/rubrics/evidence-research', { rubric: EDITED });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('由活动通知公布，不能修改');
  });

  it('refuses weights that do not add up to 100 and other mistakes, with a Chinese message per path', async () => {
    const short = await org.put(`/api/calls/${CALL}/rubrics/ai-application`, { rubric: EDITED.map((r, i) => (i === 0 ? { ...r, weight: 25 } : r)) });
    expect(short.status).toBe(400);
    expect(short.body.fields).toContainEqual({ path: 'rubric', message: '各项指标分值合计须为 100 分，当前合计 95 分，请调整后再保存' });
    expect(short.body.message).toContain('合计须为 100 分');
    const bad = await org.put(`/api/calls/${CALL}/rubrics/ai-application`, {
      rubric: [{ ...EDITED[0], name: '' }, { ...EDITED[1], subIndicators: [] }, { ...EDITED[2], name: EDITED[1].name }],
    });
    expect(bad.status).toBe(400);
    const paths = Object.fromEntries(bad.body.fields.map((f: any) => [f.path, f.message]));
    expect(paths['rubric.0.name']).toBe('第 1 项指标未填写名称');
    expect(paths['rubric.1.subIndicators']).toContain('至少需要 1 项二级指标');
    expect(paths['rubric.2.name']).toContain('重复');
    // A wrong type is refused by the schema before the service.
    expect((await org.put(`/api/calls/${CALL}/rubrics/ai-application`, { rubric: [{ ...EDITED[0], weight: '30' }] })).status).toBe(400);
    // Nobody but the organiser edits.
    expect((await experts[0].client.put(`/api/calls/${CALL}/rubrics/ai-application`, { rubric: EDITED })).status).toBe(403);
    expect((await rubricOf(CALL, 'ai-application')).edited).toBeNull();
  });

  it('is edited and audited before a round opens, used for the score sheets, and fixed once the round opens', async () => {
    // A round in draft does not fix the rubric yet.
    const round = await org.post('/api/org/review/rounds', { callId: CALL, name: '国家级评审', caseTypes: ['ai-application'], perCase: 1 });
    expect(round.status, JSON.stringify(round.body)).toBe(200);
    const saved = await org.put(`/api/calls/${CALL}/rubrics/ai-application`, { rubric: EDITED });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.rubric.map((r: any) => [r.name, r.weight])).toEqual(EDITED.map((r) => [r.name, r.weight]));
    expect(saved.body.edited.by).toMatch(/^organiser-/);
    const ids = saved.body.rubric.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(3);
    const audit = (await org.get(`/api/org/audit?objectId=${CALL}&event=call.rubric_update`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].eventLabel).toBe('修改评分标准（组委会自定）');

    expect((await org.post(`/api/org/review/rounds/${round.body.id}/open`)).status).toBe(200);
    const locked = await org.put(`/api/calls/${CALL}/rubrics/ai-application`, { rubric: EDITED });
    expect(locked.status).toBe(409);
    expect(locked.body.message).toBe('评审轮次“国家级评审”已开始，评分标准不能再修改');
    expect(await rubricOf(CALL, 'ai-application')).toMatchObject({ editable: false, lockedReason: '评审轮次“国家级评审”已开始，评分标准不能再修改' });

    // The expert scores with the edited rubric.
    expect((await org.post(`/api/org/review/rounds/${round.body.id}/assign`, {})).status).toBe(200);
    const ex = experts[0];
    const tasks = (await ex.client.get('/api/review/tasks')).body.tasks as any[];
    expect(tasks.length).toBeGreaterThan(0);
    const url = `/api/review/rounds/${round.body.id}/cases/${tasks[0].caseId}`;
    const sheet = await ex.client.get(url);
    expect(sheet.status, JSON.stringify(sheet.body)).toBe(200);
    expect(sheet.body.rubric.map((r: any) => r.name)).toEqual(EDITED.map((r) => r.name));
    expect(sheet.body.rubricSourceLabel).toBe('组委会自定评分标准（通知未公布）');
    expect(sheet.body.rubricSource).toBe('organiser');
    const over = await ex.client.post(`${url}/submit`, { scores: { [ids[0]]: 31, [ids[1]]: 35, [ids[2]]: 20 } });
    expect(over.status).toBe(400);
    expect(over.body.fields[0].message).toBe('“应用场景与问题”的得分须在 0–30 分之间');
    const ok = await ex.client.post(`${url}/submit`, { scores: { [ids[0]]: 28, [ids[1]]: 35.5, [ids[2]]: 20 }, comment: '场景典型' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.total).toBe(83.5);
  }, 120_000);
});
