import { describe, expect, it } from 'vitest';
import { formatCheckValue } from './checkFormat.ts';

describe('formatCheckValue', () => {
  it('reads as words and formatted numbers, never raw seconds, true/false or JSON', () => {
    expect(formatCheckValue('video.duration', 425.03)).toBe('7 分 05 秒');
    expect(formatCheckValue('video.duration', 42)).toBe('42 秒');
    expect(formatCheckValue('report.word_count', 3001097)).toBe('3,001,097');
    // Counts of characters carry their unit and read as the requirement beside them reads (≤ 3000 字).
    expect(formatCheckValue('form.summary_length', 350)).toBe('350 字');
    expect(formatCheckValue('report.length', 6153)).toBe('6153 字');
    expect(formatCheckValue('x', 2.345678)).toBe('2.35');
    expect(formatCheckValue('x', true)).toBe('是');
    expect(formatCheckValue('x', false)).toBe('否');
    expect(formatCheckValue('x', ['宋体', '黑体'])).toBe('宋体、黑体');
    expect(formatCheckValue('report.outline', ['一、案例概述', '二、实施过程'])).toBe('一、案例概述；二、实施过程');
    expect(formatCheckValue('x', { a: 1 })).toBe('见说明');
    expect(formatCheckValue('x', null)).toBe('—');
    expect(formatCheckValue('x', '1920×1080')).toBe('1920×1080');
  });
});
