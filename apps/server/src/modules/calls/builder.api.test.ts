// The organiser builds next year's call on the platform: copy 2026 → edit → open; an author creates a case under it;
// later changes are versions with a reason (audited), refused where they would invalidate cases; files round-trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinitionFile } from '@anli/domain/calls/validate.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { rulesVersionOf } from '../files/file.service.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  srv.clock.set(Date.parse('2027-07-01T10:00:00+08:00'));
  org = apiClient(srv.app);
  const o = await buildUser(srv.services, 'organiser', null);
  await org.login(o.phone, o.password);
});
afterAll(async () => srv?.close());

const ID = 'teacher-training-2027';
const evidence = (def: any) => def.caseTypes.find((t: any) => t.id === 'evidence-research');
const field = (def: any, key: string) => evidence(def).fields.find((f: any) => f.key === key);

async function author() {
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return c;
}

describe('building a call on the platform', () => {
  it('copy 2026 → edit → open; an author then creates a case under the new call with its new limits', async () => {
    const created = await org.post('/api/org/call-builder', { sourceCallId: 'teacher-training-2026', id: ID, title: '2027 年教师研修专项案例征集', documentNo: '教技资〔2027〕1号', year: 2027 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ id: ID, state: 'draft', sourceCallId: 'teacher-training-2026', errors: [] });
    // The phases moved by one year.
    expect(created.body.definition.phases.find((p: any) => p.id === 'submission')).toMatchObject({ start: '2027-06-20', end: '2027-08-31' });
    // Not a call yet: authors cannot use a draft.
    const a0 = await author();
    expect((await a0.post('/api/cases', { callId: ID, caseType: 'evidence-research' })).status).toBe(404);

    const def = structuredClone(created.body.definition);
    field(def, 'summary').maxChars = 300;
    evidence(def).checkParams.video.minBitrate = 6_000_000;
    // An edit that breaks a rule is saved (drafts are edited freely) but listed, with its path.
    evidence(def).rubric[0].weight -= 5;
    const saved = await org.put(`/api/org/call-builder/${ID}`, { definition: def });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.errors).toEqual([{ path: 'caseTypes[0].rubric', message: 'caseTypes[0].rubric 权重之和须为 100（当前 95）' }]);
    const refused = await org.post(`/api/org/call-builder/${ID}/open`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0].path).toBe('caseTypes[0].rubric');

    evidence(def).rubric[0].weight += 5;
    const fixed = await org.put(`/api/org/call-builder/${ID}`, { definition: def });
    expect(fixed.body.errors).toEqual([]);
    const paths = fixed.body.changes.map((c: any) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['caseTypes[0].fields[5].maxChars', 'caseTypes[0].checkParams.video.minBitrate', 'title', 'documentNo', 'phases[1].end']));
    expect(fixed.body.changes.find((c: any) => c.path === 'caseTypes[0].fields[5].maxChars')).toMatchObject({ kind: 'changed', before: 350, after: 300 });
    // The help text the author reads follows the new limit (“不超过 350 字” → “不超过 300 字”).
    expect(field(fixed.body.definition, 'summary').help).toMatch(/不超过 300 字$/);

    const opened = await org.post(`/api/org/call-builder/${ID}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ state: 'open', version: 1 });

    // Everywhere a call is resolved, the new one is there with its edited rules.
    const a = await author();
    const list = await a.get('/api/calls');
    expect(list.body.map((c: any) => c.id)).toContain(ID);
    const call = await a.get(`/api/calls/${ID}`);
    expect(field(call.body, 'summary').maxChars).toBe(300);
    expect(evidence(call.body).checkParams.video.minBitrate).toBe(6_000_000);
    expect(call.body.phases.find((p: any) => p.id === 'submission')).toMatchObject({ open: true });
    const c = await a.post('/api/cases', { callId: ID, caseType: 'evidence-research' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const form = { title: '新活动下的案例', category: '教师案例', summary: '简介' };
    expect((await a.put(`/api/cases/${c.body.id}`, { form })).status).toBe(200);
    const long = await a.put(`/api/cases/${c.body.id}`, { form: { ...form, summary: '字'.repeat(320) } });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('300');

    const audit = await org.get('/api/org/audit?event=call.open');
    expect(audit.body.items[0]).toMatchObject({ objectId: ID, actorRole: 'organiser', eventLabel: '开放活动', objectLabel: '2027 年教师研修专项案例征集' });
  });

  it('a later deadline on an open call is a new version with its reason, audited', async () => {
    const cur = (await org.get(`/api/org/call-builder/${ID}`)).body.definition;
    cur.phases.find((p: any) => p.id === 'submission').end = '2027-09-10';
    cur.phases.find((p: any) => p.id === 'province_recommendation').end = '2027-09-15';
    const noReason = await org.post(`/api/org/call-builder/${ID}/versions`, { definition: cur, reason: '' });
    expect(noReason.status).toBe(400);
    const r = await org.post(`/api/org/call-builder/${ID}/versions`, { definition: cur, reason: '应多省要求延长报送时间' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'open', version: 2 });
    expect(r.body.versions.map((v: any) => v.reason)).toEqual([null, '应多省要求延长报送时间']);
    expect(r.body.changes.map((c: any) => c.path)).toEqual(['phases[1].end', 'phases[2].end']);
    // The call's own date, as a visitor reads it (an author reads the own province's date, 本省设定 or 推荐上报截止).
    const visitor = apiClient(srv.app);
    expect((await visitor.get(`/api/calls/${ID}`)).body.phases.find((p: any) => p.id === 'submission').end).toContain('2027-09-10');
    const log = await org.get('/api/org/audit?event=call.revise');
    expect(log.body.items[0]).toMatchObject({ objectId: ID, reason: '应多省要求延长报送时间' });
  });

  it('refuses removing a field that cases have filled, and tightening a rule after submissions unless re-checking is confirmed', async () => {
    const cur = (await org.get(`/api/org/call-builder/${ID}`)).body.definition;
    const without = structuredClone(cur);
    evidence(without).fields = evidence(without).fields.filter((f: any) => f.key !== 'category');
    const removed = await org.post(`/api/org/call-builder/${ID}/versions`, { definition: without, reason: '不再需要案例类别' });
    expect(removed.status).toBe(409);
    expect(removed.body.code).toBe('FIELD_IN_USE');
    expect(removed.body.message).toContain('字段“案例类别”（category）已有 1 件案例填写，不能删除');

    // A field nobody filled can go.
    const unused = structuredClone(cur);
    evidence(unused).fields = evidence(unused).fields.filter((f: any) => f.key !== 'unitOpinion');
    expect((await org.post(`/api/org/call-builder/${ID}/versions`, { definition: unused, reason: '删去未使用的单位意见' })).status).toBe(200);

    // Once a case is submitted, a stricter limit needs the re-check confirmed.
    await srv.db.query('update cases set submission_count = 1 where call_id = $1', [ID]);
    const stricter = structuredClone(unused);
    field(stricter, 'summary').maxChars = 250;
    const tight = await org.post(`/api/org/call-builder/${ID}/versions`, { definition: stricter, reason: '压缩概述字数' });
    expect(tight.status).toBe(409);
    expect(tight.body.code).toBe('RULE_TIGHTENED');
    expect(tight.body.message).toContain('caseTypes[0].fields[5].maxChars');
    // Loosening is fine without it.
    const looser = structuredClone(unused);
    evidence(looser).checkParams.video.minBitrate = 5_000_000;
    expect((await org.post(`/api/org/call-builder/${ID}/versions`, { definition: looser, reason: '放宽码率下限' })).status).toBe(200);
    // A looser rule needs no confirmation, but the call's files are still checked again under it (the re-check job
    // records the call's new rules version).
    const rulesNow = rulesVersionOf(srv.services.calls.requireCall(ID));
    await expect
      .poll(async () => (await srv.db.query<{ v: string }>('select rules_version as v from call_versions where call_id = $1', [ID]))[0]?.v, { timeout: 30_000 })
      .toBe(rulesNow);
    field(looser, 'summary').maxChars = 250;
    const confirmed = await org.post(`/api/org/call-builder/${ID}/versions`, { definition: looser, reason: '压缩概述字数', confirmRecheck: true });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const log = await org.get('/api/org/audit?event=call.revise');
    expect(log.body.items[0]).toMatchObject({ reason: '压缩概述字数' });
  });

  it('export → import gives an identical definition; broken files are refused with the path', async () => {
    const file = await org.get(`/api/org/calls/${ID}/definition`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-disposition'])).toContain(`${ID}.json`);
    const text = file.raw.toString('utf8');
    expect(text).toContain('"$comment"');
    const current = (await org.get(`/api/org/call-builder/${ID}`)).body.definition;
    const parsed = parseDefinitionFile(text);
    expect(parsed.ok && parsed.call).toEqual(current);

    // The same file under a new id (a test deployment's call moved to live) imports as a draft, identical but for the id.
    const moved = text.replace(`"id": "${ID}"`, '"id": "teacher-training-2027-live"');
    const imported = await org.post('/api/org/call-builder/import', { text: moved });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ state: 'draft', errors: [] });
    expect({ ...imported.body.definition, id: ID }).toEqual(current);

    // An open call's id cannot be imported over it.
    expect((await org.post('/api/org/call-builder/import', { text })).body.code).toBe('CALL_ID_TAKEN');
    const broken = JSON.parse(moved);
    broken.id = 'broken-2027';
    broken.phases[2].start = '2027-10-01';
    broken.caseTypes[0].rubric[0].weight = 1;
    const bad = await org.post('/api/org/call-builder/import', { text: JSON.stringify(broken) });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.message)).toEqual(
      expect.arrayContaining(['phases[2] 结束时间早于开始时间（2027-10-01 至 2027-09-15）', expect.stringMatching(/^caseTypes\[0\]\.rubric 权重之和须为 100（当前 \d+）$/)]),
    );
  });

  it('a call opened by another process is seen here within seconds', async () => {
    const def = structuredClone((await org.get(`/api/org/call-builder/${ID}`)).body.definition);
    Object.assign(def, { id: 'elsewhere-2027', title: '另一进程开放的活动', version: 1 });
    // As another API process would write it (its own cache is not this one's).
    await srv.db.query(`insert into call_definitions (call_id, version, definition) values ('elsewhere-2027', 1, $1)`, [JSON.stringify(def)]);
    await new Promise((r) => setTimeout(r, 2100));
    const a = await author();
    await a.get('/api/auth/me');
    const calls = await a.get('/api/calls');
    expect(calls.body.map((c: any) => c.id)).toContain('elsewhere-2027');
  });

  it('lists built-in, open and draft calls; ids are unique; only the organiser may build', async () => {
    const list = await org.get('/api/org/call-builder');
    const byId = new Map(list.body.map((r: any) => [r.id, r]));
    expect(byId.get('teacher-ai-2025')).toMatchObject({ state: 'builtin', version: 1 });
    expect(byId.get(ID)).toMatchObject({ state: 'open', caseCount: 1 });
    expect(byId.get('teacher-training-2027-live')).toMatchObject({ state: 'draft' });
    const dup = await org.post('/api/org/call-builder', { sourceCallId: null, id: 'teacher-ai-2025', title: '重复', year: 2027 });
    expect(dup.body.code).toBe('CALL_ID_TAKEN');
    const empty = await org.post('/api/org/call-builder', { sourceCallId: null, id: 'blank-2027', title: '空白活动', year: 2027 });
    expect(empty.body.errors.length).toBeGreaterThan(0);
    const a = await author();
    expect((await a.get('/api/org/call-builder')).status).toBe(403);
  });

  it('a province with its own quota (provinceMax) gets its own limit where recommending counts', async () => {
    const QID = 'quota-override-2027';
    const created = await org.post('/api/org/call-builder', { sourceCallId: 'teacher-training-2026', id: QID, title: '单独名额测试活动', year: 2027 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const def = structuredClone(created.body.definition);
    // An unknown province code is named with its path, in Chinese.
    def.quota.groups[0] = { ...def.quota.groups[0], max: 3, provinceMax: { '110000': 1, '999999': 2 } };
    const wrong = await org.put(`/api/org/call-builder/${QID}`, { definition: def });
    expect(wrong.body.errors).toEqual([{ path: 'quota.groups[0].provinceMax', message: expect.stringContaining('省份代码 999999 不存在') }]);
    def.quota.groups[0].provinceMax = { '110000': 1 };
    const saved = await org.put(`/api/org/call-builder/${QID}`, { definition: def });
    expect(saved.body.errors).toEqual([]);
    expect(saved.body.changes.map((c: any) => c.path)).toEqual(expect.arrayContaining(['quota.groups[0].max']));
    expect((await org.post(`/api/org/call-builder/${QID}/open`)).status).toBe(200);
    await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, QID, 'province_recommendation', { forced: 'open' });

    /** Two submitted cases of the province, recommended one after the other by its administrator. */
    const recommendTwo = async (provinceCode: string) => {
      const adm = await buildUser(srv.services, 'province_admin', provinceCode);
      const ac = apiClient(srv.app);
      await ac.login(adm.phone, adm.password);
      const results = [];
      for (let i = 0; i < 2; i++) {
        const u = await buildUser(srv.services, 'author', provinceCode);
        const id = await buildCase(srv.db, { callId: QID, caseType: 'evidence-research', authorId: u.id, provinceCode, state: 'submitted', form: validEvidenceForm() });
        results.push(await ac.post(`/api/cases/${id}/recommend`));
      }
      return { results, status: (await ac.get(`/api/province/status?callId=${QID}`)).body };
    };
    // 北京 has its own cap of 1: the second recommendation is refused, naming 1 as the limit.
    const bj = await recommendTwo('110000');
    expect(bj.results[0].status, JSON.stringify(bj.results[0].body)).toBe(200);
    expect(bj.results[1].status).toBe(409);
    expect(bj.results[1].body).toMatchObject({ code: 'QUOTA_FULL', message: expect.stringContaining('（1/1）') });
    expect(bj.status.quota[0]).toMatchObject({ used: 1, max: 1 });
    // 上海 has no override: the group's 3 applies.
    const sh = await recommendTwo('310000');
    expect(sh.results.map((r) => r.status)).toEqual([200, 200]);
    expect(sh.status.quota[0]).toMatchObject({ used: 2, max: 3 });
    // The organiser's overview shows each province's own total.
    const overview = await org.get(`/api/org/overview?callId=${QID}`);
    expect(overview.status).toBe(200);
    expect(overview.body.find((r: any) => r.provinceCode === '110000').quota).toBe(1);
    expect(overview.body.find((r: any) => r.provinceCode === '310000').quota).toBe(3);
  });

  it('case types: a copy with a new id is added, a duplicate id is refused by path, a type with cases cannot be removed', async () => {
    const QID = 'quota-override-2027';
    const cur = (await org.get(`/api/org/call-builder/${QID}`)).body.definition;
    // A copy under the same id: refused, naming the path.
    const dup = structuredClone(cur);
    dup.caseTypes.push({ ...structuredClone(dup.caseTypes[1]), name: '副本' });
    const refused = await org.post(`/api/org/call-builder/${QID}/versions`, { definition: dup, reason: '增加一类案例' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual(expect.arrayContaining([{ path: 'caseTypes[2].id', message: expect.stringContaining('案例类型编号 online-studio 与第 2 个案例类型重复') }]));
    // The same copy with a new id and name, its authors' columns edited (a sub-field relabelled, one added, min/max).
    dup.caseTypes[2].id = 'online-studio-2';
    dup.caseTypes[2].name = '名师工作室线下研修案例';
    const authors = dup.caseTypes[2].fields.find((f: any) => f.key === dup.caseTypes[2].authorsField);
    authors.fields[0].label = '作者姓名';
    authors.fields.push({ key: 'col9', label: '学科', kind: 'text', maxChars: 20, required: false });
    authors.max = 3;
    // Read before the revision, the call's detail shows the revision after (no stale definition kept anywhere).
    expect((await apiClient(srv.app).get(`/api/calls/${QID}`)).body.caseTypes.some((t: any) => t.id === 'online-studio-2')).toBe(false);
    const added = await org.post(`/api/org/call-builder/${QID}/versions`, { definition: dup, reason: '增加一类案例' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const a = await author();
    const call = (await a.get(`/api/calls/${QID}`)).body;
    const type = call.caseTypes.find((t: any) => t.id === 'online-studio-2');
    expect(type.name).toBe('名师工作室线下研修案例');
    const g = type.fields.find((f: any) => f.key === type.authorsField);
    expect(g).toMatchObject({ max: 3 });
    expect(g.fields.map((f: any) => f.label)).toEqual(expect.arrayContaining(['作者姓名', '学科']));
    expect((await a.post('/api/cases', { callId: QID, caseType: 'online-studio-2' })).status).toBe(200);
    // evidence-research has cases in this open call: removing it is refused, in words.
    const without = structuredClone(added.body.definition);
    without.caseTypes = without.caseTypes.filter((t: any) => t.id !== 'evidence-research');
    const removed = await org.post(`/api/org/call-builder/${QID}/versions`, { definition: without, reason: '取消一类案例' });
    expect(removed.status).toBe(409);
    expect(removed.body.message).toMatch(/案例类型“人机协同循证教研案例”已有 \d+ 件案例，不能删除/);
    // A type without cases in a draft is removed freely.
    const draft = await org.post('/api/org/call-builder', { sourceCallId: 'teacher-training-2026', id: 'one-type-2027', title: '只征集一类案例', year: 2027 });
    const one = structuredClone(draft.body.definition);
    one.caseTypes = one.caseTypes.slice(0, 1);
    expect((await org.put('/api/org/call-builder/one-type-2027', { definition: one })).body.errors).toEqual([]);
  });
});
