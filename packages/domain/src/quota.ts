// Recommendation quotas per province (SPEC §2): grouped by a form value (2025: 学段) or one total (2026).
import type { CallDef, CaseTypeDef, QuotaDef } from './calls/schema.ts';
import type { FormData } from './form.ts';

/** The quota group a case counts against, or null when its grouping value is missing. */
export function quotaGroupOf(call: CallDef, type: CaseTypeDef, form: FormData): string | null {
  const grouped = call.quota.groups.filter((g) => g.values);
  if (grouped.length === 0) return call.quota.groups[0].id;
  const v = type.quotaGroupField ? form[type.quotaGroupField] : undefined;
  const g = grouped.find((x) => typeof v === 'string' && x.values!.includes(v));
  return g ? g.id : null;
}

export interface QuotaUsage {
  groupId: string;
  name: string;
  used: number;
  max: number;
}

/** A group's cap for one province: its own override (provinceMax) if the call gives it one, else the group's max. */
export function groupMax(group: QuotaDef['groups'][number], provinceCode?: string | null): number {
  const own = provinceCode ? group.provinceMax?.[provinceCode] : undefined;
  return own ?? group.max;
}

/** A province's seats over all groups (overrides applied). */
export function quotaTotal(call: CallDef, provinceCode?: string | null): number {
  return call.quota.groups.reduce((s, g) => s + groupMax(g, provinceCode), 0);
}

/** Counters such as 基础教育 37/150 from the number of recommended cases per group, with the province's own caps. */
export function quotaUsage(call: CallDef, recommendedPerGroup: Record<string, number>, provinceCode?: string | null): QuotaUsage[] {
  return call.quota.groups.map((g) => ({ groupId: g.id, name: g.name, used: recommendedPerGroup[g.id] ?? 0, max: groupMax(g, provinceCode) }));
}

/** Whether one more case of the province fits in the group. */
export function hasQuotaRoom(call: CallDef, groupId: string, usedInGroup: number, provinceCode?: string | null): boolean {
  const g = call.quota.groups.find((x) => x.id === groupId);
  return !!g && usedInGroup < groupMax(g, provinceCode);
}

/** States in which a case counts against its province's quota: recommended, and everything after it. */
export const COUNTED_STATES = ['province_recommended', 'national_review', 'selected', 'not_selected', 'published'] as const;
