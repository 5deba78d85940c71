// Scoring in a national review round (SPEC §4, issue 6): rubric totals, score-sheet validation, per-expert
// normalisation, disagreement flags and rankings. Pure functions; the review service loads and persists.
//
// Scale: an indicator is scored in points out of its weight (a 20-分 indicator takes 0–20), the way Chinese
// 评分表 print their 分值, so the total is the plain sum and lies in 0–100. A caller whose sheet asks for 0–100 per
// indicator passes `{ scale: 'percent' }`; the total is then Σ score × weight / 100, on the same 0–100 range.
import type { RubricIndicator } from '../calls/schema.ts';

export type ScoreScale = 'points' | 'percent';

/** The part of a rubric indicator scoring needs (a RubricIndicator fits). */
export type ScoredIndicator = Pick<RubricIndicator, 'id' | 'name' | 'weight'>;

export type ScoreSheet = Record<string, number | null | undefined>;

export interface ScoreOptions {
  scale?: ScoreScale;
}

export type ScoreIssueCode = 'missing' | 'not_a_number' | 'out_of_range' | 'unknown_indicator';

export interface ScoreIssue {
  indicatorId: string;
  code: ScoreIssueCode;
  /** Shown to the expert. */
  message: string;
}

/** A score sheet that cannot be totalled; `issues` says what to fix. */
export class ScoreSheetError extends Error {
  readonly code = 'SCORE_SHEET_INVALID';
  constructor(readonly issues: ScoreIssue[]) {
    super(issues.map((i) => i.message).join('；'));
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Highest score an indicator takes on the scale. */
export function indicatorMax(indicator: ScoredIndicator, options: ScoreOptions = {}): number {
  return (options.scale ?? 'points') === 'points' ? indicator.weight : 100;
}

/** Problems of a submitted score sheet: every indicator scored, a finite number in range, nothing unknown. */
export function validateScoreSheet(rubric: ScoredIndicator[], scores: ScoreSheet, options: ScoreOptions = {}): ScoreIssue[] {
  const issues: ScoreIssue[] = [];
  const ids = new Set(rubric.map((r) => r.id));
  for (const r of rubric) {
    const v = scores[r.id];
    const max = indicatorMax(r, options);
    if (v === undefined || v === null) issues.push({ indicatorId: r.id, code: 'missing', message: `请为“${r.name}”评分` });
    else if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ indicatorId: r.id, code: 'not_a_number', message: `“${r.name}”的得分须为数字` });
    } else if (v < 0 || v > max) {
      issues.push({ indicatorId: r.id, code: 'out_of_range', message: `“${r.name}”的得分须在 0–${max} 分之间` });
    }
  }
  for (const id of Object.keys(scores)) {
    if (!ids.has(id)) issues.push({ indicatorId: id, code: 'unknown_indicator', message: `评分表中没有指标“${id}”` });
  }
  return issues;
}

/**
 * Problems of a score sheet saved as a draft: the rules of validateScoreSheet except that an indicator may still be
 * empty (null or absent).
 */
export function draftScoreSheetIssues(rubric: ScoredIndicator[], scores: ScoreSheet, options: ScoreOptions = {}): ScoreIssue[] {
  return validateScoreSheet(rubric, scores, options).filter((i) => i.code !== 'missing');
}

/** The weighted total (0–100, rounded to 0.01) of a valid score sheet; throws ScoreSheetError otherwise. */
export function weightedTotal(rubric: ScoredIndicator[], scores: ScoreSheet, options: ScoreOptions = {}): number {
  const issues = validateScoreSheet(rubric, scores, options);
  if (issues.length) throw new ScoreSheetError(issues);
  const percent = options.scale === 'percent';
  let total = 0;
  for (const r of rubric) total += percent ? (scores[r.id]! * r.weight) / 100 : scores[r.id]!;
  return round2(total);
}

// ---------- normalisation ----------

export interface ExpertScore {
  expertId: string;
  caseId: string;
  /** The weighted total of the expert's sheet for the case. */
  total: number;
}

export interface NormalisedScore extends ExpertScore {
  /** (total − the expert's mean) / the expert's standard deviation; 0 when that is undefined (see below). */
  z: number;
  /** z rescaled to the display scale (default mean 75, sd 10), rounded to 0.01; shown beside the raw total. */
  normalised: number;
}

export interface NormaliseOptions {
  mean?: number;
  sd?: number;
}

/**
 * Per-expert z-scores, so a strict and a lenient expert count alike. Population mean and standard deviation
 * over each expert's own totals in the round. An expert with a single case, or who gave every case the same
 * total, has no spread to divide by: their scores are only centred (total − mean), which is 0, so they sit at
 * the display mean and neither lift nor sink a case.
 */
export function normaliseByExpert(scores: ExpertScore[], options: NormaliseOptions = {}): NormalisedScore[] {
  const displayMean = options.mean ?? 75;
  const displaySd = options.sd ?? 10;
  const byExpert = new Map<string, number[]>();
  for (const s of scores) {
    const list = byExpert.get(s.expertId);
    if (list) list.push(s.total);
    else byExpert.set(s.expertId, [s.total]);
  }
  const stats = new Map<string, { mean: number; sd: number; n: number }>();
  for (const [id, totals] of byExpert) {
    const n = totals.length;
    const mean = totals.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    stats.set(id, { mean, sd, n });
  }
  return scores.map((s) => {
    const st = stats.get(s.expertId)!;
    const spread = st.n >= 2 && st.sd > 1e-9;
    const z = spread ? (s.total - st.mean) / st.sd : s.total - st.mean;
    return { ...s, z, normalised: round2(displayMean + displaySd * z) };
  });
}

// ---------- disagreement ----------

export interface DisagreementOptions {
  /** Largest accepted spread between the highest and lowest total, in points (default 20). */
  maxRange?: number;
  /** Optional: largest accepted population standard deviation; off unless given. */
  maxSd?: number;
}

export interface Disagreement {
  flagged: boolean;
  range: number;
  sd: number;
  reasons: Array<'range' | 'sd'>;
}

/**
 * Whether the experts of one case disagree strongly: flagged when the highest and lowest raw totals are more
 * than 20 points apart (a full grade band on a 100-point sheet), or, if `maxSd` is given, when the standard
 * deviation exceeds it. Fewer than two scores never disagree.
 */
export function disagreement(totals: number[], options: DisagreementOptions = {}): Disagreement {
  if (totals.length < 2) return { flagged: false, range: 0, sd: 0, reasons: [] };
  const maxRange = options.maxRange ?? 20;
  const range = round2(Math.max(...totals) - Math.min(...totals));
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const sd = round2(Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / totals.length));
  const reasons: Array<'range' | 'sd'> = [];
  if (range > maxRange) reasons.push('range');
  if (options.maxSd !== undefined && sd > options.maxSd) reasons.push('sd');
  return { flagged: reasons.length > 0, range, sd, reasons };
}

// ---------- per case ----------

export interface CaseScore {
  caseId: string;
  /** Number of submitted sheets. */
  count: number;
  /** Mean of the raw totals, 0.01. */
  rawMean: number;
  /** Mean of the normalised totals, 0.01. */
  normalisedMean: number;
  disagreement: Disagreement;
}

/** Per-case means of raw and normalised totals with the disagreement flag, in first-seen case order. */
export function aggregateCases(scores: ExpertScore[], options: NormaliseOptions & DisagreementOptions = {}): CaseScore[] {
  const normalised = normaliseByExpert(scores, options);
  const byCase = new Map<string, NormalisedScore[]>();
  for (const s of normalised) {
    const list = byCase.get(s.caseId);
    if (list) list.push(s);
    else byCase.set(s.caseId, [s]);
  }
  return [...byCase].map(([caseId, list]) => ({
    caseId,
    count: list.length,
    rawMean: round2(list.reduce((a, s) => a + s.total, 0) / list.length),
    // From the unrounded z-scores, so the mean of rounded values never drifts by a cent.
    normalisedMean: round2((options.mean ?? 75) + (options.sd ?? 10) * (list.reduce((a, s) => a + s.z, 0) / list.length)),
    disagreement: disagreement(list.map((s) => s.total), options),
  }));
}

// ---------- ranking ----------

export interface RankItem {
  caseId: string;
  caseTypeId: string;
  provinceCode: string;
  /** The score ranked on (the organiser's choice: normalised or raw mean). */
  score: number;
}

export interface RankedCase extends RankItem {
  /** Rank among the cases of the same case type: 1, 2, 2, 4 … (ties share a rank). */
  typeRank: number;
  /** Rank among the cases of the same case type and province. */
  provinceRank: number;
  /** Another case of the type has the same score. */
  tied: boolean;
}

/**
 * Rankings per case type and per province within a type (standard competition ranking: tied cases share the
 * better rank and the next rank is skipped). Scores are compared at 0.01, so float noise never splits a tie.
 * Returned ordered by case type, then rank, then case id.
 */
export function rankCases(items: RankItem[]): RankedCase[] {
  const key = (x: number) => Math.round(x * 100);
  const sorted = [...items].sort(
    (a, b) => cmp(a.caseTypeId, b.caseTypeId) || key(b.score) - key(a.score) || cmp(a.caseId, b.caseId),
  );
  const out: RankedCase[] = [];
  const rankWithin = (group: (x: RankItem) => string, assign: (r: RankedCase, rank: number, tied: boolean) => void, list: RankedCase[]) => {
    const seen = new Map<string, { n: number; lastKey: number; lastRank: number }>();
    const countByScore = new Map<string, number>();
    for (const r of list) countByScore.set(`${group(r)}\u0000${key(r.score)}`, (countByScore.get(`${group(r)}\u0000${key(r.score)}`) ?? 0) + 1);
    for (const r of list) {
      const g = group(r);
      const st = seen.get(g) ?? { n: 0, lastKey: NaN, lastRank: 0 };
      st.n++;
      const k = key(r.score);
      const rank = k === st.lastKey ? st.lastRank : st.n;
      st.lastKey = k;
      st.lastRank = rank;
      seen.set(g, st);
      assign(r, rank, countByScore.get(`${g}\u0000${k}`)! > 1);
    }
  };
  for (const i of sorted) out.push({ ...i, typeRank: 0, provinceRank: 0, tied: false });
  rankWithin((x) => x.caseTypeId, (r, rank, tied) => ((r.typeRank = rank), (r.tied = tied)), out);
  rankWithin((x) => `${x.caseTypeId}\u0000${x.provinceCode}`, (r, rank) => (r.provinceRank = rank), out);
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------- when normalised scores mean something ----------

/** Fewest cases each expert must have scored in a round before z-scores are shown (below, the raw mean is used). */
export const MIN_CASES_FOR_NORMALISATION = 5;

export interface NormalisationUse {
  available: boolean;
  minCases: number;
  /** Experts who scored fewer cases than minCases (by id), with their counts. */
  tooFew: Array<{ expertId: string; count: number }>;
}

/**
 * A z-score over an expert's own totals needs enough of them: with two or three cases an expert's mean and spread are
 * noise, and normalising would reorder cases on that noise. Normalised scores are used only when every expert who
 * scored in the round scored at least `minCases` cases.
 */
export function normalisationUse(scores: ExpertScore[], minCases = MIN_CASES_FOR_NORMALISATION): NormalisationUse {
  const counts = new Map<string, number>();
  for (const s of scores) counts.set(s.expertId, (counts.get(s.expertId) ?? 0) + 1);
  const tooFew = [...counts].filter(([, n]) => n < minCases).map(([expertId, count]) => ({ expertId, count }));
  return { available: counts.size > 0 && tooFew.length === 0, minCases, tooFew };
}

// ---------- the rubric itself ----------

/** Largest number of indicators and of sub-indicators per indicator an edited rubric may have. */
export const RUBRIC_LIMITS = { indicators: 12, subIndicators: 8, nameChars: 40, descriptionChars: 300 } as const;

export interface RubricIssue {
  /** Where in the edited rubric, e.g. `rubric.2.weight`, `rubric.0.subIndicators.1.name`, or `rubric` for the sum. */
  path: string;
  /** Shown to the organiser. */
  message: string;
}

/**
 * Problems of a rubric as the organiser edits it (the 2025 rubric, which the notice does not publish): at least one
 * indicator, each named once, weighted in whole or half points, with at least one named sub-indicator, and the weights
 * adding up to 100 so a score sheet totals 0–100 (scoring in points, see weightedTotal).
 */
export function rubricIssues(rubric: Array<{ name: string; weight: number; subIndicators: Array<{ name: string; description: string }> }>): RubricIssue[] {
  const issues: RubricIssue[] = [];
  if (!rubric.length) return [{ path: 'rubric', message: '评分标准至少需要 1 项指标' }];
  if (rubric.length > RUBRIC_LIMITS.indicators) issues.push({ path: 'rubric', message: `评分标准最多 ${RUBRIC_LIMITS.indicators} 项指标` });
  const seen = new Map<string, number>();
  rubric.forEach((r, i) => {
    const label = r.name.trim() ? `“${r.name.trim()}”` : `第 ${i + 1} 项指标`;
    const name = r.name.trim();
    if (!name) issues.push({ path: `rubric.${i}.name`, message: `第 ${i + 1} 项指标未填写名称` });
    else if (name.length > RUBRIC_LIMITS.nameChars) issues.push({ path: `rubric.${i}.name`, message: `${label}的名称不能超过 ${RUBRIC_LIMITS.nameChars} 字` });
    else if (seen.has(name)) issues.push({ path: `rubric.${i}.name`, message: `指标名称“${name}”与第 ${seen.get(name)! + 1} 项重复` });
    else seen.set(name, i);
    if (typeof r.weight !== 'number' || !Number.isFinite(r.weight) || r.weight <= 0) {
      issues.push({ path: `rubric.${i}.weight`, message: `${label}的分值须为大于 0 的数` });
    } else if (Math.round(r.weight * 2) !== r.weight * 2) {
      issues.push({ path: `rubric.${i}.weight`, message: `${label}的分值须为整数或 0.5 分` });
    }
    if (!r.subIndicators.length) issues.push({ path: `rubric.${i}.subIndicators`, message: `${label}至少需要 1 项二级指标（评分要点）` });
    if (r.subIndicators.length > RUBRIC_LIMITS.subIndicators) issues.push({ path: `rubric.${i}.subIndicators`, message: `${label}最多 ${RUBRIC_LIMITS.subIndicators} 项二级指标` });
    r.subIndicators.forEach((s, k) => {
      if (!s.name.trim()) issues.push({ path: `rubric.${i}.subIndicators.${k}.name`, message: `${label}的第 ${k + 1} 项二级指标未填写名称` });
      else if (s.name.trim().length > RUBRIC_LIMITS.nameChars) issues.push({ path: `rubric.${i}.subIndicators.${k}.name`, message: `${label}的第 ${k + 1} 项二级指标名称不能超过 ${RUBRIC_LIMITS.nameChars} 字` });
      if (s.description.length > RUBRIC_LIMITS.descriptionChars) {
        issues.push({ path: `rubric.${i}.subIndicators.${k}.description`, message: `${label}的第 ${k + 1} 项二级指标说明不能超过 ${RUBRIC_LIMITS.descriptionChars} 字` });
      }
    });
  });
  const total = round2(rubric.reduce((s, r) => s + (Number.isFinite(r.weight) ? r.weight : 0), 0));
  if (total !== 100) issues.push({ path: 'rubric', message: `各项指标分值合计须为 100 分，当前合计 ${total} 分，请调整后再保存` });
  return issues;
}
