// Notices: the in-app notice of every moment that matters plus its SMS/e-mail through an outbox, deadline
// reminders (3 days and 1 day before, for what is still missing), and the organiser's announcements.
//
// A moment writes its notice and outbox rows in the caller's transaction, so they exist exactly when the state
// change commits; a job delivers the outbox and retries failures, so a crash or a gateway outage loses nothing.
// Reminders carry an idempotency key per (user, case or province, deadline, moment), so running them again — or from
// two processes — never sends one twice.
import type { AnnounceBody } from '@anli/contracts/notices.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { beijingDate, isPhaseOpen, phaseWindow, type PhaseId } from '@anli/domain/deadline.ts';
import { validateForm, type FieldError } from '@anli/domain/form.ts';
import type { CaseAction } from '@anli/domain/lifecycle.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { quotaUsage } from '@anli/domain/quota.ts';
import { dueReminder } from '@anli/domain/reminder.ts';
import type { RecommendationLevel } from '@anli/domain/chain.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { countRecommended } from '../cases/case.repository.ts';
import type { MessagingService, QueuedMessage } from '../messaging/messaging.service.ts';
import { renderSms, smsParams } from '../messaging/templates.ts';
import { AUDIENCES, audienceQuery, isAudience, type AudienceId } from './audience.ts';
import {
  announcementSms, CASE_MOMENT_KIND, caseDeclinedText, caseMomentText, contactFormReminderText, NOTICE_KINDS, recommendationReminderText,
  checkChangedText, submissionReminderText, type CaseMoment, type NoticeKind, type NoticeText,
} from './notice.texts.ts';

/** The two jobs of this module (see infra/jobs/registry.ts). */
export interface NoticeJobs {
  send(name: 'notices.deliver' | 'notices.tick', data: Record<string, never>, opts?: { tx?: Queryable; singletonKey?: string; startAfterSeconds?: number }): Promise<unknown>;
}

export interface NoticesDeps {
  db: Db;
  clock: Clock;
  /** The outbox: notices queue their SMS and e-mail there. */
  messaging: MessagingService;
  calls: CallsService;
  jobs: NoticeJobs;
  /** What the files of a case still lack for submission. */
  files: { submissionProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]> };
}

export interface NoticeInput {
  userId: string;
  kind: NoticeKind;
  text: NoticeText;
  caseId?: string | null;
  /** Set for moments that must reach a user once; a second notice with the same key is not created. */
  dedupeKey?: string | null;
  /** Queue the SMS (and an e-mail where the user has an address); default true. */
  external?: boolean;
}

export { MAX_ATTEMPTS } from '../messaging/messaging.service.ts';
const TICK_SECONDS = 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number) => new Date(ms).toISOString();
const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
const CASE_MOMENTS = new Set<string>(Object.keys(CASE_MOMENT_KIND));

/** An e-mail carries the whole notice, and where to read it on the platform. */
function emailBody(t: NoticeText): string {
  return `${t.title}\n\n${t.body}\n\n请登录案例征集平台查看详情。本邮件由系统自动发送，请勿直接回复。`;
}

export function noticesService(deps: NoticesDeps) {
  const { db, clock, calls, messaging } = deps;
  const enqueueDelivery = (q: Queryable) => messaging.enqueueDelivery(q);

  /** Where a user's e-mail goes: their own address, or for a provincial administrator the contact form's. */
  async function emailOf(q: Queryable, u: { email: string | null; role: string; province_code: string | null }): Promise<string | null> {
    if (u.email) return u.email;
    if (u.role !== 'province_admin' || !u.province_code) return null;
    const [cf] = await q.query<{ email: string | null }>(
      `select data->>'email' as email from contact_forms where province_code = $1 and coalesce(data->>'email', '') <> '' order by submitted_at desc limit 1`,
      [u.province_code],
    );
    return cf?.email ?? null;
  }

  /** Creates notices (skipping keys already used) and their outbox messages in `q`; returns how many were created. */
  async function notifyMany(q: Queryable, inputs: NoticeInput[], now = clock.now(), opts: { enqueue?: boolean } = {}): Promise<number> {
    let created = 0;
    for (const n of inputs) {
      const [row] = await q.query<{ id: string }>(
        `insert into notices (user_id, kind, title, body, link, case_id, dedupe_key, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing returning id`,
        [n.userId, n.kind, n.text.title, n.text.body, n.text.link, n.caseId ?? null, n.dedupeKey ?? null, iso(now)],
      );
      if (!row) continue;
      created++;
      if (n.external === false) continue;
      const [u] = await q.query<{ phone: string; email: string | null; role: string; province_code: string | null; disabled: boolean }>(
        'select phone, email, role, province_code, disabled from users where id = $1', [n.userId],
      );
      if (!u || u.disabled) continue;
      const { params } = smsParams(n.kind, n.text.sms as never);
      const messages: QueuedMessage[] = [{ channel: 'sms', to: u.phone, kind: n.kind, params, userId: n.userId, noticeId: row.id }];
      const email = await emailOf(q, u);
      if (email) messages.push({ channel: 'email', to: email, kind: n.kind, subject: `【案例征集平台】${n.text.title}`, body: emailBody(n.text), userId: n.userId, noticeId: row.id });
      await messaging.queue(q, messages, { now, enqueue: false });
    }
    if (created && opts.enqueue !== false) await enqueueDelivery(q);
    return created;
  }

  /** Missing parts of a case for submission, in words: files by slot, form fields by label. */
  async function missingOf(q: Queryable, call: CallDef, c: { id: string; case_type: string; form: Record<string, unknown> }): Promise<string[]> {
    const type = findCaseType(call, c.case_type);
    if (!type) return [];
    const out: string[] = [];
    const fields = new Set<string>();
    for (const e of validateForm(type, c.form ?? {})) {
      const key = e.path.split('.')[0]!;
      fields.add(type.fields.find((f) => f.key === key)?.label ?? key);
    }
    const files = await deps.files.submissionProblems(q, c.id, type);
    if (fields.size) out.push(`填写${[...fields].slice(0, 6).join('、')}${fields.size > 6 ? `等 ${fields.size} 项` : ''}`);
    for (const f of files) out.push(f.message);
    return out;
  }

  type Settings = Awaited<ReturnType<CallsService['settings']>>;
  /** Provinces whose deadline of `phaseId` has a reminder due at `now`, with that deadline. */
  function dueProvinces(call: CallDef, phaseId: PhaseId, s: Settings, now: number) {
    const due: Array<{ provinceCode: string; endsAt: number; days: number }> = [];
    for (const p of PROVINCES) {
      // The submission window of a province ends at its own author deadline (else its recommendation deadline).
      const w = phaseWindow(call, phaseId, s.overrides, s.extensions, p.code, s.authorDeadlines);
      if (!w || !isPhaseOpen(w, now)) continue;
      const days = dueReminder(w.endsAt, now);
      if (days) due.push({ provinceCode: p.code, endsAt: w.endsAt, days });
    }
    return due;
  }

  async function adminsOf(q: Queryable, provinceCode: string) {
    return q.query<{ id: string }>(`select id from users where role = 'province_admin' and province_code = $1 and not disabled`, [provinceCode]);
  }

  /** Reminders queue no delivery job each: runDueReminders ends by queuing one for all of them. */
  const NO_JOB = { enqueue: false };

  async function remindCall(call: CallDef, now: number): Promise<number> {
    const s = await calls.settings(call.id);
    let created = 0;
    // Authors: drafts and returned cases before the submission deadline of their province.
    for (const d of dueProvinces(call, 'submission', s, now)) {
      const open = await db.query<{ id: string; case_type: string; form: Record<string, unknown>; title: string; state: string; author_id: string }>(
        `select c.id, c.case_type, c.form, c.title, c.state, c.author_id from cases c join users u on u.id = c.author_id
         where c.call_id = $1 and c.province_code = $2 and c.state in ('draft', 'returned') and not u.disabled order by c.created_at`,
        [call.id, d.provinceCode],
      );
      const keyOf = (caseId: string) => `deadline:submission:${call.id}:${beijingDate(d.endsAt)}:${d.days}d:${caseId}`;
      // Keys already used (one query per province), then the rest in transactions of up to 200 reminders.
      const done = new Set((await db.query<{ dedupe_key: string }>(
        'select dedupe_key from notices where dedupe_key = any($1::text[])', [open.map((c) => keyOf(c.id))],
      )).map((r) => r.dedupe_key));
      const todo = open.filter((c) => !done.has(keyOf(c.id)));
      for (let i = 0; i < todo.length; i += 200) {
        const chunk = todo.slice(i, i + 200);
        created += await db.tx(async (q) => {
          const inputs: NoticeInput[] = [];
          for (const c of chunk) {
            const missing = await missingOf(q, call, c);
            inputs.push({ userId: c.author_id, kind: 'deadline_submission', caseId: c.id, dedupeKey: keyOf(c.id), text: submissionReminderText(c, d.days, d.endsAt, missing) });
          }
          return notifyMany(q, inputs, now, NO_JOB);
        });
      }
    }
    // Authors of cases returned after their province's author deadline: before the resubmission date they were given.
    const late = await db.query<{ id: string; case_type: string; form: Record<string, unknown>; title: string; state: string; author_id: string; resubmit_until: Date }>(
      `select c.id, c.case_type, c.form, c.title, c.state, c.author_id, c.resubmit_until from cases c join users u on u.id = c.author_id
       where c.call_id = $1 and c.state = 'returned' and c.resubmit_until > $2 and not u.disabled order by c.created_at`,
      [call.id, new Date(now).toISOString()],
    );
    const dueLate = late.flatMap((c) => {
      const endsAt = new Date(c.resubmit_until).getTime();
      const days = dueReminder(endsAt, now);
      return days ? [{ c, endsAt, days, dedupeKey: `deadline:resubmit:${call.id}:${beijingDate(endsAt)}:${days}d:${c.id}` }] : [];
    });
    // As above: the keys already used in one query, then the reminders in transactions of up to 200.
    const sentLate = new Set((await db.query<{ dedupe_key: string }>(
      'select dedupe_key from notices where dedupe_key = any($1::text[])', [dueLate.map((x) => x.dedupeKey)],
    )).map((r) => r.dedupe_key));
    const todoLate = dueLate.filter((x) => !sentLate.has(x.dedupeKey));
    for (let i = 0; i < todoLate.length; i += 200) {
      const chunk = todoLate.slice(i, i + 200);
      created += await db.tx(async (q) => {
        const inputs: NoticeInput[] = [];
        for (const { c, endsAt, days, dedupeKey } of chunk) {
          inputs.push({ userId: c.author_id, kind: 'deadline_submission', caseId: c.id, dedupeKey, text: submissionReminderText(c, days, endsAt, await missingOf(q, call, c)) });
        }
        return notifyMany(q, inputs, now, NO_JOB);
      });
    }
    // Provincial administrators: the list not reported yet (with the unused quota), or no contact form.
    for (const d of dueProvinces(call, 'province_recommendation', s, now)) {
      const [st] = await db.query<{ locked: boolean }>('select locked from province_status where call_id = $1 and province_code = $2', [call.id, d.provinceCode]);
      const [cf] = await db.query('select 1 from contact_forms where call_id = $1 and province_code = $2', [call.id, d.provinceCode]);
      const missing: string[] = [];
      if (!st?.locked) {
        const unused = quotaUsage(call, await countRecommended(db, call.id, d.provinceCode), d.provinceCode).filter((g) => g.used < g.max);
        missing.push('推荐名单尚未上报（推荐完成后请点击“推荐上报”）');
        if (unused.length) missing.push(`名额尚未用完：${unused.map((g) => `${g.name}已推荐 ${g.used} 个，上限 ${g.max} 个`).join('，')}`);
      }
      if (!cf) missing.push('联系人信息表尚未填写');
      if (!missing.length) continue;
      const key = `deadline:province_recommendation:${call.id}:${d.provinceCode}:${beijingDate(d.endsAt)}:${d.days}d`;
      const text = recommendationReminderText(call.title, d.days, d.endsAt, missing);
      const admins = await adminsOf(db, d.provinceCode);
      created += await db.tx((q) => notifyMany(q, admins.map((a) => ({ userId: a.id, kind: 'deadline_recommendation' as const, dedupeKey: key, text })), now, NO_JOB));
    }
    // The contact form before its own deadline.
    const cfPhase = call.contactForm?.deadlinePhase;
    if (cfPhase) {
      for (const d of dueProvinces(call, cfPhase, s, now)) {
        const [cf] = await db.query('select 1 from contact_forms where call_id = $1 and province_code = $2', [call.id, d.provinceCode]);
        if (cf) continue;
        const key = `deadline:${cfPhase}:${call.id}:${d.provinceCode}:${beijingDate(d.endsAt)}:${d.days}d`;
        const text = contactFormReminderText(call.title, d.days, d.endsAt);
        const admins = await adminsOf(db, d.provinceCode);
        created += await db.tx((q) => notifyMany(q, admins.map((a) => ({ userId: a.id, kind: 'deadline_contact_form' as const, dedupeKey: key, text })), now, NO_JOB));
      }
    }
    return created;
  }

  function present(r: { id: string; kind: string; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }) {
    return {
      id: r.id,
      kind: r.kind,
      kindLabel: NOTICE_KINDS[r.kind as NoticeKind] ?? r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: new Date(r.created_at).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    };
  }

  return {
    notifyMany,

    /** Called by transitionCase inside its transaction: tells the author what the province or the organiser did. */
    /** A file's check result changed after the organiser changed the call's rules: its author is told, once per file and rules. */
    async notifyCheckChanged(c: { caseId: string; authorId: string; title: string; slotLabel: string; fileId: string; version: string; became: string[]; cleared: string[] }, inTx?: Queryable) {
      const text = checkChangedText({ id: c.caseId, title: c.title }, c.slotLabel, c.became, c.cleared);
      const write = (q: Queryable) => notifyMany(q, [{ userId: c.authorId, kind: 'check_changed', caseId: c.caseId, text, dedupeKey: `check_changed:${c.fileId}:${c.version}` }]);
      return inTx ? write(inTx) : db.tx(write);
    },

    async onCaseTransition(q: Queryable, row: { id: string; title: string; author_id: string; province_code?: string; author_name?: string; recommendation_level?: RecommendationLevel | null }, action: CaseAction, reason?: string | null, extra?: { deadline?: number | null }) {
      if (action === 'decline' && row.province_code) {
        // The province imported the case and holds the seat: its administrators learn that the seat is free again.
        const admins = await q.query<{ id: string }>(`select id from users where role = 'province_admin' and province_code = $1 and not disabled`, [row.province_code]);
        const text = caseDeclinedText(row, row.author_name ?? '', reason ?? '');
        await notifyMany(q, admins.map((a) => ({ userId: a.id, kind: 'case_declined' as const, caseId: row.id, text })));
        return;
      }
      if (!CASE_MOMENTS.has(action)) return;
      const moment = action as CaseMoment;
      await notifyMany(q, [{ userId: row.author_id, kind: CASE_MOMENT_KIND[moment], caseId: row.id, text: caseMomentText(moment, row, reason, extra) }]);
    },

    /** Creates the deadline reminders due at `now`; idempotent (run hourly by the notices.tick job). */
    async runDueReminders(now = clock.now()): Promise<{ created: number }> {
      let created = 0;
      for (const call of calls.list()) created += await remindCall(call, now);
      if (created) await db.tx((q) => enqueueDelivery(q));
      return { created };
    },

    /** Sends due outbox messages (the messaging module's delivery; kept here for the jobs and tests that call it). */
    deliverDue: (now = clock.now(), batch = 100) => messaging.deliverDue(now, batch),

    /** Puts the next hourly reminder run on the queue (skipped while one is waiting). */
    async scheduleTick(inSeconds = TICK_SECONDS) {
      await deps.jobs.send('notices.tick', {}, { singletonKey: 'hourly', startAfterSeconds: inSeconds });
    },

    // ---------- a user's own notices ----------
    /** One page of the user's notices (newest first); `total` counts what the filter matches, `unread` all unread. */
    async list(user: SessionUser, opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) {
      const pageSize = Math.min(Math.max(Number(opts.pageSize) || 20, 1), 200);
      const page = Math.max(Number(opts.page) || 1, 1);
      const unreadOnly = opts.unreadOnly ? 'and read_at is null' : '';
      const rows = await db.query<Parameters<typeof present>[0]>(
        `select id, kind, title, body, link, created_at, read_at from notices where user_id = $1 ${unreadOnly}
         order by created_at desc, id desc limit $2 offset $3`,
        [user.id, pageSize, (page - 1) * pageSize],
      );
      const [c] = await db.query<{ total: number; unread: number }>(
        `select count(*) filter (where true ${unreadOnly})::int as total, count(*) filter (where read_at is null)::int as unread from notices where user_id = $1`, [user.id],
      );
      return { items: rows.map(present), total: c.total, unread: c.unread, page, pageSize };
    },

    async unreadCount(user: SessionUser) {
      const [c] = await db.query<{ n: number }>('select count(*)::int as n from notices where user_id = $1 and read_at is null', [user.id]);
      return { unread: c.n };
    },

    /** Marks one of the user's own notices read; another user's notice answers 404. */
    async markRead(user: SessionUser, id: string) {
      if (!UUID.test(id)) throw notFound('消息');
      const now = clock.now();
      return db.tx(async (q) => {
        const [r] = await q.query<Parameters<typeof present>[0]>(
          `update notices set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning id, kind, title, body, link, created_at, read_at`,
          [id, user.id, iso(now)],
        );
        if (!r) throw notFound('消息');
        await writeAudit(q, actorOf(user), { event: 'notice.read', objectType: 'notice', objectId: id }, now);
        return present(r);
      });
    },

    async markAllRead(user: SessionUser) {
      const now = clock.now();
      return db.tx(async (q) => {
        const rows = await q.query('update notices set read_at = $2 where user_id = $1 and read_at is null returning id', [user.id, iso(now)]);
        if (rows.length) await writeAudit(q, actorOf(user), { event: 'notice.read_all', objectType: 'notice', data: { count: rows.length } }, now);
        return { marked: rows.length, unread: 0 };
      });
    },

    // ---------- announcements ----------
    /** The organiser's announcement: one notice per recipient, created in bulk in the database, plus optional SMS. */
    async announce(org: SessionUser, body: AnnounceBody) {
      const title = body.title?.trim() ?? '';
      const text = body.body?.trim() ?? '';
      const errors: FieldError[] = [];
      if (title.length < 2 || title.length > 60) errors.push({ path: 'title', message: '请填写公告标题（2–60 字）' });
      if (text.length < 2 || text.length > 5000) errors.push({ path: 'body', message: '请填写公告正文（2–5000 字）' });
      if (!isAudience(body.audience)) errors.push({ path: 'audience', message: '请选择接收对象' });
      const audience = body.audience as AudienceId;
      let callId: string | null = null;
      if (isAudience(audience) && (AUDIENCES[audience] as { needsCall?: boolean }).needsCall) {
        if (!body.callId || !calls.list().some((c) => c.id === body.callId)) errors.push({ path: 'callId', message: '请选择活动' });
        else callId = body.callId;
      }
      if (errors.length) throw badRequest(errors[0]!.message, errors);
      const sendSms = !!body.sendSms;
      const now = clock.now();
      return db.tx(async (q) => {
        const [a] = await q.query<{ id: string }>(
          `insert into announcements (title, body, audience, call_id, send_sms, created_by, created_by_name, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
          [title, text, audience, callId, sendSms, org.id, org.name, iso(now)],
        );
        const params: unknown[] = [a.id, title, text, iso(now)];
        const who = audienceQuery(audience, callId, params);
        // Counted in the database: returning 50,000 ids to the application only to count them costs more than the insert.
        const [{ n: recipients }] = await q.query<{ n: number }>(
          `with ins as (insert into notices (user_id, kind, title, body, link, announcement_id, created_at)
             select r.id, 'announcement', $2, $3, '/notices', $1, $4 from (${who.sql}) r returning 1)
           select count(*)::int as n from ins`,
          who.params,
        );
        if (sendSms && recipients) {
          // One SMS per recipient, inserted in bulk (the same template and parameters for all).
          const { params: sms } = smsParams('announcement', announcementSms(title) as never);
          await q.query(
            `insert into notice_outbox (notice_id, user_id, channel, recipient, template, text, params, created_at, next_attempt_at)
             select n.id, n.user_id, 'sms', u.phone, 'announcement', $2, $3, $4, $4 from notices n join users u on u.id = n.user_id where n.announcement_id = $1`,
            [a.id, renderSms('announcement', sms), JSON.stringify(sms), iso(now)],
          );
          await enqueueDelivery(q);
        }
        await q.query('update announcements set recipients = $2 where id = $1', [a.id, recipients]);
        await writeAudit(q, actorOf(org), {
          event: 'announcement.publish', objectType: 'announcement', objectId: a.id, data: { title, audience, callId, sendSms, recipients },
        }, now);
        return { id: a.id, recipients };
      });
    },

    /** The organiser's list: every announcement with its recipient and read counts, and the audiences to choose from. */
    async orgAnnouncements() {
      const rows = await db.query<{ id: string; title: string; body: string; audience: AudienceId; call_id: string | null; send_sms: boolean; recipients: number; created_by_name: string | null; created_at: Date; read: number; sms_sent: number }>(
        `select a.*, (select count(*)::int from notices n where n.announcement_id = a.id and n.read_at is not null) as read,
                (select count(*)::int from notice_outbox o join notices n on n.id = o.notice_id where n.announcement_id = a.id and o.status = 'sent') as sms_sent
         from announcements a order by a.created_at desc limit 200`,
      );
      return {
        audiences: Object.entries(AUDIENCES).map(([id, d]) => ({ id, label: d.label, needsCall: !!(d as { needsCall?: boolean }).needsCall })),
        items: rows.map((r) => ({
          id: r.id, title: r.title, body: r.body, audience: r.audience, audienceLabel: AUDIENCES[r.audience]?.label ?? r.audience,
          callId: r.call_id, callTitle: r.call_id ? calls.list().find((c) => c.id === r.call_id)?.title ?? r.call_id : null,
          sendSms: r.send_sms, recipients: r.recipients, read: r.read, smsSent: r.sms_sent, createdBy: r.created_by_name, createdAt: new Date(r.created_at).toISOString(),
        })),
      };
    },

    /** Announcements a viewer may read: those addressed to them, or (for anyone) those addressed to everyone. */
    async announcements(viewer: SessionUser | null) {
      const rows = await db.query<{ id: string; title: string; body: string; created_at: Date }>(
        viewer
          ? `select a.id, a.title, a.body, a.created_at from announcements a where a.audience = 'everyone'
               or exists (select 1 from notices n where n.announcement_id = a.id and n.user_id = $1) order by a.created_at desc limit 100`
          : `select a.id, a.title, a.body, a.created_at from announcements a where a.audience = 'everyone' order by a.created_at desc limit 100`,
        viewer ? [viewer.id] : [],
      );
      return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: new Date(r.created_at).toISOString() }));
    },
  };
}

export type NoticesService = ReturnType<typeof noticesService>;
