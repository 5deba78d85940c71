import { describe, expect, it } from 'vitest';
import { findCall, findCaseType } from './calls/builtin.ts';
import { evaluateFormRules } from './form-rules.ts';

const ai = findCall('teacher-ai-2025')!;
const type = findCaseType(ai, 'ai-application')!;

describe('form rules (SPEC §3.4)', () => {
  it('reports summary length, author count, one case per author and required fields', () => {
    const r = evaluateFormRules(ai, type, { summary: '字'.repeat(301), authors: [{}, {}] }, 1);
    const by = Object.fromEntries(r.map((x) => [x.rule, x]));
    expect(by['form.summary_length']).toMatchObject({ status: 'fail', actual: 301, expected: '≤ 300 字' });
    expect(by['form.authors']).toMatchObject({ status: 'fail', actual: 2, expected: '1 人' });
    expect(by['form.one_case_per_author']).toMatchObject({ status: 'fail', actual: 1 });
    expect(by['form.required'].status).toBe('fail');
  });
  it('passes a summary of exactly the limit and skips one-per-author for 2026', () => {
    const tt = findCall('teacher-training-2026')!;
    const studio = findCaseType(tt, 'online-studio')!;
    const r = evaluateFormRules(tt, studio, { summary: '字'.repeat(350), authors: [{}, {}, {}] }, 5);
    expect(r.map((x) => x.rule)).toEqual(['form.summary_length', 'form.authors', 'form.required']);
    expect(r[0].status).toBe('pass');
    expect(r[1]).toMatchObject({ status: 'pass', expected: '1–3 人' });
  });
});
