// The server log holds no secret outside demo mode (issue 18 item 6): the platform runs with the production log
// settings (level info, http/logging.ts) and SMS through the log sender without revealCodes, goes through the flows
// that handle secrets — registration with an SMS code, logins right and wrong, TOTP, password reset, an expert
// invitation with its code, account search by phone number, uploads, errors — and the whole log is then scanned for
// every code, password, session token and full phone number that passed through.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.ts';
import { apiClient } from './testing/client.ts';
import { logSender } from './infra/sender.ts';
import { DEMO_TOTP_SECRET } from './demo/seed.ts';
import { totpAt } from './modules/accounts/totp.ts';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, cb) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    cb();
  },
});
/** The log sender writes to the same log, as SMS_PROVIDER=log does in production (codes withheld). */
const gateway = logSender({ info: (o, m) => lines.push(JSON.stringify({ ...o, msg: m })) });

let srv: Awaited<ReturnType<typeof startTestServer>>;
const secrets = new Set<string>(['Demo@2026', DEMO_TOTP_SECRET]);
const phones = new Set<string>();

beforeAll(async () => {
  srv = await startTestServer({ demo: true, totp: true, gateway, logStream: stream });
});
afterAll(async () => srv?.close());

const codeOf = (phone: string) => [...srv.sender.sent].reverse().find((m) => m.to === phone)?.text.match(/验证码为 ?(\d{6})/)?.[1];
/** Remembers the session token a reply set. */
function tokenOf(c: ReturnType<typeof apiClient>) {
  const t = c.cookie.split('=')[1];
  if (t) secrets.add(t);
}

describe('the log holds no secrets', () => {
  it('after registration, logins, TOTP, password reset, invitations, searches, uploads and errors', async () => {
    // Registration with an SMS code.
    const phone = '13712345678';
    phones.add(phone);
    const a = apiClient(srv.app);
    expect((await a.post('/api/auth/sms-code', { phone })).status).toBe(200);
    const code = codeOf(phone)!;
    secrets.add(code);
    const password = 'Quiet-River-2026';
    secrets.add(password);
    const reg = await a.post('/api/auth/register', { phone, code, password, name: '日志测试', provinceCode: '110000' });
    expect(reg.status).toBe(200);
    tokenOf(a);
    const caseId = (await a.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id;
    // An upload, and a refused one.
    const up = await fetch(`${srv.url}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': `caseId ${Buffer.from(caseId).toString('base64')},slot ${Buffer.from('video').toString('base64')}` },
    });
    expect(up.status).toBe(201);
    await fetch(`${srv.url}/api/uploads/`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } });

    // Logins: wrong password, unknown number, right password.
    const wrong = 'Wrong-Guess-2026';
    secrets.add(wrong);
    await apiClient(srv.app).post('/api/auth/login', { phone, password: wrong });
    phones.add('13655556666');
    await apiClient(srv.app).post('/api/auth/login', { phone: '13655556666', password: wrong });
    const b = apiClient(srv.app);
    await b.login(phone, password);
    tokenOf(b);

    // The organiser with TOTP; a search by phone number; an expert invitation (its code goes by SMS).
    const org = apiClient(srv.app);
    srv.clock.advance(30_000);
    const totp = totpAt(DEMO_TOTP_SECRET, srv.clock.now());
    secrets.add(totp);
    await org.login('13900000000', 'Demo@2026', totp);
    tokenOf(org);
    phones.add('13900000000');
    expect((await org.get(`/api/org/users?q=${phone}`)).status).toBe(200);
    const expertPhone = '13787654321';
    phones.add(expertPhone);
    const inv = await org.post('/api/org/experts', { phone: expertPhone, name: '日志专家', provinceCode: '310000', unitName: '某大学', subjects: ['数学'], stages: ['初中'] });
    if (inv.body?.code) secrets.add(String(inv.body.code));
    const invitation = [...srv.sender.sent].reverse().find((m) => m.to === expertPhone)?.text.match(/邀请码([A-Z0-9]{12})/)?.[1];
    if (invitation) secrets.add(invitation);

    // 忘记密码.
    srv.clock.advance(120_000);
    await apiClient(srv.app).post('/api/auth/password-reset/code', { phone });
    const resetCode = codeOf(phone)!;
    secrets.add(resetCode);
    const newPassword = 'Calm-Lake-2026';
    secrets.add(newPassword);
    expect((await apiClient(srv.app).post('/api/auth/password-reset', { phone, code: resetCode, newPassword })).status).toBe(200);

    // Errors: a 404, a 400 with the phone in the body, a forged request.
    await a.get(`/api/cases/00000000-0000-0000-0000-000000000000`);
    await apiClient(srv.app).post('/api/auth/sms-code', { phone: `${phone}9` });
    await srv.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://evil.example', cookie: b.cookie } });

    // Let the outbox deliver (the gateway logs each message).
    await srv.services.messaging.deliverDue(srv.clock.now());

    expect(lines.length).toBeGreaterThan(20);
    const log = lines.join('\n');
    // The log does record the requests (so the scan means something) …
    expect(log).toMatch(/\/api\/auth\/login/);
    expect(log).toMatch(/\[发送\]/);
    // … and none of the secrets or full numbers.
    const found: string[] = [];
    for (const s of secrets) if (s && log.includes(s)) found.push(`secret ${s.slice(0, 3)}…`);
    for (const p of phones) if (log.includes(p)) found.push(`phone ${p.slice(0, 3)}…`);
    const anyPhone = log.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? [];
    expect(found).toEqual([]);
    expect(anyPhone).toEqual([]);
  });
});
