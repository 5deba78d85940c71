import { describe, expect, it } from 'vitest';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { diffDefinitions } from '@anli/domain/calls/diff.ts';
import { EVIDENCE_RESEARCH_CATEGORIES } from '@anli/domain/calls/evidence-categories.ts';
import { describePath } from '@anli/domain/calls/validate.ts';
import { changeValueText, sizeText, statementForEditing, statementForStorage, statementPreview } from './callBuilderText.ts';

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
    expect(changeValueText({ maxChars: 3000, lineSpacingPt: 28 }, 'caseTypes[0].checkParams.report')).toBe('字数上限：3000；行距：28 磅');
    expect(changeValueText([{ name: '问题针对性', description: '清晰' }, { name: '目标明确性', description: '' }], 'x.subIndicators')).toBe('问题针对性、目标明确性');
  });

  it('shows the certificate sentence with placeholders and a time as the app writes times', () => {
    expect(changeValueText('在{callTitle}中，被评为“{award}”。', 'certificate.statement')).toBe('在〔活动名称〕中，被评为“〔奖项〕”。');
    expect(changeValueText('2026-07-01T02:00:00.000Z')).toMatch(/^2026-07-01 \d{2}:00$/);
    expect(changeValueText('x'.repeat(100))).toHaveLength(81);
  });
});

describe('check parameters in words', () => {
  const v = 'caseTypes[0].checkParams.video';
  const r = 'caseTypes[0].checkParams.report';
  const c = 'caseTypes[0].checkParams.courseware';

  it('bitrates, seconds, tolerances and sizes carry their units', () => {
    expect(changeValueText(128_000, `${v}.audioBitrateRecommended`)).toBe('128 kbps');
    expect(changeValueText(136_000, `${v}.audioBitrateMax`)).toBe('136 kbps');
    expect(changeValueText(10_000_000, `${v}.recommendedBitrate`)).toBe('10 Mbps');
    expect(changeValueText(0.05, `${v}.fpsTolerance`)).toBe('±0.05 fps');
    expect(changeValueText(1, `${v}.partToleranceS`)).toBe('1 秒');
    expect(changeValueText(360, `${v}.parts[1].maxS`)).toBe('6 分钟');
    expect(changeValueText(90, `${v}.parts[0].minS`)).toBe('1 分 30 秒');
    expect(changeValueText(16, `${r}.heading1.sizePt`)).toBe('16 磅（三号）');
    expect(changeValueText(17, `${r}.body.sizePt`)).toBe('17 磅');
    expect(changeValueText(28, `${r}.lineSpacingPt`)).toBe('28 磅');
    expect(sizeText(10.5)).toBe('10.5 磅（五号）');
  });

  it('a style, a bold requirement, an AI-label rule and a privacy wording read as sentences, without keys', () => {
    expect(changeValueText({ font: '黑体', sizePt: 16, bold: true }, `${r}.heading1`)).toBe('黑体，16 磅（三号），必须加粗');
    expect(changeValueText({ font: '仿宋_GB2312', sizePt: 16 }, `${r}.body`)).toBe('仿宋_GB2312，16 磅（三号），加粗不检查');
    expect(changeValueText(true, `${r}.heading2.bold`)).toBe('必须加粗');
    expect(changeValueText('literal', `${c}.aiLabel.mode`)).toBe('固定文字');
    expect(changeValueText('appropriate', `${c}.aiLabel.mode`)).toBe('相应标识');
    expect(changeValueText({ mode: 'literal', text: '人工智能生成' }, `${c}.aiLabel`)).toBe('固定文字“人工智能生成”');
    expect(changeValueText({ mode: 'appropriate', patterns: ['AI生成'], examples: ['AI生成', 'AIGC生成'] }, `${c}.aiLabel`)).toBe('相应标识（如“AI生成”“AIGC生成”）');
    expect(changeValueText({ expected: '主讲人不出镜', confirm: '请人工确认' }, `${v}.people`)).toBe('要求：主讲人不出镜；人工确认提示：请人工确认');
    // A whole video part is named by its name; a whole parameter set spells its keys in Chinese.
    expect(changeValueText({ name: '概述', minS: 60, maxS: 120 }, `${v}.parts[0]`)).toBe('概述');
    const whole = changeValueText({ audioBitrateMin: 120_000, people: { expected: '主讲人不出镜', confirm: '请确认' } }, v);
    expect(whole).toBe('音频码率下限：120 kbps；出镜要求：要求：主讲人不出镜；人工确认提示：请确认');
    for (const raw of ['audioBitrate', 'people', 'expected', 'literal', 'true', 'sizePt']) expect(whole + changeValueText({ mode: 'literal', text: 'x' }, `${c}.aiLabel`)).not.toContain(raw);
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
