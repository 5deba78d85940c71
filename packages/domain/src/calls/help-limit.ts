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
