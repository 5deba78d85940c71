// Client of the deadline routes: a province's own author deadline, the author's deadlines, a late return's date.
import type { AuthorDeadline, ProvinceDeadline } from '@anli/contracts/deadlines.ts';
import { formatBeijing } from '@anli/domain/deadline.ts';
import { queryString, request, type CaseDetail } from './index.ts';

export type { AuthorDeadline, ProvinceDeadline };

export const deadlinesApi = {
  provinceDeadline: (callId: string) => request<ProvinceDeadline>('GET', `/province/author-deadline${queryString({ callId })}`),
  setProvinceDeadline: (callId: string, endsAt: string | null) => request<ProvinceDeadline>('PUT', '/province/author-deadline', { callId, endsAt }),
  myDeadlines: () => request<AuthorDeadline[]>('GET', '/my/deadlines'),
  /** 退回修改 with the resubmission date a late return gives (omitted: the server's default, 3 days). */
  returnCase: (caseId: string, reason: string, resubmitUntil?: string | null) =>
    request<CaseDetail>('POST', `/cases/${encodeURIComponent(caseId)}/return`, { reason, ...(resubmitUntil ? { resubmitUntil } : {}) }),
};

/** An instant as Beijing wall-clock time, e.g. 2026-08-31 23:59:59 (whatever the browser's time zone). */
export function beijingText(isoTime: string, seconds = true): string {
  return formatBeijing(new Date(isoTime).getTime()).slice(0, seconds ? 19 : 16);
}

/** A Beijing wall-clock time (YYYY-MM-DD HH:mm:ss) as an ISO instant. */
export function fromBeijing(wall: string): string {
  return new Date(`${wall.replace(' ', 'T')}+08:00`).toISOString();
}

/** Time left until an instant, in words (天/小时/分钟); null once it has passed. */
export function timeLeft(isoTime: string, now = Date.now()): string | null {
  const ms = new Date(isoTime).getTime() - now;
  if (ms <= 0) return null;
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return d > 0 ? `${d} 天 ${h} 小时` : h > 0 ? `${h} 小时 ${m} 分钟` : `${Math.max(m, 1)} 分钟`;
}
