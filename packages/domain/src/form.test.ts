import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS, findCall, findCaseType } from './calls/builtin.ts';
import { loadCall } from './calls/schema.ts';
import { validateForm } from './form.ts';
import { quotaGroupOf } from './quota.ts';

const ai = findCall('teacher-ai-2025')!;
const aiType = findCaseType(ai, 'ai-application')!;
const tt = findCall('teacher-training-2026')!;
const studio = findCaseType(tt, 'online-studio')!;

const validAi = {
  title: '用智能体做学情分析',
  authors: [{ name: '张老师', unit: '北京市第一中学', position: '教师', mobile: '13800138000' }],
  stage: '初中',
  subject: '数学',
  tools: [{ name: '某国产大模型', type: '网页', fee: '完全免费' }],
  scenario: { main: '助教', typical: '学情分析', micro: '知识薄弱点诊断' },
  summary: '简介'.repeat(10),
  aiContent: '否',
  domesticTools: true,
  declaration: true,
  recordingForm: true,
  privacy: true,
};

describe('call definitions', () => {
  it('load and validate both built-in calls with three case types', () => {
    expect(BUILTIN_CALLS.map((c) => c.id)).toEqual(['teacher-ai-2025', 'teacher-training-2026']);
    expect(BUILTIN_CALLS.flatMap((c) => c.caseTypes.map((t) => t.id))).toEqual(['ai-application', 'evidence-research', 'online-studio']);
  });
  it('refuses a definition whose rubric weights do not add to 100 or whose quota values overlap', () => {
    const bad = structuredClone(ai) as any;
    bad.caseTypes[0].rubric[0].weight = 5;
    bad.quota.groups[1].values.push('小学');
    expect(() => loadCall(bad)).toThrow(/rubric weights add up to 85[\s\S]*quota value 小学 is in two groups/);
  });
});

describe('form validation', () => {
  it('accepts a complete 2025 form', () => {
    expect(validateForm(aiType, validAi)).toEqual([]);
  });
  it('enforces exactly one author in 2025 and 1–3 in 2026', () => {
    const two = { ...validAi, authors: [validAi.authors[0], validAi.authors[0]] };
    expect(validateForm(aiType, two).map((e) => e.message)).toContain('作者最多 1 个（当前 2 个）');
    const four = Array.from({ length: 4 }, () => validAi.authors[0]);
    expect(validateForm(studio, { authors: four }, { partial: true }).map((e) => e.message)).toContain('作者最多 3 个（当前 4 个）');
  });
  it('counts the summary in 字 (300 for 2025)', () => {
    const long = { ...validAi, summary: '字'.repeat(301) };
    expect(validateForm(aiType, long)).toEqual([{ path: 'summary', message: '案例内容简介不能超过 300 字（当前 301 字）' }]);
    expect(validateForm(aiType, { ...validAi, summary: '字'.repeat(300) })).toEqual([]);
  });
  it('checks mobile numbers, URLs and choices, and lets drafts be partial but not wrong', () => {
    const errs = validateForm(studio, { studioUrl: 'not a url', authors: [{ mobile: '12345' }], level: '乡级' }, { partial: true });
    expect(errs.map((e) => e.path).sort()).toEqual(['authors.0.mobile', 'level', 'studioUrl']);
    expect(validateForm(studio, {}, { partial: true })).toEqual([]);
    expect(validateForm(studio, {}).length).toBeGreaterThan(5);
  });
  it('needs 1–2 tools and confirmed declarations', () => {
    const errs = validateForm(aiType, { ...validAi, tools: [], declaration: false });
    expect(errs.map((e) => e.path)).toEqual(['tools', 'declaration']);
  });
});

describe('quota groups', () => {
  it('group 2025 cases by 学段 and 2026 cases into one total', () => {
    expect(quotaGroupOf(ai, aiType, { stage: '高中' })).toBe('basic');
    expect(quotaGroupOf(ai, aiType, { stage: '高等教育' })).toBe('voc_higher');
    expect(quotaGroupOf(ai, aiType, {})).toBeNull();
    expect(quotaGroupOf(tt, studio, {})).toBe('all');
  });
});
