// Display helpers shared by every page: state colours, role names, dates, phases.
import dayjs from 'dayjs';
import { ROLE_LABELS, STATE_LABELS, type CaseState, type Role } from '@anli/domain/lifecycle.ts';
import type { Phase } from './api/index.ts';

export { ROLE_LABELS, STATE_LABELS };

/** One colour per state, the same on every page. */
export const STATE_COLORS: Record<CaseState, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  province_recommended: 'success',
  not_recommended: 'default',
  national_review: 'purple',
  selected: 'warning',
  not_selected: 'default',
  published: 'processing',
  disqualified: 'error',
  declined: 'default',
};

export const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? r;

/**
 * Who did something, as a person reads it: 王老师（作者）; only the role when the name is not shown (作者); 系统 for
 * the platform's own steps — never 系统（作者）.
 */
export function actorText(name: string | null | undefined, role: string | null | undefined): string {
  const r = role ? roleLabel(role) : '';
  if (name && r) return `${name}（${r}）`;
  return name || r || '系统';
}
export const stateLabel = (s: string | null | undefined) => (s ? (STATE_LABELS[s as CaseState] ?? s) : '');

export { EVENT_LABELS, eventLabel } from '@anli/domain/audit-events.ts';

/** Formats an ISO or 'YYYY-MM-DD HH:mm:ss' time as Beijing-style local text. */
export function fmtTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : v;
}

/** Like fmtTime, with seconds (audit log). */
export function fmtTimeSeconds(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : v;
}

export function phaseRange(p: Phase): string {
  return `${p.start ? p.start.slice(0, 10) : '即日起'} 至 ${p.end.slice(0, 16)}`;
}

/** Where a deadline an author works to comes from (the province's author deadline page, the author's pages). */
export const DEADLINE_SOURCE_TEXT = {
  province: '本省设定',
  recommendation: '本省未另设，按推荐上报截止',
  call: '活动统一规定',
  resubmit: '退回时省级管理员给定',
} as const;

export const MODE_TEXT: Record<1 | 2, string> = {
  1: '方式一：依托省自有平台征集后，通知获推荐教师到本平台填报',
  2: '方式二：全流程依托本平台',
};

/** A step in words: 草稿 → 已提交; a case's creation (no state before) reads 成为 草稿, not — → 草稿. */
export function stepText(from: string, to: string): string {
  if (!from) return to ? `成为“${to}”` : '';
  return `${from} → ${to || '—'}`;
}
