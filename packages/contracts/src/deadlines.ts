// The province's own author deadline (seed 000: 各省自定报送截止时间) and the deadlines an author works to.
import { z } from 'zod';
import { Id } from './common.ts';

/** Instants are ISO strings (UTC); pages show them in Beijing time. */
const Instant = z.string();

export const DeadlineQuery = z.object({ callId: Id });

/** What a provincial administrator sees on its 截止时间 card. */
export const ProvinceDeadline = z.object({
  callId: z.string(),
  callTitle: z.string(),
  /** Whether the call lets provinces set their own author deadline (2026: yes; 2025: the notice dates it). */
  applicable: z.boolean(),
  /** The province's mode (1: recommended authors fill in here; 2: the whole process here), null when not chosen. */
  mode: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** The province's own date, null until it sets one. */
  own: Instant.nullable(),
  ownSetAt: Instant.nullable(),
  ownSetBy: z.string().nullable(),
  /** The date in force: its own, else its recommendation deadline (else the call's submission phase). */
  effective: Instant,
  source: z.enum(['province', 'recommendation', 'call']),
  /** The latest it may choose: its recommendation deadline. */
  recommendationEnd: Instant,
  submissionStart: Instant.nullable(),
  open: z.boolean(),
  /** The recommendation or submission dates were moved by the demo seed. */
  demoMoved: z.boolean(),
});
export type ProvinceDeadline = z.infer<typeof ProvinceDeadline>;

export const SetProvinceDeadlineBody = z.object({
  callId: Id,
  /** An ISO instant; null clears the province's date (the recommendation deadline applies again). */
  endsAt: z.string().max(40).nullable(),
});

/** The author's deadline in one call: the province's date, the recommendation deadline, or the call's. */
export const AuthorDeadline = z.object({
  callId: z.string(),
  callTitle: z.string(),
  name: z.string(),
  startsAt: Instant.nullable(),
  endsAt: Instant,
  source: z.enum(['province', 'recommendation', 'call']),
  open: z.boolean(),
  demoMoved: z.boolean(),
  /** mode 1 provinces: the date until which their recommended authors fill in. */
  mode: z.union([z.literal(1), z.literal(2)]).nullable(),
});
export type AuthorDeadline = z.infer<typeof AuthorDeadline>;
