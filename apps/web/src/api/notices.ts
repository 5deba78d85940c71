// Client of the notice routes (消息中心 and 发布公告). Same conventions as api.ts: cookie session, ApiError.
// Response types come from the contracts the server validates against (@anli/contracts), so neither side re-declares them.
import type { NoticePage } from '@anli/contracts/common.ts';
import type { Announcement, AnnounceResult, Notice, OrgAnnouncements, ReadAllResult, UnreadCount } from '@anli/contracts/notices.ts';
import { queryString, request } from './index.ts';

export type { AnnouncementRow, AudienceOption, Notice } from '@anli/contracts/notices.ts';

/** Fired when notices were read, so the bell in the header refreshes its count. */
export const NOTICES_CHANGED = 'anli:notices-changed';
const changed = () => window.dispatchEvent(new Event(NOTICES_CHANGED));

export const noticesApi = {
  list: (q: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) =>
    request<NoticePage>('GET', `/notices${queryString({ unread: q.unreadOnly ? '1' : undefined, page: q.page, pageSize: q.pageSize })}`),
  unreadCount: () => request<UnreadCount>('GET', '/notices/unread-count'),
  markRead: async (id: string) => {
    const r = await request<Notice>('POST', `/notices/${encodeURIComponent(id)}/read`, {});
    changed();
    return r;
  },
  markAllRead: async () => {
    const r = await request<ReadAllResult>('POST', '/notices/read-all', {});
    changed();
    return r;
  },
  announcements: () => request<Announcement[]>('GET', '/announcements'),
  orgAnnouncements: () => request<OrgAnnouncements>('GET', '/org/announcements'),
  announce: (input: { title: string; body: string; audience: string; callId?: string; sendSms: boolean }) =>
    request<AnnounceResult>('POST', '/org/announcements', input),
};
