// Shapes shared by many routes: ids, errors, list pages, audit entries. The server validates requests and serialises
// responses with these schemas; the web client takes its types from them (z.infer), so neither side re-declares them.
import { z } from 'zod';
import { CASE_STATES, type CaseAction } from '@anli/domain/lifecycle.ts';

/** A database id in a path (uuid, or a short code for calls and provinces); the service answers 404 for unknown ones. */
export const Id = z.string().min(1).max(100);
export const IdParams = z.object({ id: Id });
export const CallIdParams = z.object({ callId: Id });

export const Ok = z.object({ ok: z.literal(true) });

/** A problem with one field, named by its path in the request (`form.authors.0.mobile`, `files.video`). */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** Every error response: a stable code and a Chinese message a person can act on. */
export const ErrorBody = z.object({ code: z.string(), message: z.string(), fields: z.array(FieldError).optional() });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const CaseState = z.enum(CASE_STATES);
export const CaseActionName = z.enum([
  'submit', 'withdraw', 'return', 'resubmit', 'recommend', 'unrecommend', 'chain_recommend', 'chain_unrecommend',
  'close_unrecommended', 'reopen', 'start_review', 'select', 'reject', 'publish', 'disqualify', 'decline',
] as const satisfies readonly CaseAction[]);

export const IsoTime = z.string();

export const AuditEntry = z.object({
  id: z.number(),
  at: IsoTime,
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  event: z.string(),
  outcome: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  provinceCode: z.string().nullable(),
  /** Names for people (never ids or codes): the event, the actor's role, the province, the object. */
  eventLabel: z.string().optional(),
  actorRoleLabel: z.string().optional(),
  provinceName: z.string().optional(),
  objectLabel: z.string().optional(),
  /** A case's step before and after, as its list says it (县级已推荐，待市级审核 …). */
  stepFrom: z.string().optional(),
  stepTo: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A reason given with an action (return, disqualify…); required where the action needs one. */
export const ReasonBody = z.object({ reason: z.string().max(2000).nullish() }).nullish();
