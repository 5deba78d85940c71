// A call's rubrics as the organiser sees and edits them: the notice's (read only) or the organiser's own (the 2025
// notice publishes none), editable until a review round of the call opens.
import { z } from 'zod';
import { RUBRIC_LIMITS } from '@anli/domain/review/scoring.ts';

export const RubricSubIndicator = z.object({
  name: z.string().max(RUBRIC_LIMITS.nameChars * 2),
  description: z.string().max(RUBRIC_LIMITS.descriptionChars * 2).default(''),
});

export const RubricIndicatorInput = z.object({
  /** Kept from the indicator being edited; a new indicator gets one from the server. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  name: z.string().max(RUBRIC_LIMITS.nameChars * 2),
  weight: z.number({ error: '分值须为数字' }),
  subIndicators: z.array(RubricSubIndicator).max(RUBRIC_LIMITS.subIndicators * 2),
});

export const RubricBody = z.object({ rubric: z.array(RubricIndicatorInput).max(RUBRIC_LIMITS.indicators * 2) });
export type RubricBody = z.infer<typeof RubricBody>;

export const RubricIndicatorOut = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number(),
  subIndicators: z.array(z.object({ name: z.string(), description: z.string() })),
});

export const CaseTypeRubric = z.object({
  caseType: z.string(),
  caseTypeName: z.string(),
  /** notice: published by the call's notice; organiser: the organiser's own. */
  source: z.enum(['notice', 'organiser']),
  /** How every page names the rubric's origin, e.g. 组委会自定评分标准（通知未公布）. */
  sourceLabel: z.string(),
  rubric: z.array(RubricIndicatorOut),
  /** The organiser changed the built-in rubric (who and when). */
  edited: z.object({ at: z.string(), by: z.string().nullable() }).nullable(),
  /** Whether the organiser may edit it now, and if not, why (Chinese). */
  editable: z.boolean(),
  lockedReason: z.string().nullable(),
});
export type CaseTypeRubric = z.infer<typeof CaseTypeRubric>;

export const CaseTypeParams = z.object({ callId: z.string().min(1).max(100), caseType: z.string().min(1).max(60) });
