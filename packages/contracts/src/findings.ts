// What blocks submission, the human path: an author's explanation (说明) of a detected-rule finding, the province's
// acceptance of it, and the province's checklist of manual items.
import { z } from 'zod';
import { EXPLANATION_MAX_CHARS } from '@anli/domain/blocking.ts';

const SlotRule = {
  slot: z.string().min(1).max(40),
  rule: z.string().min(1).max(60),
};

export const ExplainBody = z.object({
  ...SlotRule,
  /** Empty removes the explanation. */
  text: z.string().max(EXPLANATION_MAX_CHARS * 4, { error: `说明不能超过 ${EXPLANATION_MAX_CHARS} 字` }),
});
export type ExplainBody = z.infer<typeof ExplainBody>;

export const AcceptBody = z.object(SlotRule);
export type AcceptBody = z.infer<typeof AcceptBody>;

export const ChecklistBody = z.object({ ...SlotRule, checked: z.boolean() });
export type ChecklistBody = z.infer<typeof ChecklistBody>;
