// Issue 14 item 6: a province's own author deadline (seed 000: 各省自定报送截止时间), the recommendation deadline
// until it sets one, a late return's resubmission date, and form.first_author at submission across two accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm, validEvidenceForm } from '../../testing/factories.ts';
import { attachDemoFiles } from '../../demo/seed.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
});
afterAll(async () => srv?.close());

const at = (beijing: string) => Date.parse(`${beijing.replace(' ', 'T')}+08:00`);
const REC_END = at('2026-08-31 23:59:59.999');

/** An author of `province` with a complete 2026 case (every file attached and checked), signed in. */
async function submittable(province: string, opts: { form?: Record<string, unknown>; keepFirstAuthor?: boolean; author?: { id: string; phone: string; password: string } } = {}) {
  const u = opts.author ?? (await buildUser(srv.services, 'author', province));
  const id = await buildCase(srv.db, {
    callId: 'teacher-training-2026', caseType: 'evidence-research', authorId: u.id, provinceCode: province, state: 'draft',
    form: opts.form ?? validEvidenceForm(), keepFirstAuthor: opts.keepFirstAuthor,
  });
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  expect(await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' }, id, () => {})).toBe(true);
  return { c, id, u, relogin: () => c.login(u.phone, u.password) };
}

/** Moves the clock and signs the given clients in again (a jump of days ends their sessions). */
async function moveTo(beijing: string, ...who: Array<{ relogin(): Promise<unknown> }>) {
  srv.clock.set(at(beijing));
  for (const w of who) await w.relogin();
}

async function admin(province: string) {
  const a = await buildUser(srv.services, 'province_admin', province);
  const c = apiClient(srv.app);
  await c.login(a.phone, a.password);
  return Object.assign(c, { relogin: () => c.login(a.phone, a.password) });
}

describe('a province sets its own author deadline (2026, 各省自定报送截止时间)', () => {
  it('refuses a submission 1 s after the province\'s own deadline and accepts one 1 s before', async () => {
    srv.clock.set(at('2026-07-01 10:00:00'));
    const bj = await admin('110000');
    const before = await bj.get('/api/province/author-deadline?callId=teacher-training-2026');
    expect(before.body).toMatchObject({ applicable: true, own: null, source: 'recommendation', effective: new Date(REC_END).toISOString() });
    const set = await bj.put('/api/province/author-deadline', { callId: 'teacher-training-2026', endsAt: '2026-07-15T18:00:00+08:00' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ own: '2026-07-15T10:00:00.000Z', effective: '2026-07-15T10:00:00.000Z', source: 'province' });

    const early = await submittable('110000');
    const late = await submittable('110000');
    // The author's pages and countdowns follow the province's date.
    const mine = await early.c.get('/api/my/deadlines');
    expect(mine.body.find((d: any) => d.callId === 'teacher-training-2026')).toMatchObject({ endsAt: '2026-07-15T10:00:00.000Z', source: 'province', open: true });
    expect((await early.c.get(`/api/cases/${early.id}`)).body.deadline).toMatchObject({ endsAt: '2026-07-15T10:00:00.000Z', source: 'province' });
    const phases = await early.c.get('/api/calls');
    expect(phases.body.find((c: any) => c.id === 'teacher-training-2026').phases.find((p: any) => p.id === 'submission')).toMatchObject({ end: '2026-07-15 18:00:00', authorDeadline: 'province' });

    await moveTo('2026-07-15 17:59:59', early, late);
    const ok = await early.c.post(`/api/cases/${early.id}/submit`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await moveTo('2026-07-15 18:00:01', late);
    const refused = await late.c.post(`/api/cases/${late.id}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PHASE_CLOSED');
    expect(refused.body.message).toContain('本省设定的截止时间：北京时间 2026-07-15 18:00:00');
    // Another province, which set nothing, still takes submissions (its recommendation deadline applies).
    const sh = await submittable('310000');
    expect((await sh.c.post(`/api/cases/${sh.id}/submit`)).status).toBe(200);

    // The organiser reads the setting in the audit log under its Chinese name.
    const o = await buildUser(srv.services, 'organiser', null);
    const org = apiClient(srv.app);
    await org.login(o.phone, o.password);
    const log = await org.get('/api/org/audit?event=province.author_deadline_set');
    const rows = Array.isArray(log.body) ? log.body : log.body.items;
    expect(rows[0]).toMatchObject({ provinceCode: '110000', actorRole: 'province_admin', eventLabel: '设定本省作者报送截止时间' });
  });

  it('without a province date the recommendation deadline applies, and a date past it is refused in Chinese', async () => {
    srv.clock.set(at('2026-08-31 23:59:58'));
    const gd = await admin('440000');
    const tooLate = await gd.put('/api/province/author-deadline', { callId: 'teacher-training-2026', endsAt: '2026-09-01T00:00:00+08:00' });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.message).toBe('截止时间不能晚于本省推荐上报截止时间（北京时间 2026-08-31 23:59:59），请选择此前的时间');
    expect((await gd.get('/api/province/author-deadline?callId=teacher-training-2026')).body).toMatchObject({ own: null, source: 'recommendation' });
    // 2025: the notice dates the authors' window; provinces set nothing.
    const fixed = await gd.put('/api/province/author-deadline', { callId: 'teacher-ai-2025', endsAt: '2025-10-20T18:00:00+08:00' });
    expect(fixed.status).toBe(409);
    expect(fixed.body.message).toContain('由通知统一规定');

    const a = await submittable('440000');
    const b = await submittable('440000');
    await moveTo('2026-08-31 23:59:58', a, b);
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).status).toBe(200);
    await moveTo('2026-09-01 00:00:00', b);
    const refused = await b.c.post(`/api/cases/${b.id}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('2026-08-31 23:59:59');
  });
});

describe('a case returned after the province\'s author deadline', () => {
  it('can be resubmitted until the resubmission date (default 3 days) and not after', async () => {
    srv.clock.set(at('2026-07-01 09:00:00'));
    const zj = await admin('330000');
    await zj.put('/api/province/author-deadline', { callId: 'teacher-training-2026', endsAt: '2026-07-10T23:59:59+08:00' });
    const a = await submittable('330000');
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).status).toBe(200);

    await moveTo('2026-07-20 10:00:00', a, zj);
    // The administrator's page offers the default date and the latest one.
    expect((await zj.get(`/api/cases/${a.id}`)).body.lateReturn).toEqual({ defaultUntil: new Date(at('2026-07-23 23:59:59.999')).toISOString(), maxUntil: new Date(REC_END).toISOString() });
    const pastRec = await zj.post(`/api/cases/${a.id}/return`, { reason: '请补充数据', resubmitUntil: '2026-09-02T12:00:00+08:00' });
    expect(pastRec.status).toBe(400);
    expect(pastRec.body.message).toContain('不能晚于本省推荐上报截止时间');
    const ret = await zj.post(`/api/cases/${a.id}/return`, { reason: '请补充证据采集的具体数据' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect(ret.body.resubmitUntil).toBe(new Date(at('2026-07-23 23:59:59.999')).toISOString());

    // The author sees the date on the case page and in the return notice (and its SMS).
    const seen = await a.c.get(`/api/cases/${a.id}`);
    expect(seen.body.deadline).toMatchObject({ source: 'resubmit', endsAt: new Date(at('2026-07-23 23:59:59.999')).toISOString(), open: true });
    const notices = await a.c.get('/api/notices');
    const list = Array.isArray(notices.body) ? notices.body : notices.body.items;
    expect(JSON.stringify(list)).toContain('于北京时间 2026-07-23 23:59:59 前重新提交');
    const [sms] = await srv.db.query<{ params: Record<string, string>; text: string }>(
      `select params, text from notice_outbox where recipient = $1 and channel = 'sms' and template = 'case_returned'`, [a.u.phone],
    );
    expect(sms.params.deadline).toBe('2026-07-23 23:59');

    // Before the resubmission date the author is reminded of it, once however often the reminders run.
    await srv.services.notices.runDueReminders(at('2026-07-22 10:00:00'));
    await srv.services.notices.runDueReminders(at('2026-07-22 11:00:00'));
    const reminded = await srv.db.query<{ text: string }>(`select title || body as text from notices where case_id = $1 and dedupe_key like 'deadline:resubmit:%'`, [a.id]);
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.text).toContain('2026-07-23 23:59');

    await moveTo('2026-07-24 00:00:01', a);
    const late = await a.c.post(`/api/cases/${a.id}/submit`);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'RESUBMIT_CLOSED' });
    expect(late.body.message).toContain('2026-07-23 23:59:59');
    await moveTo('2026-07-23 23:59:58', a);
    const inTime = await a.c.post(`/api/cases/${a.id}/submit`);
    expect(inTime.status, JSON.stringify(inTime.body)).toBe(200);
    expect(inTime.body.state).toBe('submitted');

    // A date the administrator chooses, inside the recommendation window, is the one that holds.
    await moveTo('2026-08-30 10:00:00', a, zj);
    const chosen = await zj.post(`/api/cases/${a.id}/return`, { reason: '请再次修改', resubmitUntil: '2026-08-31T12:00:00+08:00' });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.resubmitUntil).toBe('2026-08-31T04:00:00.000Z');
    await moveTo('2026-08-31 12:00:01', a);
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).body.code).toBe('RESUBMIT_CLOSED');
  });

  it('returned before the deadline, the province\'s author deadline applies (no resubmission date)', async () => {
    srv.clock.set(at('2026-07-01 09:00:00'));
    const js = await admin('320000');
    await js.put('/api/province/author-deadline', { callId: 'teacher-training-2026', endsAt: '2026-07-10T23:59:59+08:00' });
    const a = await submittable('320000');
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).status).toBe(200);
    const ret = await js.post(`/api/cases/${a.id}/return`, { reason: '请补充证据' });
    expect(ret.body.resubmitUntil).toBeNull();
    await moveTo('2026-07-11 00:00:01', a);
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).body.code).toBe('PHASE_CLOSED');
  });
});

describe('form.first_author at submission', () => {
  it('account B cannot submit a case whose first author is A\'s mobile; with its own mobile first it can', async () => {
    srv.clock.set(at('2026-07-01 10:00:00'));
    const a = await buildUser(srv.services, 'author', '500000');
    const form = validEvidenceForm();
    form.authors = [{ name: '甲老师', unit: '测试学校', position: '教师', mobile: a.phone }, { name: '乙老师', unit: '测试学校', position: '教师', mobile: '13911112222' }];
    const b = await submittable('500000', { form, keepFirstAuthor: true });
    const refused = await b.c.post(`/api/cases/${b.id}/submit`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('FIRST_AUTHOR');
    expect(refused.body.message).toContain('第一作者的手机号须为提交账号的手机号');
    expect(refused.body.fields).toEqual([{ path: 'authors.0.mobile', message: refused.body.message }]);
    expect((await b.c.get(`/api/cases/${b.id}`)).body.state).toBe('draft');
    // B puts its own mobile first (A stays as second author): the case goes through.
    const fixed = await b.c.put(`/api/cases/${b.id}`, { form: { ...form, authors: [{ ...form.authors[0], mobile: b.u.phone }, form.authors[0]] } });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect((await b.c.post(`/api/cases/${b.id}/submit`)).status).toBe(200);
  });

  it('2025 (the only author): B cannot submit A\'s case, and A\'s own case goes through', async () => {
    srv.clock.set(at('2025-10-15 10:00:00'));
    const a = await buildUser(srv.services, 'author', '510000');
    const bUser = await buildUser(srv.services, 'author', '510000');
    const form = validAiForm();
    form.authors[0].mobile = a.phone;
    const id = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: bUser.id, provinceCode: '510000', state: 'draft', form, keepFirstAuthor: true });
    const bc = apiClient(srv.app);
    const bs = await bc.login(bUser.phone, bUser.password);
    await attachDemoFiles(srv.services, { ...bs, phone: bUser.phone, sessionId: 'test' }, id, () => {});
    const refused = await bc.post(`/api/cases/${id}/submit`);
    expect(refused.body.code).toBe('FIRST_AUTHOR');
    const aCase = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: a.id, provinceCode: '510000', state: 'draft', form });
    const ac = apiClient(srv.app);
    const as = await ac.login(a.phone, a.password);
    await attachDemoFiles(srv.services, { ...as, phone: a.phone, sessionId: 'test' }, aCase, () => {});
    const ok = await ac.post(`/api/cases/${aCase}/submit`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});
