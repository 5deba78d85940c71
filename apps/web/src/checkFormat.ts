// How a check result's measured value (实测) and requirement (要求) read on screen: minutes and seconds for
// durations, grouped digits, 是/否 — never raw seconds (425.03), true/false or JSON.

const DURATION_RULES = new Set(['video.duration']);
/** Counts of characters (字): with their unit and written as the requirement and the message write them (≤ 3000 字). */
const CHAR_COUNT_RULES = new Set(['report.length', 'form.summary_length']);

function minutesSeconds(s: number): string {
  const t = Math.round(s);
  const m = Math.floor(t / 60);
  const sec = t % 60;
  return m ? `${m} 分 ${String(sec).padStart(2, '0')} 秒` : `${sec} 秒`;
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('zh-CN');
  return (Math.round(v * 100) / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

export function formatCheckValue(rule: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' && CHAR_COUNT_RULES.has(rule) && Number.isInteger(v)) return `${v} 字`;
  if (typeof v === 'number') return DURATION_RULES.has(rule) ? minutesSeconds(v) : formatNumber(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => formatCheckValue(rule, x));
    // Items that hold 、 themselves (一、案例概述) are told apart by ；.
    return items.join(items.some((x) => x.includes('、')) ? '；' : '、') || '—';
  }
  // An object is detail for the machine, not a sentence for a person: the message says it in words.
  return '见说明';
}
