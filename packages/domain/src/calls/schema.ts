// The shape of a call definition (SPEC §2): everything a notice decides is data, validated on load.
import { z } from 'zod';
import { coursewareParamsSchema, reportParamsSchema, videoParamsSchema } from '../rule-params.ts';

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD (Beijing time)');

const choice = z.object({ value: z.string().min(1), label: z.string().min(1) });

const baseField = {
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  label: z.string().min(1),
  required: z.boolean().default(true),
  help: z.string().optional(),
};

/** A sub-field inside a repeated group (authors, tools). */
const subField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  label: z.string().min(1),
  kind: z.enum(['text', 'select']),
  maxChars: z.number().int().positive().optional(),
  format: z.enum(['mobile', 'landline', 'email', 'url']).optional(),
  options: z.array(choice).optional(),
  required: z.boolean().default(true),
});

/**
 * Suggestion content of a scenario field, edited in the call builder: a main scene → typical scenes (with a
 * description) → micro scenes hierarchy (附件1 style), or per-category scene suggestions (2026 style). Names are
 * checked (non-empty, not repeated) by validate.ts with Chinese messages, so the schema only fixes the shape.
 */
export const mainSceneSchema = z.object({
  name: z.string(),
  typicalScenes: z.array(z.object({ name: z.string(), description: z.string().default(''), microScenes: z.array(z.string()).default([]) })),
});
export const categorySuggestionSchema = z.object({
  category: z.string(),
  aim: z.string().default(''),
  scenes: z.array(z.string()).default([]),
  examples: z.array(z.object({ title: z.string(), description: z.string().default('') })).default([]),
});

export const fieldSchema = z.discriminatedUnion('kind', [
  z.object({
    ...baseField,
    kind: z.literal('text'),
    maxChars: z.number().int().positive(),
    /** Extra syntax the value must have (mobile number, landline, e-mail, web address, the video parts' start times). */
    format: z.enum(['mobile', 'landline', 'email', 'url', 'timecodes']).optional(),
  }),
  z.object({ ...baseField, kind: z.literal('textarea'), maxChars: z.number().int().positive(), summary: z.boolean().default(false) }),
  z.object({ ...baseField, kind: z.literal('select'), options: z.array(choice).min(1), allowOther: z.boolean().default(false) }),
  z.object({
    ...baseField,
    kind: z.literal('group'),
    /** Repeated, ordered entries (authors, platform tools). */
    min: z.number().int().nonnegative(),
    max: z.number().int().positive(),
    itemLabel: z.string(),
    fields: z.array(subField).min(1),
  }),
  z.object({
    ...baseField,
    kind: z.literal('scenario'),
    /** Main scenes offered; 'other' with a description is always allowed when allowOther. */
    mainScenes: z.array(z.string()).default([]),
    allowOther: z.boolean().default(true),
    /** Where the suggestions come from: the 附件1 framework, or the per-category suggestions of seed 000. */
    source: z.enum(['ai-framework', 'evidence-categories', 'free']),
    /** The organiser's framework for an 'ai-framework' field; absent: the 2025 附件1 framework (scenario-content.ts). */
    framework: z.array(mainSceneSchema).optional(),
    /** The organiser's category suggestions for an 'evidence-categories' field; absent: the 2026 notice's. */
    categories: z.array(categorySuggestionSchema).optional(),
  }),
  z.object({ ...baseField, kind: z.literal('declaration'), text: z.string().min(1) }),
]);
export type FieldDef = z.infer<typeof fieldSchema>;
export type SubFieldDef = z.infer<typeof subField>;

export const attachmentSlotSchema = z.object({
  slot: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string(),
  /** What the checker checks the file as. */
  role: z.enum(['infoform_pdf', 'infoform_word', 'courseware', 'video', 'report']),
  maxBytes: z.number().int().positive(),
  accept: z.array(z.string()).min(1),
  required: z.boolean().default(true),
  /** Measured rules: a `fail` or `error` blocks submission outright (SPEC §3 "What blocks submission"). */
  blocking: z.array(z.string()).default([]),
  /**
   * Detected rules, where a detector can be wrong: a `fail` (or `error`) blocks unless the author attaches a short
   * explanation (说明); the case then reaches the province marked 待人工复核 and the province accepts it or returns.
   */
  explainable: z.array(z.string()).default([]),
});
export type AttachmentSlot = z.infer<typeof attachmentSlotSchema>;

const rubricIndicator = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number().positive(),
  subIndicators: z.array(z.object({ name: z.string(), description: z.string() })).min(1),
});
export type RubricIndicator = z.infer<typeof rubricIndicator>;

export const caseTypeSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string(),
  shortName: z.string(),
  /** Form key of the case title shown in lists. */
  titleField: z.string(),
  /** Form key of the summary (简介/概述), whose 字 count is a rule. */
  summaryField: z.string(),
  /** Form key of the authors group. */
  authorsField: z.string(),
  /** Form key whose value decides the quota group (e.g. the 学段), if the call's quotas are grouped. */
  quotaGroupField: z.string().optional(),
  /** Form key of the start times of the video's parts (video.parts), if the form asks for them. */
  videoPartsField: z.string().optional(),
  fields: z.array(fieldSchema).min(1),
  attachments: z.array(attachmentSlotSchema),
  /** The numbers and words the file rules use (rule-params.ts); today's values are the defaults. */
  checkParams: z.object({
    video: videoParamsSchema.optional(),
    report: reportParamsSchema.optional(),
    courseware: coursewareParamsSchema.default({ aiLabel: { mode: 'literal', text: 'AI生成' } }),
  }),
  rubric: z.array(rubricIndicator).min(1),
  /** Where the rubric comes from: the notice, or the organiser (the notice publishes none; the UI says so). */
  rubricSource: z.enum(['notice', 'organiser']).default('notice'),
});
export type CaseTypeDef = z.infer<typeof caseTypeSchema>;

export const phaseSchema = z.object({
  id: z.enum(['admin_info', 'submission', 'county_recommendation', 'city_recommendation', 'province_recommendation', 'national_recommendation', 'showcase']),
  name: z.string(),
  /** First day, inclusive, from 00:00:00 Beijing time. Absent: open from the start of the call. */
  start: dateOnly.optional(),
  /** Last day, inclusive, until 23:59:59 Beijing time. */
  end: dateOnly,
  /** Whose dates these are: the notice's, or the organiser's where the notice gives none (the UI says so). */
  dateSource: z.enum(['notice', 'organiser']).default('notice'),
});
export type PhaseDef = z.infer<typeof phaseSchema>;

export const quotaSchema = z.object({
  /**
   * Each group caps the recommended cases per province; `values` lists the quota-field values it covers (absent: all);
   * `provinceMax` gives single provinces their own cap (province code → number; the others get `max`).
   */
  groups: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        max: z.number().int().positive(),
        values: z.array(z.string()).optional(),
        provinceMax: z.record(z.string(), z.number().int().nonnegative()).optional(),
      }),
    )
    .min(1),
});
export type QuotaDef = z.infer<typeof quotaSchema>;

/**
 * One level of a chained recommendation below the province (county → city → province). Each level recommends to the
 * next with its own quota per region (a county or city code → number; others get quotaDefault) and its own deadline,
 * a phase of the call (so per-province extensions apply to it too).
 */
export const chainLevelSchema = z.object({
  level: z.enum(['county', 'city']),
  name: z.string().min(1),
  quotaDefault: z.number().int().nonnegative(),
  quotas: z.record(z.string().regex(/^\d{6}$/), z.number().int().nonnegative()).default({}),
  deadlinePhase: z.enum(['county_recommendation', 'city_recommendation']),
});
export type ChainLevelDef = z.infer<typeof chainLevelSchema>;

export const callSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    title: z.string(),
    issuer: z.string(),
    documentNo: z.string().optional(),
    participants: z.string(),
    /** One case per author in the whole call (2025). */
    onePerAuthor: z.boolean(),
    /** Whether provinces choose between mode 1 (own platform first) and mode 2 (whole process here). */
    provinceModes: z.boolean(),
    phases: z.array(phaseSchema).min(1),
    quota: quotaSchema,
    caseTypes: z.array(caseTypeSchema).min(1),
    /** Fields of the provincial contact form (附件4 / 附5.3). */
    contactForm: z.object({ title: z.string(), deadlinePhase: z.literal('admin_info'), fields: z.array(fieldSchema).min(1) }),
    contactEmail: z.string(),
    /** The notice's contact persons, shown on the call's pages. */
    contacts: z.array(z.object({ department: z.string(), people: z.array(z.string()).min(1), phones: z.array(z.string()).min(1), email: z.string().optional() })).default([]),
    /**
     * Certificates: who issues them, the default award and the sentence naming it ({callTitle}, {award} filled in).
     * 2025: 典型案例 in the centre's name; 2026: the 组委会 names the case 入围.
     */
    certificate: z
      .object({ issuer: z.string().min(1), defaultAward: z.string().min(1).max(30), statement: z.string().min(1) })
      .default({ issuer: '教育部教育技术与资源发展中心（中央电化教育馆）', defaultAward: '典型案例', statement: '在{callTitle}中，经专家评审，被评为“{award}”。' }),
    /** Levels below the province, lowest first; absent: authors submit straight to their province. */
    chain: z.array(chainLevelSchema).min(1).max(2).optional(),
  })
  .superRefine((call, ctx) => {
    const phaseIds = new Set<string>();
    for (const p of call.phases) {
      if (phaseIds.has(p.id)) ctx.addIssue({ code: 'custom', message: `duplicate phase ${p.id}` });
      phaseIds.add(p.id);
      if (p.start && p.start > p.end) ctx.addIssue({ code: 'custom', message: `phase ${p.id} starts after it ends` });
    }
    for (const needed of ['submission', 'province_recommendation'] as const) {
      if (!phaseIds.has(needed)) ctx.addIssue({ code: 'custom', message: `missing phase ${needed}` });
    }
    for (const t of call.caseTypes) {
      const keys = new Map(t.fields.map((f) => [f.key, f]));
      if (keys.size !== t.fields.length) ctx.addIssue({ code: 'custom', message: `${t.id}: duplicate field keys` });
      for (const ref of [t.titleField, t.summaryField, t.authorsField, t.quotaGroupField, t.videoPartsField]) {
        if (ref && !keys.has(ref)) ctx.addIssue({ code: 'custom', message: `${t.id}: field ${ref} is referenced but not defined` });
      }
      if (keys.get(t.authorsField)?.kind !== 'group') ctx.addIssue({ code: 'custom', message: `${t.id}: authors field must be a group` });
      const total = t.rubric.reduce((s, r) => s + r.weight, 0);
      if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', message: `${t.id}: rubric weights add up to ${total}, not 100` });
      const slots = new Set(t.attachments.map((a) => a.slot));
      if (slots.size !== t.attachments.length) ctx.addIssue({ code: 'custom', message: `${t.id}: duplicate attachment slots` });
      if (t.attachments.some((a) => a.role === 'report') && !t.checkParams.report) {
        ctx.addIssue({ code: 'custom', message: `${t.id}: a report slot needs checkParams.report` });
      }
      if (t.attachments.some((a) => a.role === 'video') && !t.checkParams.video) {
        ctx.addIssue({ code: 'custom', message: `${t.id}: a video slot needs checkParams.video` });
      }
      if (call.quota.groups.some((g) => g.values) && !t.quotaGroupField) {
        ctx.addIssue({ code: 'custom', message: `${t.id}: grouped quotas need a quotaGroupField` });
      }
    }
    if (call.chain) {
      const order = call.chain.map((l) => l.level).join(',');
      if (!['county', 'city', 'county,city'].includes(order)) ctx.addIssue({ code: 'custom', message: `chain levels must be county, city or county then city (got ${order})` });
      const ends: string[] = [];
      for (const l of call.chain) {
        const phase = call.phases.find((p) => p.id === l.deadlinePhase);
        if (!phase) ctx.addIssue({ code: 'custom', message: `chain level ${l.level}: phase ${l.deadlinePhase} is not defined` });
        else ends.push(phase.end);
        for (const code of Object.keys(l.quotas)) {
          if ((l.level === 'city') !== code.endsWith('00')) ctx.addIssue({ code: 'custom', message: `chain level ${l.level}: ${code} is not a ${l.level} code` });
        }
      }
      const province = call.phases.find((p) => p.id === 'province_recommendation');
      if (province) ends.push(province.end);
      if (ends.some((e, i) => i > 0 && e < ends[i - 1])) ctx.addIssue({ code: 'custom', message: 'a lower level\'s deadline must not be after the next level\'s' });
    }
    const grouped = call.quota.groups.filter((g) => g.values);
    const seen = new Set<string>();
    for (const g of grouped) for (const v of g.values!) {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `quota value ${v} is in two groups` });
      seen.add(v);
    }
  });
export type CallDef = z.infer<typeof callSchema>;

/** Validates a call definition; throws with every problem listed. */
export function loadCall(raw: unknown): CallDef {
  const parsed = callSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(call)'}: ${i.message}`).join('\n');
    throw new Error(`invalid call definition:\n${problems}`);
  }
  return parsed.data;
}
