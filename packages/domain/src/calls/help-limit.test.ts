import { describe, expect, it } from 'vitest';
import { helpLimit, syncHelpLimits, withHelpLimit } from './help-limit.ts';
import { validateDefinition } from './validate.ts';
import { findCall } from './builtin.ts';

describe('the 字 limit stated in a field help', () => {
  it('is read and rewritten to the new maxChars', () => {
    const help = '案例解决的主要问题、取得的成效等，不超过 350 字';
    expect(helpLimit(help)).toBe(350);
    expect(withHelpLimit(help, 300)).toBe('案例解决的主要问题、取得的成效等，不超过 300 字');
    expect(withHelpLimit('不超过350字', 280)).toBe('不超过 280 字');
    expect(withHelpLimit('请如实填写', 300)).toBe('请如实填写');
    expect(helpLimit(undefined)).toBeUndefined();
  });

  it('must agree with maxChars: a stale number is refused with a path-named Chinese error', () => {
    const def = structuredClone(findCall('teacher-training-2026')) as unknown as {
      caseTypes: Array<{ fields: Array<{ key: string; maxChars?: number; help?: string }> }>;
    };
    const fi = def.caseTypes[0].fields.findIndex((f) => f.key === 'summary');
    def.caseTypes[0].fields[fi].maxChars = 300;
    const r = validateDefinition(def);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const err = r.errors.find((e) => e.path === `caseTypes[0].fields[${fi}].help`);
    expect(err?.message).toContain('填写说明写着“不超过 350 字”，与字数上限 300 字不一致');
    syncHelpLimits(def);
    expect(def.caseTypes[0].fields[fi].help).toContain('不超过 300 字');
    expect(validateDefinition(def).ok).toBe(true);
  });
});
