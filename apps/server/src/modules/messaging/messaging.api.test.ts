// The outbox through real gateway protocols: the platform (test server, in-process worker) sends through the
// Alibaba Cloud or Tencent Cloud SDK to a local peer that verifies every signature (testing/sms-peers.ts), and
// e-mail through SMTP to smtp-server. Retries with backoff, never-retry errors, the organiser's page and retry,
// the per-phone and total limits, and a verification code that reaches the gateway and registers an author.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { localAgent, startAliyunPeer, startTencentPeer } from '../../testing/sms-peers.ts';
import { aliyunSms } from '../../infra/messaging/aliyun-sms.ts';
import { tencentSms } from '../../infra/messaging/tencent-sms.ts';
import { smtpMail } from '../../infra/messaging/smtp-mail.ts';
import { channelSender, type Sender } from '../../infra/sender.ts';
import { DEFAULT_CODE_LIMITS, type MessagingSettings } from '../../infra/messaging/config.ts';
import { SMS_KINDS } from './templates.ts';
import { claimDueMessages } from './messaging.repository.ts';

const CALL = 'teacher-training-2026';
const at = (s: string) => Date.parse(s);
const templates = Object.fromEntries(SMS_KINDS.map((k, i) => [k, String(2_000_000 + i)]));
const settings = (sms: 'aliyun' | 'tencent'): MessagingSettings => ({
  sms, email: 'smtp', signName: '案例征集平台',
  limits: { smsPerPhoneHour: 4, smsPerPhoneDay: 30, smsTotalHour: 20_000, smsTotalDay: 100_000 },
  codes: { ...DEFAULT_CODE_LIMITS },
});

let smtp: SMTPServer;
const mails: ParsedMail[] = [];
beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
    onAuth: (a, _s, cb) => (a.username === 'anli' && a.password === 'pw' ? cb(null, { user: 'anli' }) : cb(new Error('bad login'))),
    onData: (stream, _s, cb) => void simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb),
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
});
afterAll(async () => { await new Promise<void>((r) => smtp.close(() => r())); });

type Peer = Awaited<ReturnType<typeof startAliyunPeer>>;
const PROVIDERS: Array<{ name: 'aliyun' | 'tencent'; start: () => Promise<{ peer: Peer; sms: Sender }>; never: { code: string; message: string; zh: string }; passing: { code: string; message: string } }> = [
  {
    name: 'aliyun',
    start: async () => {
      const peer = await startAliyunPeer({ LTAIanli: 'ali-secret' });
      return { peer, sms: aliyunSms({ accessKeyId: 'LTAIanli', accessKeySecret: 'ali-secret', signName: '案例征集平台', templates, endpoint: `127.0.0.1:${peer.port}`, protocol: 'http' }) };
    },
    never: { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号', zh: '手机号码格式错误或不是有效号码' },
    passing: { code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发号码分钟级流控Permits:1' },
  },
  {
    name: 'tencent',
    start: async () => {
      const peer = await startTencentPeer({ AKIDanli: 'tc-secret' });
      return { peer, sms: tencentSms({ secretId: 'AKIDanli', secretKey: 'tc-secret', appId: '1400000001', signName: '案例征集平台', templates, endpoint: `sms.localhost:${peer.port}`, protocol: 'http://', agent: localAgent() }) };
    },
    never: { code: 'InvalidParameterValue.IncorrectPhoneNumber', message: 'incorrect phone number', zh: '手机号码格式错误' },
    passing: { code: 'LimitExceeded.PhoneNumberThirtySecondLimit', message: 'the number of SMS messages sent from a single mobile number within 30 seconds exceeds the upper limit' },
  },
];

describe.each(PROVIDERS)('outbox through $name', ({ name, start, never, passing }) => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  let peer: Peer;
  beforeAll(async () => {
    const g = await start();
    peer = g.peer;
    const email = smtpMail({ url: `smtp://anli:pw@127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: '案例征集平台 <noreply@anli.example.cn>' });
    srv = await startTestServer({ demo: false, now: at('2026-07-01T10:00:00+08:00'), gateway: channelSender({ sms: g.sms, email }), messaging: settings(name) });
  });
  afterAll(async () => {
    await srv?.close();
    await peer?.close();
  });

  const as = async (u: { phone: string; password: string }) => {
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    return c;
  };
  const outbox = (phone: string) => srv.db.query<{ id: string; status: string; attempts: number; error_code: string | null; permanent: boolean; provider: string | null; provider_ref: string | null; secret_params: unknown; last_error: string | null }>(
    'select id, status, attempts, error_code, permanent, provider, provider_ref, secret_params, last_error from notice_outbox where recipient = $1 order by created_at, id', [phone],
  );
  const peerGot = (phone: string) => peer.requests.filter((r) => r.phone === phone);
  const audit = (event: string, id: string) => srv.db.query<{ actor_name: string | null; reason: string | null; data: any }>('select actor_name, reason, data from audit_log where event = $1 and object_id = $2 order by id', [event, id]);

  async function returnCase(provinceCode: string, author?: { id: string; phone: string }) {
    const a = author ?? await buildUser(srv.services, 'author', provinceCode);
    const admin = await as(await buildUser(srv.services, 'province_admin', provinceCode));
    const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: a.id, provinceCode, state: 'submitted', form: validEvidenceForm() });
    expect((await admin.post(`/api/cases/${id}/return`, { reason: '请补充课件中的证据材料' })).status).toBe(200);
    return a;
  }

  it('a notice goes out as the template with its parameters, the signature verified by the gateway; e-mail through SMTP', async () => {
    const author = await buildUser(srv.services, 'author', '120000');
    await srv.db.query('update users set email = $2 where id = $1', [author.id, `t${name}@school.example.cn`]);
    await returnCase('120000', author);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(author.phone))[0]).toMatchObject({ status: 'sent' }));
    const [row] = await outbox(author.phone);
    expect(row).toMatchObject({ attempts: 1, provider: name, error_code: null });
    expect(row!.provider_ref).toBeTruthy();
    const got = peerGot(author.phone);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ verified: true, signName: '案例征集平台', template: templates.case_returned });
    // The return names the date until which the author may resubmit (Beijing time to the minute).
    const until = expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(got[0]!.params).toEqual(name === 'aliyun' ? { title: expect.any(String), reason: '请补充课件中的证据材料', deadline: until } : [expect.any(String), '请补充课件中的证据材料', until]);
    await vi.waitFor(() => expect(mails.some((m) => m.subject === '【案例征集平台】案例被退回修改' && m.text?.includes('请补充课件中的证据材料'))).toBe(true));
  });

  it('a passing gateway error is retried after the backoff and goes out once; a never-retry error stops at the first attempt', async () => {
    const flaky = await buildUser(srv.services, 'author', '130000');
    const badNumber = await buildUser(srv.services, 'author', '130000');
    peer.script(flaky.phone, passing, 'ok');
    peer.script(badNumber.phone, never);
    await returnCase('130000', flaky);
    await returnCase('130000', badNumber);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(flaky.phone))[0]!.error_code).toBe(passing.code));
    expect((await outbox(flaky.phone))[0]).toMatchObject({ status: 'pending', attempts: 1, permanent: false });
    await vi.waitFor(async () => expect((await outbox(badNumber.phone))[0]!.status).toBe('failed'));
    const [bad] = await outbox(badNumber.phone);
    expect(bad).toMatchObject({ attempts: 1, error_code: never.code, permanent: true });
    expect(bad!.last_error).toContain(never.zh);
    expect((await audit('message.failed', bad!.id))[0]).toMatchObject({ actor_name: '系统', data: { errorCode: never.code, permanent: true, to: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) } });

    // After the backoff the passing one goes out; the failed one is never tried again, however long we wait.
    srv.clock.advance(2 * 60_000);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(flaky.phone))[0]).toMatchObject({ status: 'sent', attempts: 2 }));
    for (let i = 0; i < 3; i++) await srv.services.messaging.deliverDue(srv.clock.now() + (i + 1) * 3600_000);
    expect(peerGot(flaky.phone).map((r) => r.reply)).toEqual([passing.code, name === 'aliyun' ? 'OK' : 'Ok']);
    expect(peerGot(badNumber.phone)).toHaveLength(1);
    const [retried] = await outbox(flaky.phone);
    expect((await audit('message.retry_scheduled', retried!.id))[0]!.data).toMatchObject({ attempt: 1, errorCode: passing.code, permanent: false });
  });

  it('the organiser sees the failure with the gateway error and the masked number, retries it after a fix; audited', async () => {
    const author = await buildUser(srv.services, 'author', '140000');
    peer.script(author.phone, never);
    await returnCase('140000', author);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(author.phone))[0]!.status).toBe('failed'));
    const org = await as(await buildUser(srv.services, 'organiser', null));
    const list = (await org.get(`/api/org/messages?status=failed&q=${author.phone}`)).body;
    expect(list.total).toBe(1);
    const item = list.items[0];
    expect(item).toMatchObject({ channel: 'sms', status: 'failed', statusLabel: '发送失败', kind: 'case_returned', kindLabel: '案例退回', attempts: 1, errorCode: never.code, permanent: true, canRetry: true });
    expect(item.recipient).toBe(`${author.phone.slice(0, 3)}****${author.phone.slice(-4)}`);
    expect(JSON.stringify(list)).not.toContain(author.phone);
    expect(item.lastError).toContain(never.zh);

    // Fixed at the gateway (say, the number was corrected there): the organiser retries, the message goes out.
    peer.script(author.phone, 'ok');
    const r = await org.post(`/api/org/messages/${item.id}/retry`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'pending', canRetry: false });
    expect((await org.post(`/api/org/messages/${item.id}/retry`)).status).toBe(409);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(author.phone))[0]).toMatchObject({ status: 'sent', attempts: 2, permanent: false }));
    expect((await audit('message.retry', item.id))[0]).toMatchObject({ data: { kind: 'case_returned', lastErrorCode: never.code } });
    expect(peerGot(author.phone).at(-1)).toMatchObject({ verified: true });
  });

  it('a verification code goes to the gateway at once; the author registers with it; the code is cleared from the outbox', async () => {
    const phone = name === 'aliyun' ? '13611110001' : '13611110002';
    const c = apiClient(srv.app);
    expect((await c.post('/api/auth/sms-code', { phone })).body).toEqual({ sent: true });
    const got = peerGot(phone);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ verified: true, template: templates.verification_code });
    const code = Array.isArray(got[0]!.params) ? got[0]!.params[0]! : got[0]!.params.code!;
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await outbox(phone);
    expect(row).toMatchObject({ status: 'sent', secret_params: null });
    const r = await c.post('/api/auth/register', { phone, code, password: 'Teacher#2026', name: '李老师', provinceCode: '110000' });
    expect(r.status).toBe(200);
    // The organiser's page shows the message without its code.
    const org = await as(await buildUser(srv.services, 'organiser', null));
    const list = (await org.get(`/api/org/messages?kind=verification_code&q=${phone}`)).body;
    expect(list.items[0].text).toBe('您的验证码为******，10分钟内有效。如非本人操作，请忽略本短信。');
    expect(list.items[0].canRetry).toBe(false);

    // A number the gateway calls invalid: the user is told at once, nothing is retried.
    peer.script('13611110009', never);
    const bad = await c.post('/api/auth/sms-code', { phone: '13611110009' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('SMS_NOT_DELIVERED');
  });

  it('per-phone limit: beyond 4 SMS an hour to one number, messages are refused without reaching the gateway; audited', async () => {
    const author = await buildUser(srv.services, 'author', '150000');
    const admin = await as(await buildUser(srv.services, 'province_admin', '150000'));
    for (let i = 0; i < 6; i++) {
      const id = await buildCase(srv.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '150000', state: 'submitted', form: validEvidenceForm() });
      expect((await admin.post(`/api/cases/${id}/return`, { reason: `第 ${i + 1} 个案例需补充材料` })).status).toBe(200);
    }
    await srv.services.messaging.deliverDue();
    await vi.waitFor(async () => expect((await outbox(author.phone)).filter((m) => m.status !== 'pending')).toHaveLength(6));
    const rows = await outbox(author.phone);
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(4);
    const refused = rows.filter((m) => m.status === 'failed');
    expect(refused.map((m) => [m.error_code, m.permanent])).toEqual([['PHONE_LIMIT', true], ['PHONE_LIMIT', true]]);
    expect(peerGot(author.phone)).toHaveLength(4);
    expect((await audit('message.refused', refused[0]!.id))[0]!.reason).toContain('每小时 4 条');
    // A verification code to the same number is refused on the request path too.
    const c = apiClient(srv.app);
    const r = await c.post('/api/auth/sms-code', { phone: author.phone });
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('SMS_PHONE_LIMIT');
    expect(peerGot(author.phone)).toHaveLength(4);
  });
});

describe('total limit and the organiser page', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    srv = await startTestServer({
      demo: false, now: at('2026-07-01T10:00:00+08:00'),
      messaging: { sms: 'log', email: 'log', signName: '案例征集平台', limits: { smsPerPhoneHour: 10, smsPerPhoneDay: 30, smsTotalHour: 5, smsTotalDay: 100 }, codes: { ...DEFAULT_CODE_LIMITS } },
    });
  });
  afterAll(async () => srv?.close());

  it('beyond the total an hour, messages wait (not lost, not refused) and go out when the window has room', async () => {
    const org = apiClient(srv.app);
    await org.login((await buildUser(srv.services, 'organiser', null)).phone, 'Passw0rd!x');
    const users = await Promise.all(Array.from({ length: 8 }, () => buildUser(srv.services, 'author', '110000')));
    await srv.db.tx((q) => srv.services.messaging.queue(q, users.map((u) => ({ channel: 'sms' as const, to: u.phone, kind: 'announcement', params: { title: '测试公告' } }))));
    await srv.services.messaging.deliverDue();
    await vi.waitFor(() => expect(srv.sender.sent.filter((m) => m.template === 'announcement')).toHaveLength(5));
    await srv.services.messaging.deliverDue();
    expect(srv.sender.sent.filter((m) => m.template === 'announcement')).toHaveLength(5);
    const waiting = await srv.db.query<{ status: string; error_code: string; attempts: number }>(`select status, error_code, attempts from notice_outbox where template = 'announcement' and status <> 'sent'`);
    expect(waiting).toHaveLength(3);
    expect(waiting.every((w) => w.status === 'pending')).toBe(true);
    // Recorded by whichever delivery run found the window full: the one above, or the worker's running beside it.
    await vi.waitFor(async () => expect((await srv.db.query(`select 1 from audit_log where event = 'message.deferred'`)).length).toBeGreaterThanOrEqual(1));

    // The page: counts, paging, sorting and filters on the server, with the total.
    const all = (await org.get('/api/org/messages?limit=3&offset=0&sort=created&order=asc')).body;
    expect(all.total).toBe(8);
    expect(all.items).toHaveLength(3);
    expect(all.counts).toMatchObject({ sent: 5, pending: 3, failed: 0 });
    expect(all.settings).toMatchObject({ sms: '日志（开发与演示）', limits: { smsTotalHour: 5 }, smsLastHour: 5 });
    const page3 = (await org.get('/api/org/messages?limit=3&offset=6&sort=created&order=asc')).body;
    expect(page3.items).toHaveLength(2);
    const ids = new Set([...all.items, ...(await org.get('/api/org/messages?limit=3&offset=3&sort=created&order=asc')).body.items, ...page3.items].map((i: any) => i.id));
    expect(ids.size).toBe(8);
    const pending = (await org.get('/api/org/messages?status=pending')).body;
    expect(pending.total).toBe(3);
    expect(pending.items[0].lastError).toContain('稍后自动发送');
    const last4 = users[7]!.phone.slice(-4);
    expect((await org.get(`/api/org/messages?q=${last4}`)).body.items.every((i: any) => i.recipient.endsWith(last4))).toBe(true);
    for (const bad of ['status=gone', 'sort=password', 'limit=0', 'limit=abc', 'offset=-1', 'kind=nope', 'order=up', 'from=yesterday']) {
      expect((await org.get(`/api/org/messages?${bad}`)).status).toBe(400);
    }
    const author = apiClient(srv.app);
    await author.login(users[0]!.phone, 'Passw0rd!x');
    expect((await author.get('/api/org/messages')).status).toBe(403);

    // An hour later the window has room: the rest goes out.
    srv.clock.advance(61 * 60_000);
    await srv.services.messaging.deliverDue();
    await vi.waitFor(() => expect(srv.sender.sent.filter((m) => m.template === 'announcement')).toHaveLength(8));

    // The counters of past windows are removed by a later delivery run (each key names its window; they expire two
    // days after it); a counter still in its time is kept.
    const counters = async () => (await srv.db.query<{ key: string }>('select key from sms_counters order by key')).map((r) => r.key);
    expect((await counters()).some((k) => k.startsWith('t:h:'))).toBe(true);
    srv.clock.advance(3 * 86_400_000);
    await srv.db.query(`insert into sms_counters (key, n, expires_at) values ('t:h:current', 1, $1)`, [new Date(srv.clock.now() + 3600_000).toISOString()]);
    await srv.services.messaging.deliverDue();
    expect(await counters()).toEqual(['t:h:current']);
  });

  it('a message a delivery run has claimed is not sent a second time by an immediate send', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const now = srv.clock.now();
    const [id] = await srv.db.tx((q) => srv.services.messaging.queue(q, [{ channel: 'sms' as const, to: u.phone, kind: 'announcement', params: { title: '测试公告' } }], { now, enqueue: false }));
    // A delivery run (another process) claims it first and holds it for its lease.
    const claimed = await claimDueMessages(srv.db, new Date(now).toISOString(), new Date(now + 5 * 60_000).toISOString(), 100, true);
    expect(claimed.map((m) => m.id)).toContain(id);
    expect(await srv.services.messaging.deliverNow(id!, now)).toBe('busy');
    expect(srv.sender.sent.filter((m) => m.to === u.phone)).toHaveLength(0);
  });
});
