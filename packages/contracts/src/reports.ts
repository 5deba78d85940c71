// 统计看板 (the organiser's and the provincial administrator's dashboards) and the organiser's 联系人信息表 list.
import { z } from 'zod';
import { QuotaCounter } from './province.ts';

/** A rule failing on current files: its Chinese name and how many cases and files fail it. */
export const FailingRule = z.object({ rule: z.string(), ruleName: z.string(), cases: z.number().int(), files: z.number().int() });
export type FailingRule = z.infer<typeof FailingRule>;

export const OrgDashboard = z.object({
  callId: z.string(),
  provinces: z.array(
    z.object({
      provinceCode: z.string(),
      provinceName: z.string(),
      submitted: z.number().int(),
      checked: z.number().int(),
      failing: z.number().int(),
      recommended: z.number().int(),
      /** 方式一预选（占用名额） */
      preselected: z.number().int(),
      quotaUsed: z.number().int(),
      quota: z.number().int(),
      reported: z.boolean(),
      mode: z.union([z.literal(1), z.literal(2)]).nullable(),
      contactFormSubmitted: z.boolean(),
    }),
  ),
  totals: z.object({
    submitted: z.number().int(),
    checked: z.number().int(),
    failing: z.number().int(),
    recommended: z.number().int(),
    preselected: z.number().int(),
    quotaUsed: z.number().int(),
    reported: z.number().int(),
    contactForms: z.number().int(),
  }),
  failingRules: z.array(FailingRule),
});
export type OrgDashboard = z.infer<typeof OrgDashboard>;

export const ProvinceDashboard = z.object({
  callId: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  total: z.number().int(),
  /** Authors' drafts (not preselected): a count only. */
  drafts: z.number().int(),
  byState: z.array(z.object({ state: z.string(), label: z.string(), count: z.number().int() })),
  byCheck: z.array(z.object({ status: z.string(), label: z.string(), count: z.number().int() })),
  quota: z.array(QuotaCounter),
  failingRules: z.array(FailingRule),
  /** Calls with city/county levels: every city of the province and where its cases stand (empty otherwise). */
  byCity: z.array(
    z.object({
      cityCode: z.string(),
      cityName: z.string(),
      submitted: z.number().int(),
      atCounty: z.number().int(),
      atCity: z.number().int(),
      atProvince: z.number().int(),
      failing: z.number().int(),
      /** The city level's quota (null when the chain has no city level). */
      cityQuota: z.number().int().nullable(),
    }),
  ),
});
export type ProvinceDashboard = z.infer<typeof ProvinceDashboard>;

/** Every province's contact form of a call (unsubmitted ones empty). */
export const ContactForms = z.object({
  fields: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.object({ provinceCode: z.string(), provinceName: z.string(), submittedAt: z.string().nullable(), data: z.record(z.string(), z.string()) })),
});
export type ContactForms = z.infer<typeof ContactForms>;

/** A review round's results sheet: normalised scores (default) or raw ones. */
export const ResultsXlsxQuery = z.object({ by: z.string().max(20).optional() });
export const RoundIdParams = z.object({ roundId: z.string().min(1).max(100) });
