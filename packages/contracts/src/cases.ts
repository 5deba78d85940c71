// The cases API: an author's cases, one case with its form and history, and the actions on it.
import { z } from 'zod';
import { AuditEntry, CaseActionName, CaseState, Id, IsoTime, pageOf, pageQuery } from './common.ts';

export const CaseSummary = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  caseType: z.string(),
  caseTypeName: z.string(),
  title: z.string(),
  state: CaseState,
  stateLabel: z.string(),
  /** Submitted with explained findings the province has not accepted yet (待人工复核). */
  manualReview: z.boolean(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  recommendationLevel: z.enum(['county', 'city', 'province']).nullable(),
  provinceCode: z.string(),
  provinceName: z.string(),
  authorName: z.string(),
  /** Masked for everyone but the author and the organiser. */
  authorPhone: z.string(),
  quotaGroup: z.string().nullable(),
  classification: z.string().nullable(),
  quotaGroupName: z.string().nullable(),
  updatedAt: IsoTime,
  submittedAt: IsoTime.nullable(),
  returnReason: z.string().nullable(),
  nextStep: z.string(),
  actions: z.array(CaseActionName),
  editable: z.boolean(),
  /** Imported by a mode-1 province (holds a quota seat from the import on). */
  preselected: z.boolean(),
  /** 方式一预选（占用名额） while the imported case is not yet recommended; null otherwise. */
  preselectedLabel: z.string().nullable(),
  /** The author may delete it (a never-submitted draft of their own, not preselected). */
  deletable: z.boolean(),
  /** Why the author declined a preselected case. */
  declineReason: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const FormCheck = z.object({
  rule: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'manual', 'error']),
  actual: z.unknown(),
  expected: z.unknown(),
  message: z.string(),
});

/** When the case's author may still submit: the province's author deadline (or the date a late return gave). */
export const CaseDeadline = z.object({
  endsAt: IsoTime,
  /** province: the province's own date; recommendation: its recommendation deadline; call: the call's phase; resubmit: a late return's date. */
  source: z.enum(['province', 'recommendation', 'call', 'resubmit']),
  open: z.boolean(),
  /** The date was moved by the demo seed so every role can act today. */
  demoMoved: z.boolean(),
});

export const CaseDetail = CaseSummary.extend({
  form: z.record(z.string(), z.unknown()),
  formChecks: z.array(FormCheck),
  history: z.array(AuditEntry),
  /** A case returned after the province's author deadline can be resubmitted until then, not after. */
  resubmitUntil: IsoTime.nullable().optional(),
  /** The author's deadline for this case while it is with them (draft or returned); null otherwise. */
  deadline: CaseDeadline.nullable().optional(),
  /** A provincial administrator returning it now (after the author deadline) gives a resubmission date: default and latest. */
  lateReturn: z.object({ defaultUntil: IsoTime, maxUntil: IsoTime }).nullable().optional(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CreateCaseBody = z.object({
  callId: Id,
  caseType: Id,
  /** Chained calls: the author's county or city (may be chosen later). */
  regionCode: z.string().max(12).nullish(),
});
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const UpdateCaseBody = z.object({
  form: z.record(z.string(), z.unknown(), { error: '表单数据格式不正确' }),
  regionCode: z.string().max(12).nullish(),
});
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>;

// ---------- case lists (province, organiser, city/county) ----------

/** The 材料检测 column's values, also a filter of the lists. */
export const CheckStatus = z.enum(['no_files', 'checking', 'failing', 'review', 'passed']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** Sort keys of a case list: 更新时间 (default), 提交时间, 案例名称, 作者, 省份, 状态, 类型. */
export const CASE_SORTS = ['updated', 'submitted', 'title', 'author', 'province', 'state', 'type'] as const;

const filterText = (max: number) => z.string().max(max).optional();

/** Filters, sort and page of a case list; an empty filter value means "any". */
export const CaseListQuery = pageQuery(CASE_SORTS).extend({
  callId: filterText(100),
  caseType: filterText(100),
  state: z.union([CaseState, z.literal('')]).optional(),
  q: filterText(50),
  check: z.union([CheckStatus, z.literal('')]).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/** The organiser's list also filters by province. */
export const OrgCaseListQuery = CaseListQuery.extend({ provinceCode: filterText(10) });
export type OrgCaseListQuery = z.infer<typeof OrgCaseListQuery>;

/** A row of a case list: the summary with the first author's unit and the files' check status. */
export const CaseListItem = CaseSummary.extend({
  unit: z.string(),
  checkStatus: CheckStatus,
  checkLabel: z.string(),
  failingRules: z.array(z.string()),
  failingRuleNames: z.array(z.string()),
});
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CaseListPage = pageOf(CaseListItem);
export type CaseListPage = z.infer<typeof CaseListPage>;

/** 退回修改: the reason, and after the province's author deadline the resubmission date (default 3 days). */
export const ReturnBody = z.object({ reason: z.string().max(2000).nullish(), resubmitUntil: z.string().max(40).nullish() }).nullish();

/** The most cases 我的案例 lists (one complete list, newest change first; an author's cases are few). */
export const MY_CASES_MAX = 500;
