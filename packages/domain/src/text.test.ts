import { describe, expect, it } from 'vitest';
import { countZi } from './text.ts';

describe('countZi', () => {
  it('counts each CJK character and full-width punctuation mark as one', () => {
    expect(countZi('人工智能，赋能教学。')).toBe(10);
  });
  it('counts a run of Latin letters or digits as one', () => {
    expect(countZi('使用AI工具')).toBe(5);
    expect(countZi('2025年共有 3.5% 的 teachers 参加')).toBe(9);
  });
  it('ignores whitespace and stray half-width punctuation', () => {
    expect(countZi('  \n\t - ')).toBe(0);
    expect(countZi('')).toBe(0);
  });
  it('counts characters outside the BMP (CJK extension B) once', () => {
    expect(countZi('𠀀𠀁')).toBe(2);
  });
});
