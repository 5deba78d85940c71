import { describe, expect, it } from 'vitest';
import { groupLimits, helpLimit, syncHelpLimits, withGroupLimits, withHelpLimit } from './help-limit.ts';
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

describe('the count stated in a group label or help', () => {
  it('is read and rewritten to the new min and max', () => {
    expect(groupLimits('作者信息（排序填写，最多 3 人）')).toMatchObject({ max: 3 });
    expect(groupLimits('平台工具（案例中 1-2 个主要平台工具）')).toMatchObject({ min: 1, max: 2 });
    expect(groupLimits('作者信息')).toEqual({});
    expect(withGroupLimits('作者信息（排序填写，最多 5 人）', 1, 3)).toBe('作者信息（排序填写，最多 3 人）');
    expect(withGroupLimits('不超过5人', 1, 4)).toBe('不超过4人');
    expect(withGroupLimits('至多 5 名作者', 1, 2)).toBe('至多 2 名作者');
    expect(withGroupLimits('平台工具（案例中 1-2 个主要平台工具）', 1, 3)).toBe('平台工具（案例中 1-3 个主要平台工具）');
    expect(withGroupLimits('案例中 1-2 个', 2, 2)).toBe('案例中 2-2 个');
    expect(withGroupLimits(withGroupLimits('案例中 1-2 个', 1, 1), 1, 2)).toBe('案例中 1-2 个');
    expect(withGroupLimits('请如实填写', 1, 3)).toBe('请如实填写');
    expect(withGroupLimits('2025-2026 学年', 1, 3)).toBe('2025-2026 学年');
  });

  it('must agree with min and max: a stale number is refused with a path-named Chinese error, and the save sync fixes it', () => {
    const def = structuredClone(findCall('teacher-training-2026')) as unknown as {
      caseTypes: Array<{ fields: Array<{ key: string; label: string; help?: string; min?: number; max?: number }> }>;
    };
    const fi = def.caseTypes[0].fields.findIndex((f) => f.key === 'authors');
    def.caseTypes[0].fields[fi].max = 2;
    def.caseTypes[0].fields[fi].help = '不超过3人';
    const r = validateDefinition(def);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.find((e) => e.path === `caseTypes[0].fields[${fi}].label`)?.message).toContain('字段名称写着“最多 3 人”，与最多人数（项数）2 不一致');
    expect(r.errors.find((e) => e.path === `caseTypes[0].fields[${fi}].help`)?.message).toContain('填写说明写着“不超过3人”');
    syncHelpLimits(def);
    expect(def.caseTypes[0].fields[fi].label).toBe('作者信息（排序填写，最多 2 人）');
    expect(def.caseTypes[0].fields[fi].help).toBe('不超过2人');
    expect(validateDefinition(def).ok).toBe(true);
  });
});
