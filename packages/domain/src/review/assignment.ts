// Expert assignment for a national review round (SPEC §4, issue 6): each case to N distinct experts, never an
// expert of the case's province or unit or with a recorded conflict, balanced load, subject/学段 matches preferred.
// A provincial round (all cases of one province) drops the province rule (allowSameProvince); the rest holds.
//
// Algorithm (a capacitated bipartite b-matching, solved greedily and then repaired with augmenting paths):
//  1. Targets by water-filling: with T the number of slots that can be filled, every expert gets a lower target
//     q = floor(level) and an upper target q + 1 (both capped by the expert's own capacity), so that the lower
//     targets sum to at most T. Without capacities q = floor(T / experts).
//  2. Greedy: cases in order of fewest spare eligible experts first (ties in seeded random order); each slot goes
//     to the eligible expert below their upper target that is (a) still below the lower target, then (b) the
//     best subject/学段 match, then (c) the least loaded, then (d) seeded random order.
//  3. A slot with no such expert is filled through an augmenting path: a full expert takes the case and hands one
//     of their own cases to another eligible expert, and so on until an expert with room is reached (BFS).
//     If the 回避 rules make the balanced targets too tight (e.g. half the cases from one province), coverage wins:
//     the upper targets rise one case at a time (never past an expert's capacity) until every slot is filled.
//  4. Balance repair: while an expert is below their lower target, an augmenting path moves one case to them from
//     an expert above their lower target (possibly through a chain of hand-overs). Afterwards every expert holds
//     q or q + 1 cases, i.e. is within ±1 of the mean, unless the eligibility rules make that impossible.
// Every move in 3 and 4 keeps every assignment eligible, so conflicts are never broken. Fixed (manual)
// assignments are kept as given, count towards the load and are never moved; they are the organiser's explicit
// decision (an override of a conflict is audited by the caller), so they are not checked against the rules here.

export type MatchKind = 'subject+stage' | 'subject' | 'stage' | 'none';

export interface AssignmentCase {
  id: string;
  provinceCode: string;
  unitName?: string;
  subject?: string;
  stage?: string;
}

export interface AssignmentExpert {
  id: string;
  provinceCode: string;
  unitName?: string;
  subjects?: string[];
  stages?: string[];
  /** Most cases this expert takes in the round (fixed ones included); absent: no limit beyond balance. */
  capacity?: number;
}

export interface ExpertCasePair {
  expertId: string;
  caseId: string;
}

export interface AssignmentInput {
  cases: AssignmentCase[];
  experts: AssignmentExpert[];
  /** Experts per case (N). */
  perCase: number;
  /** Recorded conflicts of interest (回避): never assigned. */
  conflicts?: ExpertCasePair[];
  /** Assignments made by hand: kept as they are and counted towards N and the load. */
  fixed?: ExpertCasePair[];
  /** Seed of the tie-breaking order; the same input and seed give the same result. */
  seed?: number;
  /**
   * A provincial round (all cases of one province): the "never an expert of the case's province" rule cannot hold
   * there, so it is dropped; the unit rule and recorded conflicts still apply.
   */
  allowSameProvince?: boolean;
}

export interface Assignment {
  caseId: string;
  expertId: string;
  match: MatchKind;
  /** Present on assignments that came from `fixed`. */
  fixed?: true;
}

export type UnassignedCode = 'not_enough_eligible' | 'no_capacity';

export interface UnassignedCase {
  caseId: string;
  /** Slots left empty (N minus the experts assigned). */
  missing: number;
  code: UnassignedCode;
  /** Shown to the organiser. */
  reason: string;
}

export interface AssignmentResult {
  /** Ordered by case (input order), then expert. */
  assignments: Assignment[];
  unassigned: UnassignedCase[];
  /** Cases per expert id, every expert listed (0 included). */
  loads: Record<string, number>;
}

/** Thrown for malformed input (unknown ids, duplicate ids, a bad N). */
export class AssignmentInputError extends Error {
  readonly code = 'ASSIGNMENT_INPUT_INVALID';
}

const MATCH_KINDS: MatchKind[] = ['subject+stage', 'subject', 'stage', 'none'];

/** 32-bit seeded PRNG (mulberry32): deterministic tie-breaking. */
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

const norm = (s: string | undefined): string => (s ?? '').trim();

/** Whether an expert may review a case under the 回避 rules (province, unit); recorded conflicts are checked separately. */
export function isEligibleByRules(c: AssignmentCase, e: AssignmentExpert, opts: { allowSameProvince?: boolean } = {}): boolean {
  if (!opts.allowSameProvince && norm(c.provinceCode) === norm(e.provinceCode)) return false;
  const cu = norm(c.unitName);
  return !(cu && cu === norm(e.unitName));
}

/** How well an expert's subjects and 学段 fit a case. */
export function matchKind(c: AssignmentCase, e: AssignmentExpert): MatchKind {
  const subject = !!c.subject && !!e.subjects?.includes(c.subject);
  const stage = !!c.stage && !!e.stages?.includes(c.stage);
  return subject && stage ? 'subject+stage' : subject ? 'subject' : stage ? 'stage' : 'none';
}

/** Assigns experts to cases; see the header for the algorithm and its guarantees. */
export function assignExperts(input: AssignmentInput): AssignmentResult {
  const { cases, experts, perCase } = input;
  if (!Number.isInteger(perCase) || perCase < 1) throw new AssignmentInputError(`perCase must be a positive integer, got ${perCase}`);
  const C = cases.length;
  const E = experts.length;
  const caseIndex = new Map<string, number>();
  cases.forEach((c, i) => {
    if (caseIndex.has(c.id)) throw new AssignmentInputError(`duplicate case id ${c.id}`);
    caseIndex.set(c.id, i);
  });
  const expertIndex = new Map<string, number>();
  experts.forEach((e, i) => {
    if (expertIndex.has(e.id)) throw new AssignmentInputError(`duplicate expert id ${e.id}`);
    expertIndex.set(e.id, i);
  });
  const pairIndex = (p: ExpertCasePair, what: string): [number, number] => {
    const c = caseIndex.get(p.caseId);
    const e = expertIndex.get(p.expertId);
    if (c === undefined) throw new AssignmentInputError(`${what}: unknown case ${p.caseId}`);
    if (e === undefined) throw new AssignmentInputError(`${what}: unknown expert ${p.expertId}`);
    return [c, e];
  };

  const random = prng(input.seed ?? 1);
  const expertRank = new Float64Array(E).map(() => random());

  // Eligibility and match rank (0 best … 3 none) per (case, expert), row-major by case.
  const eligible = new Uint8Array(C * E);
  const rank = new Uint8Array(C * E);
  const expertSubjects = experts.map((e) => new Set(e.subjects ?? []));
  const expertStages = experts.map((e) => new Set(e.stages ?? []));
  const expertProvince = experts.map((e) => norm(e.provinceCode));
  const expertUnit = experts.map((e) => norm(e.unitName));
  const sameProvinceOk = !!input.allowSameProvince;
  for (let c = 0; c < C; c++) {
    const k = cases[c]!;
    const province = norm(k.provinceCode);
    const unit = norm(k.unitName);
    const row = c * E;
    for (let e = 0; e < E; e++) {
      eligible[row + e] = (sameProvinceOk || expertProvince[e] !== province) && !(unit && unit === expertUnit[e]) ? 1 : 0;
      const s = !!k.subject && expertSubjects[e]!.has(k.subject);
      const g = !!k.stage && expertStages[e]!.has(k.stage);
      rank[row + e] = s && g ? 0 : s ? 1 : g ? 2 : 3;
    }
  }
  for (const p of input.conflicts ?? []) {
    const c = caseIndex.get(p.caseId);
    const e = expertIndex.get(p.expertId);
    if (c !== undefined && e !== undefined) eligible[c * E + e] = 0;
  }

  // State: experts per case, non-fixed cases per expert, loads.
  const onCase: number[][] = Array.from({ length: C }, () => []);
  const movable: Set<number>[] = Array.from({ length: E }, () => new Set<number>());
  const isFixed = new Set<number>();
  const load = new Int32Array(E);
  for (const p of input.fixed ?? []) {
    const [c, e] = pairIndex(p, 'fixed');
    if (isFixed.has(c * E + e)) continue;
    isFixed.add(c * E + e);
    onCase[c]!.push(e);
    load[e]!++;
  }

  // Slots that can be filled at all: per case, N minus fixed, bounded by the eligible experts not yet on it.
  const need = new Int32Array(C);
  const spare = new Int32Array(C);
  let total = 0;
  for (let c = 0; c < C; c++) {
    let free = 0;
    const row = c * E;
    for (let e = 0; e < E; e++) if (eligible[row + e] && !isFixed.has(row + e)) free++;
    const want = Math.max(0, perCase - onCase[c]!.length);
    need[c] = Math.min(want, free);
    spare[c] = free - want;
    total += onCase[c]!.length + need[c]!;
  }

  // Water-filling targets: q = the largest level with sum(min(cap, q)) <= total.
  const cap = experts.map((e) => (e.capacity === undefined ? Infinity : Math.max(0, Math.floor(e.capacity))));
  const filled = (q: number) => cap.reduce((s, x) => s + Math.min(x, q), 0);
  let lo = 0;
  let hi = Math.max(1, total);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (filled(mid) <= total) lo = mid;
    else hi = mid - 1;
  }
  const lower = Int32Array.from(cap, (x) => Math.min(x, lo));
  const upper = Float64Array.from(cap, (x) => Math.min(x, lo + 1)); // raised in phase 3b if need be

  const hasExpert = (c: number, e: number) => onCase[c]!.includes(e);
  const add = (c: number, e: number) => {
    onCase[c]!.push(e);
    movable[e]!.add(c);
    load[e]!++;
  };
  const move = (c: number, from: number, to: number) => {
    const list = onCase[c]!;
    list[list.indexOf(from)] = to;
    movable[from]!.delete(c);
    movable[to]!.add(c);
    load[from]!--;
    load[to]!++;
  };

  // Phase 3: a full expert takes case c and passes one of theirs on, until an expert with room is reached.
  // An expert visited by a failed search can reach no room while the upper targets stay as they are (moves
  // elsewhere never add edges out of that set), so it is skipped until the targets change: `dead`.
  const visited = new Int32Array(E);
  const dead = new Int32Array(E);
  let stamp = 0;
  let level = 1;
  const parentExpert = new Int32Array(E);
  const parentCase = new Int32Array(E);
  const queue = new Int32Array(E);
  const markDead = (tail: number) => {
    for (let i = 0; i < tail; i++) dead[queue[i]!] = level;
  };
  const augmentCase = (c: number): boolean => {
    stamp++;
    let head = 0;
    let tail = 0;
    const row = c * E;
    for (let e = 0; e < E; e++) {
      if (!eligible[row + e] || dead[e] === level || hasExpert(c, e)) continue;
      visited[e] = stamp;
      parentExpert[e] = -1;
      queue[tail++] = e;
    }
    while (head < tail) {
      const e = queue[head++]!;
      for (const c2 of movable[e]!) {
        if (c2 === c) continue;
        const row2 = c2 * E;
        for (let f = 0; f < E; f++) {
          if (visited[f] === stamp || dead[f] === level || !eligible[row2 + f] || hasExpert(c2, f)) continue;
          visited[f] = stamp;
          parentExpert[f] = e;
          parentCase[f] = c2;
          if (load[f]! < upper[f]!) {
            let cur = f;
            while (parentExpert[cur] !== -1) {
              const prev = parentExpert[cur]!;
              move(parentCase[cur]!, prev, cur);
              cur = prev;
            }
            add(c, cur);
            return true;
          }
          queue[tail++] = f;
        }
      }
    }
    markDead(tail);
    return false;
  };

  /** Fills one slot of case c directly (best match among the least loaded) or through an augmenting path. */
  const fillSlot = (c: number): boolean => {
    const row = c * E;
    let best = -1;
    let bBucket = 0;
    let bRank = 0;
    let bLoad = 0;
    for (let e = 0; e < E; e++) {
      if (!eligible[row + e] || load[e]! >= upper[e]! || hasExpert(c, e)) continue;
      const bucket = load[e]! < lower[e]! ? 0 : 1;
      const r = rank[row + e]!;
      const l = load[e]!;
      if (
        best < 0 ||
        bucket < bBucket ||
        (bucket === bBucket && (r < bRank || (r === bRank && (l < bLoad || (l === bLoad && expertRank[e]! < expertRank[best]!)))))
      ) {
        best = e;
        bBucket = bucket;
        bRank = r;
        bLoad = l;
      }
    }
    if (best >= 0) {
      add(c, best);
      return true;
    }
    return augmentCase(c);
  };

  // Phase 2: greedy, most constrained cases first.
  const caseRank = new Float64Array(C).map(() => random());
  const order = Array.from({ length: C }, (_, i) => i).sort((a, b) => spare[a]! - spare[b]! || caseRank[a]! - caseRank[b]!);
  const pending = new Int32Array(C);
  let pendingTotal = 0;
  for (const c of order) {
    for (let slot = 0; slot < need[c]!; slot++) {
      if (!fillSlot(c)) {
        pending[c] = need[c]! - slot;
        pendingTotal += pending[c]!;
        break;
      }
    }
  }

  // Phase 3b: when the rules leave slots the balanced targets cannot hold (say, half the cases come from one
  // province), coverage wins over balance: the upper targets rise one case at a time, never past an expert's
  // own capacity, until every slot is filled or the capacities run out.
  while (pendingTotal > 0) {
    let raised = false;
    for (let e = 0; e < E; e++) {
      if (upper[e]! < cap[e]!) {
        upper[e]!++;
        raised = true;
      }
    }
    if (!raised) break;
    level++;
    let filledNow = 0;
    for (const c of order) {
      while (pending[c]! > 0 && fillSlot(c)) {
        pending[c]!--;
        pendingTotal--;
        filledNow++;
      }
    }
    // Every search failed: only raising an expert those searches reached can help; none left below capacity → stop.
    if (filledNow === 0 && !dead.some((d, e) => d === level && upper[e]! < cap[e]!)) break;
  }

  // Phase 4: lift every expert below the lower target, taking a case from someone above theirs. A failed search
  // marks its experts dead for the pass; passes repeat while any expert was lifted.
  const augmentExpert = (u: number): boolean => {
    stamp++;
    let head = 0;
    let tail = 0;
    visited[u] = stamp;
    parentExpert[u] = -1;
    queue[tail++] = u;
    while (head < tail) {
      const x = queue[head++]!;
      // x can take any case it is eligible for and not on, from a non-fixed holder v.
      for (let c = 0; c < C; c++) {
        const row = c * E;
        if (!eligible[row + x]) continue;
        const holders = onCase[c]!;
        if (holders.includes(x)) continue;
        for (const v of holders) {
          if (visited[v] === stamp || dead[v] === level || isFixed.has(row + v)) continue;
          visited[v] = stamp;
          parentExpert[v] = x;
          parentCase[v] = c;
          if (load[v]! > lower[v]!) {
            let cur = v;
            while (parentExpert[cur] !== -1) {
              const taker = parentExpert[cur]!;
              move(parentCase[cur]!, cur, taker);
              cur = taker;
            }
            return true;
          }
          queue[tail++] = v;
        }
      }
    }
    markDead(tail);
    return false;
  };
  for (let progress = true; progress; ) {
    progress = false;
    level++;
    for (let u = 0; u < E; u++) {
      while (load[u]! < lower[u]! && dead[u] !== level && augmentExpert(u)) progress = true;
    }
  }

  // Output.
  const assignments: Assignment[] = [];
  const unassigned: UnassignedCase[] = [];
  for (let c = 0; c < C; c++) {
    const row = c * E;
    const list = [...onCase[c]!].sort((a, b) => (experts[a]!.id < experts[b]!.id ? -1 : experts[a]!.id > experts[b]!.id ? 1 : 0));
    for (const e of list) {
      const a: Assignment = { caseId: cases[c]!.id, expertId: experts[e]!.id, match: MATCH_KINDS[rank[row + e]!]! };
      if (isFixed.has(row + e)) a.fixed = true;
      assignments.push(a);
    }
    const short = perCase - list.length;
    if (short > 0) {
      // spare = free eligible experts - slots wanted, so free = spare + wanted.
      const fixedCount = list.filter((e) => isFixed.has(row + e)).length;
      const free = spare[c]! + Math.max(0, perCase - fixedCount);
      const notEnough = free + fixedCount < perCase;
      unassigned.push({
        caseId: cases[c]!.id,
        missing: short,
        code: notEnough ? 'not_enough_eligible' : 'no_capacity',
        reason: notEnough
          ? `符合回避规则的专家不足：需要 ${perCase} 位，仅有 ${free + fixedCount} 位（已排除同省、同单位及登记回避的专家）`
          : `符合回避规则的专家评审量已满：还差 ${short} 位，请增加专家或提高评审上限`,
      });
    }
  }
  const loads: Record<string, number> = {};
  experts.forEach((e, i) => (loads[e.id] = load[i]!));
  return { assignments, unassigned, loads };
}
