import { describe, expect, it } from 'vitest';
import { beijingDayEnd } from './deadline.ts';
import { dueReminder, reminderStartsAt } from './reminder.ts';

const end = beijingDayEnd('2026-08-31');
const at = (s: string) => Date.parse(s);

describe('dueReminder', () => {
  it('is nothing four days before, 3 from 08:00 Beijing three days before, 1 from 08:00 the day before, nothing after', () => {
    expect(dueReminder(end, at('2026-08-27T12:00:00+08:00'))).toBeNull();
    expect(dueReminder(end, at('2026-08-28T07:59:59+08:00'))).toBeNull();
    expect(dueReminder(end, at('2026-08-28T08:00:00+08:00'))).toBe(3);
    expect(dueReminder(end, at('2026-08-30T07:59:00+08:00'))).toBe(3);
    expect(dueReminder(end, at('2026-08-30T08:00:00+08:00'))).toBe(1);
    expect(dueReminder(end, at('2026-08-31T23:59:59+08:00'))).toBe(1);
    expect(dueReminder(end, at('2026-09-01T00:00:00+08:00'))).toBeNull();
  });

  it('counts Beijing days, not UTC days', () => {
    expect(new Date(reminderStartsAt(end, 3)).toISOString()).toBe('2026-08-28T00:00:00.000Z');
  });
});
