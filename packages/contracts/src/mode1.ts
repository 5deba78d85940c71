// 方式一 (the province preselects its cases): the import history and the import's answer.
import { z } from 'zod';
import { ErrorBody, IsoTime } from './common.ts';

export const OptionalCallQuery = z.object({ callId: z.string().max(100).optional() });
export const ImportQuery = z.object({ callId: z.string().max(100).optional(), fileName: z.string().max(255).optional() });

export const Mode1Import = z.object({
  id: z.string(),
  fileName: z.string().nullable(),
  rows: z.number().int(),
  createdAt: IsoTime,
  /** Who imported it, by name. */
  createdBy: z.string().nullable(),
});

/** The cases an import created, row by row; each listed author is invited by SMS (`invited`). */
export const Mode1ImportResult = z.object({
  created: z.array(
    z.object({ row: z.number().int(), caseId: z.string(), title: z.string(), caseTypeName: z.string(), authorName: z.string(), authorPhone: z.string(), invited: z.boolean() }),
  ),
});

/**
 * A list that cannot be imported (code IMPORT_INVALID): each row's problems, so the administrator fixes the file and
 * uploads again; any other refusal (not an xlsx, too large) is the usual error body.
 */
export const Mode1ImportErrors = ErrorBody.extend({
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })).optional(),
});
