// Near-duplicate scan against the test database: planted copies (report copied and shuffled, summary edited,
// courseware copied, a case of the 2025 call) are found, unrelated cases are not; organiser-only scoping;
// scenario suggestions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, storeSubmittedFile, validAiForm, validEvidenceForm } from '../../testing/factories.ts';
import { buildDocx } from '../../../../../scripts/fixtures/ooxml.ts';
import { buildPptx } from '../../../../../scripts/fixtures/pptx.ts';
import { frameworkCorpusModel } from '@anli/similarity/synthetic-model.ts';
import { editText, generateReport, shuffleParagraphs } from '@anli/similarity/synthetic.ts';

const CALL = 'teacher-training-2026';
const model = frameworkCorpusModel();
let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let authorId: string;
const ids: Record<string, string> = {};

const docx = (text: string) => buildDocx({ blocks: text.split('\n').map((p) => ({ runs: p })) });
const pptx = (text: string) => buildPptx({ slides: text.split('\n').map((p) => ({ texts: [p] })) });

async function evidenceCase(name: string, summary: string, province = '110000', state: 'submitted' | 'draft' = 'submitted') {
  const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId, provinceCode: province, state, form: { ...validEvidenceForm(), title: name, summary } });
  ids[name] = id;
  return id;
}

async function waitScan(callId: string) {
  for (let i = 0; i < 200; i++) {
    const r = await org.get(`/api/org/similarity?callId=${callId}`);
    if (r.body.scan?.state === 'done' || r.body.scan?.state === 'error') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('scan did not finish');
}

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const o = await buildUser(srv.services, 'organiser', null);
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  authorId = (await buildUser(srv.services, 'author', '110000')).id;

  const reportA = generateReport(model, 1, 2000);
  const summaryB = generateReport(model, 2, 300).replace(/\n/g, '');
  const deckC = generateReport(model, 3, 1200);
  // A and its paragraph-shuffled, lightly edited copy (report); B and an edited copy (summary); C and a copy of its slides.
  const a = await evidenceCase('甲原案例', generateReport(model, 10, 300));
  const a2 = await evidenceCase('甲抄袭案例', generateReport(model, 11, 300), '120000');
  const b = await evidenceCase('乙原案例', summaryB);
  await evidenceCase('乙改写案例', editText(model, summaryB, 5, 0.1), '130000');
  const c = await evidenceCase('丙原案例', generateReport(model, 12, 300));
  const c2 = await evidenceCase('丙课件雷同', generateReport(model, 13, 300), '140000');
  // Unrelated cases, and a draft that copies A (drafts are not scanned).
  for (let i = 0; i < 5; i++) {
    const u = await evidenceCase(`无关案例${i}`, generateReport(model, 100 + i, 300), '310000');
    await storeSubmittedFile(srv.services, srv.db, authorId, u, 'report', 'r.docx', docx(generateReport(model, 200 + i, 2000)));
  }
  const draft = await evidenceCase('草稿', generateReport(model, 14, 300), '110000', 'draft');
  await srv.services.files.storeFile(authorId, draft, 'report', 'r.docx', docx(reportA), { enqueue: false });

  await storeSubmittedFile(srv.services, srv.db, authorId, a, 'report', '报告.docx', docx(reportA));
  await storeSubmittedFile(srv.services, srv.db, authorId, a2, 'report', '报告.docx', docx(shuffleParagraphs(editText(model, reportA, 7, 0.1), 8)));
  await storeSubmittedFile(srv.services, srv.db, authorId, c, 'courseware', '课件.pptx', pptx(deckC));
  await storeSubmittedFile(srv.services, srv.db, authorId, c2, 'courseware', '课件.pptx', pptx(deckC));
  void b;
  // A 2025 case whose summary is B's: found when scanning the 2026 call (against earlier calls).
  ids['2025案例'] = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId, provinceCode: '320000', state: 'submitted', form: { ...validAiForm(), title: '2025案例', summary: summaryB } });
});
afterAll(async () => srv?.close());

describe('near-duplicate scan of a call', () => {
  let pairs: any[];
  it('is queued by the organiser and run by the worker', async () => {
    const r = await org.post('/api/org/similarity/scan', { callId: CALL });
    expect(r.status).toBe(202);
    const body = await waitScan(CALL);
    expect(body.scan).toMatchObject({ state: 'done', error: null });
    expect(body.label).toBe('机器建议，需人工判断');
    pairs = body.pairs;
  });

  it('finds the planted copies per source, and the copy in an earlier call', () => {
    const has = (x: string, y: string, source: string) =>
      pairs.some((p) => p.source === source && [p.a.caseId, p.b.caseId].sort().join() === [ids[x], ids[y]].sort().join());
    expect(has('甲原案例', '甲抄袭案例', 'report')).toBe(true);
    expect(has('乙原案例', '乙改写案例', 'summary')).toBe(true);
    expect(has('丙原案例', '丙课件雷同', 'courseware')).toBe(true);
    expect(has('乙原案例', '2025案例', 'summary')).toBe(true);
    expect(has('乙改写案例', '2025案例', 'summary')).toBe(true);
    const p = pairs.find((x) => x.source === 'report');
    expect(p.a.title).toBeTruthy();
    expect(p.a.provinceCode).toMatch(/^\d{6}$/);
    expect(p.score).toBeGreaterThan(0.3);
  });

  it('reports nothing for unrelated cases or drafts', () => {
    const planted = new Set(['甲原案例', '甲抄袭案例', '乙原案例', '乙改写案例', '丙原案例', '丙课件雷同', '2025案例'].map((n) => ids[n]));
    expect(pairs.filter((p) => !planted.has(p.a.caseId) || !planted.has(p.b.caseId))).toEqual([]);
    expect(pairs).toHaveLength(5);
  });

  it('shows both texts with the overlapping passages highlighted', async () => {
    const r = await org.get(`/api/org/similarity/pair?a=${ids['甲原案例']}&b=${ids['甲抄袭案例']}`);
    expect(r.status).toBe(200);
    const report = r.body.sources.find((s: any) => s.source === 'report');
    expect(report.passages.length).toBeGreaterThan(3);
    const [p] = report.passages;
    expect(report.textA.slice(p.a[0], p.a[1]).length).toBeGreaterThan(10);
    expect(report.textB.slice(p.b[0], p.b[1]).length).toBeGreaterThan(10);
    expect(r.body.label).toContain('机器建议');
  });

  it('flags the case for the organiser', async () => {
    const r = await org.get(`/api/cases/${ids['甲抄袭案例']}/similarity`);
    expect(r.body).toMatchObject({ similarityFlag: true });
    expect((await org.get(`/api/cases/${ids['无关案例0']}/similarity`)).body.similarityFlag).toBe(false);
  });

  it('a second scan replaces the pairs (idempotent) and uses the cached texts', async () => {
    const [{ n }] = await srv.db.query<{ n: number }>('select count(*)::int as n from file_texts');
    expect(n).toBeGreaterThanOrEqual(9);
    await srv.services.similarity.scan(CALL);
    expect((await org.get(`/api/org/similarity?callId=${CALL}`)).body.pairs).toHaveLength(5);
  });
});

describe('scoping', () => {
  it('refuses everyone but the organiser', async () => {
    for (const role of ['author', 'province_admin', 'expert'] as const) {
      const u = await buildUser(srv.services, role, role === 'expert' ? null : '110000');
      const c = apiClient(srv.app);
      await c.login(u.phone, u.password);
      expect((await c.post('/api/org/similarity/scan', { callId: CALL })).status).toBe(403);
      expect((await c.get(`/api/org/similarity?callId=${CALL}`)).status).toBe(403);
      expect((await c.get(`/api/org/similarity/pair?a=${ids['甲原案例']}&b=${ids['甲抄袭案例']}`)).status).toBe(403);
      // An expert not assigned to the case gets 404 (the case is out of scope), others 403.
      expect((await c.get(`/api/cases/${ids['甲原案例']}/similarity`)).status).toBe(role === 'expert' ? 404 : 403);
    }
    expect((await apiClient(srv.app).get(`/api/org/similarity?callId=${CALL}`)).status).toBe(401);
    expect((await org.get('/api/org/similarity?callId=nope')).status).toBe(404);
  });
});

describe('the flag for experts', () => {
  it('an expert assigned to a flagged case sees the flag, but not which cases it resembles', async () => {
    const u = await buildUser(srv.services, 'expert', null);
    const [e] = await srv.db.query<{ id: string }>(
      `insert into experts (user_id, name, phone, province_code, activated_at) values ($1, '测试专家', $2, '650000', now()) returning id`,
      [u.id, u.phone],
    );
    const [r] = await srv.db.query<{ id: string }>(
      `insert into review_rounds (call_id, name, case_types, per_case, state) values ($1, '测试轮次', '[]'::jsonb, 1, 'open') returning id`,
      [CALL],
    );
    await srv.db.query(`insert into review_assignments (round_id, case_id, expert_id, source) values ($1, $2, $3, 'manual')`, [r.id, ids['甲抄袭案例'], e.id]);
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const seen = await c.get(`/api/cases/${ids['甲抄袭案例']}/similarity`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ similarityFlag: true, pairs: [] });
    expect(JSON.stringify(seen.body)).not.toContain(ids['甲原案例']);
    expect((await c.get(`/api/cases/${ids['甲原案例']}/similarity`)).status).toBe(404);
  });
});

describe('scenario suggestions', () => {
  it('rank typical and micro scenes of the framework, labelled as machine suggestions', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const r = await c.post('/api/scenarios/suggest', { callId: 'teacher-ai-2025', caseType: 'ai-application', text: '利用大模型对学生作文进行智能批改，生成作业评语并给予情感激励反馈。' });
    expect(r.status).toBe(200);
    expect(r.body.label).toBe('机器建议，仅供参考');
    expect(r.body.typical[0]).toMatchObject({ main: '助评', typical: '作业评价' });
    expect(r.body.micro.length).toBeGreaterThan(0);
    const e = await c.post('/api/scenarios/suggest', { callId: CALL, caseType: 'evidence-research', text: '教师利用 AI 工具采集课堂数据开展微课题研究' });
    expect(e.body.typical[0].typical).toBe('微课题研究');
    expect((await c.post('/api/scenarios/suggest', { callId: CALL, caseType: 'online-studio', text: '研修' })).body.typical).toEqual([]);
    expect((await apiClient(srv.app).post('/api/scenarios/suggest', { callId: CALL, caseType: 'evidence-research', text: 'x' })).status).toBe(401);
  });

  it('tell how well the declared scene fits the case content, within the viewer\'s scope', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const summary = '利用大模型对学生作文进行作业智能批改，生成作业评语并给予情感激励反馈。';
    const good = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: u.id, provinceCode: '110000', state: 'submitted', form: { ...validAiForm(), summary, scenario: { main: '助评', typical: '作业评价' } } });
    const off = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: u.id, provinceCode: '110000', state: 'submitted', form: { ...validAiForm(), summary, scenario: { main: '助育', typical: '体质强健' } } });
    const r = await org.get(`/api/cases/${good}/scenario-fit`);
    expect(r.body).toMatchObject({ fit: 'good', declaredRank: 1, label: '机器建议，仅供参考' });
    expect((await org.get(`/api/cases/${off}/scenario-fit`)).body.fit).toBe('weak');
    const admin = await buildUser(srv.services, 'province_admin', '120000');
    const c = apiClient(srv.app);
    await c.login(admin.phone, admin.password);
    expect((await c.get(`/api/cases/${good}/scenario-fit`)).status).toBe(404);
  });
});
