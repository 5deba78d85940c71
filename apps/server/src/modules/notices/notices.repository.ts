// Notice queries: a user's in-app notices, the recipients and facts the reminders look at (open cases, province
// administrators, contact forms, the reporting lock), and the organiser's announcements. A user's notices are read
// by their owner only (every read takes the user's id); reminders are the system's and read across provinces by code.
import type { Queryable } from '../../infra/db/db.ts';
import { audienceQuery, type AudienceId } from './audience.ts';

export interface NoticeRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

export interface NewNotice {
  userId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  caseId: string | null;
  dedupeKey: string | null;
  createdAt: string;
}

/** Who a notice's SMS and e-mail go to. */
export interface RecipientRow {
  phone: string;
  email: string | null;
  role: string;
  province_code: string | null;
  disabled: boolean;
}

/** A case a deadline reminder is about. */
export interface ReminderCaseRow {
  id: string;
  case_type: string;
  form: Record<string, unknown>;
  title: string;
  state: string;
  author_id: string;
}

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  audience: AudienceId;
  call_id: string | null;
  send_sms: boolean;
  recipients: number;
  created_by_name: string | null;
  created_at: Date;
  /** Recipients who read it. */
  read: number;
  /** SMS of it that went out. */
  sms_sent: number;
}

const NOTICE_COLUMNS = 'id, kind, title, body, link, created_at, read_at';

// ---------- creating notices ----------

/**
 * Inserts a notice unless the user already has one with its dedupe key; returns its id with its recipient's contact
 * details (read in the same statement), or null when skipped.
 */
export async function insertNotice(q: Queryable, n: NewNotice): Promise<{ id: string; recipient: RecipientRow | null } | null> {
  const [row] = await q.query<{ id: string } & { [K in keyof RecipientRow]: RecipientRow[K] | null }>(
    `with n as (
       insert into notices (user_id, kind, title, body, link, case_id, dedupe_key, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing returning id)
     select n.id, u.phone, u.email, u.role, u.province_code, u.disabled from n left join users u on u.id = $1`,
    [n.userId, n.kind, n.title, n.body, n.link, n.caseId, n.dedupeKey, n.createdAt],
  );
  if (!row) return null;
  const { id, ...u } = row;
  return { id, recipient: u.phone === null ? null : (u as RecipientRow) };
}

/** The e-mail address of the province's newest contact form that gives one. */
export async function findContactFormEmail(q: Queryable, provinceCode: string): Promise<string | null> {
  const [cf] = await q.query<{ email: string | null }>(
    `select data->>'email' as email from contact_forms where province_code = $1 and coalesce(data->>'email', '') <> '' order by submitted_at desc limit 1`,
    [provinceCode],
  );
  return cf?.email ?? null;
}

/** The active administrators of a province. */
export function listProvinceAdmins(q: Queryable, provinceCode: string) {
  return q.query<{ id: string }>(`select id from users where role = 'province_admin' and province_code = $1 and not disabled`, [provinceCode]);
}

// ---------- reminders ----------

/** Drafts and returned cases of active authors in one province of a call, oldest first. */
export function listOpenCases(q: Queryable, callId: string, provinceCode: string) {
  return q.query<ReminderCaseRow>(
    `select c.id, c.case_type, c.form, c.title, c.state, c.author_id from cases c join users u on u.id = c.author_id
         where c.call_id = $1 and c.province_code = $2 and c.state in ('draft', 'returned') and not u.disabled order by c.created_at`,
    [callId, provinceCode],
  );
}

/** Returned cases of active authors that may still be resubmitted after `now` (any province), oldest first. */
export function listResubmittableCases(q: Queryable, callId: string, now: string) {
  return q.query<ReminderCaseRow & { resubmit_until: Date }>(
    `select c.id, c.case_type, c.form, c.title, c.state, c.author_id, c.resubmit_until from cases c join users u on u.id = c.author_id
       where c.call_id = $1 and c.state = 'returned' and c.resubmit_until > $2 and not u.disabled order by c.created_at`,
    [callId, now],
  );
}

/** Which of these dedupe keys some notice already uses. */
export async function usedDedupeKeys(q: Queryable, keys: string[]): Promise<Set<string>> {
  const rows = await q.query<{ dedupe_key: string }>('select dedupe_key from notices where dedupe_key = any($1::text[])', [keys]);
  return new Set(rows.map((r) => r.dedupe_key));
}

/** Whether the province has filled in the call's contact form. */
export async function hasContactForm(q: Queryable, callId: string, provinceCode: string): Promise<boolean> {
  const rows = await q.query('select 1 from contact_forms where call_id = $1 and province_code = $2', [callId, provinceCode]);
  return rows.length > 0;
}

// ---------- a user's own notices ----------

/** One page of the user's notices, newest first. */
export function listUserNotices(q: Queryable, userId: string, opts: { unreadOnly: boolean; limit: number; offset: number }) {
  const unreadOnly = opts.unreadOnly ? 'and read_at is null' : '';
  return q.query<NoticeRow>(
    `select ${NOTICE_COLUMNS} from notices where user_id = $1 ${unreadOnly}
         order by created_at desc, id desc limit $2 offset $3`,
    [userId, opts.limit, opts.offset],
  );
}

/** How many of the user's notices the filter matches, and how many are unread. */
export async function countUserNotices(q: Queryable, userId: string, unreadOnly: boolean): Promise<{ total: number; unread: number }> {
  const only = unreadOnly ? 'and read_at is null' : '';
  const [c] = await q.query<{ total: number; unread: number }>(
    `select count(*) filter (where true ${only})::int as total, count(*) filter (where read_at is null)::int as unread from notices where user_id = $1`,
    [userId],
  );
  return c!;
}

export async function countUnread(q: Queryable, userId: string): Promise<number> {
  const [c] = await q.query<{ n: number }>('select count(*)::int as n from notices where user_id = $1 and read_at is null', [userId]);
  return c!.n;
}

/** Marks one of the user's notices read (kept when already read); null when the user has no such notice. */
export async function markNoticeRead(q: Queryable, userId: string, id: string, now: string): Promise<NoticeRow | null> {
  const [r] = await q.query<NoticeRow>(`update notices set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning ${NOTICE_COLUMNS}`, [id, userId, now]);
  return r ?? null;
}

/** Marks every unread notice of the user read; returns how many. */
export async function markAllNoticesRead(q: Queryable, userId: string, now: string): Promise<number> {
  const rows = await q.query('update notices set read_at = $2 where user_id = $1 and read_at is null returning id', [userId, now]);
  return rows.length;
}

// ---------- announcements ----------

export async function insertAnnouncement(
  q: Queryable,
  a: { title: string; body: string; audience: AudienceId; callId: string | null; sendSms: boolean; createdBy: string; createdByName: string; createdAt: string },
): Promise<string> {
  const [r] = await q.query<{ id: string }>(
    `insert into announcements (title, body, audience, call_id, send_sms, created_by, created_by_name, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [a.title, a.body, a.audience, a.callId, a.sendSms, a.createdBy, a.createdByName, a.createdAt],
  );
  return r!.id;
}

/**
 * One notice per active user of the audience, created in bulk in the database; returns how many (counted there:
 * returning 50,000 ids to the application only to count them costs more than the insert).
 */
export async function insertAnnouncementNotices(
  q: Queryable,
  announcementId: string,
  a: { title: string; body: string; audience: AudienceId; callId: string | null; createdAt: string },
): Promise<number> {
  const params: unknown[] = [announcementId, a.title, a.body, a.createdAt];
  const who = audienceQuery(a.audience, a.callId, params);
  const [{ n }] = await q.query<{ n: number }>(
    `with ins as (insert into notices (user_id, kind, title, body, link, announcement_id, created_at)
             select r.id, 'announcement', $2, $3, '/notices', $1, $4 from (${who.sql}) r returning 1)
           select count(*)::int as n from ins`,
    who.params,
  );
  return n;
}

/** One SMS per notice of the announcement, inserted in bulk (the same template and parameters for all). */
export async function insertAnnouncementSms(q: Queryable, announcementId: string, text: string | null, params: Record<string, string>, now: string) {
  await q.query(
    `insert into notice_outbox (notice_id, user_id, channel, recipient, template, text, params, created_at, next_attempt_at)
             select n.id, n.user_id, 'sms', u.phone, 'announcement', $2, $3, $4, $4 from notices n join users u on u.id = n.user_id where n.announcement_id = $1`,
    [announcementId, text, JSON.stringify(params), now],
  );
}

export async function setAnnouncementRecipients(q: Queryable, announcementId: string, recipients: number) {
  await q.query('update announcements set recipients = $2 where id = $1', [announcementId, recipients]);
}

/** Every announcement (newest first, at most 200) with its read and SMS-sent counts: the organiser's list. */
export function listAnnouncements(q: Queryable) {
  return q.query<AnnouncementRow>(
    `select a.*, (select count(*)::int from notices n where n.announcement_id = a.id and n.read_at is not null) as read,
                (select count(*)::int from notice_outbox o join notices n on n.id = o.notice_id where n.announcement_id = a.id and o.status = 'sent') as sms_sent
         from announcements a order by a.created_at desc limit 200`,
  );
}

/** Announcements a viewer may read (newest first, at most 100): to everyone, or (signed in) addressed to them. */
export function listVisibleAnnouncements(q: Queryable, viewerId: string | null) {
  return q.query<{ id: string; title: string; body: string; created_at: Date }>(
    viewerId
      ? `select a.id, a.title, a.body, a.created_at from announcements a where a.audience = 'everyone'
               or exists (select 1 from notices n where n.announcement_id = a.id and n.user_id = $1) order by a.created_at desc limit 100`
      : `select a.id, a.title, a.body, a.created_at from announcements a where a.audience = 'everyone' order by a.created_at desc limit 100`,
    viewerId ? [viewerId] : [],
  );
}
