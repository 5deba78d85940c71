// SMS abuse on the verification-code path (issue 18 item 8): codes to many numbers from one client address need an
// image challenge and are then refused; past the day's budget every request needs the challenge; the challenge is
// drawn by the platform, single use and bound to the address; the reply never tells a registered number from an
// unknown one. Each test fails when its defence is removed (the code would simply be sent).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { buildUser } from '../../testing/factories.ts';
import { DEFAULT_LIMITS } from '../../infra/messaging/config.ts';
import { CHALLENGE_ALPHABET } from './sms-guard.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const at = (s: string) => Date.parse(s);

beforeAll(async () => {
  srv = await startTestServer({
    demo: false,
    now: at('2026-06-20T09:00:00+08:00'),
    messaging: { sms: 'log', email: 'log', signName: '案例征集平台', limits: { ...DEFAULT_LIMITS }, codes: { ipFreeNumbers: 2, ipMaxNumbers: 4, dailyBudget: 8 } },
  });
});
afterAll(async () => srv?.close());

async function call(ip: string, url: string, payload: Record<string, unknown> = {}) {
  const res = await srv.app.inject({ method: 'POST', url, payload, remoteAddress: ip });
  return { status: res.statusCode, body: res.json() };
}
const askCode = (ip: string, phone: string, challenge?: { challengeId: string; challengeAnswer: string }) => call(ip, '/api/auth/sms-code', { phone, ...challenge });
const codesTo = (phone: string) => srv.sender.sent.filter((m) => m.to === phone && m.template === 'verification_code');
const refusals = () => srv.db.query<{ reason: string; object_id: string; data: { ip: string; reasonCode: string } }>(`select reason, object_id, data from audit_log where event = 'sms_code.refused' order by id`);

/** The answer of a challenge, found from its stored hash (the test cannot read the picture; 25^4 tries). */
async function solve(id: string): Promise<string> {
  const [row] = await srv.db.query<{ answer_hash: string }>('select answer_hash from sms_challenges where id = $1', [id]);
  const A = CHALLENGE_ALPHABET;
  for (const a of A) for (const b of A) for (const c of A) for (const d of A) {
    const s = a + b + c + d;
    if (createHash('sha256').update(s).digest('hex') === row!.answer_hash) return s;
  }
  throw new Error('no answer');
}

describe('verification codes from one client address', () => {
  const ip = '203.0.113.7';
  const phones = ['13511110001', '13511110002', '13511110003', '13511110004', '13511110005'];

  it('the first numbers go out at once; a further number needs a challenge, and nothing is sent until it is passed', async () => {
    expect(await askCode(ip, phones[0]!)).toEqual({ status: 200, body: { sent: true } });
    expect(await askCode(ip, phones[1]!)).toEqual({ status: 200, body: { sent: true } });
    const third = await askCode(ip, phones[2]!);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ code: 'CHALLENGE_REQUIRED', message: '请先完成图形验证，再获取短信验证码' });
    expect(codesTo(phones[2]!)).toHaveLength(0);
    expect((await refusals()).at(-1)).toMatchObject({ reason: '需要图形验证（同一网络获取验证码的号码过多）', object_id: '135****0003', data: { ip, reasonCode: 'challenge_required:ip_numbers' } });

    // The challenge is a picture drawn by the platform: a PNG data URL, no outside service.
    const ch = await call(ip, '/api/auth/sms-challenge');
    expect(ch.status).toBe(200);
    expect(ch.body.image).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(ch.body.image.split(',')[1], 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([160, 56]);
    const answer = await solve(ch.body.id);

    // A wrong answer uses the challenge up: the right one afterwards no longer works.
    const wrong = await askCode(ip, phones[2]!, { challengeId: ch.body.id, challengeAnswer: answer === 'AAAA' ? 'BBBB' : 'AAAA' });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'CHALLENGE_FAILED' } });
    expect((await askCode(ip, phones[2]!, { challengeId: ch.body.id, challengeAnswer: answer })).body.code).toBe('CHALLENGE_FAILED');
    expect(codesTo(phones[2]!)).toHaveLength(0);

    // A challenge fetched from another address does not count here.
    const elsewhere = await call('198.51.100.9', '/api/auth/sms-challenge');
    expect((await askCode(ip, phones[2]!, { challengeId: elsewhere.body.id, challengeAnswer: await solve(elsewhere.body.id) })).body.code).toBe('CHALLENGE_FAILED');

    // A passed challenge lets the code out (the answer in lower case is fine).
    const ok = await call(ip, '/api/auth/sms-challenge');
    expect(await askCode(ip, phones[2]!, { challengeId: ok.body.id, challengeAnswer: (await solve(ok.body.id)).toLowerCase() })).toEqual({ status: 200, body: { sent: true } });
    expect(codesTo(phones[2]!)).toHaveLength(1);
    expect((await refusals()).map((r) => r.data.reasonCode).filter((r) => r === 'challenge_failed')).toHaveLength(3);
  });

  it('a number already served is not counted again; past the hard limit the address is refused outright', async () => {
    srv.clock.advance(61_000);
    const passed = async () => {
      const ch = await call(ip, '/api/auth/sms-challenge');
      return { challengeId: ch.body.id as string, challengeAnswer: await solve(ch.body.id) };
    };
    expect((await askCode(ip, phones[2]!, await passed())).status).toBe(200);
    expect((await askCode(ip, phones[3]!, await passed())).status).toBe(200);
    // Four numbers from this address in the hour: a fifth is refused even with a passed challenge …
    const refused = await askCode(ip, phones[4]!, await passed());
    expect(refused).toMatchObject({ status: 429, body: { code: 'SMS_IP_LIMIT' } });
    expect(codesTo(phones[4]!)).toHaveLength(0);
    expect((await refusals()).at(-1)!.data.reasonCode).toBe('ip_limit');
    // … while one of the four may still have its code again (it is not a new number).
    srv.clock.advance(61_000);
    expect((await askCode(ip, phones[3]!, await passed())).status).toBe(200);
    // Another address is not affected; an hour later this one may go on.
    expect(await askCode('198.51.100.20', phones[4]!)).toEqual({ status: 200, body: { sent: true } });
    srv.clock.advance(3600_000);
    expect((await askCode(ip, '13511110006')).status).toBe(200);
  });

  it('past the day\'s budget every request needs the challenge, from any address, until the next day (Beijing time)', async () => {
    const today = (await srv.db.query<{ n: number }>(`select count(*)::int as n from verification_codes`))[0]!.n;
    expect(today).toBe(8);
    const fresh = await askCode('192.0.2.44', '13511110010');
    expect(fresh).toMatchObject({ status: 429, body: { code: 'CHALLENGE_REQUIRED' } });
    expect((await refusals()).at(-1)!.data.reasonCode).toBe('challenge_required:daily_budget');
    const ch = await call('192.0.2.44', '/api/auth/sms-challenge');
    expect((await askCode('192.0.2.44', '13511110010', { challengeId: ch.body.id, challengeAnswer: await solve(ch.body.id) })).status).toBe(200);
    srv.clock.set(at('2026-06-21T00:00:30+08:00'));
    expect((await askCode('192.0.2.45', '13511110011')).status).toBe(200);
  });

  it('gives the same reply for a registered number and an unknown one, whether a code is sent or a challenge is asked', async () => {
    srv.clock.set(at('2026-06-22T09:00:00+08:00'));
    const known = await buildUser(srv.services, 'author', '110000', '13511119001');
    const a = await askCode('192.0.2.50', known.phone);
    const b = await askCode('192.0.2.51', '13511119002');
    expect(a).toEqual(b);
    await askCode('192.0.2.60', '13511119003');
    await askCode('192.0.2.60', '13511119004');
    const known2 = await buildUser(srv.services, 'author', '110000', '13511119006');
    const c = await askCode('192.0.2.60', known2.phone);
    const d = await askCode('192.0.2.60', '13511119005');
    expect(c, JSON.stringify([c, d])).toEqual(d);
    expect(c.body.code).toBe('CHALLENGE_REQUIRED');
  });

  it('limits how many challenges one address may fetch', async () => {
    for (let i = 0; i < 30; i++) expect((await call('192.0.2.99', '/api/auth/sms-challenge')).status).toBe(200);
    expect(await call('192.0.2.99', '/api/auth/sms-challenge')).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
  });
});
