// The organiser's call builder (issue 20): drafts copied from a call or started empty, edited, previewed against the
// call they came from, opened (version 1 frozen), changed later as new versions with a reason, exported and imported
// as definition files.
import { z } from 'zod';
import { FieldError, Id } from './common.ts';

export const BuilderCallState = z.enum(['builtin', 'draft', 'open']);

export const BuilderCallRow = z.object({
  id: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  /** builtin: a file of the platform never changed here; draft: not open yet; open: authors can use it. */
  state: BuilderCallState,
  /** The newest frozen version (0 for a draft). */
  version: z.number().int(),
  sourceCallId: z.string().nullable(),
  year: z.number().int().nullable(),
  caseCount: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type BuilderCallRow = z.infer<typeof BuilderCallRow>;

/** One difference between two definitions, by path (`caseTypes[0].fields[3].maxChars`). */
export const DefinitionChange = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type DefinitionChange = z.infer<typeof DefinitionChange>;

export const BuilderVersion = z.object({
  version: z.number().int(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});

export const BuilderCallDetail = z.object({
  id: z.string(),
  state: BuilderCallState,
  version: z.number().int(),
  sourceCallId: z.string().nullable(),
  /** The source call's title (the page names calls, never shows their ids). */
  sourceTitle: z.string().nullable(),
  year: z.number().int().nullable(),
  /** The definition as stored: a draft may be incomplete; an open call's is its newest version. */
  definition: z.record(z.string(), z.unknown()),
  /** What stops it from opening (or from being saved as a new version), each with its path. */
  errors: z.array(FieldError),
  /** Against the call it was copied from (a draft), or against the previous version (an open call). */
  changes: z.array(DefinitionChange),
  versions: z.array(BuilderVersion),
  caseCount: z.number().int(),
  submittedCount: z.number().int(),
});
export type BuilderCallDetail = z.infer<typeof BuilderCallDetail>;

const callId = z.string().trim().min(1, '请填写活动编号').max(60, '活动编号不超过 60 个字符');

export const CreateDraftBody = z.object({
  /** The call to copy; absent or null: start empty. */
  sourceCallId: Id.nullable().optional(),
  id: callId,
  title: z.string().trim().min(1, '请填写活动名称').max(100, '活动名称不超过 100 个字'),
  documentNo: z.string().trim().max(60, '文号不超过 60 个字').optional(),
  year: z.number().int().min(2020, '年份应在 2020 至 2100 之间').max(2100, '年份应在 2020 至 2100 之间'),
});
export type CreateDraftBody = z.infer<typeof CreateDraftBody>;

export const SaveDraftBody = z.object({ definition: z.record(z.string(), z.unknown()) });

export const ReviseBody = z.object({
  definition: z.record(z.string(), z.unknown()),
  reason: z.string().trim().min(2, '请写明修改原因（至少 2 个字）').max(500, '修改原因不超过 500 字'),
  /** The organiser confirms re-checking every affected file under the changed rules. */
  confirmRecheck: z.boolean().optional(),
});
export type ReviseBody = z.infer<typeof ReviseBody>;

export const ImportBody = z.object({
  /** The file's text (JSON with `$comment` notes, as exported). */
  text: z.string().min(1, '文件为空').max(1_000_000, '文件过大（不超过 1 MB）'),
});
