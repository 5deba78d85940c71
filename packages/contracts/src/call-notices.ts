// 活动通知: each call's public notice (text, contacts, attachments), edited and published by the organiser.
import { z } from 'zod';
import { IsoTime } from './common.ts';

export const NoticeAttachment = z.object({ id: z.string(), name: z.string(), size: z.number() });
export type NoticeAttachment = z.infer<typeof NoticeAttachment>;

export const CallNotice = z.object({
  callId: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  body: z.string(),
  contacts: z.string(),
  publishedAt: IsoTime.nullable(),
  updatedAt: IsoTime.nullable(),
  /** Nothing saved yet: the built-in text of the call (unpublished). */
  builtIn: z.boolean(),
  attachments: z.array(NoticeAttachment),
});
export type CallNotice = z.infer<typeof CallNotice>;

/** The front door's list of published notices (without their text). */
export const PublishedNotice = z.object({
  callId: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  contacts: z.string(),
  publishedAt: IsoTime,
  attachments: z.array(NoticeAttachment),
});
export type PublishedNotice = z.infer<typeof PublishedNotice>;

export const SaveNoticeBody = z.object({
  title: z.string().max(200),
  documentNo: z.string().max(200).nullable().optional(),
  body: z.string().max(200_000),
  contacts: z.string().max(2000).optional(),
});
export type SaveNoticeBody = z.infer<typeof SaveNoticeBody>;
