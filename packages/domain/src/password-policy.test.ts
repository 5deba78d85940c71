import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

const PHONE = '13812345678';

describe('password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases of any composition, including spaces and Chinese', () => {
    for (const p of ['correct horse battery', 'teachercases', '春眠不觉晓处处闻啼鸟', 'Demo@2026', 'x'.repeat(7) + 'y']) expect(passwordProblem(p, PHONE)).toBeNull();
  });

  it('refuses short, over-long, common, breached, repetitive and sequential passwords and the phone number', () => {
    expect(passwordProblem('Ab1!xyz', PHONE)).toMatch(/8–128/);
    expect(passwordProblem('a'.repeat(129), PHONE)).toMatch(/8–128/);
    expect(passwordProblem('春眠不觉晓处处', PHONE)).toMatch(/8–128/);
    for (const p of ['password1', 'Password123', 'woaini1314', '1qaz2wsx', 'QWERTYUIOP']) expect(passwordProblem(p, PHONE)).toMatch(/常见|泄露/);
    expect(passwordProblem('zzzzzzzzzz', PHONE)).toMatch(/重复/);
    expect(passwordProblem('23456789', PHONE)).toMatch(/连续/);
    expect(passwordProblem('hgfedcba', PHONE)).toMatch(/连续/);
    expect(passwordProblem(`me${PHONE}`, PHONE)).toMatch(/手机号/);
    expect(passwordProblem(undefined, PHONE)).toBe('请输入密码');
  });
});
