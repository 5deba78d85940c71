import { describe, expect, it } from 'vitest';
import { beijingText, fromBeijing, timeLeft } from './deadlines.ts';

describe('Beijing times in the browser, whatever its time zone', () => {
  it('shows and reads instants as Beijing wall-clock time', () => {
    expect(beijingText('2026-08-31T15:59:59.999Z')).toBe('2026-08-31 23:59:59');
    expect(beijingText('2026-08-31T15:59:59.999Z', false)).toBe('2026-08-31 23:59');
    expect(fromBeijing('2026-07-15 18:00:00')).toBe('2026-07-15T10:00:00.000Z');
  });

  it('counts the time left in days and hours, then hours and minutes', () => {
    const now = Date.parse('2026-07-01T00:00:00Z');
    expect(timeLeft('2026-07-03T05:00:00Z', now)).toBe('2 天 5 小时');
    expect(timeLeft('2026-07-01T03:20:00Z', now)).toBe('3 小时 20 分钟');
    expect(timeLeft('2026-06-30T00:00:00Z', now)).toBeNull();
  });
});
