// The SMS providers through the official SDKs against local peers that verify each request's signature with the
// gateway's documented algorithm (testing/sms-peers.ts), and the SMTP sender against a real SMTP server (smtp-server)
// with the delivered message read back (mailparser). Nothing is mocked: the only stand-ins are the gateways
// themselves, which are outside our control.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMS_KINDS, smsParams, tencentText } from '../../modules/messaging/templates.ts';
import { SendError, type OutgoingMessage } from '../sender.ts';
import { localAgent, startAliyunPeer, startTencentPeer } from '../../testing/sms-peers.ts';
import { aliyunSms } from './aliyun-sms.ts';
import { tencentSms } from './tencent-sms.ts';
import { smtpMail } from './smtp-mail.ts';
import { loadMessaging, MessagingConfigError } from './config.ts';

const templates = Object.fromEntries(SMS_KINDS.map((k, i) => [k, `SMS_${460000 + i}`]));
const codeSms = (to: string, code = '493817'): OutgoingMessage => {
  const { params, secret } = smsParams('verification_code', { code });
  return { channel: 'sms', to, template: 'verification_code', params: { ...params, ...secret }, text: `您的验证码为${code}` };
};
const returnedSms = (to: string): OutgoingMessage => ({
  channel: 'sms', to, template: 'case_returned', params: smsParams('case_returned', { title: '基于学习分析的区域教研转型实践研究', reason: '视频时长不足 7 分钟', deadline: '2026-08-31 23:59' }).params, text: '…',
});
async function refusal(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SendError);
    return e as SendError;
  }
  throw new Error('expected the gateway to refuse');
}

describe('Alibaba Cloud SMS (dysmsapi SDK, ACS3-HMAC-SHA256)', () => {
  let peer: Awaited<ReturnType<typeof startAliyunPeer>>;
  const KEY = { id: 'LTAI5tAnliTestKey', secret: 'anli-test-secret-0123456789abcdef' };
  const sender = (secret = KEY.secret) => aliyunSms({ accessKeyId: KEY.id, accessKeySecret: secret, signName: '案例征集平台', templates, endpoint: `127.0.0.1:${peer.port}`, protocol: 'http' });
  beforeAll(async () => { peer = await startAliyunPeer({ [KEY.id]: KEY.secret }); });
  afterAll(async () => peer?.close());

  it('sends a template with its code and JSON parameters, signed so the gateway verifies it', async () => {
    const receipt = await sender().send(codeSms('13800000001'));
    expect(receipt).toMatchObject({ provider: 'aliyun', ref: expect.stringMatching(/\^0$/) });
    expect(peer.requests.at(-1)).toEqual({ phone: '13800000001', signName: '案例征集平台', template: templates.verification_code, params: { code: '493817' }, verified: true, reply: 'OK' });
    // Chinese parameters survive the query encoding and the signature.
    await sender().send(returnedSms('13800000002'));
    expect(peer.requests.at(-1)).toMatchObject({ verified: true, params: { title: '基于学习分析的区域教研转型实践研究', reason: '视频时长不足 7 分钟', deadline: '2026-08-31 23:59' } });
  });

  it('a wrong secret fails the signature check: SignatureDoesNotMatch, never retried', async () => {
    const e = await refusal(sender('not-the-secret').send(codeSms('13800000003')));
    expect(peer.requests.at(-1)).toMatchObject({ verified: false, reply: 'SignatureDoesNotMatch' });
    expect(e).toMatchObject({ code: 'SignatureDoesNotMatch', permanent: true, provider: 'aliyun' });
    expect(e.message).toContain('HTTP 400');
  });

  it('bad numbers and rejected templates are never retried; flow control and server errors are', async () => {
    peer.script('13800000004', { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' });
    peer.script('13800000005', { code: 'isv.SMS_TEMPLATE_ILLEGAL', message: '该账号下找不到对应模板' });
    peer.script('13800000006', { code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发号码天级流控Permits:10' });
    peer.script('13800000007', { code: 'ServiceUnavailable', message: 'The request has failed due to a temporary failure of the server.', http: 503 });
    expect(await refusal(sender().send(codeSms('13800000004')))).toMatchObject({ code: 'isv.MOBILE_NUMBER_ILLEGAL', permanent: true, message: '阿里云短信：手机号码格式错误或不是有效号码' });
    expect(await refusal(sender().send(codeSms('13800000005')))).toMatchObject({ code: 'isv.SMS_TEMPLATE_ILLEGAL', permanent: true });
    expect(await refusal(sender().send(codeSms('13800000006')))).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', permanent: false });
    expect(await refusal(sender().send(codeSms('13800000007')))).toMatchObject({ code: 'ServiceUnavailable', permanent: false });
    expect(peer.requests.slice(-4).every((r) => r.verified)).toBe(true);
  });

  it('a gateway that cannot be reached is a passing failure', async () => {
    const dead = aliyunSms({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, signName: '案例征集平台', templates, endpoint: '127.0.0.1:9', protocol: 'http', timeoutMs: 2000 });
    expect(await refusal(dead.send(codeSms('13800000008')))).toMatchObject({ permanent: false, provider: 'aliyun' });
  });
});

describe('Tencent Cloud SMS (tencentcloud-sdk-nodejs-sms, TC3-HMAC-SHA256)', () => {
  let peer: Awaited<ReturnType<typeof startTencentPeer>>;
  const KEY = { id: 'AKIDanliTestSecretId', secret: 'anli-tencent-test-key' };
  const sender = (secret = KEY.secret) => tencentSms({
    secretId: KEY.id, secretKey: secret, appId: '1400123456', signName: '案例征集平台', templates,
    endpoint: `sms.localhost:${peer.port}`, protocol: 'http://', agent: localAgent(),
  });
  beforeAll(async () => { peer = await startTencentPeer({ [KEY.id]: KEY.secret }); });
  afterAll(async () => peer?.close());

  it('sends the template with its parameters in the order of the text ({1}, {2}), signed for the sms service', async () => {
    expect(tencentText('case_returned')).toBe('您的案例“{1}”被退回修改，原因：{2}。请登录平台修改后于{3}前重新提交。');
    const receipt = await sender().send(returnedSms('13900000001'));
    expect(receipt).toMatchObject({ provider: 'tencent', ref: expect.stringMatching(/^5000:/) });
    expect(peer.requests.at(-1)).toEqual({
      phone: '13900000001', signName: '案例征集平台', template: templates.case_returned, params: ['基于学习分析的区域教研转型实践研究', '视频时长不足 7 分钟', '2026-08-31 23:59'], verified: true, reply: 'Ok',
    });
  });

  it('a wrong key fails the signature check: AuthFailure.SignatureFailure, never retried', async () => {
    const e = await refusal(sender('wrong-key').send(codeSms('13900000002')));
    expect(peer.requests.at(-1)).toMatchObject({ verified: false, reply: 'AuthFailure.SignatureFailure' });
    expect(e).toMatchObject({ code: 'AuthFailure.SignatureFailure', permanent: true, provider: 'tencent' });
  });

  it('per-number errors: a bad number or an unapproved template stops; frequency limits and internal errors are retried', async () => {
    peer.script('13900000003', { code: 'InvalidParameterValue.IncorrectPhoneNumber', message: 'incorrect phone number' });
    peer.script('13900000004', { code: 'FailedOperation.SignatureIncorrectOrUnapproved', message: 'signature incorrect or unapproved' });
    peer.script('13900000005', { code: 'LimitExceeded.PhoneNumberThirtySecondLimit', message: 'the number of SMS messages sent from a single mobile number within 30 seconds exceeds the upper limit' });
    peer.script('13900000006', { code: 'InternalError.Timeout', message: 'request timeout', http: 500 });
    expect(await refusal(sender().send(codeSms('13900000003')))).toMatchObject({ code: 'InvalidParameterValue.IncorrectPhoneNumber', permanent: true });
    expect(await refusal(sender().send(codeSms('13900000004')))).toMatchObject({ code: 'FailedOperation.SignatureIncorrectOrUnapproved', permanent: true });
    expect(await refusal(sender().send(codeSms('13900000005')))).toMatchObject({ code: 'LimitExceeded.PhoneNumberThirtySecondLimit', permanent: false });
    expect(await refusal(sender().send(codeSms('13900000006')))).toMatchObject({ permanent: false });
    expect(peer.requests.slice(-4).every((r) => r.verified)).toBe(true);
  });
});

describe('SMTP (nodemailer against smtp-server)', () => {
  let server: SMTPServer;
  let port = 0;
  const received: ParsedMail[] = [];
  const rcpt = new Map<string, { code: number; message: string }>();
  beforeAll(async () => {
    server = new SMTPServer({
      // Plain SMTP with login on loopback; STARTTLS is off so the test needs no certificate.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _s, cb) {
        if (auth.username === 'anli' && auth.password === 'mail-secret') return cb(null, { user: 'anli' });
        return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _s, cb) {
        const r = rcpt.get(address.address);
        if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
        cb();
      },
      onData(stream, _s, cb) {
        simpleParser(stream).then((mail) => { received.push(mail); cb(); }, cb);
      },
      logger: false,
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });
  const mailer = (password = 'mail-secret') => smtpMail({ url: `smtp://anli:${password}@127.0.0.1:${port}`, from: '案例征集平台 <noreply@anli.example.cn>', timeoutMs: 5000 });

  it('delivers a message that reads back with its Chinese subject, body, sender and recipient', async () => {
    const m = mailer();
    const receipt = await m.send({ channel: 'email', to: 'contact@jyt.example.cn', template: 'deadline_recommendation', subject: '【案例征集平台】推荐上报截止还有 3 天', text: '本省尚需完成：推荐名单尚未上报。' });
    m.close();
    expect(receipt).toMatchObject({ provider: 'smtp', ref: expect.stringContaining('@') });
    const mail = received.at(-1)!;
    expect(mail.subject).toBe('【案例征集平台】推荐上报截止还有 3 天');
    expect(mail.text?.trim()).toBe('本省尚需完成：推荐名单尚未上报。');
    expect(mail.from?.value[0]).toMatchObject({ address: 'noreply@anli.example.cn', name: '案例征集平台' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : null).toBe('contact@jyt.example.cn');
    expect(mail.messageId).toBe(receipt!.ref);
  });

  it('a 5xx for the recipient and a refused login are never retried; a 4xx is', async () => {
    rcpt.set('nobody@example.cn', { code: 550, message: 'No such user here' });
    rcpt.set('busy@example.cn', { code: 451, message: 'Try again later' });
    const m = mailer();
    const msg = (to: string): OutgoingMessage => ({ channel: 'email', to, template: 'announcement', subject: '公告', text: '正文' });
    expect(await refusal(m.send(msg('nobody@example.cn')))).toMatchObject({ code: 'SMTP 550', permanent: true, provider: 'smtp' });
    expect(await refusal(m.send(msg('busy@example.cn')))).toMatchObject({ code: 'SMTP 451', permanent: false });
    m.close();
    const bad = mailer('wrong');
    expect(await refusal(bad.send(msg('contact@jyt.example.cn')))).toMatchObject({ permanent: true });
    bad.close();
  });
});

describe('configuration', () => {
  const log = { info: () => {} };
  it('log is the default; a gateway without keys or template codes refuses to start, naming what is missing', () => {
    expect(loadMessaging({}, log).settings).toMatchObject({ sms: 'log', email: 'log', signName: '案例征集平台' });
    expect(() => loadMessaging({ SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'x' }, log)).toThrow(MessagingConfigError);
    try {
      loadMessaging({ SMS_PROVIDER: 'tencent', SMS_SIGN_NAME: '案例征集平台', TENCENT_SMS_SECRET_ID: 'a', TENCENT_SMS_SECRET_KEY: 'b', TENCENT_SMS_APP_ID: 'c' }, log);
    } catch (e) {
      expect((e as Error).message).toContain('SMS_TEMPLATE_VERIFICATION_CODE');
      expect((e as Error).message).not.toContain('TENCENT_SMS_SECRET_ID');
    }
    const env = Object.fromEntries(SMS_KINDS.map((k) => [`SMS_TEMPLATE_${k.toUpperCase()}`, '1000']));
    expect(loadMessaging({ ...env, SMS_PROVIDER: 'tencent', SMS_SIGN_NAME: '案例征集平台', TENCENT_SMS_SECRET_ID: 'a', TENCENT_SMS_SECRET_KEY: 'b', TENCENT_SMS_APP_ID: 'c', SMTP_URL: 'smtp://localhost:25', MAIL_FROM: 'a@b.cn', SMS_PER_PHONE_HOUR: '4' }, log).settings)
      .toMatchObject({ sms: 'tencent', email: 'smtp', limits: { smsPerPhoneHour: 4 } });
    expect(() => loadMessaging({ SMTP_URL: 'smtp://localhost:25' }, log)).toThrow(/MAIL_FROM/);
    expect(() => loadMessaging({ SMS_PROVIDER: 'qq' }, log)).toThrow(/SMS_PROVIDER/);
    expect(() => loadMessaging({ SMS_TOTAL_DAY: '-1' }, log)).toThrow(/SMS_TOTAL_DAY/);
  });
});
