// Outbox queries: the messages of notice_outbox (queued, claimed, settled, listed for the organiser) and the SMS
// counters (sms_counters) that limit sending. The outbox is national (only the organiser reads it), so no read here
// takes a viewer's scope; recipients leave this file unmasked and the service masks them before anyone sees them.
import { sqlParams, type Queryable } from '../../infra/db/db.ts';

/** What every read of a queued message has. */
interface OutboxBase {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  text: string;
  subject: string | null;
}

/** A claimed message: what a delivery attempt needs. */
export interface OutboxRow extends OutboxBase {
  params: Record<string, string> | null;
  secret_params: Record<string, string> | null;
  expires_at: Date | null;
  attempts: number;
}

/** A message as the organiser's page shows it (the secret parameters only as has_secret). */
export interface OutboxViewRow extends OutboxBase {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  error_code: string | null;
  permanent: boolean;
  provider: string | null;
  provider_ref: string | null;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date;
  expires_at: Date | null;
  has_secret: boolean;
}

export interface NewOutboxMessage {
  noticeId: string | null;
  userId: string | null;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  text: string;
  subject: string | null;
  /** JSON text, or null. */
  params: string | null;
  secretParams: string | null;
  expiresAt: string | null;
  createdAt: string;
}

const CLAIM_COLUMNS = 'id, channel, recipient, template, text, subject, params, secret_params, expires_at, attempts';
const VIEW_COLUMNS = `id, channel, recipient, template, text, subject, status, attempts, last_error, error_code, permanent, provider, provider_ref,
                created_at, sent_at, next_attempt_at, expires_at, secret_params is not null as has_secret`;

/** Writes one message (due at once); returns its id. */
export async function insertOutboxMessage(q: Queryable, m: NewOutboxMessage): Promise<string> {
  const [r] = await q.query<{ id: string }>(
    `insert into notice_outbox (notice_id, user_id, channel, recipient, template, text, subject, params, secret_params, expires_at, created_at, next_attempt_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning id`,
    [m.noticeId, m.userId, m.channel, m.recipient, m.template, m.text, m.subject, m.params, m.secretParams, m.expiresAt, m.createdAt],
  );
  return r!.id;
}

/** SMS sent since `hourAgo` and since `dayAgo`. */
export async function countSmsSent(q: Queryable, hourAgo: string, dayAgo: string): Promise<{ hour: number; day: number }> {
  const [r] = await q.query<{ hour: number; day: number }>(
    `select count(*) filter (where sent_at > $1)::int as hour, count(*)::int as day from notice_outbox where channel = 'sms' and status = 'sent' and sent_at > $2`,
    [hourAgo, dayAgo],
  );
  return r!;
}

// ---------- SMS counters ----------

/** Adds one to each counter (in the order given, so concurrent updates never deadlock); returns the new values. */
export function bumpSmsCounters(q: Queryable, keys: string[], expiresAt: string) {
  return q.query<{ key: string; n: number }>(
    `insert into sms_counters (key, n, expires_at) select key, 1, $2 from unnest($1::text[]) with ordinality as t(key, i) order by i
       on conflict (key) do update set n = sms_counters.n + 1 returning key, n`,
    [keys, expiresAt],
  );
}

/** Takes one back from each counter. */
export async function dropSmsCounters(q: Queryable, keys: string[]) {
  await q.query('update sms_counters set n = greatest(n - 1, 0) where key = any($1::text[])', [keys]);
}

export function readSmsCounters(q: Queryable, keys: string[]) {
  return q.query<{ key: string; n: number }>('select key, n from sms_counters where key = any($1::text[])', [keys]);
}

/** Counters of windows that are no longer read. */
export async function deleteExpiredSmsCounters(q: Queryable, now: string) {
  await q.query('delete from sms_counters where expires_at < $1', [now]);
}

// ---------- delivery ----------

/**
 * Claims up to `batch` due messages (attempt counted, leased until `leaseUntil`), skipping rows another process holds;
 * SMS only when `smsRoom`. Run inside a transaction.
 */
export function claimDueMessages(q: Queryable, now: string, leaseUntil: string, batch: number, smsRoom: boolean) {
  return q.query<OutboxRow>(
    `update notice_outbox set attempts = attempts + 1, next_attempt_at = $2, last_attempt_at = $1
           where id in (select id from notice_outbox where status = 'pending' and next_attempt_at <= $1 and ($4 or channel <> 'sms')
                        order by next_attempt_at, id limit $3 for update skip locked)
           returning ${CLAIM_COLUMNS}`,
    [now, leaseUntil, batch, smsRoom],
  );
}

/** Claims one pending message that is due (null when it is not: sent, failed, or claimed and leased by a delivery run). */
export async function claimMessage(q: Queryable, id: string, now: string, leaseUntil: string): Promise<OutboxRow | null> {
  const [m] = await q.query<OutboxRow>(
    `update notice_outbox set attempts = attempts + 1, next_attempt_at = $3, last_attempt_at = $2
         where id = $1 and status = 'pending' and next_attempt_at <= $2 returning ${CLAIM_COLUMNS}`,
    [id, now, leaseUntil],
  );
  return m ?? null;
}

/** Gives the message up (its secret parameters cleared when asked). */
export async function markFailed(q: Queryable, id: string, code: string, message: string, permanent: boolean, clearSecret: boolean) {
  await q.query(
    `update notice_outbox set status = 'failed', error_code = $2, last_error = $3, permanent = $4, secret_params = case when $5 then null else secret_params end where id = $1`,
    [id, code, message, permanent, clearSecret],
  );
}

/** Held back by the total limit: the attempt is handed back and the message waits until `nextAt`. */
export async function deferMessage(q: Queryable, id: string, nextAt: string, reason: string) {
  await q.query(
    `update notice_outbox set attempts = greatest(attempts - 1, 0), next_attempt_at = $2, error_code = 'TOTAL_LIMIT', last_error = $3 where id = $1`,
    [id, nextAt, reason],
  );
}

export async function markSent(q: Queryable, id: string, sentAt: string, provider: string | null, providerRef: string | null) {
  await q.query(
    `update notice_outbox set status = 'sent', sent_at = $2, last_error = null, error_code = null, permanent = false, secret_params = null,
           provider = $3, provider_ref = $4 where id = $1`,
    [id, sentAt, provider, providerRef],
  );
}

/** A failed attempt: pending again at `nextAt`, or failed when given up. */
export async function markAttemptFailed(
  q: Queryable,
  id: string,
  f: { status: 'pending' | 'failed'; nextAt: string; message: string; code: string | null; permanent: boolean; provider: string | null },
) {
  await q.query(
    `update notice_outbox set status = $2, next_attempt_at = $3, last_error = $4, error_code = $5, permanent = $6, provider = coalesce($7, provider) where id = $1`,
    [id, f.status, f.nextAt, f.message, f.code, f.permanent, f.provider],
  );
}

export async function findOutcome(q: Queryable, id: string): Promise<{ status: string; error_code: string | null; permanent: boolean } | null> {
  const [r] = await q.query<{ status: string; error_code: string | null; permanent: boolean }>('select status, error_code, permanent from notice_outbox where id = $1', [id]);
  return r ?? null;
}

// ---------- the organiser's page ----------

export interface OutboxFilter {
  status?: string;
  channel?: string;
  template?: string;
  /** A whole number or address. */
  recipient?: string;
  /** The last digits of a number. */
  recipientSuffix?: string;
  /** Created at or after / before (ISO). */
  from?: string;
  to?: string;
}

/** Sort keys of the list and the column each orders by. */
export const OUTBOX_SORTS = { created: 'created_at', sent: 'sent_at', attempts: 'attempts', status: 'status', next: 'next_attempt_at' } as const;
export type OutboxSortKey = keyof typeof OUTBOX_SORTS;

function outboxWhere(f: OutboxFilter, params: unknown[]): string {
  const where: string[] = [];
  const param = sqlParams(params);
  if (f.status) where.push(`status = ${param(f.status)}`);
  if (f.channel) where.push(`channel = ${param(f.channel)}`);
  if (f.template) where.push(`template = ${param(f.template)}`);
  if (f.recipientSuffix) where.push(`recipient like ${param(`%${f.recipientSuffix}`)}`);
  else if (f.recipient) where.push(`recipient = ${param(f.recipient)}`);
  if (f.from) where.push(`created_at >= ${param(f.from)}`);
  if (f.to) where.push(`created_at < ${param(f.to)}`);
  return where.length ? `where ${where.join(' and ')}` : '';
}

/** One page of messages matching the filter, and how many match. */
export async function listOutbox(
  q: Queryable,
  f: OutboxFilter,
  opts: { sort: OutboxSortKey; order: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ rows: OutboxViewRow[]; total: number }> {
  const p: unknown[] = [];
  const cond = outboxWhere(f, p);
  const col = OUTBOX_SORTS[opts.sort];
  const order = opts.order === 'asc' ? 'asc' : 'desc';
  const filterParams = [...p];
  const rows = await q.query<OutboxViewRow>(
    `select ${VIEW_COLUMNS}
         from notice_outbox ${cond} order by ${col} ${order} nulls last, id ${order} limit $${p.push(opts.limit)} offset $${p.push(opts.offset)}`,
    p,
  );
  const [c] = await q.query<{ total: number }>(`select count(*)::int as total from notice_outbox ${cond}`, filterParams);
  return { rows, total: c!.total };
}

/** How many messages are in each status. */
export function countOutboxByStatus(q: Queryable) {
  return q.query<{ status: string; n: number }>('select status, count(*)::int as n from notice_outbox group by status');
}

/** One message as the page shows it, locked for a change. */
export async function findOutboxForUpdate(q: Queryable, id: string): Promise<OutboxViewRow | null> {
  const [r] = await q.query<OutboxViewRow>(`select ${VIEW_COLUMNS}
           from notice_outbox where id = $1 for update`, [id]);
  return r ?? null;
}

/** Queues a failed message again, due at `now`. */
export async function requeueMessage(q: Queryable, id: string, now: string) {
  await q.query(`update notice_outbox set status = 'pending', next_attempt_at = $2, permanent = false where id = $1`, [id, now]);
}
