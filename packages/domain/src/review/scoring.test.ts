import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS } from '../calls/builtin.ts';
import {
  ScoreSheetError,
  aggregateCases,
  draftScoreSheetIssues,
  disagreement,
  normaliseByExpert,
  rankCases,
  validateScoreSheet,
  weightedTotal,
  type ScoredIndicator,
} from './scoring.ts';

// The 2025 rubric: 问题导向 20, 工具选用 20, 应用价值 30, 导向与伦理 15, 材料规范 15 (sum 100).
const rubric: ScoredIndicator[] = [
  { id: 'problem', name: '问题导向', weight: 20 },
  { id: 'tools', name: '工具选用', weight: 20 },
  { id: 'value', name: '应用价值', weight: 30 },
  { id: 'orientation', name: '导向与伦理', weight: 15 },
  { id: 'norms', name: '材料规范', weight: 15 },
];

describe('weightedTotal', () => {
  it('sums points out of each weight (the default scale)', () => {
    // 16/20 + 15/20 + 24/30 + 12/15 + 13/15 = 16 + 15 + 24 + 12 + 13 = 80
    expect(weightedTotal(rubric, { problem: 16, tools: 15, value: 24, orientation: 12, norms: 13 })).toBe(80);
    // Half points: 17.5 + 15 + 25.5 + 12 + 13 = 83
    expect(weightedTotal(rubric, { problem: 17.5, tools: 15, value: 25.5, orientation: 12, norms: 13 })).toBe(83);
    // Full marks = 100
    expect(weightedTotal(rubric, { problem: 20, tools: 20, value: 30, orientation: 15, norms: 15 })).toBe(100);
  });

  it('weights 0–100 indicator scores on the percent scale', () => {
    // 80×20% + 75×20% + 80×30% + 80×15% + 90×15% = 16 + 15 + 24 + 12 + 13.5 = 80.5
    expect(weightedTotal(rubric, { problem: 80, tools: 75, value: 80, orientation: 80, norms: 90 }, { scale: 'percent' })).toBe(80.5);
    // 85×20% + 70×20% + 93×30% + 60×15% + 77×15% = 17 + 14 + 27.9 + 9 + 11.55 = 79.45
    expect(weightedTotal(rubric, { problem: 85, tools: 70, value: 93, orientation: 60, norms: 77 }, { scale: 'percent' })).toBe(79.45);
  });

  it('follows every built-in rubric: full marks give 100', () => {
    for (const call of BUILTIN_CALLS) {
      for (const type of call.caseTypes) {
        const full = Object.fromEntries(type.rubric.map((r) => [r.id, r.weight]));
        expect(weightedTotal(type.rubric, full), `${call.id}/${type.id}`).toBe(100);
      }
    }
  });

  it('refuses an incomplete or out-of-range sheet and says what to fix', () => {
    const sheet = { problem: 21, tools: Number.NaN, value: 10, orientation: null, extra: 3 };
    const issues = validateScoreSheet(rubric, sheet);
    expect(issues.map((i) => `${i.indicatorId}:${i.code}`)).toEqual([
      'problem:out_of_range',
      'tools:not_a_number',
      'orientation:missing',
      'norms:missing',
      'extra:unknown_indicator',
    ]);
    expect(issues[0]!.message).toBe('“问题导向”的得分须在 0–20 分之间');
    expect(() => weightedTotal(rubric, sheet)).toThrow(ScoreSheetError);
    expect(validateScoreSheet(rubric, { problem: -1, tools: 0, value: 0, orientation: 0, norms: 0 })[0]!.code).toBe('out_of_range');
    expect(validateScoreSheet(rubric, { problem: 101, tools: 0, value: 0, orientation: 0, norms: 0 }, { scale: 'percent' })[0]!.code).toBe('out_of_range');
  });
});

describe('draftScoreSheetIssues', () => {
  it('lets indicators stay empty but refuses out-of-range and unknown scores with the same messages', () => {
    expect(draftScoreSheetIssues(rubric, {})).toEqual([]);
    expect(draftScoreSheetIssues(rubric, { problem: 12, tools: null })).toEqual([]);
    const issues = draftScoreSheetIssues(rubric, { problem: 21, tools: null, extra: 3 });
    expect(issues.map((i) => `${i.indicatorId}:${i.code}`)).toEqual(['problem:out_of_range', 'extra:unknown_indicator']);
    expect(issues.map((i) => i.message)).toEqual(['“问题导向”的得分须在 0–20 分之间', '评分表中没有指标“extra”']);
    expect(draftScoreSheetIssues(rubric, { value: -0.5 })[0]!.code).toBe('out_of_range');
  });
});

describe('normaliseByExpert — worked example', () => {
  // Expert A (strict):  X 70, Y 80, Z 90.  mean 80, variance (100 + 0 + 100) / 3 = 66.67, sd 8.165
  //   z = −10/8.165 = −1.2247, 0, +1.2247 → normalised 75 + 10z = 62.75, 75, 87.25
  // Expert B (lenient): X 95, Y 85, Z 90.  mean 90, variance (25 + 25 + 0) / 3 = 16.67, sd 4.082
  //   z = +5/4.082 = +1.2247, −1.2247, 0 → 87.25, 62.75, 75
  // Expert C: one case only (Y 60) → no spread: centred, z = 0 → 75
  // Expert D: the same total twice (X 88, Z 88) → sd 0: z = 0 → 75, 75
  const scores = [
    { expertId: 'A', caseId: 'X', total: 70 },
    { expertId: 'A', caseId: 'Y', total: 80 },
    { expertId: 'A', caseId: 'Z', total: 90 },
    { expertId: 'B', caseId: 'X', total: 95 },
    { expertId: 'B', caseId: 'Y', total: 85 },
    { expertId: 'B', caseId: 'Z', total: 90 },
    { expertId: 'C', caseId: 'Y', total: 60 },
    { expertId: 'D', caseId: 'X', total: 88 },
    { expertId: 'D', caseId: 'Z', total: 88 },
  ];

  it('gives z-scores with mean 0 and sd 1 per expert, rescaled to mean 75 and sd 10', () => {
    const out = normaliseByExpert(scores);
    const z = Math.sqrt(1.5); // 10 / sqrt(200/3) = 1.22474…
    expect(out.map((s) => s.z)).toEqual([
      expect.closeTo(-z, 9),
      expect.closeTo(0, 9),
      expect.closeTo(z, 9),
      expect.closeTo(z, 9),
      expect.closeTo(-z, 9),
      expect.closeTo(0, 9),
      0,
      0,
      0,
    ]);
    expect(out.map((s) => s.normalised)).toEqual([62.75, 75, 87.25, 87.25, 62.75, 75, 75, 75, 75]);
    // The raw totals travel along, so the page shows both.
    expect(out.map((s) => s.total)).toEqual(scores.map((s) => s.total));
    for (const e of ['A', 'B']) {
      const zs = out.filter((s) => s.expertId === e).map((s) => s.z);
      const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
      expect(mean).toBeCloseTo(0, 9);
      expect(Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / zs.length)).toBeCloseTo(1, 9);
    }
  });

  it('uses another display scale when asked', () => {
    expect(normaliseByExpert(scores, { mean: 50, sd: 20 }).map((s) => s.normalised).slice(0, 3)).toEqual([25.51, 50, 74.49]);
  });

  it('aggregates per case: raw and normalised means, and flags strong disagreement', () => {
    // X: raw A 70, B 95, D 88 → mean 253/3 = 84.33; normalised (62.75 + 87.25 + 75) / 3 = 75; range 95 − 70 = 25 > 20 → flagged
    // Y: raw A 80, B 85, C 60 → mean 75; normalised (75 + 62.75 + 75) / 3 = 70.92; range 25 → flagged
    // Z: raw A 90, B 90, D 88 → mean 89.33; normalised (87.25 + 75 + 75) / 3 = 79.08; range 2 → not flagged
    const cases = aggregateCases(scores);
    expect(cases.map((c) => [c.caseId, c.count, c.rawMean, c.normalisedMean, c.disagreement.flagged])).toEqual([
      ['X', 3, 84.33, 75, true],
      ['Y', 3, 75, 70.92, true],
      ['Z', 3, 89.33, 79.08, false],
    ]);
    // A lenient and a strict expert: raw means favour Z over X by 5 points; normalised, by 4.08.
  });
});

describe('disagreement', () => {
  it('flags a spread of more than 20 points', () => {
    expect(disagreement([70, 90])).toEqual({ flagged: false, range: 20, sd: 10, reasons: [] });
    expect(disagreement([70, 90.5])).toMatchObject({ flagged: true, range: 20.5, reasons: ['range'] });
    expect(disagreement([80])).toEqual({ flagged: false, range: 0, sd: 0, reasons: [] });
  });

  it('optionally flags a standard deviation above a threshold', () => {
    // 60, 60, 80, 80: range 20 (not above 20), mean 70, sd sqrt((100·4)/4) = 10
    expect(disagreement([60, 60, 80, 80])).toMatchObject({ flagged: false, sd: 10 });
    expect(disagreement([60, 60, 80, 80], { maxSd: 8 })).toMatchObject({ flagged: true, reasons: ['sd'] });
    expect(disagreement([60, 85], { maxRange: 30 }).flagged).toBe(false);
  });
});

describe('rankCases', () => {
  it('ranks per case type and per province, ties sharing a rank (1, 2, 2, 4)', () => {
    const ranked = rankCases([
      { caseId: 'a', caseTypeId: 'ai', provinceCode: '110000', score: 88.5 },
      { caseId: 'b', caseTypeId: 'ai', provinceCode: '310000', score: 91 },
      { caseId: 'c', caseTypeId: 'ai', provinceCode: '110000', score: 88.5 },
      { caseId: 'd', caseTypeId: 'ai', provinceCode: '110000', score: 70 },
      { caseId: 'e', caseTypeId: 'studio', provinceCode: '110000', score: 95 },
      // 0.1 + 0.2 style noise does not split a tie.
      { caseId: 'f', caseTypeId: 'studio', provinceCode: '310000', score: 0.1 + 0.2 + 80 },
      { caseId: 'g', caseTypeId: 'studio', provinceCode: '310000', score: 80.3 },
    ]);
    expect(ranked.map((r) => [r.caseId, r.typeRank, r.provinceRank, r.tied])).toEqual([
      ['b', 1, 1, false],
      ['a', 2, 1, true],
      ['c', 2, 1, true],
      ['d', 4, 3, false],
      ['e', 1, 1, false],
      ['f', 2, 1, true],
      ['g', 2, 1, true],
    ]);
  });
});

describe('when normalised scores are used', () => {
  it('needs every expert of the round to have scored at least 5 cases', async () => {
    const { normalisationUse } = await import('./scoring.ts');
    const sheet = (expertId: string, n: number) => Array.from({ length: n }, (_, i) => ({ expertId, caseId: `c${i}`, total: 60 + i }));
    expect(normalisationUse([...sheet('a', 5), ...sheet('b', 6)])).toMatchObject({ available: true, tooFew: [] });
    expect(normalisationUse([...sheet('a', 5), ...sheet('b', 4)])).toMatchObject({ available: false, tooFew: [{ expertId: 'b', count: 4 }] });
    expect(normalisationUse([]).available).toBe(false);
  });
});
