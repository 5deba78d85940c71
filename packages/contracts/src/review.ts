// Review: experts (invitation, activation, conflicts), national and provincial rounds (assignment, results,
// decisions, provincial advice) and the expert's tasks and score sheets. The server validates requests and serialises
// responses with these schemas; the web client takes its types from them.
//
// Request fields are optional in the schema where the service names the missing or out-of-range field itself (its
// message says what to do, e.g. 请填写轮次名称（40 字以内）); the schema still refuses wrong types and oversized values.
import { z } from 'zod';
import { CaseDetail } from './cases.ts';
import { CaseState, Id, IsoTime } from './common.ts';
import { ExpertProfile } from './experts.ts';
import { RubricIndicatorOut } from './rubrics.ts';

/** A text field; a wrong type or an oversized value gets a message naming the field in Chinese. */
const text = (label: string, max: number) => z.string({ error: `“${label}”应为文本` }).max(max, `“${label}”不能超过 ${max} 个字符`);
/** A list of short texts (subjects, 学段, case types); the service trims and de-duplicates. */
const textList = (label: string, maxItems: number, maxChars = 60) =>
  z.array(text(label, maxChars), { error: `“${label}”应为列表` }).max(maxItems, `“${label}”最多 ${maxItems} 项`);
/** The reason for overriding a rule (conflict of interest, phase not open), recorded in the audit log. */
const overrideReason = (label = '强制执行的理由') => text(label, 2000).nullish();

// ---------- experts ----------

export const ActivateExpertBody = z.object({
  code: text('邀请码', 40).optional(),
  phone: text('手机号', 20).optional(),
  password: text('密码', 200).optional(),
});

export const InviteExpertBody = z.object({
  name: text('姓名', 100).optional(),
  phone: text('手机号', 20).optional(),
  unitName: text('工作单位', 200).optional(),
  /** Ignored for a provincial administrator (the expert belongs to the own province). */
  provinceCode: text('省份', 12).optional(),
  subjects: textList('学科', 50).optional(),
  stages: textList('学段', 50).optional(),
});
export type InviteExpertBody = z.infer<typeof InviteExpertBody>;

/** A one-time invitation code, shown once (only its hash is kept). */
export const Invitation = z.object({ code: z.string(), expiresAt: IsoTime });
export type Invitation = z.infer<typeof Invitation>;
export const InviteExpertResult = Invitation.extend({ expert: ExpertProfile });
export type InviteExpertResult = z.infer<typeof InviteExpertResult>;

export const ConflictBody = z.object({ caseId: text('案例', 100).optional(), reason: text('回避原因', 1000).optional() });
export const ConflictResult = z.object({ ok: z.literal(true), removedAssignments: z.number().int() });
export type ConflictResult = z.infer<typeof ConflictResult>;

// ---------- rounds ----------

export const RoundParams = z.object({ roundId: Id });
export const RoundCaseParams = z.object({ roundId: Id, id: Id });
export const AssignmentParams = z.object({ roundId: Id, caseId: Id, expertId: Id });

export const RoundsQuery = z.object({ callId: z.string().max(100).optional() });
export const CallQuery = z.object({ callId: Id });

export const CreateRoundBody = z.object({
  callId: Id,
  name: text('轮次名称', 200).optional(),
  caseTypes: textList('案例类型', 50).optional(),
  /** Experts per case, 1–20 (the service says so when out of range). */
  perCase: z.number({ error: '“每个案例的评审专家数”应为数字' }).optional(),
  /** Blind review: experts do not see the authors' names and units. */
  blind: z.boolean({ error: '“匿名评审”应为是或否' }).optional(),
});
export type CreateRoundBody = z.infer<typeof CreateRoundBody>;

/** Opening a national round outside the national phase needs a reason. A provincial round takes no input. */
export const OpenRoundBody = z.object({ overrideReason: overrideReason() }).nullish();

export const AssignBody = z.object({
  /** Seed of the tie-breaking order (the same seed gives the same assignment). */
  seed: z.number({ error: '“随机种子”应为整数' }).int('“随机种子”应为整数').optional(),
  /** The experts to assign among (absent or empty: every activated expert of the pool). */
  expertIds: textList('专家', 5000, 100).optional(),
}).nullish();

export const AddAssignmentBody = z.object({
  caseId: text('案例', 100).optional(),
  expertId: text('专家', 100).optional(),
  overrideReason: overrideReason('越过回避的理由'),
});
export const AddAssignmentResult = z.object({ ok: z.literal(true), override: z.boolean() });
export type AddAssignmentResult = z.infer<typeof AddAssignmentResult>;

export const ResultsQuery = z.object({ by: z.enum(['normalised', 'raw'], { error: '“排名依据”只能是标准化分（normalised）或原始分（raw）' }).optional() });

const DECISION_MESSAGE = '请选择案例并确定入选或未入选';
export const DecisionsBody = z.object({
  decisions: z.array(
    z.object({ caseId: z.string({ error: DECISION_MESSAGE }).max(100), decision: z.enum(['select', 'reject'], { error: DECISION_MESSAGE }) }),
    { error: DECISION_MESSAGE },
  ).max(10000),
  overrideReason: overrideReason(),
});
export type DecisionsBody = z.infer<typeof DecisionsBody>;
export const DecisionsResult = z.object({ ok: z.literal(true), decided: z.number().int() });
export type DecisionsResult = z.infer<typeof DecisionsResult>;

export const RoundState = z.enum(['draft', 'open', 'closed']);

export const ReviewRound = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  name: z.string(),
  /** national: the organiser's round; province: a provincial administrator's advisory round. */
  scope: z.enum(['national', 'province']),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  caseTypes: z.array(z.object({ id: z.string(), name: z.string() })),
  perCase: z.number().int(),
  /** Blind review: experts do not see the authors' names and units. */
  blind: z.boolean(),
  reviewModeLabel: z.string(),
  state: RoundState,
  stateLabel: z.string(),
  createdAt: IsoTime,
  openedAt: IsoTime.nullable(),
  closedAt: IsoTime.nullable(),
  /** Counts, in the round list (and after create/open/close). */
  cases: z.number().int().optional(),
  assignments: z.number().int().optional(),
  submitted: z.number().int().optional(),
  unassigned: z.number().int().optional(),
});
export type ReviewRound = z.infer<typeof ReviewRound>;

export const OpenRoundResult = z.object({
  /** Cases moved into national review (0 for a provincial round). */
  moved: z.number().int(),
  round: ReviewRound,
});
export type OpenRoundResult = z.infer<typeof OpenRoundResult>;

export const UnreportedProvince = z.object({ provinceCode: z.string(), provinceName: z.string(), cases: z.number().int() });
export type UnreportedProvince = z.infer<typeof UnreportedProvince>;

export const AutoAssignResult = z.object({
  added: z.number().int(),
  unassigned: z.array(z.object({
    caseId: z.string(),
    title: z.string(),
    /** Slots left empty. */
    missing: z.number().int(),
    code: z.enum(['not_enough_eligible', 'no_capacity']),
    reason: z.string(),
  })),
  /** Cases per expert id. */
  loads: z.record(z.string(), z.number()),
});
export type AutoAssignResult = z.infer<typeof AutoAssignResult>;

export const SheetStatus = z.enum(['pending', 'draft', 'submitted']);
export type SheetStatus = z.infer<typeof SheetStatus>;

/** A case of a round as its lists name it (assignments, results). */
const RoundCase = z.object({
  caseId: z.string(),
  title: z.string(),
  caseType: z.string(),
  caseTypeName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  state: CaseState,
  stateLabel: z.string(),
});

export const RoundAssignments = z.object({
  round: ReviewRound,
  cases: z.array(RoundCase.extend({
    /** The first author's unit, the subject and the 学段 (or 案例类别), for 回避 and matching. */
    unitName: z.string().optional(),
    subject: z.string().optional(),
    stage: z.string().optional(),
    conflictExpertIds: z.array(z.string()),
    experts: z.array(z.object({
      expertId: z.string(),
      name: z.string(),
      unitName: z.string(),
      provinceName: z.string(),
      source: z.enum(['auto', 'manual']),
      match: z.string(),
      overrideReason: z.string().nullable(),
      status: SheetStatus,
      total: z.number().nullable(),
    })),
  })),
  /** Cases per expert id. */
  loads: z.record(z.string(), z.number()),
});
export type RoundAssignments = z.infer<typeof RoundAssignments>;

export const ResultRow = RoundCase.extend({
  assigned: z.number().int(),
  submitted: z.number().int(),
  rawMean: z.number().nullable(),
  normalisedMean: z.number().nullable(),
  disagreement: z.object({ flagged: z.boolean(), range: z.number(), sd: z.number(), reasons: z.array(z.enum(['range', 'sd'])) }).nullable(),
  typeRank: z.number().int().nullable(),
  provinceRank: z.number().int().nullable(),
  tied: z.boolean(),
  sheets: z.array(z.object({
    expertId: z.string(),
    expertName: z.string(),
    status: SheetStatus,
    total: z.number().nullable(),
    normalised: z.number().nullable(),
    comment: z.string(),
  })),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const RoundResults = z.object({
  round: ReviewRound,
  by: z.enum(['normalised', 'raw']),
  /** Whether normalised scores are used (every expert scored enough cases) and, if not, why. */
  normalisation: z.object({ available: z.boolean(), minCases: z.number().int(), reason: z.string().nullable() }),
  rows: z.array(ResultRow),
});
export type RoundResults = z.infer<typeof RoundResults>;

/** One case's standing in the province's latest provincial round (advice beside the case list). */
export const ProvinceAdvice = z.object({
  roundId: z.string(),
  roundName: z.string(),
  roundState: z.string(),
  assigned: z.number().int(),
  submitted: z.number().int(),
  rawMean: z.number().nullable(),
  normalisedMean: z.number().nullable(),
  typeRank: z.number().int().nullable(),
  typeCount: z.number().int(),
  tied: z.boolean(),
  disagreement: z.boolean(),
});
export type ProvinceAdvice = z.infer<typeof ProvinceAdvice>;
/** Per case id of the own province: its advice. */
export const ProvinceAdviceMap = z.object({ callId: z.string(), cases: z.record(z.string(), ProvinceAdvice) });
export type ProvinceAdviceMap = z.infer<typeof ProvinceAdviceMap>;

// ---------- expert: tasks and score sheets ----------

/** Scores by indicator id; empty (null) while a draft leaves an indicator open. */
export const SheetBody = z.object({
  scores: z.record(z.string().max(60), z.number({ error: '各项得分须为数字（未评的项留空）' }).nullable(), { error: '“评分”格式不正确' }).optional(),
  /** The service says when it is too long (评语最多 2000 字). */
  comment: text('评语', 100_000).nullish(),
});
export type SheetBody = z.infer<typeof SheetBody>;

export const Sheet = z.object({
  scores: z.record(z.string(), z.number().nullable()),
  comment: z.string(),
  total: z.number().nullable(),
  savedAt: IsoTime.nullable(),
  submittedAt: IsoTime.nullable(),
  status: SheetStatus,
});
export type Sheet = z.infer<typeof Sheet>;

export const ReviewTask = Sheet.extend({
  roundId: z.string(),
  roundName: z.string(),
  /** 国家级评审 or 省级评审（北京市）. */
  roundScope: z.string(),
  /** 实名评审 or 匿名评审. */
  reviewMode: z.string(),
  caseId: z.string(),
  title: z.string(),
  callTitle: z.string(),
  caseType: z.string(),
  caseTypeName: z.string(),
});
export type ReviewTask = z.infer<typeof ReviewTask>;

export const ReviewTasks = z.object({ total: z.number().int(), submitted: z.number().int(), tasks: z.array(ReviewTask) });
export type ReviewTasks = z.infer<typeof ReviewTasks>;

/** The review page: the case (scoped, phones masked), its rubric and the expert's own sheet. */
export const SheetPage = z.object({
  round: ReviewRound,
  case: CaseDetail,
  rubric: z.array(RubricIndicatorOut),
  /** Where the rubric comes from: the notice, or the organiser's own (the notice publishes none). */
  rubricSource: z.enum(['notice', 'organiser']),
  /** The same in words, e.g. 组委会自定评分标准（通知未公布）. */
  rubricSourceLabel: z.string(),
  scale: z.literal('points'),
  sheet: Sheet,
});
export type SheetPage = z.infer<typeof SheetPage>;
