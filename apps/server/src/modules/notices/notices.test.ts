// Notices: each moment creates the in-app notice and queues the SMS (e-mail where the user has one); reminders at
// 3 days and 1 day before the relevant deadline, once, following per-province extensions; retries after a failing
// gateway; announcements to users who never logged in. Time is injected (the test server's settable clock, and
// runDueReminders(now) / deliverDue(now)); the SMS gateway is the in-memory sender (the only thing mocked).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validEvidenceForm } from '../../testing/factories.ts';
import type { OutgoingMessage } from '../../infra/sender.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const CALL = 'teacher-training-2026';
const at = (s: string) => Date.parse(s);

beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: at('2026-07-01T10:00:00+08:00') });
});
afterAll(async () => srv?.close());

async function as(u: { phone: string; password: string }) {
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return c;
}
const sentTo = (phone: string) => srv.sender.sent.filter((m) => m.to === phone);
const noticesOf = (userId: string) =>
  srv.db.query<{ kind: string; title: string; body: string; case_id: string | null; dedupe_key: string | null }>(
    'select kind, title, body, case_id, dedupe_key from notices where user_id = $1 order by created_at, id', [userId],
  );

describe('moments that matter', () => {
  it('returned (with the reason), recommended and un-recommended: an in-app notice and an SMS each, e-mail where the user has one', async () => {
    srv.clock.set(at('2026-07-01T10:00:00+08:00'));
    const author = await buildUser(srv.services, 'author', '120000');
    await srv.db.query('update users set email = $2 where id = $1', [author.id, 'teacher@example.cn']);
    const admin = await buildUser(srv.services, 'province_admin', '120000');
    const adm = await as(admin);
    const returned = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '120000', state: 'submitted', form: validEvidenceForm() });
    const recommended = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '120000', state: 'submitted', form: validEvidenceForm() });

    expect((await adm.post(`/api/cases/${returned}/return`, { reason: '视频时长不足 7 分钟，请重新剪辑' })).status).toBe(200);
    srv.clock.advance(1000);
    expect((await adm.post(`/api/cases/${recommended}/recommend`)).status).toBe(200);
    srv.clock.advance(1000);
    expect((await adm.post(`/api/cases/${recommended}/unrecommend`)).status).toBe(200);

    const notices = await noticesOf(author.id);
    expect(notices.map((n) => [n.kind, n.case_id])).toEqual([
      ['case_returned', returned], ['case_recommended', recommended], ['case_unrecommended', recommended],
    ]);
    expect(notices[0]!.body).toContain('视频时长不足 7 分钟，请重新剪辑');

    // The author sees them in the 消息中心 with the unread count.
    const me = await as(author);
    const list = (await me.get('/api/notices')).body;
    expect(list.unread).toBe(3);
    expect(list.items.map((n: any) => n.kind)).toEqual(['case_unrecommended', 'case_recommended', 'case_returned']);
    expect(list.items[2]).toMatchObject({ title: '案例被退回修改', kindLabel: '案例退回', link: `/my/cases/${returned}/edit`, readAt: null });

    // Messages wait in the outbox until delivered; each goes out once, SMS to the phone and e-mail to the address.
    // (The worker's delivery job may run at the same time: the order of sending is not guaranteed, the count is.)
    await srv.services.notices.deliverDue();
    await vi.waitFor(() => expect(sentTo(author.phone)).toHaveLength(3));
    await srv.services.notices.deliverDue();
    const sms = sentTo(author.phone);
    expect(sms.map((m) => m.template).sort()).toEqual(['case_recommended', 'case_returned', 'case_unrecommended']);
    expect(sms.find((m) => m.template === 'case_returned')!.text).toContain('视频时长不足 7 分钟');
    // An SMS is a template with parameters; the gateway adds the 签名 (【案例征集平台】) in front of the text.
    expect(sms.every((m) => m.channel === 'sms' && !m.text.startsWith('【') && m.params?.title && m.text.length <= 120)).toBe(true);
    // The return names the date until which the author may resubmit (the province's author deadline here).
    expect(sms.find((m) => m.template === 'case_returned')!.params).toEqual({ title: expect.any(String), reason: '视频时长不足 7 分钟，请重新剪辑', deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) });
    const mail = sentTo('teacher@example.cn');
    expect(mail.map((m) => `${m.channel}:${m.template}`).sort()).toEqual(['email:case_recommended', 'email:case_returned', 'email:case_unrecommended']);
    const pending = await srv.db.query(`select 1 from notice_outbox where user_id = $1 and status <> 'sent'`, [author.id]);
    expect(pending).toEqual([]);
  });

  it('a disabled account keeps its in-app notice but is sent nothing', async () => {
    srv.clock.set(at('2026-07-01T11:00:00+08:00'));
    const author = await buildUser(srv.services, 'author', '120000');
    const admin = await buildUser(srv.services, 'province_admin', '120000');
    const adm = await as(admin);
    const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '120000', state: 'submitted', form: validEvidenceForm() });
    await srv.db.query('update users set disabled = true where id = $1', [author.id]);
    expect((await adm.post(`/api/cases/${id}/return`, { reason: '请补充课堂实录片段' })).status).toBe(200);
    expect((await noticesOf(author.id)).map((n) => n.kind)).toEqual(['case_returned']);
    expect(await srv.db.query('select 1 from notice_outbox where user_id = $1', [author.id])).toEqual([]);
    await srv.db.query('update users set disabled = false where id = $1', [author.id]); // the announcements below count active authors
  });

  it('results published: one notice and one SMS per author (the results module no longer sends on its own)', async () => {
    srv.clock.set(at('2026-12-01T10:00:00+08:00'));
    const author = await buildUser(srv.services, 'author', '130000');
    const org = await as(await buildUser(srv.services, 'organiser', null));
    const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '130000', state: 'selected', form: validEvidenceForm(), quotaGroup: 'all' });
    // December is outside the 国家级推荐 phase: publishing needs the organiser's reason (issue 15).
    const r = await org.post('/api/org/results/publish', { callId: CALL, overrideReason: '测试：阶段外公布' });
    expect(r.status).toBe(200);
    expect((await noticesOf(author.id)).map((n) => [n.kind, n.case_id])).toEqual([['case_published', id]]);
    await srv.services.notices.deliverDue();
    await vi.waitFor(() => expect(sentTo(author.phone).map((m) => m.template)).toEqual(['case_published']));
    await srv.services.notices.deliverDue();
    expect(sentTo(author.phone)).toHaveLength(1);
  });

  it('reporting the list tells each author left out (not recommended), with one delivery job for the whole action', async () => {
    srv.clock.set(at('2026-07-01T10:00:00+08:00'));
    const [a1, a2, a3] = [await buildUser(srv.services, 'author', '150000'), await buildUser(srv.services, 'author', '150000'), await buildUser(srv.services, 'author', '150000')];
    const adm = await as(await buildUser(srv.services, 'province_admin', '150000'));
    const kept = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: a1.id, provinceCode: '150000', state: 'province_recommended', form: validEvidenceForm(), quotaGroup: 'all' });
    const left1 = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: a2.id, provinceCode: '150000', state: 'submitted', form: validEvidenceForm() });
    const left2 = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: a3.id, provinceCode: '150000', state: 'submitted', form: validEvidenceForm() });
    const jobs = async () => (await srv.db.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'notices.deliver'`))[0]!.n;
    const before = await jobs();
    expect((await adm.post('/api/province/report', { callId: CALL })).status).toBe(200);
    expect(await jobs()).toBe(before + 1);
    expect((await noticesOf(a2.id)).map((n) => [n.kind, n.case_id])).toEqual([['case_not_recommended', left1]]);
    expect((await noticesOf(a3.id)).map((n) => [n.kind, n.case_id])).toEqual([['case_not_recommended', left2]]);
    expect(await noticesOf(a1.id)).toEqual([]);
    expect(kept).toBeTruthy();
    await srv.services.notices.deliverDue();
    await vi.waitFor(() => expect([...sentTo(a2.phone), ...sentTo(a3.phone)].map((m) => m.template)).toEqual(['case_not_recommended', 'case_not_recommended']));
  });

  it('a user only ever sees and marks their own notices', async () => {
    srv.clock.set(at('2026-07-01T10:00:00+08:00'));
    const a = await buildUser(srv.services, 'author', '140000');
    const b = await buildUser(srv.services, 'author', '140000');
    const admin = await as(await buildUser(srv.services, 'province_admin', '140000'));
    const caseA = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: a.id, provinceCode: '140000', state: 'submitted', form: validEvidenceForm() });
    expect((await admin.post(`/api/cases/${caseA}/return`, { reason: '请补充总结报告' })).status).toBe(200);
    const ca = await as(a);
    const cb = await as(b);
    const mine = (await ca.get('/api/notices')).body;
    expect(mine.items).toHaveLength(1);
    const noticeId = mine.items[0].id;
    expect((await cb.get('/api/notices')).body).toEqual({ items: [], total: 0, unread: 0, page: 1, pageSize: 20 });
    expect((await cb.get('/api/notices/unread-count')).body).toEqual({ unread: 0 });
    expect((await cb.post(`/api/notices/${noticeId}/read`)).status).toBe(404);
    expect((await cb.post('/api/notices/read-all')).body).toEqual({ marked: 0, unread: 0 });
    expect((await ca.get('/api/notices/unread-count')).body).toEqual({ unread: 1 });
    expect((await ca.post('/api/notices/not-a-uuid/read')).status).toBe(404);
    expect((await apiClient(srv.app).get('/api/notices')).status).toBe(401);

    const read = await ca.post(`/api/notices/${noticeId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(new Date(srv.clock.now()).toISOString());
    expect((await ca.get('/api/notices/unread-count')).body).toEqual({ unread: 0 });
    expect((await srv.db.query(`select 1 from audit_log where event = 'notice.read' and object_id = $1 and actor_id = $2`, [noticeId, a.id])).length).toBe(1);
  });
});

describe('deadline reminders (runDueReminders with injected time)', () => {
  it('3 days and 1 day before, for what is still missing, never twice, and following a province\'s extension', async () => {
    srv.clock.set(at('2026-07-01T10:00:00+08:00'));
    const reminders = srv.services.notices;
    // 江西 (360000): a draft with nothing uploaded; 湖南 (430000): the same, but its deadlines are extended.
    const jx = await buildUser(srv.services, 'author', '360000');
    const jxDone = await buildUser(srv.services, 'author', '360000');
    const jxAdmin = await buildUser(srv.services, 'province_admin', '360000');
    const hn = await buildUser(srv.services, 'author', '430000');
    const hnAdmin = await buildUser(srv.services, 'province_admin', '430000');
    const draft = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: jx.id, provinceCode: '360000', state: 'draft', form: { title: '未完成的案例' } });
    await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: jxDone.id, provinceCode: '360000', state: 'submitted', form: validEvidenceForm() });
    const hnDraft = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: hn.id, provinceCode: '430000', state: 'draft', form: validEvidenceForm() });
    const org = await as(await buildUser(srv.services, 'organiser', null));
    for (const phaseId of ['submission', 'province_recommendation']) {
      expect((await org.post(`/api/org/calls/${CALL}/extensions`, { provinceCode: '430000', phaseId, end: '2026-09-10' })).status).toBeLessThan(300);
    }
    const kinds = async (userId: string) => (await noticesOf(userId)).map((n) => n.kind);

    // 4 days before 31 August: nothing.
    await reminders.runDueReminders(at('2026-08-27T12:00:00+08:00'));
    expect(await kinds(jx.id)).toEqual([]);
    expect(await kinds(jxAdmin.id)).toEqual([]);

    // 3 days before: the author of the draft (not the one who submitted) and the province's administrator.
    await reminders.runDueReminders(at('2026-08-28T09:00:00+08:00'));
    const [n3] = await noticesOf(jx.id);
    expect(n3).toMatchObject({ kind: 'deadline_submission', title: '提交截止还有 3 天', case_id: draft });
    expect(n3!.body).toContain('2026-08-31 23:59:59');
    expect(n3!.body).toContain('请上传案例视频（MP4）');
    expect(n3!.body).toMatch(/填写.*案例类别/);
    expect(await kinds(jxDone.id)).toEqual([]);
    const [a3] = await noticesOf(jxAdmin.id);
    expect(a3).toMatchObject({ kind: 'deadline_recommendation', title: '推荐上报截止还有 3 天' });
    expect(a3!.body).toContain('推荐名单尚未上报');
    expect(a3!.body).toContain('已推荐 0 个，上限 100 个');
    expect(a3!.body).toContain('联系人信息表尚未填写');
    // 湖南's deadline moved to 10 September: nothing yet.
    expect(await kinds(hn.id)).toEqual([]);
    expect(await kinds(hnAdmin.id)).toEqual([]);

    // Again (an hour later, or from another process): no duplicates.
    expect((await reminders.runDueReminders(at('2026-08-28T10:00:00+08:00'))).created).toBe(0);
    expect(await kinds(jx.id)).toEqual(['deadline_submission']);

    // 1 day before: the second reminder, once.
    await reminders.runDueReminders(at('2026-08-30T09:00:00+08:00'));
    await reminders.runDueReminders(at('2026-08-30T15:00:00+08:00'));
    const jxNotices = await noticesOf(jx.id);
    expect(jxNotices.map((n) => n.title)).toEqual(['提交截止还有 3 天', '提交截止还有 1 天']);
    expect(await kinds(jxAdmin.id)).toEqual(['deadline_recommendation', 'deadline_recommendation']);

    // Each reminder queued one SMS; after delivery each went out once.
    await reminders.deliverDue(at('2026-08-30T15:00:00+08:00'));
    expect(sentTo(jx.phone).map((m) => m.template)).toEqual(['deadline_submission', 'deadline_submission']);
    expect(sentTo(jxAdmin.phone)).toHaveLength(2);

    // After the deadline: nothing for 江西; 湖南 follows its extended deadline (10 September).
    await reminders.runDueReminders(at('2026-09-01T09:00:00+08:00'));
    expect(await kinds(jx.id)).toHaveLength(2);
    expect(await kinds(hn.id)).toEqual([]);
    await reminders.runDueReminders(at('2026-09-07T09:00:00+08:00'));
    const [h3] = await noticesOf(hn.id);
    expect(h3).toMatchObject({ kind: 'deadline_submission', title: '提交截止还有 3 天', case_id: hnDraft });
    expect(h3!.body).toContain('2026-09-10 23:59:59');
    expect(h3!.body).toContain('请上传');
    expect(h3!.body).not.toContain('填写');
    expect((await noticesOf(hnAdmin.id)).map((n) => n.title)).toEqual(['推荐上报截止还有 3 天']);
    await reminders.runDueReminders(at('2026-09-09T09:00:00+08:00'));
    expect((await noticesOf(hn.id)).map((n) => n.title)).toEqual(['提交截止还有 3 天', '提交截止还有 1 天']);
  });

  it('a province that reported its list and filled the contact form gets no recommendation reminder', async () => {
    const admin = await buildUser(srv.services, 'province_admin', '450000');
    await srv.db.query(`insert into province_status (call_id, province_code, locked, locked_at) values ($1, '450000', true, now())`, [CALL]);
    await srv.db.query(`insert into contact_forms (call_id, province_code, data) values ($1, '450000', '{}'::jsonb)`, [CALL]);
    await srv.services.notices.runDueReminders(at('2026-08-30T09:00:00+08:00'));
    expect(await noticesOf(admin.id)).toEqual([]);
  });

  it('the hourly notices.tick job runs the reminders and queues its next run', async () => {
    const author = await buildUser(srv.services, 'author', '460000');
    await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '460000', state: 'draft', form: {} });
    srv.clock.set(at('2026-08-29T09:00:00+08:00'));
    expect(await srv.queue.send('notices.tick', {})).toBeTruthy();
    await vi.waitFor(async () => expect((await noticesOf(author.id)).map((n) => n.kind)).toEqual(['deadline_submission']), { timeout: 20_000, interval: 200 });
    await vi.waitFor(async () => expect(sentTo(author.phone)).toHaveLength(1), { timeout: 20_000, interval: 200 });
    const next = await srv.db.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'notices.tick' and state = 'created' and start_after > now() + interval '30 minutes'`);
    expect(next[0]!.n).toBeGreaterThanOrEqual(1);
  });
});

describe('outbox delivery', () => {
  it('a sender that fails once: the message stays pending, is retried after the backoff, and goes out exactly once', async () => {
    srv.clock.set(at('2026-07-01T10:00:00+08:00'));
    const author = await buildUser(srv.services, 'author', '500000');
    const admin = await as(await buildUser(srv.services, 'province_admin', '500000'));
    const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '500000', state: 'submitted', form: validEvidenceForm() });
    const original = srv.sender.send;
    let failures = 0;
    srv.sender.send = async (m: OutgoingMessage) => {
      if (m.to === author.phone && failures === 0) {
        failures++;
        throw new Error(`gateway refused ${m.to}`);
      }
      return original(m);
    };
    try {
      expect((await admin.post(`/api/cases/${id}/return`, { reason: '请补充课件' })).status).toBe(200);
      await srv.services.notices.deliverDue();
      const row = async () => (await srv.db.query<{ status: string; attempts: number; last_error: string | null }>(
        'select status, attempts, last_error from notice_outbox where user_id = $1', [author.id],
      ))[0]!;
      await vi.waitFor(async () => expect((await row()).last_error).toBeTruthy());
      expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
      // The phone number is masked in the stored error (it ends up in logs).
      expect((await row()).last_error).toContain(`${author.phone.slice(0, 3)}****${author.phone.slice(-4)}`);
      expect((await row()).last_error).not.toContain(author.phone);
      expect(sentTo(author.phone)).toEqual([]);

      // Before the backoff (1 minute) nothing is tried; after it, the message goes out once.
      expect((await srv.services.notices.deliverDue(srv.clock.now() + 30_000)).sent).toBe(0);
      srv.clock.advance(2 * 60_000);
      await srv.services.notices.deliverDue();
      await vi.waitFor(() => expect(sentTo(author.phone)).toHaveLength(1));
      await srv.services.notices.deliverDue(srv.clock.now() + 3600_000);
      expect(sentTo(author.phone)).toHaveLength(1);
      expect(await row()).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    } finally {
      srv.sender.send = original;
    }
  });

  it('a message claimed by a process that died is sent after its lease expires; a gateway that always fails ends in failed', async () => {
    const now = at('2026-07-02T10:00:00+08:00');
    const u = await buildUser(srv.services, 'author', '510000');
    // The state a process leaves when it dies between claiming and sending: one attempt, leased for 5 minutes.
    await srv.db.query(
      `insert into notice_outbox (user_id, channel, recipient, template, text, attempts, next_attempt_at) values ($1, 'sms', $2, 'announcement', '测试', 1, $3)`,
      [u.id, u.phone, new Date(now + 5 * 60_000).toISOString()],
    );
    expect((await srv.services.notices.deliverDue(now)).sent).toBe(0);
    expect((await srv.services.notices.deliverDue(now + 6 * 60_000)).sent).toBe(1);
    expect(sentTo(u.phone)).toHaveLength(1);

    const dead = await buildUser(srv.services, 'author', '510000');
    const original = srv.sender.send;
    srv.sender.send = async (m: OutgoingMessage) => {
      if (m.to === dead.phone) throw new Error('down');
      return original(m);
    };
    try {
      await srv.db.query(
        `insert into notice_outbox (user_id, channel, recipient, template, text, next_attempt_at) values ($1, 'sms', $2, 'announcement', '测试', $3)`,
        [dead.id, dead.phone, new Date(now).toISOString()],
      );
      let t = now;
      for (let i = 0; i < 12; i++, t += 2 * 3600_000) await srv.services.notices.deliverDue(t);
      const [row] = await srv.db.query<{ status: string; attempts: number }>('select status, attempts from notice_outbox where user_id = $1', [dead.id]);
      expect(row).toEqual({ status: 'failed', attempts: 8 });
    } finally {
      srv.sender.send = original;
    }
  });
});

describe('announcements', () => {
  it('reach every province administrator in bulk, including ones who never logged in, with an optional SMS; audited', async () => {
    srv.clock.set(at('2026-07-03T10:00:00+08:00'));
    const never = await buildUser(srv.services, 'province_admin', '520000'); // never logs in before the announcement
    const expert = await buildUser(srv.services, 'expert', null);
    const orgUser = await buildUser(srv.services, 'organiser', null);
    const org = await as(orgUser);
    const admins = (await srv.db.query<{ n: number }>(`select count(*)::int as n from users where role = 'province_admin' and not disabled`))[0]!.n;
    expect(admins).toBeGreaterThan(5);

    const bad = await org.post('/api/org/announcements', { title: '', body: '正文', audience: 'province_admins' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toEqual({ path: 'title', message: '请填写公告标题（2–60 字）' });
    expect((await org.post('/api/org/announcements', { title: '通知', body: '正文', audience: 'call_authors' })).body.fields[0].path).toBe('callId');
    expect((await (await as(expert)).post('/api/org/announcements', { title: '通知', body: '正文', audience: 'everyone' })).status).toBe(403);

    const r = await org.post('/api/org/announcements', { title: '关于推荐上报的说明', body: '请各省于 8 月 31 日前完成推荐上报。', audience: 'province_admins', sendSms: true });
    expect(r.status).toBe(200);
    expect(r.body.recipients).toBe(admins);

    // The administrator who never logged in has it waiting, and an SMS on its way.
    const c = await as(never);
    const list = (await c.get('/api/notices')).body;
    expect(list.items.map((n: any) => [n.kind, n.title])).toContainEqual(['announcement', '关于推荐上报的说明']);
    expect((await c.get('/api/announcements')).body.map((a: any) => a.title)).toContain('关于推荐上报的说明');
    expect((await (await as(expert)).get('/api/announcements')).body.map((a: any) => a.title)).not.toContain('关于推荐上报的说明');
    expect((await apiClient(srv.app).get('/api/announcements')).body.map((a: any) => a.title)).not.toContain('关于推荐上报的说明');
    expect(await noticesOf(expert.id)).toEqual([]);
    await srv.services.notices.deliverDue();
    await vi.waitFor(() => expect(sentTo(never.phone).map((m) => m.template)).toEqual(['announcement']));

    const audit = await srv.db.query<{ data: any }>(`select data from audit_log where event = 'announcement.publish' and actor_id = $1`, [orgUser.id]);
    expect(audit.map((a) => a.data)).toEqual([{ title: '关于推荐上报的说明', audience: 'province_admins', callId: null, sendSms: true, recipients: admins }]);

    // Authors of one call, without SMS; the organiser's list shows recipient counts.
    srv.clock.advance(60_000);
    const authorsOfCall = (await srv.db.query<{ n: number }>(`select count(distinct author_id)::int as n from cases where call_id = $1`, [CALL]))[0]!.n;
    const r2 = await org.post('/api/org/announcements', { title: '作者须知', body: '请按模板撰写总结报告。', audience: 'call_authors', callId: CALL, sendSms: false });
    expect(r2.body.recipients).toBe(authorsOfCall);
    expect((await srv.db.query(`select 1 from notice_outbox o join notices n on n.id = o.notice_id where n.announcement_id = $1`, [r2.body.id])).length).toBe(0);
    srv.clock.advance(60_000);
    const everyone = await org.post('/api/org/announcements', { title: '平台维护通知', body: '7 月 5 日晚平台维护。', audience: 'everyone' });
    expect((await apiClient(srv.app).get('/api/announcements')).body.map((a: any) => a.title)).toContain('平台维护通知');
    const orgList = (await org.get('/api/org/announcements')).body;
    expect(orgList.audiences.map((a: any) => a.id)).toEqual(['province_admins', 'experts', 'call_authors', 'everyone']);
    expect(orgList.items.map((a: any) => [a.title, a.recipients, a.audienceLabel])).toEqual([
      ['平台维护通知', everyone.body.recipients, '全体用户'],
      ['作者须知', authorsOfCall, '某一活动的全体作者'],
      ['关于推荐上报的说明', admins, '全体省级管理员'],
    ]);
  });
});
