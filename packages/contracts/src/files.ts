// A case's attachment slots as the case page shows them: what each slot asks for, its current file and the checker's
// results per rule with what each does to submission (explanations, the province's checklist).
import { z } from 'zod';
import { Id, IsoTime } from './common.ts';

export const SlotResult = z.object({
  rule: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'manual', 'error']),
  actual: z.unknown(),
  expected: z.unknown(),
  message: z.string(),
  /** A measured rule failing: blocks submission outright. */
  blocking: z.boolean(),
  kind: z.enum(['measured', 'detected', 'other']),
  gate: z.enum(['ok', 'blocks', 'needs_explanation', 'explained']),
  /** The author's 说明 of a detected finding, and the province's acceptance. */
  explanation: z.object({ text: z.string(), createdAt: IsoTime, acceptedAt: IsoTime.nullable(), acceptedBy: z.string().nullable() }).nullable(),
  /** Manual items only: the province's tick (null: not yet). */
  check: z.object({ checkedAt: IsoTime, checkedBy: z.string().nullable() }).nullable().optional(),
});
export type SlotResult = z.infer<typeof SlotResult>;

export const SlotFile = z.object({
  id: z.string(),
  filename: z.string(),
  size: z.number(),
  uploadedAt: IsoTime,
  checkStatus: z.enum(['pending', 'running', 'done', 'error']),
  checkedAt: IsoTime.nullable(),
  /** Other cases with the same bytes (0 for the author). */
  duplicateCases: z.number().int(),
  results: z.array(SlotResult),
});

export const SlotState = z.object({
  slot: z.string(),
  label: z.string(),
  role: z.enum(['infoform_pdf', 'infoform_word', 'courseware', 'video', 'report']),
  accept: z.array(z.string()),
  maxBytes: z.number(),
  required: z.boolean(),
  blocking: z.array(z.string()),
  explainable: z.array(z.string()),
  /** What the slot asks for, from the call data. */
  requirements: z.array(z.string()),
  file: SlotFile.nullable(),
});
export type SlotState = z.infer<typeof SlotState>;

/**
 * Where each slot's checks stand, for a page that waits for them: polled every 1.5 s while a check runs, and the full
 * slots (SlotState) read again only when one of these changes. Same slots and files as SlotState.
 */
export const SlotCheckStatus = z.object({
  slot: z.string(),
  fileId: z.string().nullable(),
  checkStatus: z.enum(['pending', 'running', 'done', 'error']).nullable(),
});
export type SlotCheckStatus = z.infer<typeof SlotCheckStatus>;

/** `download=1` asks for an attachment even where the browser could show the file (video, PDF). */
export const FileContentQuery = z.object({ download: z.string().max(10).optional() });
export const FileIdParams = z.object({ id: Id });

/** The same file (by content hash) uploaded to several cases: the organiser's 重复文件 list. */
export const DuplicateGroup = z.object({
  sha256: z.string(),
  cases: z.array(z.object({ caseId: z.string(), title: z.string(), provinceCode: z.string(), slot: z.string(), filename: z.string(), authorName: z.string() })),
});
export const DuplicatesQuery = z.object({ callId: z.string().max(100).optional() });
