// A call as the public pages and the organiser's 活动设置 read it: the definition (validated on load, so its own schema
// describes it), each phase's effective window, the scenario suggestions, and the organiser's date settings.
import { z } from 'zod';
import { callSchema } from '@anli/domain/calls/schema.ts';
import { Id } from './common.ts';
import { Phase } from './province.ts';

export const CallSummary = z.object({
  id: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  onePerAuthor: z.boolean(),
  provinceModes: z.boolean(),
  /** Whether cases go through county/city recommendation first (the definition's chain). */
  hasChain: z.boolean(),
  caseTypes: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string() })),
  phases: z.array(Phase),
});
export type CallSummary = z.infer<typeof CallSummary>;

const Example = z.object({ title: z.string(), description: z.string() });
const MainScene = z.object({
  name: z.string(),
  typicalScenes: z.array(z.object({ name: z.string(), description: z.string(), microScenes: z.array(z.string()) })),
});
const CategorySuggestion = z.object({
  category: z.string(),
  aim: z.string(),
  scenes: z.array(z.string()),
  examples: z.array(Example),
});

/** The definition with its phases as they stand for the viewer's province, and the suggestions of the scenario fields. */
export const CallDetail = z.object({
  ...callSchema.shape,
  phases: z.array(Phase),
  scenarios: z.object({ aiFramework: z.array(MainScene), evidenceCategories: z.array(CategorySuggestion), studioExamples: z.array(Example) }),
});
export type CallDetail = z.infer<typeof CallDetail>;

/** The organiser's date settings: phase overrides and per-province extensions. */
export const PhaseOverride = z.object({
  phaseId: z.string(),
  start: z.string().nullable().optional(),
  end: z.string().nullable().optional(),
  forced: z.enum(['open', 'closed']).nullable().optional(),
  demo: z.boolean().optional(),
});
export const Extension = z.object({ phaseId: z.string(), provinceCode: z.string(), end: z.string() });
export type Extension = z.infer<typeof Extension>;

/** The organiser's view: national phases (without any province's extension) and the date settings. */
export const OrgCallDetail = z.object({
  ...callSchema.shape,
  phases: z.array(Phase),
  overrides: z.array(PhaseOverride),
  extensions: z.array(Extension),
});
export type OrgCallDetail = z.infer<typeof OrgCallDetail>;

export const PhaseParams = z.object({ callId: Id, phaseId: Id });
const date = z.string().max(20);
/** Dates as YYYY-MM-DD (Beijing time); empty or null: back to the notice's date. */
export const SetPhaseBody = z.object({ start: date.nullish(), end: date.nullish(), forced: z.enum(['open', 'closed', '']).nullish() });
export const AddExtensionBody = z.object({ provinceCode: z.string().max(12).optional(), phaseId: z.string().max(60).optional(), end: date.optional() });
export const ExtensionParams = z.object({ callId: Id, provinceCode: Id, phaseId: Id });
