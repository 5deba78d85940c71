// How the call builder shows a definition's values to a person: the certificate sentence's {callTitle}/{award} as
// Chinese placeholders (or the real values), a changed value in words — never JSON, true/false or raw bytes.
import { keyName } from '@anli/domain/calls/validate.ts';
import type { BuilderCallRow } from './api/callBuilder.ts';
import { bitrateLabel, minutesLabel, sizeName } from '@anli/domain/rule-params.ts';
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

/** A font size as the organiser reads it: "16 磅（三号）", "17 磅". */
export function sizeText(pt: number): string {
  const name = sizeName(pt);
  return name ? `${pt} 磅（${name}）` : `${pt} 磅`;
}

const AI_LABEL_MODES: Record<string, string> = { literal: '固定文字', appropriate: '相应标识' };

/** The last key of a path (`a.b[2].c` → c, `a.b[2]` → b). */
const lastKey = (path: string) => /([A-Za-z_$][\w$]*)(?:\[\d+\])*$/.exec(path)?.[1] ?? '';

function inWords(v: unknown, path: string): string {
  if (v === undefined || v === null || v === '') return '—';
  const key = lastKey(path);
  if (typeof v === 'boolean') {
    if (key === 'bold') return v ? '必须加粗' : '不得加粗';
    return v ? '是' : '否';
  }
  if (typeof v === 'number') {
    if (/[Bb]itrate\w*$/.test(path)) return bitrateLabel(v);
    if (/maxBytes$/.test(path)) return formatBytes(v);
    if (/(DurationS|\.minS|\.maxS|^minS|^maxS)$/.test(path)) return minutesLabel(v);
    if (key === 'partToleranceS') return `${v} 秒`;
    if (key === 'fpsTolerance') return `±${v} fps`;
    if (key === 'fps') return `${v} fps`;
    if (key === 'width' || key === 'height') return `${v} 像素`;
    if (key === 'sizePt') return sizeText(v);
    if (key === 'lineSpacingPt') return `${v} 磅`;
    return String(v);
  }
  if (typeof v === 'string') {
    if (key === 'mode' && AI_LABEL_MODES[v]) return AI_LABEL_MODES[v];
    return ISO_TIME.test(v) ? fmtTime(v) : statementForEditing(v);
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => inWords(x, path)).join('、') : '（无）';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A quota group's own caps per province: 北京市 60 件；上海市 40 件.
    if (/provinceMax$/.test(path)) return Object.entries(o).map(([code, n]) => `${findProvince(code)?.name ?? code} ${n} 件`).join('；') || '（无）';
    // A text style: 黑体，16 磅（三号），必须加粗.
    if (typeof o.font === 'string' && typeof o.sizePt === 'number') {
      return [o.font, sizeText(o.sizePt), o.bold === true ? '必须加粗' : o.bold === false ? '不得加粗' : '加粗不检查'].join('，');
    }
    // An AI label rule: 固定文字“AI生成”, or 相应标识（如“AI生成”“AIGC生成”）.
    if (o.mode === 'literal' && typeof o.text === 'string') return `固定文字“${o.text}”`;
    if (o.mode === 'appropriate' && Array.isArray(o.examples)) return `相应标识（如${o.examples.map((e) => `“${String(e)}”`).join('')}）`;
    // A list item (a field, a slot, an indicator…) is named by its name or label, as the 位置 column names it.
    const name = o.name ?? o.label ?? o.department ?? o.title ?? o.category;
    if (typeof name === 'string' && name) return name;
    return Object.entries(o)
      .filter(([k]) => k !== '$comment')
      .map(([k, x]) => `${keyName(key, k) ?? k}：${inWords(x, k)}`)
      .join('；');
  }
  return String(v);
}
