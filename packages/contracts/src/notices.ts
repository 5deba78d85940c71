// 消息中心 and 公告: the user's own notices (the list itself is in common.ts), marking them read, and the organiser's
// announcements. The server validates and serialises with these schemas; the web client takes its types from them.
import { z } from 'zod';
import { Id, IsoTime, NoticeItem } from './common.ts';

export type Notice = z.infer<typeof NoticeItem>;

export const NoticeIdParams = z.object({ noticeId: Id });
export const UnreadCount = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;
export const ReadAllResult = z.object({ marked: z.number().int(), unread: z.number().int() });
export type ReadAllResult = z.infer<typeof ReadAllResult>;

/** An announcement as its readers see it. */
export const Announcement = z.object({ id: z.string(), title: z.string(), body: z.string(), createdAt: IsoTime });
export type Announcement = z.infer<typeof Announcement>;

/** Who an announcement goes to; some audiences need a call (e.g. the authors of one call). */
export const AudienceOption = z.object({ id: z.string(), label: z.string(), needsCall: z.boolean() });
export type AudienceOption = z.infer<typeof AudienceOption>;

/** An announcement as the organiser's list shows it, with recipient, read and SMS counts. */
export const AnnouncementRow = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  audience: z.string(),
  audienceLabel: z.string(),
  callId: z.string().nullable(),
  callTitle: z.string().nullable(),
  sendSms: z.boolean(),
  recipients: z.number().int(),
  read: z.number().int(),
  smsSent: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: IsoTime,
});
export type AnnouncementRow = z.infer<typeof AnnouncementRow>;

export const OrgAnnouncements = z.object({ audiences: z.array(AudienceOption), items: z.array(AnnouncementRow) });
export type OrgAnnouncements = z.infer<typeof OrgAnnouncements>;

// The service names a missing or too long title, body, audience or call itself (2–60 字, 2–5000 字, 请选择…).
export const AnnounceBody = z.object({
  title: z.string({ error: '“公告标题”应为文本' }).max(1000, '公告标题最多 60 字').optional(),
  body: z.string({ error: '“公告正文”应为文本' }).max(20000, '公告正文最多 5000 字').optional(),
  audience: z.string({ error: '请选择接收对象' }).max(60, '请选择接收对象').optional(),
  callId: z.string({ error: '请选择活动' }).max(100, '请选择活动').nullish(),
  sendSms: z.boolean({ error: '“同时发送短信”应为是或否' }).optional(),
});
export type AnnounceBody = z.infer<typeof AnnounceBody>;
export const AnnounceResult = z.object({ id: z.string(), recipients: z.number().int() });
export type AnnounceResult = z.infer<typeof AnnounceResult>;
