import { describe, expect, it } from 'vitest';
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
