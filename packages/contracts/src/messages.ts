// The organiser's 短信与邮件 (outgoing messages) and the image challenge on the verification-code path.
import { z } from 'zod';
import { IsoTime } from './common.ts';

const intText = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Filters, sort and page of the message list; every value checked on the server. */
export const MessageListQuery = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  channel: z.enum(['sms', 'email']).optional(),
  kind: z.string().max(40).optional(),
  q: z.string().max(60).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  sort: z.enum(['created', 'sent', 'attempts', 'status', 'next']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  /** The shared paging contract (common.ts); limit/offset are still read for the page's own links. */
  page: intText(1, 1_000_000).optional(),
  pageSize: intText(1, 100).optional(),
  limit: intText(1, 100).optional(),
  offset: intText(0, 1_000_000).optional(),
});
export type MessageListQuery = z.infer<typeof MessageListQuery>;

export const MessageRow = z.object({
  id: z.string(),
  channel: z.enum(['sms', 'email']),
  channelLabel: z.string(),
  /** Masked: 138****8000, t***@example.cn. */
  recipient: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  /** The SMS as the recipient reads it with codes masked, or the e-mail's subject. */
  text: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  statusLabel: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  errorCode: z.string().nullable(),
  permanent: z.boolean(),
  provider: z.string().nullable(),
  providerRef: z.string().nullable(),
  createdAt: IsoTime,
  sentAt: IsoTime.nullable(),
  nextAttemptAt: IsoTime.nullable(),
  expiresAt: IsoTime.nullable(),
  canRetry: z.boolean(),
  retryBlocked: z.string().nullable(),
});
export type MessageRow = z.infer<typeof MessageRow>;

export const MessagePage = z.object({
  items: z.array(MessageRow),
  total: z.number(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ pending: z.number(), sent: z.number(), failed: z.number() }),
  kinds: z.array(z.object({ id: z.string(), label: z.string() })),
  settings: z.object({
    sms: z.string(),
    email: z.string(),
    signName: z.string(),
    limits: z.object({ smsPerPhoneHour: z.number(), smsPerPhoneDay: z.number(), smsTotalHour: z.number(), smsTotalDay: z.number() }),
    codes: z.object({ ipFreeNumbers: z.number(), ipMaxNumbers: z.number(), dailyBudget: z.number() }),
    smsLastHour: z.number(),
    smsLastDay: z.number(),
  }),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const MessageIdParams = z.object({ messageId: z.string().max(100) });

/** An image challenge: a PNG data URL and how many characters it shows. */
export const SmsChallenge = z.object({ id: z.string(), image: z.string(), length: z.number(), expiresAt: IsoTime });
export type SmsChallenge = z.infer<typeof SmsChallenge>;
