import { describe, expect, it } from 'vitest';
import { logSender } from './sender.ts';

function capture(revealCodes?: boolean) {
  const lines: string[] = [];
  const sender = logSender({ info: (o, m) => lines.push(`${JSON.stringify(o)} ${m}`) }, revealCodes === undefined ? undefined : { revealCodes });
  return { lines, sender };
}
const CODE_SMS = { channel: 'sms' as const, to: '13812345678', template: 'verification_code', text: '【案例征集平台】您的验证码为 493817，10 分钟内有效。' };

describe('logSender', () => {
  it('never writes a verification code or the full phone number to the log by default', async () => {
    const { lines, sender } = capture();
    await sender.send(CODE_SMS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('493817');
    expect(lines[0]).not.toContain('13812345678');
    expect(lines[0]).toContain('138****5678');
    expect(lines[0]).toContain('未写入日志');
  });

  it('masks codes inside other messages but keeps their text', async () => {
    const { lines, sender } = capture(false);
    await sender.send({ channel: 'sms', to: '13812345678', template: 'case_returned', text: '您的案例已退回，邀请码 AB12CD34EF56，验证码 123456，截止 2026-12-31' });
    expect(lines[0]).not.toMatch(/AB12CD34EF56|123456/);
    expect(lines[0]).toContain('您的案例已退回');
    expect(lines[0]).toContain('2026-12-31');
  });

  it('shows the code only under the explicit demo/dev flag', async () => {
    const { lines, sender } = capture(true);
    await sender.send(CODE_SMS);
    expect(lines[0]).toContain('493817');
    expect(lines[0]).not.toContain('13812345678');
  });
});
