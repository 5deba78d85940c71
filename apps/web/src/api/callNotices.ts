// Client of the 活动通知 routes. Types come from @anli/contracts, as the server validates and serialises them.
import type { CallNotice, PublishedNotice, SaveNoticeBody } from '@anli/contracts/call-notices.ts';
import { ApiError, request } from './index.ts';

export type { CallNotice, PublishedNotice };

export const attachmentUrl = (callId: string, id: string) => `/api/public/calls/${encodeURIComponent(callId)}/notice/attachments/${id}`;

export const callNoticesApi = {
  published: () => request<PublishedNotice[]>('GET', '/public/notices'),
  publicNotice: (callId: string) => request<CallNotice>('GET', `/public/calls/${encodeURIComponent(callId)}/notice`),
  orgNotice: (callId: string) => request<CallNotice>('GET', `/org/calls/${encodeURIComponent(callId)}/notice`),
  save: (callId: string, body: SaveNoticeBody) => request<CallNotice>('PUT', `/org/calls/${encodeURIComponent(callId)}/notice`, body),
  publish: (callId: string) => request<CallNotice>('POST', `/org/calls/${encodeURIComponent(callId)}/notice/publish`),
  unpublish: (callId: string) => request<CallNotice>('POST', `/org/calls/${encodeURIComponent(callId)}/notice/unpublish`),
  removeAttachment: (callId: string, id: string) => request<CallNotice>('DELETE', `/org/calls/${encodeURIComponent(callId)}/notice/attachments/${id}`),
  /** Uploads a file as the request body (its name in ?fileName=). */
  async addAttachment(callId: string, file: File): Promise<CallNotice> {
    let res: Response;
    try {
      res = await fetch(`/api/org/calls/${encodeURIComponent(callId)}/notice/attachments?fileName=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'include',
        headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
        body: file,
      });
    } catch {
      throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
    }
    const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!res.ok) throw new ApiError(res.status, json.code ?? `HTTP_${res.status}`, json.message ?? '上传失败，请稍后重试', []);
    return json as CallNotice;
  },
};

/** Today's date in Beijing (YYYY-MM-DD), what phase dates are written in. */
export function beijingToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export type PhaseStatus = 'open' | 'upcoming' | 'ended';

/** Where a phase stands today: open (the server says so), not started yet, or over. */
export function phaseStatus(p: { start: string | null; end: string; open: boolean }, today = beijingToday()): PhaseStatus {
  if (p.open) return 'open';
  if (p.start && today < p.start.slice(0, 10)) return 'upcoming';
  if (today <= p.end.slice(0, 10)) return 'upcoming';
  return 'ended';
}

export const PHASE_STATUS_LABEL: Record<PhaseStatus, string> = { open: '进行中', upcoming: '未开始', ended: '已结束' };
