// `npm run bench -- assignment`: assignExperts on 6,000 cases × 300 experts from the 32 provincial units, with
// units, subjects, 学段 and some recorded conflicts, N = 3. Baseline in the same run: naive round-robin (case i to
// experts 3i, 3i+1, 3i+2 mod 300), which ignores 回避 rules. Figures: wall time, the largest distance of an expert's
// load from the mean, 回避 violations (province, unit or recorded conflict), and the share of subject/学段 matches.
import { PROVINCES } from '@anli/domain/provinces.ts';
import {
  assignExperts,
  type AssignmentCase,
  type AssignmentExpert,
  type AssignmentInput,
  type ExpertCasePair,
} from '@anli/domain/review/assignment.ts';

const CASES = Number(process.env.BENCH_CASES ?? 6000);
const EXPERTS = Number(process.env.BENCH_EXPERTS ?? 300);
const PER_CASE = 3;
const CONFLICTS = Number(process.env.BENCH_CONFLICTS ?? 600);

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

const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '信息科技', '科学', '音乐', '美术', '体育与健康'];
const STAGES = ['学前', '小学', '初中', '高中', '中职'];

/** A reproducible national round: provinces weighted unevenly, 10 units per province, experts with 1–3 subjects. */
export function buildInstance(seed = 42): AssignmentInput {
  const r = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  // Bigger provinces send more cases: weight 1..3.
  const weights = PROVINCES.map(() => 1 + Math.floor(r() * 3));
  const totalW = weights.reduce((s, w) => s + w, 0);
  const pickProvince = () => {
    let x = r() * totalW;
    for (let i = 0; i < PROVINCES.length; i++) if ((x -= weights[i]!) < 0) return PROVINCES[i]!;
    return PROVINCES[PROVINCES.length - 1]!;
  };
  const unitOf = (p: { shortName: string }) => `${p.shortName}第${1 + Math.floor(r() * 10)}中学`;
  const cases: AssignmentCase[] = Array.from({ length: CASES }, (_, i) => {
    const p = pickProvince();
    return { id: `c${i}`, provinceCode: p.code, unitName: unitOf(p), subject: pick(SUBJECTS), stage: pick(STAGES) };
  });
  const experts: AssignmentExpert[] = Array.from({ length: EXPERTS }, (_, i) => {
    const p = PROVINCES[i % PROVINCES.length]!;
    const subjects = new Set<string>();
    const n = 1 + Math.floor(r() * 3);
    while (subjects.size < n) subjects.add(pick(SUBJECTS));
    const stages = new Set<string>([pick(STAGES)]);
    if (r() < 0.5) stages.add(pick(STAGES));
    return { id: `e${i}`, provinceCode: p.code, unitName: unitOf(p), subjects: [...subjects], stages: [...stages] };
  });
  const conflicts: ExpertCasePair[] = Array.from({ length: CONFLICTS }, () => ({ expertId: pick(experts).id, caseId: pick(cases).id }));
  return { cases, experts, perCase: PER_CASE, conflicts, seed: 7 };
}

interface Figures {
  seconds: number;
  maxDeviation: number;
  violations: number;
  matchShare: number;
  filled: number;
}

function evaluate(input: AssignmentInput, pairs: Array<{ caseId: string; expertId: string }>, seconds: number): Figures {
  const caseById = new Map(input.cases.map((c) => [c.id, c]));
  const expertById = new Map(input.experts.map((e) => [e.id, e]));
  const conflict = new Set((input.conflicts ?? []).map((p) => `${p.expertId}|${p.caseId}`));
  const loads = new Map(input.experts.map((e) => [e.id, 0]));
  let violations = 0;
  let matches = 0;
  const seen = new Set<string>();
  for (const p of pairs) {
    const c = caseById.get(p.caseId)!;
    const e = expertById.get(p.expertId)!;
    const key = `${p.expertId}|${p.caseId}`;
    if (seen.has(key)) violations++; // the same expert twice on a case
    seen.add(key);
    if (c.provinceCode === e.provinceCode || (c.unitName && c.unitName === e.unitName) || conflict.has(key)) violations++;
    if ((c.subject && e.subjects?.includes(c.subject)) || (c.stage && e.stages?.includes(c.stage))) matches++;
    loads.set(p.expertId, loads.get(p.expertId)! + 1);
  }
  const mean = pairs.length / input.experts.length;
  const maxDeviation = Math.max(...[...loads.values()].map((l) => Math.abs(l - mean)));
  return {
    seconds: Math.round(seconds * 1000) / 1000,
    maxDeviation: Math.round(maxDeviation * 100) / 100,
    violations,
    matchShare: Math.round((matches / Math.max(1, pairs.length)) * 1000) / 1000,
    filled: pairs.length,
  };
}

function roundRobin(input: AssignmentInput): Array<{ caseId: string; expertId: string }> {
  const out: Array<{ caseId: string; expertId: string }> = [];
  let k = 0;
  for (const c of input.cases) {
    for (let j = 0; j < input.perCase; j++) out.push({ caseId: c.id, expertId: input.experts[k++ % input.experts.length]!.id });
  }
  return out;
}

const input = buildInstance();
console.log(`instance: ${input.cases.length} cases, ${input.experts.length} experts, ${PROVINCES.length} provinces, N = ${input.perCase}, ${input.conflicts!.length} recorded conflicts`);

let t = performance.now();
const rr = roundRobin(input);
const base = evaluate(input, rr, (performance.now() - t) / 1000);
console.log(`round-robin: ${base.seconds} s, max load deviation ${base.maxDeviation}, 回避 violations ${base.violations}, subject/学段 match ${(base.matchShare * 100).toFixed(1)}%`);

t = performance.now();
const result = assignExperts(input);
const ours = evaluate(input, result.assignments, (performance.now() - t) / 1000);
const kinds: Record<string, number> = {};
for (const a of result.assignments) kinds[a.match] = (kinds[a.match] ?? 0) + 1;
console.log(
  `assignExperts: ${ours.seconds} s, max load deviation ${ours.maxDeviation}, 回避 violations ${ours.violations}, ` +
    `subject/学段 match ${(ours.matchShare * 100).toFixed(1)}% (${JSON.stringify(kinds)}), unassigned cases ${result.unassigned.length}`,
);
const loads = Object.values(result.loads);
console.log(`loads: min ${Math.min(...loads)}, max ${Math.max(...loads)}, mean ${(ours.filled / loads.length).toFixed(2)}`);

console.log(
  JSON.stringify({
    bench: 'assignment',
    cases: input.cases.length,
    experts: input.experts.length,
    per_case: input.perCase,
    seconds: ours.seconds,
    max_load_deviation: ours.maxDeviation,
    conflicts_violated: ours.violations,
    unassigned_cases: result.unassigned.length,
    match_share: ours.matchShare,
    subject_and_stage_share: Math.round(((kinds['subject+stage'] ?? 0) / Math.max(1, result.assignments.length)) * 1000) / 1000,
    baseline_round_robin: { seconds: base.seconds, max_load_deviation: base.maxDeviation, conflicts_violated: base.violations, match_share: base.matchShare },
  }),
);
