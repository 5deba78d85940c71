// Which deadline reminder is due: 3 days and 1 day before a deadline, counted in Beijing calendar days and sent
// from 08:00 Beijing time, so an hourly scheduler never texts anyone at midnight.
import { beijingDate, beijingDayStart } from './deadline.ts';

export const REMINDER_DAYS = [3, 1] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];

const DAY_MS = 24 * 3600_000;
const SEND_FROM_MS = 8 * 3600_000;

/** The instant from which the reminder `days` before a deadline (an instant) may be sent. */
export function reminderStartsAt(endsAt: number, days: number): number {
  return beijingDayStart(beijingDate(endsAt)) - days * DAY_MS + SEND_FROM_MS;
}

/**
 * The reminder due at `now` for a deadline: 3 from 08:00 three days before the deadline's date, 1 from 08:00 the day
 * before, none before that or once the deadline has passed. A scheduler that missed the 3-day window sends the 1-day one.
 */
export function dueReminder(endsAt: number, now: number): ReminderDays | null {
  if (now > endsAt) return null;
  for (const days of [...REMINDER_DAYS].sort((a, b) => a - b)) if (now >= reminderStartsAt(endsAt, days)) return days;
  return null;
}
