// Client of the deadline routes: a province's own author deadline, the author's deadlines, a late return's date.
import type { AuthorDeadline, ProvinceDeadline } from '@anli/contracts/deadlines.ts';
import { queryString, request, type CaseDetail } from './api.ts';

export type { AuthorDeadline, ProvinceDeadline };

export const deadlinesApi = {
  provinceDeadline: (callId: string) => request<ProvinceDeadline>('GET', `/province/author-deadline${queryString({ callId })}`),
  setProvinceDeadline: (callId: string, endsAt: string | null) => request<ProvinceDeadline>('PUT', '/province/author-deadline', { callId, endsAt }),
  myDeadlines: () => request<AuthorDeadline[]>('GET', '/my/deadlines'),
  /** 退回修改 with the resubmission date a late return gives (omitted: the server's default, 3 days). */
  returnCase: (caseId: string, reason: string, resubmitUntil?: string | null) =>
    request<CaseDetail>('POST', `/cases/${encodeURIComponent(caseId)}/return`, { reason, ...(resubmitUntil ? { resubmitUntil } : {}) }),
};

const BEIJING_MS = 8 * 3600_000;

/** An instant as Beijing wall-clock time, e.g. 2026-08-31 23:59:59 (whatever the browser's time zone). */
export function beijingText(isoTime: string, seconds = true): string {
  const t = new Date(new Date(isoTime).getTime() + BEIJING_MS).toISOString().replace('T', ' ');
  return t.slice(0, seconds ? 19 : 16);
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

/**
 * The resubmission date a return gives after the province's author deadline, from the recommendation phase's end as
 * the pages get it (Beijing wall-clock): the end of the Beijing day 3 days later, at most that end.
 */
export function lateReturnDates(recommendationEnd: string, now = Date.now()): { defaultUntil: string; maxUntil: string } {
  const max = new Date(fromBeijing(recommendationEnd.slice(0, 19))).getTime() + 999;
  const day = new Date(now + 3 * 86_400_000 + BEIJING_MS).toISOString().slice(0, 10);
  const def = Math.min(new Date(`${day}T23:59:59.999+08:00`).getTime(), max);
  return { defaultUntil: new Date(def).toISOString(), maxUntil: new Date(max).toISOString() };
}
