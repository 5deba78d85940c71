import { describe, expect, it } from 'vitest';
import {
  AssignmentInputError,
  assignExperts,
  isEligibleByRules,
  type AssignmentCase,
  type AssignmentExpert,
  type AssignmentInput,
  type AssignmentResult,
} from './assignment.ts';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every rule the result must keep, whatever the instance. Returns the assignments grouped by case. */
function checkInvariants(input: AssignmentInput, result: AssignmentResult): Map<string, string[]> {
  const caseById = new Map(input.cases.map((c) => [c.id, c]));
  const expertById = new Map(input.experts.map((e) => [e.id, e]));
  const conflicts = new Set((input.conflicts ?? []).map((p) => `${p.expertId}|${p.caseId}`));
  const fixed = new Set((input.fixed ?? []).map((p) => `${p.expertId}|${p.caseId}`));
  const byCase = new Map<string, string[]>(input.cases.map((c) => [c.id, []]));
  const loads: Record<string, number> = Object.fromEntries(input.experts.map((e) => [e.id, 0]));
  for (const a of result.assignments) {
    const key = `${a.expertId}|${a.caseId}`;
    const list = byCase.get(a.caseId)!;
    expect(list, `expert ${a.expertId} twice on ${a.caseId}`).not.toContain(a.expertId);
    list.push(a.expertId);
    loads[a.expertId]!++;
    if (fixed.has(key)) {
      expect(a.fixed).toBe(true);
      continue;
    }
    expect(a.fixed).toBeUndefined();
    expect(isEligibleByRules(caseById.get(a.caseId)!, expertById.get(a.expertId)!), `${key} breaks province/unit`).toBe(true);
    expect(conflicts.has(key), `${key} breaks a recorded conflict`).toBe(false);
  }
  for (const f of fixed) {
    const [e, c] = f.split('|');
    expect(byCase.get(c!)).toContain(e);
  }
  expect(result.loads).toEqual(loads);
  for (const [caseId, list] of byCase) {
    const u = result.unassigned.find((x) => x.caseId === caseId);
    if (list.length >= input.perCase) expect(u).toBeUndefined();
    else expect(u?.missing).toBe(input.perCase - list.length);
  }
  return byCase;
}

describe('assignExperts — worked example', () => {
  // Provinces A, B, C; two cases each. Four experts: one in A, one in B, two in C (different units).
  // N = 2, 12 slots over 4 experts → every expert reviews exactly 3 cases.
  const cases: AssignmentCase[] = [
    { id: 'a1', provinceCode: 'A', subject: '数学', stage: '小学' },
    { id: 'a2', provinceCode: 'A', subject: '语文', stage: '初中' },
    { id: 'b1', provinceCode: 'B', subject: '数学', stage: '初中' },
    { id: 'b2', provinceCode: 'B', subject: '语文', stage: '小学' },
    { id: 'c1', provinceCode: 'C', unitName: '丙市一中', subject: '数学', stage: '小学' },
    { id: 'c2', provinceCode: 'C', unitName: '丙市二中', subject: '语文', stage: '初中' },
  ];
  const experts: AssignmentExpert[] = [
    { id: 'xa', provinceCode: 'A', subjects: ['数学'], stages: ['小学'] },
    { id: 'xb', provinceCode: 'B', subjects: ['语文'], stages: ['初中'] },
    { id: 'xc1', provinceCode: 'C', unitName: '丙市一中', subjects: ['数学'], stages: ['初中'] },
    { id: 'xc2', provinceCode: 'C', unitName: '丙市二中', subjects: ['语文'], stages: ['小学'] },
  ];

  it('assigns two experts from other provinces to every case, three cases each', () => {
    const input = { cases, experts, perCase: 2 };
    const result = assignExperts(input);
    const byCase = checkInvariants(input, result);
    expect(result.unassigned).toEqual([]);
    expect(result.loads).toEqual({ xa: 3, xb: 3, xc1: 3, xc2: 3 });
    // C-province cases can only go to xa and xb (both C experts are of province C).
    expect(byCase.get('c1')!.sort()).toEqual(['xa', 'xb']);
    expect(byCase.get('c2')!.sort()).toEqual(['xa', 'xb']);
    // xa and xb have one case left each, xc1 and xc2 take the remaining A/B slots.
    const matchOf = (c: string, e: string) => result.assignments.find((a) => a.caseId === c && a.expertId === e)!.match;
    expect(matchOf('c1', 'xa')).toBe('subject+stage');
    expect(matchOf('c2', 'xb')).toBe('subject+stage');
    expect(matchOf('c1', 'xb')).toBe('none');
  });

  it('prefers subject/学段 matches when the load allows', () => {
    // Two experts in B, one in C, cases from A: any two of three are allowed; the matching pair wins.
    const input: AssignmentInput = {
      cases: [{ id: 'k', provinceCode: 'A', subject: '物理', stage: '高中' }],
      experts: [
        { id: 'none', provinceCode: 'B', subjects: ['语文'], stages: ['小学'] },
        { id: 'both', provinceCode: 'B', subjects: ['物理'], stages: ['高中'] },
        { id: 'subj', provinceCode: 'C', subjects: ['物理'], stages: ['初中'] },
      ],
      perCase: 2,
    };
    const result = assignExperts(input);
    expect(result.assignments.map((a) => `${a.expertId}:${a.match}`)).toEqual(['both:subject+stage', 'subj:subject']);
  });

  it('never uses an expert of the same unit, even across provinces, nor a recorded conflict', () => {
    const input: AssignmentInput = {
      cases: [{ id: 'k', provinceCode: 'A', unitName: ' 部属实验学校 ' }],
      experts: [
        { id: 'same-unit', provinceCode: 'B', unitName: '部属实验学校' },
        { id: 'conflict', provinceCode: 'C' },
        { id: 'ok1', provinceCode: 'D' },
        { id: 'ok2', provinceCode: 'E' },
      ],
      perCase: 2,
      conflicts: [{ expertId: 'conflict', caseId: 'k' }],
    };
    const result = assignExperts(input);
    expect(result.assignments.map((a) => a.expertId)).toEqual(['ok1', 'ok2']);
  });

  it('reports cases without enough eligible experts, with a reason', () => {
    const input: AssignmentInput = {
      cases: [
        { id: 'k1', provinceCode: 'A' },
        { id: 'k2', provinceCode: 'B' },
      ],
      experts: [
        { id: 'a', provinceCode: 'A' },
        { id: 'b', provinceCode: 'B' },
        { id: 'c', provinceCode: 'C' },
      ],
      perCase: 3,
      conflicts: [{ expertId: 'c', caseId: 'k2' }],
    };
    const result = assignExperts(input);
    checkInvariants(input, result);
    // k1: b and c are eligible (2 of 3); k2: only a (b is of B, c has a conflict).
    expect(result.unassigned).toEqual([
      { caseId: 'k1', missing: 1, code: 'not_enough_eligible', reason: expect.stringContaining('仅有 2 位') },
      { caseId: 'k2', missing: 2, code: 'not_enough_eligible', reason: expect.stringContaining('仅有 1 位') },
    ]);
  });

  it('puts coverage before balance when the 回避 rules make ±1 impossible', () => {
    // 10 cases from A, 2 from B; experts a1, a2 (A) can only take the B cases, b1, b2 (B) the A cases.
    // Mean 3, but the A cases need 10 slots from two experts: b1 and b2 take 5 each, a1 and a2 one each.
    const input: AssignmentInput = {
      cases: [...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, provinceCode: 'A' })), { id: 'b0', provinceCode: 'B' }, { id: 'b1', provinceCode: 'B' }],
      experts: [
        { id: 'a1', provinceCode: 'A' },
        { id: 'a2', provinceCode: 'A' },
        { id: 'b1', provinceCode: 'B' },
        { id: 'b2', provinceCode: 'B' },
      ],
      perCase: 1,
    };
    const result = assignExperts(input);
    checkInvariants(input, result);
    expect(result.unassigned).toEqual([]);
    expect(result.loads).toEqual({ a1: 1, a2: 1, b1: 5, b2: 5 });
  });

  it("reports cases left over when the experts' capacities run out", () => {
    const input: AssignmentInput = {
      cases: Array.from({ length: 5 }, (_, i) => ({ id: `k${i}`, provinceCode: 'A' })),
      experts: [
        { id: 'b', provinceCode: 'B', capacity: 2 },
        { id: 'c', provinceCode: 'C', capacity: 2 },
      ],
      perCase: 1,
    };
    const result = assignExperts(input);
    checkInvariants(input, result);
    expect(result.loads).toEqual({ b: 2, c: 2 });
    expect(result.unassigned).toHaveLength(1);
    expect(result.unassigned[0]!.code).toBe('no_capacity');
  });

  it('keeps fixed assignments, even one the organiser made against a conflict, and counts them', () => {
    const input: AssignmentInput = {
      cases: [
        { id: 'k1', provinceCode: 'A' },
        { id: 'k2', provinceCode: 'A' },
      ],
      experts: [
        { id: 'a', provinceCode: 'A' },
        { id: 'b', provinceCode: 'B' },
        { id: 'c', provinceCode: 'C' },
      ],
      perCase: 2,
      conflicts: [{ expertId: 'b', caseId: 'k1' }],
      fixed: [
        { expertId: 'a', caseId: 'k1' },
        { expertId: 'b', caseId: 'k1' },
      ],
    };
    const result = assignExperts(input);
    checkInvariants(input, result);
    expect(result.assignments).toEqual([
      { caseId: 'k1', expertId: 'a', match: 'none', fixed: true },
      { caseId: 'k1', expertId: 'b', match: 'none', fixed: true },
      { caseId: 'k2', expertId: 'b', match: 'none' },
      { caseId: 'k2', expertId: 'c', match: 'none' },
    ]);
  });

  it('rejects malformed input', () => {
    expect(() => assignExperts({ cases, experts, perCase: 0 })).toThrow(AssignmentInputError);
    expect(() => assignExperts({ cases: [...cases, cases[0]!], experts, perCase: 1 })).toThrow(/duplicate case/);
    expect(() => assignExperts({ cases, experts, perCase: 1, fixed: [{ expertId: 'nobody', caseId: 'a1' }] })).toThrow(/unknown expert/);
  });
});

describe('assignExperts — properties over random instances', () => {
  function randomInstance(seed: number, opts: { dense: boolean }): AssignmentInput {
    const r = prng(seed);
    const int = (n: number) => Math.floor(r() * n);
    const provinces = opts.dense ? 6 + int(10) : 2 + int(4);
    const subjects = ['语文', '数学', '英语', '科学'];
    const stages = ['小学', '初中', '高中'];
    const nExperts = 4 + int(opts.dense ? 30 : 8);
    const nCases = 1 + int(60);
    const experts: AssignmentExpert[] = Array.from({ length: nExperts }, (_, i) => ({
      id: `e${i}`,
      provinceCode: `P${int(provinces)}`,
      unitName: `U${int(8)}`,
      subjects: [subjects[int(4)]!],
      stages: [stages[int(3)]!],
      capacity: !opts.dense && r() < 0.2 ? 1 + int(6) : undefined,
    }));
    const cases: AssignmentCase[] = Array.from({ length: nCases }, (_, i) => ({
      id: `c${i}`,
      provinceCode: `P${int(provinces)}`,
      unitName: r() < 0.7 ? `U${int(8)}` : undefined,
      subject: subjects[int(4)],
      stage: stages[int(3)],
    }));
    const conflicts = Array.from({ length: int(nCases) }, () => ({ expertId: `e${int(nExperts)}`, caseId: `c${int(nCases)}` }));
    const fixed = opts.dense
      ? []
      : Array.from({ length: int(3) }, () => ({ expertId: `e${int(nExperts)}`, caseId: `c${int(nCases)}` }));
    return { cases, experts, perCase: 1 + int(3), conflicts, fixed, seed };
  }

  it('never breaks a conflict, never repeats an expert on a case, keeps fixed ones, reports every gap (300 instances)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomInstance(seed, { dense: seed % 2 === 0 });
      checkInvariants(input, assignExperts(input));
    }
  });

  it('keeps every load within ±1 of the mean when the eligible experts suffice (200 instances)', () => {
    let checked = 0;
    for (let seed = 1000; seed < 1200; seed++) {
      const input = randomInstance(seed, { dense: true });
      const result = assignExperts(input);
      checkInvariants(input, result);
      if (result.unassigned.length) continue; // a case short of eligible experts skews the round
      // Provinces here hold at most a minority of experts; still skip instances where some expert can review
      // fewer cases than the mean (then ±1 is impossible by construction).
      const loads = Object.values(result.loads);
      const mean = loads.reduce((s, x) => s + x, 0) / loads.length;
      const reachable = input.experts.map((e) => input.cases.filter((c) => isEligibleByRules(c, e)).length);
      if (reachable.some((n) => n < Math.ceil(mean) + 1)) continue;
      checked++;
      for (const l of loads) expect(Math.abs(l - mean), `seed ${seed}: load ${l}, mean ${mean}`).toBeLessThanOrEqual(1);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('is deterministic for a seed', () => {
    const input = randomInstance(77, { dense: true });
    expect(assignExperts(input)).toEqual(assignExperts(structuredClone(input)));
  });

  it('balances 6,000 and 5,990 cases × 300 experts within ±1 without a conflict', () => {
    const r = prng(5);
    const experts: AssignmentExpert[] = Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, provinceCode: `P${i % 32}`, unitName: `U${i % 7}` }));
    for (const [n, min, max] of [
      [6000, 60, 60], // 18,000 slots over 300 experts: mean 60, so every expert holds exactly 60
      [5990, 59, 60], // 17,970 slots: mean 59.9, so 270 experts hold 60 and 30 hold 59
    ] as const) {
      const cases: AssignmentCase[] = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, provinceCode: `P${Math.floor(r() * 32)}`, unitName: `X${i % 50}` }));
      const conflicts = Array.from({ length: 500 }, () => ({ expertId: `e${Math.floor(r() * 300)}`, caseId: `c${Math.floor(r() * n)}` }));
      const input: AssignmentInput = { cases, experts, perCase: 3, conflicts, fixed: [], seed: 3 };
      const result = assignExperts(input);
      checkInvariants(input, result);
      expect(result.unassigned).toEqual([]);
      const loads = Object.values(result.loads);
      expect(Math.min(...loads)).toBe(min);
      expect(Math.max(...loads)).toBe(max);
    }
  });

  it('in a provincial round (allowSameProvince) assigns experts of the case\'s province, never of its unit or with a conflict', () => {
    const cases: AssignmentCase[] = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, provinceCode: '110000', unitName: `学校${i % 3}` }));
    const experts: AssignmentExpert[] = [
      { id: 'e0', provinceCode: '110000', unitName: '学校0' },
      { id: 'e1', provinceCode: '110000', unitName: '学校1' },
      { id: 'e2', provinceCode: '110000', unitName: '某研究院' },
    ];
    const conflicts = [{ expertId: 'e2', caseId: 'c5' }];
    // Nationally nobody may review these cases: every expert is of 北京.
    const national = assignExperts({ cases, experts, perCase: 1, conflicts });
    expect(national.assignments).toEqual([]);
    expect(national.unassigned).toHaveLength(6);
    const provincial = assignExperts({ cases, experts, perCase: 1, conflicts, allowSameProvince: true });
    expect(provincial.unassigned).toEqual([]);
    expect(provincial.assignments).toHaveLength(6);
    for (const a of provincial.assignments) {
      const c = cases.find((x) => x.id === a.caseId)!;
      const e = experts.find((x) => x.id === a.expertId)!;
      expect(e.unitName).not.toBe(c.unitName);
      expect(isEligibleByRules(c, e, { allowSameProvince: true })).toBe(true);
      expect(isEligibleByRules(c, e)).toBe(false);
    }
    expect(provincial.assignments.find((a) => a.caseId === 'c5')!.expertId).not.toBe('e2');
  });
});
