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

/**
 * A definition (possibly an incomplete draft) with every text field's stated limit set to its maxChars: what the
 * server saves, so a limit changed through the API (not only in the builder's input) reaches the author's help text.
 */
export function syncHelpLimits<T>(definition: T): T {
  // biome-ignore lint/suspicious/noExplicitAny: a draft is plain JSON of unknown completeness.
  const def = definition as any;
  if (!def || !Array.isArray(def.caseTypes)) return definition;
  for (const type of def.caseTypes) {
    if (!type || !Array.isArray(type.fields)) continue;
    for (const f of type.fields) {
      if (f && (f.kind === 'text' || f.kind === 'textarea') && typeof f.maxChars === 'number' && typeof f.help === 'string') f.help = withHelpLimit(f.help, f.maxChars);
    }
  }
  return definition;
}
