import { describe, expect, it } from 'vitest';
import { findCall } from './builtin.ts';
import { diffDefinitions, tighteningsOf } from './diff.ts';
import { EVIDENCE_RESEARCH_CATEGORIES } from './evidence-categories.ts';
import { scenarioContent } from './scenario-content.ts';
import { AI_SCENARIO_FRAMEWORK } from './scenario-framework.ts';
import type { CallDef } from './schema.ts';
import { describePath, validateDefinition } from './validate.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests edit definitions as plain JSON, as the builder does.
type Any = any;
const copy = (id: string): Any => structuredClone(findCall(id));
const scenarioIndex = (def: Any, ti = 0) => def.caseTypes[ti].fields.findIndex((f: Any) => f.kind === 'scenario');
const errorsOf = (def: unknown) => {
  const r = validateDefinition(def);
  return r.ok ? [] : r.errors;
};

describe('scenario content', () => {
  it('is the notice\'s built-in content by source when the call carries none, and the call\'s own when it does', () => {
    const ai = copy('teacher-ai-2025');
    const field = ai.caseTypes[0].fields[scenarioIndex(ai)];
    expect(scenarioContent(field)).toEqual({ framework: AI_SCENARIO_FRAMEWORK, categories: [], edited: false });
    const ev = copy('teacher-training-2026');
    expect(scenarioContent(ev.caseTypes[0].fields[scenarioIndex(ev)]).categories).toBe(EVIDENCE_RESEARCH_CATEGORIES);
    expect(scenarioContent({ source: 'free' })).toMatchObject({ framework: [], categories: [] });

    const framework = [{ name: '助教', typicalScenes: [{ name: '学情诊断', description: '诊断学情', microScenes: ['错因分析'] }] }];
    expect(scenarioContent({ ...field, framework })).toEqual({ framework, categories: [], edited: true });
  });

  it('an edited framework is a valid definition; broken names are refused with path-named Chinese errors', () => {
    const def = copy('teacher-ai-2025');
    const fi = scenarioIndex(def);
    const field = def.caseTypes[0].fields[fi];
    field.framework = structuredClone(AI_SCENARIO_FRAMEWORK);
    field.framework[0].typicalScenes[0].name = '学情诊断';
    field.framework[0].typicalScenes[0].microScenes.push('错因分析');
    expect(validateDefinition(def).ok).toBe(true);

    const at = `caseTypes[0].fields[${fi}]`;
    field.framework[0].typicalScenes[1].name = ' ';
    field.framework[1].name = '助教';
    field.framework[0].typicalScenes[0].microScenes.push('错因分析');
    field.framework[4].typicalScenes = [];
    const errors = errorsOf(def);
    const msg = (path: string) => errors.find((e) => e.path === path)?.message;
    expect(msg(`${at}.framework[0].typicalScenes[1].name`)).toBe(`${at}.framework[0].typicalScenes[1].name 典型场景名称不能为空：请填写，或删除这一项`);
    expect(msg(`${at}.framework[1].name`)).toContain('主场景“助教”与第 1 项重复');
    expect(msg(`${at}.framework[0].typicalScenes[0].microScenes[7]`)).toContain('微场景“错因分析”与第 7 项重复');
    expect(msg(`${at}.framework[4].typicalScenes`)).toContain('主场景“助育”至少需要一个典型场景');
    // 助学 is renamed away: the offered main scenes no longer match the framework.
    expect(msg(`${at}.mainScenes[1]`)).toContain('主场景“助学”不在场景框架中');
  });

  it('content of another source, an empty list and categories that are not choices of the form are refused', () => {
    const ai = copy('teacher-ai-2025');
    const fi = scenarioIndex(ai);
    ai.caseTypes[0].fields[fi].categories = [];
    ai.caseTypes[0].fields[fi].framework = [];
    const messages = errorsOf(ai).map((e) => e.message);
    expect(messages).toContain(`caseTypes[0].fields[${fi}].categories 参考来源为“场景框架（主场景、典型场景、微场景）”时不使用类别参考：请删除类别参考，或把参考来源改为按案例类别`);
    expect(messages.some((m) => m.includes('场景框架至少需要一个主场景'))).toBe(true);

    const ev = copy('teacher-training-2026');
    const ei = scenarioIndex(ev);
    ev.caseTypes[0].fields[ei].categories = structuredClone(EVIDENCE_RESEARCH_CATEGORIES);
    ev.caseTypes[0].fields[ei].categories[0].scenes.push('智能教研治理');
    ev.caseTypes[0].fields[ei].categories[2].category = '教研员案例';
    ev.caseTypes[0].fields[ei].categories[1].examples[0].title = '';
    const errs = errorsOf(ev);
    const at = `caseTypes[0].fields[${ei}]`;
    expect(errs.find((e) => e.path === `${at}.categories[0].scenes[3]`)?.message).toContain('参考场景“智能教研治理”与第 2 项重复');
    expect(errs.find((e) => e.path === `${at}.categories[2].category`)?.message).toContain('类别“教研员案例”不是字段“案例类别”的选项');
    expect(errs.find((e) => e.path === `${at}.categories[1].examples[0].title`)?.message).toContain('内容示例名称不能为空');
  });

  it('a change to a built-in framework is listed scene by scene, in words, and is not a tightening', () => {
    const before = findCall('teacher-ai-2025')!;
    const after = copy('teacher-ai-2025');
    const fi = scenarioIndex(after);
    after.caseTypes[0].fields[fi].framework = structuredClone(AI_SCENARIO_FRAMEWORK);
    after.caseTypes[0].fields[fi].framework[0].typicalScenes[0].name = '学情诊断';
    after.caseTypes[0].fields[fi].framework[0].typicalScenes[1].microScenes.push('AI 助教备课');
    const changes = diffDefinitions(before, after);
    expect(changes.map((c) => c.path)).toEqual([
      `caseTypes[0].fields[${fi}].framework[0].typicalScenes[0].name`,
      `caseTypes[0].fields[${fi}].framework[0].typicalScenes[1].microScenes`,
    ]);
    expect(describePath(after, changes[0]!.path)).toBe('案例类型“教师人工智能应用案例” › 字段“应用场景” › 主场景“助教” › 典型场景“学情诊断” › 名称');
    expect(describePath(after, changes[1]!.path)).toBe('案例类型“教师人工智能应用案例” › 字段“应用场景” › 主场景“助教” › 典型场景“教学设计” › 微场景');
    expect(tighteningsOf(before, after as CallDef)).toEqual([]);
    // Going back to the notice's content (removing the copy) is no difference at all.
    delete after.caseTypes[0].fields[fi].framework;
    expect(diffDefinitions(before, after)).toEqual([]);
  });
});
