// Chained recommendation (issue 5): a call may add county and city levels below the province. A case of such a call
// carries its region (county code, or city code where the city has no counties) and the level that decides on it now;
// each level recommends it to the next, within the level's quota per region and before the level's deadline phase.
import type { CallDef, ChainLevelDef } from './calls/schema.ts';
import { cityOfRegion, countiesOf, findRegion, citiesOf } from './regions/regions.ts';

export type ChainLevel = ChainLevelDef['level'];
/** Where a chained case stands: the level whose administrators decide on it now. */
export type RecommendationLevel = ChainLevel | 'province';

export const LEVEL_LABELS: Record<RecommendationLevel, string> = { county: '县级', city: '市级', province: '省级' };

/** The role that acts at a level. */
export const LEVEL_ROLE = { county: 'county_admin', city: 'city_admin' } as const;

export const hasChain = (call: CallDef) => !!call.chain?.length;

export function chainLevel(call: CallDef, level: ChainLevel): ChainLevelDef | undefined {
  return call.chain?.find((l) => l.level === level);
}

/** Levels in order from the lowest to the province. */
export function levelsOf(call: CallDef): RecommendationLevel[] {
  return [...(call.chain ?? []).map((l) => l.level), 'province'];
}

/** Whether the province has any region in the list (新疆生产建设兵团 has none: its cases go to the province directly). */
export const provinceHasRegions = (provinceCode: string) => citiesOf(provinceCode).length > 0;

/**
 * Checks an author's region for a call with a chain: it must be in the author's province, and a county where the call
 * has a county level and the city has counties. Returns a Chinese message, or null when the region is fine.
 */
export function regionProblem(call: CallDef, provinceCode: string, regionCode: unknown): string | null {
  if (!hasChain(call)) return regionCode ? '本活动不需要选择市、县' : null;
  if (!provinceHasRegions(provinceCode)) return regionCode ? '本省不分市、县报送，无需选择' : null;
  if (!regionCode) return '请选择所在的市和区县';
  const r = findRegion(regionCode);
  if (!r || r.provinceCode !== provinceCode) return '所选市、区县不在您所在的省份，请重新选择';
  if (r.level === 'city' && chainLevel(call, 'county') && countiesOf(r.code).length > 0) return '请选择所在的区县';
  return null;
}

/** The level a newly submitted case starts at: its county's, else its city's, else the province's. */
export function entryLevel(call: CallDef, regionCode: string | null): RecommendationLevel | null {
  if (!hasChain(call)) return null;
  const r = regionCode ? findRegion(regionCode) : undefined;
  if (!r) return 'province';
  if (r.level === 'county' && chainLevel(call, 'county')) return 'county';
  if (chainLevel(call, 'city')) return 'city';
  return 'province';
}

/** The level above `level` in the call's chain. */
export function nextLevel(call: CallDef, level: ChainLevel): RecommendationLevel {
  const levels = levelsOf(call);
  return levels[levels.indexOf(level) + 1] ?? 'province';
}

/** The region code an administrator of `level` is responsible for, for a case's region. */
export function regionAtLevel(level: ChainLevel, caseRegion: string): string {
  return level === 'county' ? caseRegion : cityOfRegion(caseRegion);
}

/** The quota of one region at one level (per-region figure, else the level's default). */
export function levelQuota(call: CallDef, level: ChainLevel, regionCode: string): number {
  const def = chainLevel(call, level);
  if (!def) return 0;
  return def.quotas[regionCode] ?? def.quotaDefault;
}

/** Levels a case has passed when it stands at `current`: a case counts against the quota of every level it passed. */
export function levelsPassed(call: CallDef, current: RecommendationLevel): ChainLevel[] {
  const levels = levelsOf(call);
  return levels.slice(0, levels.indexOf(current)) as ChainLevel[];
}

/** The levels at which a case counts against `level`'s quota: every level above it. */
export function levelsAbove(call: CallDef, level: ChainLevel): RecommendationLevel[] {
  const levels = levelsOf(call);
  return levels.slice(levels.indexOf(level) + 1);
}

/** A chained case's status while it is 'submitted', for lists and the author. */
export function chainStateLabel(call: CallDef, level: RecommendationLevel, entry: RecommendationLevel | null): string {
  if (level === entry) return `已提交，待${LEVEL_LABELS[level]}审核`;
  const levels = levelsOf(call);
  const below = levels[levels.indexOf(level) - 1] ?? level;
  return `${LEVEL_LABELS[below]}已推荐，待${LEVEL_LABELS[level]}审核`;
}

/**
 * The level a draft is kept at: its entry level once it has a region; before that the lowest level, so a draft
 * without a county is seen by no administrator (the province only sees what its cities recommended).
 */
export function draftLevel(call: CallDef, provinceCode: string, regionCode: string | null): RecommendationLevel | null {
  if (!hasChain(call)) return null;
  if (regionCode || !provinceHasRegions(provinceCode)) return entryLevel(call, regionCode);
  return levelsOf(call)[0];
}
