// Shapes shared by many routes: ids, errors, list pages, audit entries. The server validates requests and serialises
// responses with these schemas; the web client takes its types from them (z.infer), so neither side re-declares them.
import { z } from 'zod';
import { CASE_STATES, type CaseAction } from '@anli/domain/lifecycle.ts';

/** A database id in a path (uuid, or a short code for calls and provinces); the service answers 404 for unknown ones. */
export const Id = z.string().min(1).max(100);
export const IdParams = z.object({ id: Id });
export const CallIdParams = z.object({ callId: Id });

export const Ok = z.object({ ok: z.literal(true) });

/** A POST that takes no input: the client may send no body, null or `{}` (any fields are dropped). */
export const NoBody = z.object({}).nullish();

/** An upload whose request body is the file's bytes (no multipart); the route's content-type parser gives a Buffer. */
export const FileBody = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { error: '请上传文件' })
  .meta({ type: 'string', format: 'binary', description: '文件本身（请求体即文件的字节）' });

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


// ---------- one paging contract for every list ----------
// A list request names its page (from 1), its page size, a sort key of the list's own and a direction, plus the
// list's filters; the answer holds that page's items and the total of matching rows. Exports take the same filters and
// write every matching row.

const intText = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Largest page a list serves; exports stream all rows instead. */
export const MAX_PAGE_SIZE = 200;

export const PageQuery = z.object({
  page: intText(1, 1_000_000).optional(),
  pageSize: intText(1, MAX_PAGE_SIZE).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page query whose sort is one of the list's keys. */
export const pageQuery = <const S extends readonly [string, ...string[]]>(sorts: S) => PageQuery.extend({ sort: z.enum(sorts).optional() });

/** A page of a list: its items and the count of every matching row. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The page, size, offset and direction of a query (defaults: page 1, 20 rows, newest first). */
export function pageParams(q: PageQuery, defaults: { pageSize?: number; order?: 'asc' | 'desc' } = {}) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaults.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize, order: q.order ?? defaults.order ?? 'desc' };
}

// ---------- 审计日志 ----------

export const AuditListQuery = pageQuery(['at']).extend({
  objectId: z.string().max(100).optional(),
  event: z.string().max(100).optional(),
  provinceCode: z.string().max(10).optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/** An entry of the log as the 审计日志 page lists it (names for the outcome, object type and states). */
export const AuditListItem = AuditEntry.extend({
  outcomeLabel: z.string(),
  objectTypeLabel: z.string(),
  fromStateLabel: z.string(),
  toStateLabel: z.string(),
});
export type AuditListItem = z.infer<typeof AuditListItem>;

export const AuditListPage = pageOf(AuditListItem);
export type AuditListPage = z.infer<typeof AuditListPage>;

// ---------- 消息中心 ----------

export const NoticeListQuery = PageQuery.extend({ unread: z.enum(['1', 'true', '0', 'false', '']).optional() });
export const NoticeItem = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: IsoTime,
  readAt: IsoTime.nullable(),
});
/** A page of the user's notices, with the count of all unread ones (the bell's number). */
export const NoticePage = pageOf(NoticeItem).extend({ unread: z.number().int() });
export type NoticePage = z.infer<typeof NoticePage>;
