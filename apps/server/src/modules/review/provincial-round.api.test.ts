// Provincial review rounds through the API on the test database: a provincial administrator runs an advisory round
// over the own province's submitted cases (experts of the same province allowed, never of the case's unit or with a
// recorded conflict), experts score it like a national round, the results stand beside the case list; another
// province's administrator never sees or touches it, the organiser reads it but cannot run or decide it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';
import { normalisationUse, aggregateCases } from '@anli/domain/review/scoring.ts';

type Client = ReturnType<typeof apiClient>;
let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: Client;
let bj: Client;
let sh: Client;
let author: Client;
const CALL = 'teacher-ai-2025';
const bjCases: Array<{ id: string; unit: string; state: string }> = [];
let draftCase = '';
let shCase = '';
const experts: Array<{ id: string; unit: string; province: string; client: Client }> = [];
let roundId = '';

const SCORES = (base: number) => ({ problem: base, tools: base, value: Math.min(30, base + 8), orientation: Math.min(15, base - 5), norms: Math.min(15, base - 6) });

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const login = async (u: { phone: string; password: string }) => {
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    return c;
  };
  org = await login(await buildUser(srv.services, 'organiser', null));
  // The organiser keeps 2025's 省级推荐上报 phase open (its dates are in the past), as the demo does.
  expect((await org.put(`/api/org/calls/${CALL}/phases/province_recommendation`, { forced: 'open' })).status).toBe(200);
  bj = await login(await buildUser(srv.services, 'province_admin', '110000'));
  sh = await login(await buildUser(srv.services, 'province_admin', '310000'));
  const a = await buildUser(srv.services, 'author', '110000');
  author = await login(a);
  const defs = [
    { unit: '北京学校甲', state: 'submitted' },
    { unit: '北京学校甲', state: 'submitted' },
    { unit: '北京学校乙', state: 'submitted' },
    { unit: '北京学校丙', state: 'submitted' },
    { unit: '北京学校丙', state: 'province_recommended' },
  ] as const;
  for (const d of defs) {
    const form = validAiForm();
    form.authors[0].unit = d.unit;
    const id = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: a.id, provinceCode: '110000', state: d.state, form, quotaGroup: 'basic' });
    bjCases.push({ id, unit: d.unit, state: d.state });
  }
  draftCase = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: a.id, provinceCode: '110000', state: 'draft', form: validAiForm() });
  const shAuthor = await buildUser(srv.services, 'author', '310000');
  shCase = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: shAuthor.id, provinceCode: '310000', state: 'submitted', form: validAiForm() });
  let n = 0;
  for (const d of [
    { province: '110000', unit: '北京学校甲' },
    { province: '110000', unit: '北京学校乙' },
    { province: '110000', unit: '北京教科院' },
    { province: '310000', unit: '上海专家单位' },
  ]) {
    const phone = `1366000${String(++n).padStart(4, '0')}`;
    const inv = await org.post('/api/org/experts', { name: `省评专家${n}`, phone, unitName: d.unit, provinceCode: d.province, subjects: ['数学'], stages: ['初中'] });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    const client = apiClient(srv.app);
    expect((await client.post('/api/auth/activate-expert', { code: inv.body.code, phone, password: 'Expert2026x' })).status).toBe(200);
    experts.push({ id: inv.body.expert.id, unit: d.unit, province: d.province, client });
  }
});
afterAll(async () => srv?.close());

const R = '/api/province/review/rounds';

describe('a provincial round', () => {
  it('is created by the province administrator for the own province, audited, and listed by scope', async () => {
    const bad = await bj.post(R, { callId: CALL, name: '', caseTypes: [], perCase: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.path).sort()).toEqual(['caseTypes', 'name', 'perCase']);
    // A province code in the body is ignored: the round is the administrator's own province's.
    const r = await bj.post(R, { callId: CALL, name: '北京市级评审', caseTypes: ['ai-application'], perCase: 2, provinceCode: '310000' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    roundId = r.body.id;
    expect(r.body).toMatchObject({ scope: 'province', provinceCode: '110000', provinceName: '北京市', state: 'draft' });
    expect((await bj.get(`${R}?callId=${CALL}`)).body.map((x: any) => x.id)).toEqual([roundId]);
    expect((await sh.get(`${R}?callId=${CALL}`)).body).toEqual([]);
    const all = (await org.get(`/api/org/review/rounds?callId=${CALL}`)).body;
    expect(all.find((x: any) => x.id === roundId)).toMatchObject({ scope: 'province', provinceName: '北京市' });
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${roundId}&event=review.round_create`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].provinceCode).toBe('110000');
  });

  it('opens over the province\'s submitted cases without changing any case state', async () => {
    const open = await bj.post(`${R}/${roundId}/open`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.moved).toBe(0);
    expect(open.body.round).toMatchObject({ state: 'open', cases: 5 });
    const view = (await bj.get(`${R}/${roundId}/assignments`)).body;
    expect(new Set(view.cases.map((c: any) => c.caseId))).toEqual(new Set(bjCases.map((c) => c.id)));
    expect(JSON.stringify(view)).not.toContain(shCase);
    expect(JSON.stringify(view)).not.toContain(draftCase);
    for (const c of bjCases) expect((await org.get(`/api/cases/${c.id}`)).body.state).toBe(c.state);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${roundId}&event=review.round_open`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].provinceCode).toBe('110000');
    // The log names the round's states as the round list does (not a case's: 草稿 → —).
    expect(audit[0]).toMatchObject({ fromStateLabel: '未开始', toStateLabel: '评审中' });
  });

  it('auto-assigns the picked experts: same province allowed, never the case\'s unit nor a recorded conflict', async () => {
    // 北京教科院's expert has a recorded conflict with a 北京学校丙 case.
    expect((await org.post(`/api/org/experts/${experts[2].id}/conflicts`, { caseId: bjCases[3].id, reason: '指导过该案例' })).status).toBe(200);
    const picked = experts.filter((e) => e.province === '110000').map((e) => e.id);
    const res = await bj.post(`${R}/${roundId}/assign`, { expertIds: picked });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = (await bj.get(`${R}/${roundId}/assignments`)).body;
    let total = 0;
    for (const c of view.cases) {
      const meta = bjCases.find((x) => x.id === c.caseId)!;
      for (const e of c.experts) {
        const ex = experts.find((x) => x.id === e.expertId)!;
        expect(ex.province).toBe('110000');
        expect(ex.unit).not.toBe(meta.unit);
        total++;
      }
    }
    // Case 4 (学校丙, conflict with 教科院) can only have 学校甲's and 学校乙's experts; every case gets 2.
    expect(view.cases.find((c: any) => c.caseId === bjCases[3].id).experts.map((e: any) => e.expertId).sort()).toEqual([experts[0].id, experts[1].id].sort());
    expect(res.body.unassigned).toEqual([]);
    expect(total).toBe(10);
    expect((await bj.post(`${R}/${roundId}/assign`, { expertIds: ['not-a-uuid'] })).status).toBe(400);
  });

  it('adjusts by hand: the case\'s unit needs an override, the same province does not', async () => {
    const c0 = bjCases[0];
    const view = (await bj.get(`${R}/${roundId}/assignments`)).body;
    const onC0 = view.cases.find((c: any) => c.caseId === c0.id).experts.map((e: any) => e.expertId);
    expect(onC0).not.toContain(experts[0].id);
    const refused = await bj.post(`${R}/${roundId}/assignments`, { caseId: c0.id, expertId: experts[0].id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(refused.body.message).toContain('同单位');
    // 上海's expert on a 北京 case: no conflict at all.
    const ok = await bj.post(`${R}/${roundId}/assignments`, { caseId: c0.id, expertId: experts[3].id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.override).toBe(false);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${c0.id}&event=review.assign_manual`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].provinceCode).toBe('110000');
    expect((await bj.del(`${R}/${roundId}/assignments/${c0.id}/${experts[3].id}`)).status).toBe(200);
    expect((await org.get(`/api/org/audit?pageSize=200&objectId=${c0.id}&event=review.unassign`)).body.items).toHaveLength(1);
  });

  it('never lets another province\'s administrator read or change it; the organiser reads it only', async () => {
    const c0 = bjCases[0].id;
    const attempts: Array<[Client, string, string, unknown?]> = [
      [sh, 'get', `${R}/${roundId}/assignments`],
      [sh, 'get', `${R}/${roundId}/results`],
      [sh, 'post', `${R}/${roundId}/open`, {}],
      [sh, 'post', `${R}/${roundId}/close`, {}],
      [sh, 'post', `${R}/${roundId}/assign`, {}],
      [sh, 'post', `${R}/${roundId}/assignments`, { caseId: c0, expertId: experts[3].id }],
      [sh, 'del', `${R}/${roundId}/assignments/${c0}/${experts[1].id}`],
    ];
    for (const [c, m, url, body] of attempts) {
      const res = await (c as any)[m](url, body);
      expect(res.status, `${m} ${url}`).toBe(404);
    }
    // Nor through the advice beside the case list.
    const advice = (await sh.get(`/api/province/review/advice?callId=${CALL}`)).body;
    expect(advice.cases).toEqual({});
    // The organiser reads all rounds…
    expect((await org.get(`/api/org/review/rounds/${roundId}/assignments`)).status).toBe(200);
    expect((await org.get(`/api/org/review/rounds/${roundId}/results`)).status).toBe(200);
    // …but does not run a province's round, and its results decide nothing.
    for (const [m, url, body] of [
      ['post', `/api/org/review/rounds/${roundId}/assign`, {}],
      ['post', `/api/org/review/rounds/${roundId}/close`, {}],
      ['post', `/api/org/review/rounds/${roundId}/assignments`, { caseId: c0, expertId: experts[3].id }],
      ['post', `/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: c0, decision: 'select' }] }],
    ] as const) {
      const res = await (org as any)[m](url, body);
      expect(res.status, url).toBe(409);
      expect(res.body.code).toBe('PROVINCIAL_ROUND');
    }
    // The province administrator has no national round routes.
    expect((await bj.get('/api/org/review/rounds')).status).toBe(403);
    expect((await bj.get('/api/org/review/rounds/' + roundId + '/results')).status).toBe(403);
    // Other roles have no provincial round routes.
    expect((await author.get(R)).status).toBe(403);
    expect((await experts[0].client.get(R)).status).toBe(403);
    expect((await experts[0].client.get(`${R}/${roundId}/results`)).status).toBe(403);
  });

  it('shows experts their provincial tasks like national ones, only the assigned cases', async () => {
    const view = (await bj.get(`${R}/${roundId}/assignments`)).body;
    for (const ex of experts) {
      const mine = new Set(view.cases.filter((c: any) => c.experts.some((e: any) => e.expertId === ex.id)).map((c: any) => c.caseId));
      const tasks = (await ex.client.get('/api/review/tasks')).body;
      expect(new Set(tasks.tasks.map((t: any) => t.caseId))).toEqual(mine);
      for (const t of tasks.tasks) expect(t.roundScope).toBe('省级评审（北京市）');
      for (const c of [...bjCases.map((x) => x.id), shCase, draftCase]) {
        const detail = await ex.client.get(`/api/cases/${c}`);
        expect(detail.status, `${ex.unit} ${c}`).toBe(mine.has(c) ? 200 : 404);
        if (mine.has(c)) expect(JSON.stringify(detail.body)).not.toContain('13812345678');
      }
    }
  });

  it('aggregates the sheets; the results stand beside the province\'s case list as advice', async () => {
    const submitted: Array<{ expertId: string; caseId: string; total: number }> = [];
    let k = 0;
    for (const ex of experts) {
      for (const t of (await ex.client.get('/api/review/tasks')).body.tasks) {
        const r = await ex.client.post(`/api/review/rounds/${roundId}/cases/${t.caseId}/submit`, { scores: SCORES(10 + (k++ % 8)), comment: '省评意见' });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        submitted.push({ expertId: ex.id, caseId: t.caseId, total: r.body.total });
      }
    }
    const res = (await bj.get(`${R}/${roundId}/results`)).body;
    const expected = new Map(aggregateCases(submitted).map((a) => [a.caseId, a]));
    expect(res.rows).toHaveLength(5);
    for (const row of res.rows) {
      expect(row.submitted).toBe(2);
      expect(row.rawMean).toBe(expected.get(row.caseId)!.rawMean);
      // z-scores only when every expert scored at least 5 cases (else the raw mean, and the page says why).
      expect(row.normalisedMean).toBe(normalisationUse(submitted).available ? expected.get(row.caseId)!.normalisedMean : null);
    }
    const advice = (await bj.get(`/api/province/review/advice?callId=${CALL}`)).body;
    expect(Object.keys(advice.cases).sort()).toEqual(bjCases.map((c) => c.id).sort());
    for (const row of res.rows) {
      expect(advice.cases[row.caseId]).toMatchObject({ roundId, roundName: '北京市级评审', normalisedMean: row.normalisedMean, typeRank: row.typeRank, typeCount: 5, submitted: 2 });
    }
    // Nothing was decided or published: every case keeps its state.
    for (const c of bjCases) expect((await org.get(`/api/cases/${c.id}`)).body.state).toBe(c.state);
  });

  it('closes (audited), ending the experts\' access', async () => {
    const ex = experts[1];
    const caseId = (await ex.client.get('/api/review/tasks')).body.tasks[0].caseId;
    const closed = await bj.post(`${R}/${roundId}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect((await ex.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await ex.client.get('/api/review/tasks')).body.total).toBe(0);
    expect((await bj.post(`${R}/${roundId}/assign`, {})).status).toBe(409);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${roundId}&event=review.round_close`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].provinceCode).toBe('110000');
  });

  it('is created and opened only while the province may still recommend', async () => {
    expect((await org.put(`/api/org/calls/${CALL}/phases/province_recommendation`, { forced: 'closed' })).status).toBe(200);
    try {
      const r = await bj.post(R, { callId: CALL, name: '过期的省级评审', caseTypes: ['ai-application'], perCase: 1 });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('PHASE_CLOSED');
      expect((await bj.post(`${R}/${roundId}/open`)).status).toBe(409);
    } finally {
      expect((await org.put(`/api/org/calls/${CALL}/phases/province_recommendation`, { forced: 'open' })).status).toBe(200);
    }
  });
});

describe('experts a province invites', () => {
  let own = '';
  let ownClient: Client;

  it('are invited by the province administrator for the own province, audited, and belong to it', async () => {
    const phone = '13660009001';
    // The province in the body is ignored: the expert is of and belongs to the inviting province.
    const inv = await bj.post('/api/province/experts', { name: '北京自聘专家', phone, unitName: '北京市海淀区教师进修学校', provinceCode: '310000', subjects: ['数学'], stages: ['初中'] });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    expect(inv.body.expert).toMatchObject({ provinceCode: '110000', ownerProvinceCode: '110000', ownerProvinceName: '北京市', status: 'invited' });
    expect(inv.body.code).toMatch(/^[A-Z0-9]{12}$/);
    own = inv.body.expert.id;
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${own}&event=expert.invite`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].provinceCode).toBe('110000');
    // Listed for 北京 (also before activation, to reissue the code), never for 上海; the organiser sees the owner.
    expect((await bj.get('/api/province/experts?pageSize=200')).body.items.find((e: any) => e.id === own)).toMatchObject({ status: 'invited', phone: expect.stringMatching(/\*\*\*\*/) });
    expect((await sh.get('/api/province/experts?pageSize=200')).body.items.some((e: any) => e.id === own)).toBe(false);
    expect((await org.get('/api/org/experts?pageSize=200')).body.items.find((e: any) => e.id === own).ownerProvinceName).toBe('北京市');
    // Only 北京 reissues its code; a national expert's is the organiser's.
    expect((await sh.post(`/api/province/experts/${own}/invitation`)).status).toBe(404);
    const re = await bj.post(`/api/province/experts/${own}/invitation`);
    expect(re.status, JSON.stringify(re.body)).toBe(200);
    expect((await bj.post(`/api/province/experts/${experts[0].id}/invitation`)).status).toBe(404);
    ownClient = apiClient(srv.app);
    expect((await ownClient.post('/api/auth/activate-expert', { code: re.body.code, phone, password: 'Expert2026x' })).status).toBe(200);
    expect((await bj.post(`/api/province/experts/${own}/invitation`)).status).toBe(409);
    // Each province invites its own; other roles cannot use the province's route.
    expect((await sh.post('/api/province/experts', { name: '上海自聘专家', phone: '13660009002', unitName: '上海市某区教育学院' })).status).toBe(200);
    expect((await author.post('/api/province/experts', { name: '越权', phone: '13660009003', unitName: 'x' })).status).toBe(403);
    expect((await org.post('/api/province/experts', { name: '越权', phone: '13660009004', unitName: 'x' })).status).toBe(403);
  });

  it('review only their province\'s rounds: never in another province\'s or a national pool', async () => {
    // 北京's own expert takes part in a 北京 round.
    const r = await bj.post(R, { callId: CALL, name: '北京第二轮', caseTypes: ['ai-application'], perCase: 1 });
    expect((await bj.post(`${R}/${r.body.id}/open`)).status).toBe(200);
    const a = await bj.post(`${R}/${r.body.id}/assign`, { expertIds: [own] });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.added).toBe(5);
    expect((await ownClient.get('/api/review/tasks')).body.total).toBe(5);
    // 上海 can neither pick nor hand-assign it.
    const s2 = await sh.post(R, { callId: CALL, name: '上海第一轮', caseTypes: ['ai-application'], perCase: 1 });
    expect((await sh.post(`${R}/${s2.body.id}/open`)).body.round.cases).toBe(1);
    expect((await sh.get('/api/province/experts?pageSize=200')).body.items.some((e: any) => e.id === own)).toBe(false);
    expect((await sh.post(`${R}/${s2.body.id}/assign`, { expertIds: [own] })).status).toBe(400);
    expect((await sh.post(`${R}/${s2.body.id}/assignments`, { caseId: shCase, expertId: own })).status).toBe(404);
    // A national round's automatic assignment leaves it out: a 广东 case gets the four national experts, not five.
    const gd = await buildUser(srv.services, 'author', '440000');
    const gdCase = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: gd.id, provinceCode: '440000', state: 'province_recommended', form: validAiForm(), quotaGroup: 'basic' });
    // National review: in the national phase, from provinces that reported their lists (广东 has; 北京 has not).
    await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, CALL, 'national_recommendation', { forced: 'open' });
    await srv.db.query(`insert into province_status (call_id, province_code, locked) values ($1, '440000', true)`, [CALL]);
    const n = await org.post('/api/org/review/rounds', { callId: CALL, name: '国家级第一轮', caseTypes: ['ai-application'], perCase: 5 });
    expect((await org.post(`/api/org/review/rounds/${n.body.id}/open`)).status).toBe(200);
    const na = await org.post(`/api/org/review/rounds/${n.body.id}/assign`, {});
    expect(na.status, JSON.stringify(na.body)).toBe(200);
    const view = (await org.get(`/api/org/review/rounds/${n.body.id}/assignments`)).body;
    const onGd = view.cases.find((c: any) => c.caseId === gdCase).experts.map((e: any) => e.expertId);
    expect(onGd.sort()).toEqual(experts.map((e) => e.id).sort());
    expect(JSON.stringify(view.loads)).not.toContain(own);
    expect(na.body.unassigned.find((u: any) => u.caseId === gdCase).missing).toBe(1);
  });

  it('lose a case of an open provincial round as soon as it goes back to its author', async () => {
    const c0 = bjCases[0].id;
    const [round] = await srv.db.query<{ id: string }>(`select id from review_rounds where name = '北京第二轮'`);
    const url = `/api/review/rounds/${round!.id}/cases/${c0}`;
    expect((await ownClient.get(url)).status).toBe(200);
    expect((await ownClient.get(`/api/cases/${c0}`)).status).toBe(200);
    const ret = await bj.post(`/api/cases/${c0}/return`, { reason: '请补充案例数据后重新提交' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect((await ownClient.get(`/api/cases/${c0}`)).status).toBe(404);
    expect((await ownClient.get(`/api/cases/${c0}/files`)).status).toBe(404);
    expect((await ownClient.get(url)).status).toBe(404);
    expect((await ownClient.put(url, { scores: { problem: 10 } })).status).toBe(404);
    const tasks = (await ownClient.get('/api/review/tasks')).body.tasks.map((t: any) => t.caseId);
    // Left: the three still submitted and the recommended one (北京 has not reported its list, so that case has not
    // entered national review); the returned one is gone.
    expect(tasks.sort()).toEqual([bjCases[1].id, bjCases[2].id, bjCases[3].id, bjCases[4].id].sort());
  });
});
