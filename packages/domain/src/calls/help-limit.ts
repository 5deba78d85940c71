// A text field's help often repeats its 字 limit (“……，不超过 350 字”). When the organiser changes maxChars the
// builder rewrites that number, and validation refuses a help text whose number disagrees with maxChars, so the
// author never reads one limit in the help and meets another in the counter.

const LIMIT = /不超过\s*(\d+)\s*字/;

/** The 字 limit a help text states (“不超过 350 字” → 350), if it states one. */
export function helpLimit(help: string | undefined): number | undefined {
  const m = help ? LIMIT.exec(help) : null;
  return m ? Number(m[1]) : undefined;
}

/** The help text with its stated 字 limit changed to maxChars (“不超过 350 字” → “不超过 300 字”); unchanged without one. */
export function withHelpLimit(help: string | undefined, maxChars: number | undefined): string | undefined {
  if (!help || maxChars === undefined || !LIMIT.test(help)) return help;
  return help.replace(LIMIT, `不超过 ${maxChars} 字`);
}

// A repeated group's label or help often states its count too (“作者信息（排序填写，最多 3 人）”, “案例中 1-2 个主要
// 平台工具”). When the organiser changes min or max these numbers follow, and validation refuses a stale one.

const GROUP_MAX = /(最多|至多|不超过|不多于)(\s*)(\d+)(\s*)(人|个|名|位|项|条|种|件)/g;
const GROUP_RANGE = /(\d+)(\s*)([-–—~～至到])(\s*)(\d+)(\s*)(人|个|名|位|项|条|种|件)/g;

/** The counts a group's text states (and the words stating them): “最多 3 人” → { max: 3 }, “1-2 个” → { min: 1, max: 2 }. */
export function groupLimits(text: string | undefined): { min?: number; max?: number; said?: string } {
  if (!text) return {};
  const range = new RegExp(GROUP_RANGE.source).exec(text);
  if (range) return { min: Number(range[1]), max: Number(range[5]), said: range[0] };
  const most = new RegExp(GROUP_MAX.source).exec(text);
  return most ? { max: Number(most[3]), said: most[0] } : {};
}

/**
 * The text with its stated counts changed to the group's min and max (“最多 5 人” → “最多 3 人”, “1-2 个” → “1-3 个”,
 * “2-2 个” when min equals max); unchanged without one.
 */
export function withGroupLimits(text: string | undefined, min: number | undefined, max: number | undefined): string | undefined {
  if (!text || max === undefined) return text;
  return text
    // A range stays a range when min equals max (“1-1 个”), so it can follow the next change back.
    .replace(GROUP_RANGE, (_m, a, s1, dash, s2, _b, s3, unit) => `${min ?? a}${s1}${dash}${s2}${max}${s3}${unit}`)
    .replace(GROUP_MAX, (_m, word, s1, _n, s2, unit) => `${word}${s1}${max}${s2}${unit}`);
}

/**
 * A definition (possibly an incomplete draft) with every text field's stated limit set to its maxChars, and every
 * group's stated count to its min and max: what the server saves, so a limit changed through the API (not only in the
 * builder's input) reaches the author's help text.
 */
export function syncHelpLimits<T>(definition: T): T {
  // biome-ignore lint/suspicious/noExplicitAny: a draft is plain JSON of unknown completeness.
  const def = definition as any;
  if (!def || !Array.isArray(def.caseTypes)) return definition;
  for (const type of def.caseTypes) {
    if (!type || !Array.isArray(type.fields)) continue;
    for (const f of type.fields) {
      if (f && (f.kind === 'text' || f.kind === 'textarea') && typeof f.maxChars === 'number' && typeof f.help === 'string') f.help = withHelpLimit(f.help, f.maxChars);
      if (f && f.kind === 'group' && typeof f.max === 'number') {
        const min = typeof f.min === 'number' ? f.min : undefined;
        if (typeof f.label === 'string') f.label = withGroupLimits(f.label, min, f.max);
        if (typeof f.help === 'string') f.help = withGroupLimits(f.help, min, f.max);
      }
    }
  }
  return definition;
}
