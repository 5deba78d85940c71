// Client of the notice routes (消息中心 and 发布公告). Same conventions as api.ts: cookie session, ApiError.
import { queryString, request, type Page } from './api.ts';

export interface Notice {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  audience: string;
  audienceLabel: string;
  callId: string | null;
  callTitle: string | null;
  sendSms: boolean;
  recipients: number;
  read: number;
  smsSent: number;
  createdBy: string | null;
  createdAt: string;
}

export interface AudienceOption {
  id: string;
  label: string;
  needsCall: boolean;
}

/** Fired when notices were read, so the bell in the header refreshes its count. */
export const NOTICES_CHANGED = 'anli:notices-changed';
const changed = () => window.dispatchEvent(new Event(NOTICES_CHANGED));

export const noticesApi = {
  list: (q: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) =>
    request<Page<Notice> & { unread: number }>('GET', `/notices${queryString({ unread: q.unreadOnly ? '1' : undefined, page: q.page, pageSize: q.pageSize })}`),
  unreadCount: () => request<{ unread: number }>('GET', '/notices/unread-count'),
  markRead: async (id: string) => {
    const r = await request<Notice>('POST', `/notices/${encodeURIComponent(id)}/read`, {});
    changed();
    return r;
  },
  markAllRead: async () => {
    const r = await request<{ marked: number }>('POST', '/notices/read-all', {});
    changed();
    return r;
  },
  announcements: () => request<Array<{ id: string; title: string; body: string; createdAt: string }>>('GET', '/announcements'),
  orgAnnouncements: () => request<{ audiences: AudienceOption[]; items: AnnouncementRow[] }>('GET', '/org/announcements'),
  announce: (input: { title: string; body: string; audience: string; callId?: string; sendSms: boolean }) =>
    request<{ id: string; recipients: number }>('POST', '/org/announcements', input),
};
