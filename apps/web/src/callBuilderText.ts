// How the call builder shows a definition's values to a person: the certificate sentence's {callTitle}/{award} as
// Chinese placeholders (or the real values), a changed value in words — never JSON, true/false or raw bytes.
import { KEY_NAMES } from '@anli/domain/calls/validate.ts';
import type { BuilderCallRow } from './api/callBuilder.ts';
import { bitrateLabel } from '@anli/domain/rule-params.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { formatBytes } from './components/AttachmentSlots.tsx';
import { fmtTime } from './labels.ts';

/** A call's state in the builder's list and editor. */
export const STATE_TAG: Record<BuilderCallRow['state'], { color: string; text: string }> = {
  builtin: { color: 'processing', text: '平台内置（已开放）' },
  draft: { color: 'warning', text: '草稿' },
  open: { color: 'success', text: '已开放' },
};

/** The certificate sentence's tokens and the placeholders the organiser sees and types instead. */
const STATEMENT_TOKENS = [
  ['{callTitle}', '〔活动名称〕'],
  ['{award}', '〔奖项〕'],
] as const;

/** The stored sentence as the organiser edits it: 在〔活动名称〕中，经专家评审，被评为“〔奖项〕”。 */
export function statementForEditing(stored: string): string {
  return STATEMENT_TOKENS.reduce((s, [token, shown]) => s.replaceAll(token, shown), stored);
}

/** The sentence as typed back into its stored form (placeholders → tokens the certificate fills in). */
export function statementForStorage(typed: string): string {
  return STATEMENT_TOKENS.reduce((s, [token, shown]) => s.replaceAll(shown, token), typed);
}

/** The sentence as a certificate will read, with the call's title and an award (placeholders where still empty). */
export function statementPreview(stored: string, callTitle: string, award: string): string {
  return stored.replaceAll('{callTitle}', callTitle.trim() || '〔活动名称〕').replaceAll('{award}', award.trim() || '〔奖项〕');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value of the definition in words, for the list of changes: bitrates and sizes in their units, lists joined with 、. */
export function changeValueText(v: unknown, path = ''): string {
  const text = inWords(v, path);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function inWords(v: unknown, path: string): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') {
    if (/[Bb]itrate\w*$/.test(path)) return bitrateLabel(v);
    if (/maxBytes$/.test(path)) return formatBytes(v);
    return String(v);
  }
  if (typeof v === 'string') return ISO_TIME.test(v) ? fmtTime(v) : statementForEditing(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => inWords(x, path)).join('、') : '（无）';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A quota group's own caps per province: 北京市 60 件；上海市 40 件.
    if (/provinceMax$/.test(path)) return Object.entries(o).map(([code, n]) => `${findProvince(code)?.name ?? code} ${n} 件`).join('；') || '（无）';
    // A list item (a field, a slot, an indicator…) is named by its name or label, as the 位置 column names it.
    const name = o.name ?? o.label ?? o.department ?? o.title ?? o.category;
    if (typeof name === 'string' && name) return name;
    return Object.entries(o)
      .filter(([k]) => k !== '$comment')
      .map(([k, x]) => `${KEY_NAMES[k] ?? k}：${inWords(x, k)}`)
      .join('；');
  }
  return String(v);
}
