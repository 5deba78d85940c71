// National review through the API on the test database: expert invitation and activation, rounds, conflict-free
// assignment, expert scoping (cases, files, phone numbers), score sheets, aggregation as scoring.ts computes it,
// and audited decisions.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';
import { aggregateCases, normalisationUse, rankCases } from '@anli/domain/review/scoring.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
const CALL = 'teacher-ai-2025';
const cases: Array<{ id: string; province: string; unit: string }> = [];
const experts: Array<{ id: string; phone: string; province: string; unit: string; client: ReturnType<typeof apiClient> }> = [];
let outsider = '';
const authors: Array<{ phone: string; password: string }> = [];
let roundId = '';

const PROVINCES = ['110000', '310000', '440000'];
const EXPERT_DEFS = [
  { province: '110000', unit: '北京专家单位' },
  { province: '310000', unit: '上海专家单位' },
  { province: '440000', unit: '广东专家单位' },
  { province: '510000', unit: '学校0' },
];

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const o = await buildUser(srv.services, 'organiser', null);
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  let i = 0;
  for (const p of PROVINCES) {
    const author = await buildUser(srv.services, 'author', p);
    authors.push(author);
    for (let k = 0; k < 3; k++, i++) {
      const form = validAiForm(k === 0 ? '小学' : '初中');
      const unit = `学校${i}`;
      form.authors[0].unit = unit;
      const id = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: author.id, provinceCode: p, state: 'province_recommended', form, quotaGroup: 'basic' });
      cases.push({ id, province: p, unit });
    }
  }
  // National review runs in the national phase, on the lists of provinces that reported them.
  await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, CALL, 'national_recommendation', { forced: 'open' });
  for (const p of PROVINCES) await srv.db.query('insert into province_status (call_id, province_code, locked) values ($1, $2, true)', [CALL, p]);
  // A case that is never recommended stays out of the round.
  const a2 = await buildUser(srv.services, 'author', '110000');
  outsider = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: a2.id, provinceCode: '110000', state: 'submitted', form: validAiForm() });
  let n = 0;
  for (const d of EXPERT_DEFS) {
    const phone = `1365000${String(++n).padStart(4, '0')}`;
    const inv = await org.post('/api/org/experts', { name: `专家${n}`, phone, unitName: d.unit, provinceCode: d.province, subjects: ['数学'], stages: ['初中'] });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    const client = apiClient(srv.app);
    const act = await client.post('/api/auth/activate-expert', { code: inv.body.code, phone, password: 'Expert2026x' });
    expect(act.status, JSON.stringify(act.body)).toBe(200);
    expect(act.body.user.role).toBe('expert');
    experts.push({ id: inv.body.expert.id, phone, province: d.province, unit: d.unit, client });
  }
});
afterAll(async () => srv?.close());

describe('experts', () => {
  it('refuses a used or wrong invitation code and lists experts with masked phones', async () => {
    const inv = await org.post('/api/org/experts', { name: '专家X', phone: '13650009999', unitName: '某单位', provinceCode: '320000', subjects: [], stages: [] });
    const c = apiClient(srv.app);
    expect((await c.post('/api/auth/activate-expert', { code: inv.body.code, phone: '13650009998', password: 'Expert2026x' })).status).toBe(400);
    expect((await c.post('/api/auth/activate-expert', { code: 'WRONGCODE123', phone: '13650009999', password: 'Expert2026x' })).status).toBe(400);
    const list = (await org.get('/api/org/experts?pageSize=200')).body.items;
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(list)).not.toContain('13650009999');
    expect(list.find((e: any) => e.id === inv.body.expert.id).status).toBe('invited');
    expect((await org.post('/api/org/experts', { name: '重复', phone: experts[0].phone, unitName: 'x', provinceCode: '110000' })).status).toBe(409);
    expect((await experts[0].client.get('/api/org/experts')).status).toBe(403);
    // The invitation code also goes to the expert by SMS (through the outbox), with the organiser as the inviter.
    await srv.services.messaging.deliverDue();
    await vi.waitFor(() => expect(srv.sender.sent.some((m) => m.to === '13650009999' && m.template === 'expert_invitation')).toBe(true));
    const sms = srv.sender.sent.find((m) => m.to === '13650009999' && m.template === 'expert_invitation')!;
    expect(sms.params).toEqual({ inviter: '组委会', code: inv.body.code });
    expect(sms.text).toContain(`邀请码${inv.body.code}`);
  });
});

describe('a national round', () => {
  it('opens: recommended cases enter national review through the audited transition', async () => {
    // A conflict recorded before assignment (expert 4 on case 1).
    expect((await org.post(`/api/org/experts/${experts[3].id}/conflicts`, { caseId: cases[1].id, reason: '指导过该案例' })).status).toBe(200);
    const r = await org.post('/api/org/review/rounds', { callId: CALL, name: '国家级第一轮', caseTypes: ['ai-application'], perCase: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    roundId = r.body.id;
    // Experts see nothing before assignment.
    expect((await experts[1].client.get(`/api/cases/${cases[0].id}`)).status).toBe(404);
    const open = await org.post(`/api/org/review/rounds/${roundId}/open`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.moved).toBe(9);
    expect(open.body.round.cases).toBe(9);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${cases[0].id}`)).body.items;
    expect(audit.some((a: any) => a.event === 'case.start_review' && a.toState === 'national_review')).toBe(true);
    const outsiderCase = (await org.get(`/api/cases/${outsider}`)).body;
    expect(outsiderCase.state).toBe('submitted');
  });

  it('assigns N experts per case, never of the case\'s province or unit or with a recorded conflict, balanced', async () => {
    const res = await org.post(`/api/org/review/rounds/${roundId}/assign`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.unassigned).toEqual([]);
    const view = (await org.get(`/api/org/review/rounds/${roundId}/assignments`)).body;
    expect(view.cases).toHaveLength(9);
    for (const c of view.cases) {
      expect(c.experts).toHaveLength(2);
      const meta = cases.find((x) => x.id === c.caseId)!;
      for (const e of c.experts) {
        const ex = experts.find((x) => x.id === e.expertId)!;
        expect(ex.province).not.toBe(meta.province);
        expect(ex.unit).not.toBe(meta.unit);
      }
    }
    expect(view.cases.find((c: any) => c.caseId === cases[1].id).experts.map((e: any) => e.expertId)).not.toContain(experts[3].id);
    const loads = Object.values(view.loads) as number[];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('needs an explicit, audited override to assign a conflicting expert by hand', async () => {
    const view = (await org.get(`/api/org/review/rounds/${roundId}/assignments`)).body;
    const c0 = view.cases.find((c: any) => c.caseId === cases[0].id);
    // Expert 1 is of 北京, the case's province.
    const refused = await org.post(`/api/org/review/rounds/${roundId}/assignments`, { caseId: c0.caseId, expertId: experts[0].id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    const ok = await org.post(`/api/org/review/rounds/${roundId}/assignments`, { caseId: c0.caseId, expertId: experts[0].id, overrideReason: '本学科专家不足，经组委会同意' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.override).toBe(true);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${c0.caseId}&event=review.conflict_override`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('本学科专家不足，经组委会同意');
    // And removing it again (nothing submitted yet).
    expect((await org.del(`/api/org/review/rounds/${roundId}/assignments/${c0.caseId}/${experts[0].id}`)).status).toBe(200);
  });

  it('shows an expert only the assigned cases and files, never an author\'s phone number', async () => {
    const view = (await org.get(`/api/org/review/rounds/${roundId}/assignments`)).body;
    for (const ex of experts) {
      const tasks = (await ex.client.get('/api/review/tasks')).body;
      const mine = new Set(view.cases.filter((c: any) => c.experts.some((e: any) => e.expertId === ex.id)).map((c: any) => c.caseId));
      expect(new Set(tasks.tasks.map((t: any) => t.caseId))).toEqual(mine);
      expect(tasks.total).toBe(mine.size);
      for (const c of [...cases.map((x) => x.id), outsider]) {
        const detail = await ex.client.get(`/api/cases/${c}`);
        const files = await ex.client.get(`/api/cases/${c}/files`);
        if (mine.has(c)) {
          expect(detail.status).toBe(200);
          expect(files.status).toBe(200);
          const text = JSON.stringify(detail.body);
          expect(text).not.toContain('13812345678');
          // No phone number at all, not even masked (PIPL, issue 18 item 6).
          expect(detail.body.authorPhone).toBe('');
          const sheet = await ex.client.get(`/api/review/rounds/${roundId}/cases/${c}`);
          expect(sheet.status).toBe(200);
          expect(JSON.stringify(sheet.body)).not.toContain('13812345678');
          expect(sheet.body.rubric.length).toBeGreaterThan(0);
        } else {
          expect(detail.status).toBe(404);
          expect(files.status).toBe(404);
          expect((await ex.client.get(`/api/review/rounds/${roundId}/cases/${c}`)).status).toBe(404);
        }
      }
      // No list of cases for experts beyond the tasks.
      expect((await ex.client.get('/api/org/cases')).status).toBe(403);
    }
  });

  it('validates, saves drafts, submits and locks score sheets', async () => {
    const ex = experts[1];
    const task = (await ex.client.get('/api/review/tasks')).body.tasks[0];
    const url = `/api/review/rounds/${roundId}/cases/${task.caseId}`;
    const bad = await ex.client.put(url, { scores: { problem: 25 } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toBe('scores.problem');
    expect((await ex.client.put(url, { scores: { nope: 1 } })).status).toBe(400);
    const draft = await ex.client.put(url, { scores: { problem: 18 }, comment: '草稿' });
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('draft');
    const incomplete = await ex.client.post(`${url}/submit`, {});
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.fields.length).toBe(4);
    const done = await ex.client.post(`${url}/submit`, { scores: { problem: 18, tools: 16, value: 25, orientation: 12, norms: 13 }, comment: '问题真实，价值明显' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.total).toBe(84);
    expect(done.body.status).toBe('submitted');
    expect((await ex.client.put(url, { scores: { problem: 1 } })).status).toBe(409);
    expect((await ex.client.post(`${url}/submit`, {})).status).toBe(409);
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${task.caseId}&event=review.score_submit`)).body.items;
    expect(audit).toHaveLength(1);
    // A submitted sheet cannot be unassigned.
    expect((await org.del(`/api/org/review/rounds/${roundId}/assignments/${task.caseId}/${ex.id}`)).status).toBe(409);
  });

  it('aggregates as scoring.ts computes: raw and normalised means, disagreement, ranks', async () => {
    const submitted: Array<{ expertId: string; caseId: string; total: number }> = [];
    let k = 0;
    for (const ex of experts) {
      const tasks = (await ex.client.get('/api/review/tasks')).body.tasks;
      for (const t of tasks) {
        if (t.status === 'submitted') {
          submitted.push({ expertId: ex.id, caseId: t.caseId, total: t.total });
          continue;
        }
        k++;
        // Expert 4 is lenient, expert 3 strict; spread so some cases disagree by more than 20 points.
        const base = ex === experts[3] ? 19 : ex === experts[2] ? 8 : 12 + (k % 6);
        const scores = { problem: base, tools: Math.min(20, base - 2 + (k % 3)), value: Math.min(30, base + 6), orientation: Math.min(15, Math.round(base * 0.7)), norms: Math.min(15, Math.round(base * 0.7)) };
        const r = await ex.client.post(`/api/review/rounds/${roundId}/cases/${t.caseId}/submit`, { scores });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        submitted.push({ expertId: ex.id, caseId: t.caseId, total: r.body.total });
      }
    }
    const res = (await org.get(`/api/org/review/rounds/${roundId}/results`)).body;
    const expected = new Map(aggregateCases(submitted).map((a) => [a.caseId, a]));
    // z-scores only when every expert scored at least 5 cases; otherwise the raw mean ranks and the page says why.
    const z = normalisationUse(submitted).available;
    expect(res.normalisation.available).toBe(z);
    if (!z) expect(res.normalisation.reason).toMatch(/至少评阅 5 个案例/);
    const ranks = new Map(rankCases(cases.map((c) => ({ caseId: c.id, caseTypeId: 'ai-application', provinceCode: c.province, score: z ? expected.get(c.id)!.normalisedMean : expected.get(c.id)!.rawMean }))).map((r) => [r.caseId, r]));
    expect(res.rows).toHaveLength(9);
    for (const row of res.rows) {
      const e = expected.get(row.caseId)!;
      expect(row.submitted).toBe(2);
      expect(row.rawMean).toBe(e.rawMean);
      expect(row.normalisedMean).toBe(z ? e.normalisedMean : null);
      expect(row.disagreement.flagged).toBe(e.disagreement.flagged);
      expect(row.typeRank).toBe(ranks.get(row.caseId)!.typeRank);
      expect(row.provinceRank).toBe(ranks.get(row.caseId)!.provinceRank);
    }
    expect(res.rows.map((r: any) => r.typeRank)).toEqual([...res.rows.map((r: any) => r.typeRank)].sort((a, b) => a - b));
    const raw = (await org.get(`/api/org/review/rounds/${roundId}/results?by=raw`)).body;
    expect(raw.by).toBe('raw');
  });

  it('keeps reviewers, scores and 回避 out of the case history for the author and the experts', async () => {
    const author = apiClient(srv.app);
    await author.login(authors[0].phone, authors[0].password);
    const own = await author.get(`/api/cases/${cases[0].id}`);
    expect(own.status).toBe(200);
    expect(own.body.history.some((h: any) => /^(review|expert)\./.test(h.event))).toBe(false);
    const expertNames = experts.map((_, i) => `专家${i + 1}`);
    expect(expertNames.some((n) => JSON.stringify(own.body).includes(n))).toBe(false);
    const ex = experts[1];
    const task = (await ex.client.get('/api/review/tasks')).body.tasks[0];
    const seen = await ex.client.get(`/api/cases/${task.caseId}`);
    expect(seen.body.history.some((h: any) => /^(review|expert)\./.test(h.event))).toBe(false);
    const orgView = await org.get(`/api/cases/${task.caseId}`);
    expect(orgView.body.history.some((h: any) => h.event === 'review.score_submit')).toBe(true);
  });

  it('decides selected / not selected through audited transitions, all or nothing', async () => {
    const res = (await org.get(`/api/org/review/rounds/${roundId}/results`)).body;
    const [first, second, ...rest] = res.rows;
    // A case outside the round makes the whole request fail; nothing changes.
    const bad = await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: first.caseId, decision: 'select' }, { caseId: outsider, decision: 'select' }] });
    expect(bad.status).toBe(404);
    expect((await org.get(`/api/cases/${first.caseId}`)).body.state).toBe('national_review');
    expect((await experts[0].client.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: first.caseId, decision: 'select' }] })).status).toBe(403);
    const decisions = [{ caseId: first.caseId, decision: 'select' }, { caseId: second.caseId, decision: 'select' }, ...rest.map((r: any) => ({ caseId: r.caseId, decision: 'reject' }))];
    // The round is still open (experts may still score): 入选 needs an explicit override with a reason.
    const refused = await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('OVERRIDE_REQUIRED');
    expect(refused.body.message).toContain('仍在进行中');
    expect((await org.get(`/api/cases/${first.caseId}`)).body.state).toBe('national_review');
    const ok = await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions, overrideReason: '评审专家已全部提交，会议决定提前确定' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const override = (await org.get(`/api/org/audit?pageSize=200&event=override.decide`)).body.items;
    expect(override).toHaveLength(1);
    expect(override[0].reason).toBe('评审专家已全部提交，会议决定提前确定');
    expect((await org.get(`/api/cases/${first.caseId}`)).body.state).toBe('selected');
    expect((await org.get(`/api/cases/${rest[0].caseId}`)).body.state).toBe('not_selected');
    const audit = (await org.get(`/api/org/audit?pageSize=200&objectId=${first.caseId}&event=case.select`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].fromState).toBe('national_review');
    // A second decision on a decided case is refused by the transition table.
    expect((await org.post(`/api/org/review/rounds/${roundId}/decisions`, { decisions: [{ caseId: first.caseId, decision: 'reject' }] })).status).toBe(409);
  });

  it('closing the round ends the experts\' access', async () => {
    const ex = experts[1];
    const caseId = (await ex.client.get('/api/review/tasks')).body.tasks[0].caseId;
    expect((await org.post(`/api/org/review/rounds/${roundId}/close`)).status).toBe(200);
    expect((await ex.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await ex.client.get('/api/review/tasks')).body.total).toBe(0);
  });
});
