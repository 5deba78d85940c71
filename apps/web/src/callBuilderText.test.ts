import { describe, expect, it } from 'vitest';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { diffDefinitions } from '@anli/domain/calls/diff.ts';
import { EVIDENCE_RESEARCH_CATEGORIES } from '@anli/domain/calls/evidence-categories.ts';
import { describePath } from '@anli/domain/calls/validate.ts';
import { changeValueText, statementForEditing, statementForStorage, statementPreview } from './callBuilderText.ts';

describe('the certificate sentence in the call builder', () => {
  const stored = '在{callTitle}中，经专家评审，被评为“{award}”。';

  it('is edited with Chinese placeholders and stored with the tokens the certificate fills in', () => {
    expect(statementForEditing(stored)).toBe('在〔活动名称〕中，经专家评审，被评为“〔奖项〕”。');
    expect(statementForStorage(statementForEditing(stored))).toBe(stored);
    expect(statementForStorage('在〔活动名称〕中，被评为〔奖项〕，〔奖项〕。')).toBe('在{callTitle}中，被评为{award}，{award}。');
  });

  it('previews with the real title and award, placeholders where they are still empty', () => {
    expect(statementPreview(stored, '2027 年教师研修专项案例征集', '典型案例')).toBe('在2027 年教师研修专项案例征集中，经专家评审，被评为“典型案例”。');
    expect(statementPreview(stored, ' ', '')).toBe('在〔活动名称〕中，经专家评审，被评为“〔奖项〕”。');
  });
});

describe('a changed value in words', () => {
  it('never shows JSON, true/false or raw bytes', () => {
    expect(changeValueText(['.docx', '.doc'], 'caseTypes[0].attachments[1].accept')).toBe('.docx、.doc');
    expect(changeValueText(true, 'onePerAuthor')).toBe('是');
    expect(changeValueText(false, 'provinceModes')).toBe('否');
    expect(changeValueText(2147483648, 'caseTypes[0].attachments[3].maxBytes')).toBe('2 GB');
    expect(changeValueText(undefined)).toBe('—');
    expect(changeValueText([], 'quota.groups[0].values')).toBe('（无）');
  });

  it('names a whole item by its name, and spells out an object by its keys', () => {
    expect(changeValueText({ key: 'field14', label: '新字段', kind: 'text', maxChars: 50, required: false }, 'caseTypes[0].fields[13]')).toBe('新字段');
    expect(changeValueText({ maxChars: 3000, lineSpacingPt: 28 }, 'caseTypes[0].checkParams.report')).toBe('字数上限：3000；行距：28');
    expect(changeValueText([{ name: '问题针对性', description: '清晰' }, { name: '目标明确性', description: '' }], 'x.subIndicators')).toBe('问题针对性、目标明确性');
  });

  it('shows the certificate sentence with placeholders and a time as the app writes times', () => {
    expect(changeValueText('在{callTitle}中，被评为“{award}”。', 'certificate.statement')).toBe('在〔活动名称〕中，被评为“〔奖项〕”。');
    expect(changeValueText('2026-07-01T02:00:00.000Z')).toMatch(/^2026-07-01 \d{2}:00$/);
    expect(changeValueText('x'.repeat(100))).toHaveLength(81);
  });
});

describe('a changed scenario suggestion in words', () => {
  it('names the main scene, typical scene or category it is in, and shows scenes as a list', () => {
    const before = findCall('teacher-training-2026');
    const after = structuredClone(before) as any;
    const fi = after.caseTypes[0].fields.findIndex((f: any) => f.kind === 'scenario');
    after.caseTypes[0].fields[fi].categories = structuredClone(EVIDENCE_RESEARCH_CATEGORIES);
    after.caseTypes[0].fields[fi].categories[1].scenes.push('AI 支持的集体备课');
    after.caseTypes[0].fields[fi].categories[2].examples[0].title = '人机协同课堂观察';
    after.caseTypes[0].fields[fi].categories.push({ category: '教研员案例', aim: '', scenes: ['区域教研'], examples: [] });
    const rows = diffDefinitions(before, after).map((c) => [describePath(after, c.path), changeValueText(c.before, c.path), changeValueText(c.after, c.path)]);
    expect(rows).toEqual([
      ['案例类型“人机协同循证教研案例” › 字段“案例场景” › 类别“学校案例” › 参考场景', 'AI 赋能听评课、数据驱动的校本研修、AI 支持的教师个性化发展', 'AI 赋能听评课、数据驱动的校本研修、AI 支持的教师个性化发展、AI 支持的集体备课'],
      ['案例类型“人机协同循证教研案例” › 字段“案例场景” › 类别“教师案例” › 内容示例“人机协同课堂观察” › 标题', expect.any(String), '人机协同课堂观察'],
      ['案例类型“人机协同循证教研案例” › 字段“案例场景” › 类别“教研员案例”', '—', '教研员案例'],
    ]);
    for (const [where, was, now] of rows) expect(`${where}${was}${now}`).not.toMatch(/[A-Za-z]{3,}|\[\d|true|false|\{/);
  });
});
