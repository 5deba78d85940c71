// Provinces and their recommendation: the public call list, each phase's window, the provincial administrator's status
// card (quota, lock, mode, contact form), the organiser's national overview and activation codes, and the chained
// recommendation of cities and counties.
import { z } from 'zod';
import { fieldSchema } from '@anli/domain/calls/schema.ts';
import { CaseDetail, CaseSummary } from './cases.ts';
import { Id, IsoTime } from './common.ts';

export const CallQuery = z.object({ callId: Id });
export const ProvinceCodeParams = z.object({ provinceCode: Id });

export const ProvinceInfo = z.object({ code: z.string(), name: z.string(), shortName: z.string() });
export type ProvinceInfo = z.infer<typeof ProvinceInfo>;

/** A phase of a call with its effective window for the viewer's province (times in Beijing time, `YYYY-MM-DD HH:mm`). */
export const Phase = z.object({
  id: z.string(),
  name: z.string(),
  start: z.string().nullable(),
  end: z.string(),
  forced: z.enum(['open', 'closed']).nullable(),
  extended: z.boolean(),
  open: z.boolean(),
  /** 'organiser': the notice gives no date; the platform's is the organiser's setting. */
  dateSource: z.enum(['notice', 'organiser']),
  /** Moved by the demo seed so every role can act today. */
  demoMoved: z.boolean(),
  /** The call's own dates (the notice's), shown beside a moved date. */
  noticeStart: z.string().nullable(),
  noticeEnd: z.string(),
  /** Submission in a call whose provinces set their own author deadline: whose date ends it. */
  authorDeadline: z.enum(['province', 'recommendation', 'call']).nullable(),
  /** The national view of a per-province author deadline. */
  perProvince: z.boolean(),
});
export type Phase = z.infer<typeof Phase>;

export const QuotaCounter = z.object({ groupId: z.string(), name: z.string(), used: z.number().int(), max: z.number().int() });
export type QuotaCounter = z.infer<typeof QuotaCounter>;

const Mode = z.union([z.literal(1), z.literal(2)]);

/** The provincial administrator's status card for one call. */
export const ProvinceStatus = z.object({
  callId: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  quota: z.array(QuotaCounter),
  /** Mode-1 imported cases not yet recommended (counted in the quota). */
  preselected: z.number().int(),
  locked: z.boolean(),
  lockedAt: IsoTime.nullable(),
  mode: Mode.nullable(),
  provinceModes: z.boolean(),
  contactFormSubmitted: z.boolean(),
  /** Cases by state (only those at the province's level in chained calls). */
  counts: z.record(z.string(), z.number().int()),
  /** Authors' drafts: a count only. */
  drafts: z.number().int(),
  /** Preselected cases whose authors have not submitted yet (推荐上报 warns naming them). */
  emptyPreselected: z.array(z.object({ id: z.string(), title: z.string(), authorName: z.string() })),
  phases: z.array(Phase),
});
export type ProvinceStatus = z.infer<typeof ProvinceStatus>;

export const ReportBody = z.object({ callId: Id });

/** 联系人信息表: its fields (from the call), what the province saved, and the deadline. */
export const ContactForm = z.object({
  title: z.string(),
  fields: z.array(fieldSchema),
  data: z.record(z.string(), z.unknown()),
  submittedAt: IsoTime.nullable(),
  deadline: z.string().nullable(),
  /** The deadline was moved by the demo seed. */
  deadlineDemoMoved: z.boolean(),
  open: z.boolean(),
  contactEmail: z.string(),
});
export type ContactForm = z.infer<typeof ContactForm>;

export const SaveContactFormBody = z.object({ callId: Id, data: z.record(z.string(), z.unknown(), { error: '表单数据格式不正确' }) });

/** 征集方式: 1 (the province preselects on its own platform), 2 (the whole process here). */
export const SetModeBody = z.object({ callId: Id, mode: z.literal([1, 2], { error: '请选择方式一或方式二' }) });

/** The organiser's row per province. */
export const OverviewRow = z.object({
  provinceCode: z.string(),
  provinceName: z.string(),
  drafts: z.number().int(),
  submitted: z.number().int(),
  recommended: z.number().int(),
  /** 方式一预选（占用名额）: imported cases not yet recommended. */
  preselected: z.number().int(),
  /** Seats in use (recommended + preselected): the same count on every page. */
  quotaUsed: z.number().int(),
  /** The province's quota, all groups together. */
  quota: z.number().int(),
  locked: z.boolean(),
  mode: Mode.nullable(),
  contactFormSubmitted: z.boolean(),
  /** Provincial administrators with an account. */
  admins: z.number().int(),
});
export type OverviewRow = z.infer<typeof OverviewRow>;

export const UnlockBody = z.object({ callId: Id, reason: z.string().max(2000).optional() });

// ---------- activation codes (organiser → provincial administrators) ----------

export const IssueActivationCodeBody = z.object({ provinceCode: z.string().max(12).optional() });
/** The code is shown once; only its hash is stored. */
export const IssuedActivationCode = z.object({ code: z.string(), provinceCode: z.string(), expiresAt: IsoTime });
export type IssuedActivationCode = z.infer<typeof IssuedActivationCode>;

const CodeState = z.enum(['open', 'used', 'expired']);

export const ActivationCodeRow = z.object({
  id: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  usedAt: IsoTime.nullable(),
  /** Who used it, by name. */
  usedBy: z.string().nullable(),
  state: CodeState,
});
export type ActivationCodeRow = z.infer<typeof ActivationCodeRow>;

// ---------- 市县推荐 (chained recommendation) ----------

export const RegionsQuery = z.object({ provinceCode: z.string().max(12).optional() });

/** A city with its counties (the region pickers). */
export const RegionNode = z.object({ code: z.string(), name: z.string(), counties: z.array(z.object({ code: z.string(), name: z.string() })) });
export type RegionNode = z.infer<typeof RegionNode>;

const RegionLevel = z.enum(['county', 'city']);

/** A city or county administrator's status card. */
export const RegionStatus = z.object({
  callId: z.string(),
  level: RegionLevel,
  levelName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  provinceName: z.string(),
  /** Province, city and county without repeating a municipality (北京市 海淀区). */
  placeName: z.string(),
  quota: z.object({ used: z.number().int(), max: z.number().int() }),
  /** Cases submitted to this level and not yet decided. */
  waiting: z.number().int(),
  deadline: z.object({ name: z.string(), end: z.string(), open: z.boolean(), demoMoved: z.boolean() }).nullable(),
});
export type RegionStatus = z.infer<typeof RegionStatus>;

/** A case after a city's or county's action: in full while still in the viewer's scope, else its summary. */
export const RegionCaseResult = z.union([CaseDetail, CaseSummary]);
export type RegionCaseResult = z.infer<typeof RegionCaseResult>;

export const IssueRegionCodeBody = z.object({ regionCode: z.string().max(12).optional() });
const RegionRole = z.enum(['city_admin', 'county_admin']);
export const IssuedRegionCode = z.object({ code: z.string(), role: RegionRole, regionCode: z.string(), regionName: z.string(), expiresAt: IsoTime });
export type IssuedRegionCode = z.infer<typeof IssuedRegionCode>;

export const RegionCodeRow = z.object({
  id: z.string(),
  role: RegionRole,
  regionCode: z.string(),
  regionName: z.string(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  usedAt: IsoTime.nullable(),
  usedBy: z.string().nullable(),
  state: CodeState,
});
export type RegionCodeRow = z.infer<typeof RegionCodeRow>;

/** The city or county administrator's own region. */
export const RegionMe = z.object({ level: RegionLevel, regionCode: z.string(), provinceCode: z.string().nullable() });
export type RegionMe = z.infer<typeof RegionMe>;
