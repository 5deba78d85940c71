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
import { AUDIENCES, isAudience, type AudienceId } from './audience.ts';
import {
  countUnread, countUserNotices, findContactFormEmail, hasContactForm, insertAnnouncement, insertAnnouncementNotices, insertAnnouncementSms,
  insertNotice, listAnnouncements, listOpenCases, listProvinceAdmins, listResubmittableCases, listUserNotices, listVisibleAnnouncements,
  markAllNoticesRead, markNoticeRead, setAnnouncementRecipients, usedDedupeKeys, type NoticeRow,
} from './notices.repository.ts';
import { provinceListLocked } from '../province/province.repository.ts';
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
    return findContactFormEmail(q, u.province_code);
  }

  /** Creates notices (skipping keys already used) and their outbox messages in `q`; returns how many were created. */
  async function notifyMany(q: Queryable, inputs: NoticeInput[], now = clock.now(), opts: { enqueue?: boolean } = {}): Promise<number> {
    let created = 0;
    for (const n of inputs) {
      // The notice and its recipient's contact details in one statement.
      const notice = await insertNotice(q, {
        userId: n.userId, kind: n.kind, title: n.text.title, body: n.text.body, link: n.text.link, caseId: n.caseId ?? null, dedupeKey: n.dedupeKey ?? null, createdAt: iso(now),
      });
      if (!notice) continue;
      created++;
      if (n.external === false) continue;
      const { id: noticeId, recipient: u } = notice;
      if (!u || u.disabled) continue;
      const { params } = smsParams(n.kind, n.text.sms as never);
      const messages: QueuedMessage[] = [{ channel: 'sms', to: u.phone, kind: n.kind, params, userId: n.userId, noticeId }];
      const email = await emailOf(q, u);
      if (email) messages.push({ channel: 'email', to: email, kind: n.kind, subject: `【案例征集平台】${n.text.title}`, body: emailBody(n.text), userId: n.userId, noticeId });
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

  /** Reminders queue no delivery job each: runDueReminders ends by queuing one for all of them. */
  const NO_JOB = { enqueue: false };

  async function remindCall(call: CallDef, now: number): Promise<number> {
    const s = await calls.settings(call.id);
    let created = 0;
    // Authors: drafts and returned cases before the submission deadline of their province.
    for (const d of dueProvinces(call, 'submission', s, now)) {
      const open = await listOpenCases(db, call.id, d.provinceCode);
      const keyOf = (caseId: string) => `deadline:submission:${call.id}:${beijingDate(d.endsAt)}:${d.days}d:${caseId}`;
      // Keys already used (one query per province), then the rest in transactions of up to 200 reminders.
      const done = await usedDedupeKeys(db, open.map((c) => keyOf(c.id)));
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
    const late = await listResubmittableCases(db, call.id, new Date(now).toISOString());
    const dueLate = late.flatMap((c) => {
      const endsAt = new Date(c.resubmit_until).getTime();
      const days = dueReminder(endsAt, now);
      return days ? [{ c, endsAt, days, dedupeKey: `deadline:resubmit:${call.id}:${beijingDate(endsAt)}:${days}d:${c.id}` }] : [];
    });
    // As above: the keys already used in one query, then the reminders in transactions of up to 200.
    const sentLate = await usedDedupeKeys(db, dueLate.map((x) => x.dedupeKey));
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
      const locked = await provinceListLocked(db, call.id, d.provinceCode);
      const cf = await hasContactForm(db, call.id, d.provinceCode);
      const missing: string[] = [];
      if (!locked) {
        const unused = quotaUsage(call, await countRecommended(db, call.id, d.provinceCode), d.provinceCode).filter((g) => g.used < g.max);
        missing.push('推荐名单尚未上报（推荐完成后请点击“推荐上报”）');
        if (unused.length) missing.push(`名额尚未用完：${unused.map((g) => `${g.name}已推荐 ${g.used} 个，上限 ${g.max} 个`).join('，')}`);
      }
      if (!cf) missing.push('联系人信息表尚未填写');
      if (!missing.length) continue;
      const key = `deadline:province_recommendation:${call.id}:${d.provinceCode}:${beijingDate(d.endsAt)}:${d.days}d`;
      const text = recommendationReminderText(call.title, d.days, d.endsAt, missing);
      const admins = await listProvinceAdmins(db, d.provinceCode);
      created += await db.tx((q) => notifyMany(q, admins.map((a) => ({ userId: a.id, kind: 'deadline_recommendation' as const, dedupeKey: key, text })), now, NO_JOB));
    }
    // The contact form before its own deadline.
    const cfPhase = call.contactForm?.deadlinePhase;
    if (cfPhase) {
      for (const d of dueProvinces(call, cfPhase, s, now)) {
        if (await hasContactForm(db, call.id, d.provinceCode)) continue;
        const key = `deadline:${cfPhase}:${call.id}:${d.provinceCode}:${beijingDate(d.endsAt)}:${d.days}d`;
        const text = contactFormReminderText(call.title, d.days, d.endsAt);
        const admins = await listProvinceAdmins(db, d.provinceCode);
        created += await db.tx((q) => notifyMany(q, admins.map((a) => ({ userId: a.id, kind: 'deadline_contact_form' as const, dedupeKey: key, text })), now, NO_JOB));
      }
    }
    return created;
  }

  function present(r: NoticeRow) {
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
        const admins = await listProvinceAdmins(q, row.province_code);
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
      const unreadOnly = !!opts.unreadOnly;
      const rows = await listUserNotices(db, user.id, { unreadOnly, limit: pageSize, offset: (page - 1) * pageSize });
      const c = await countUserNotices(db, user.id, unreadOnly);
      return { items: rows.map(present), total: c.total, unread: c.unread, page, pageSize };
    },

    async unreadCount(user: SessionUser) {
      return { unread: await countUnread(db, user.id) };
    },

    /** Marks one of the user's own notices read; another user's notice answers 404. */
    async markRead(user: SessionUser, id: string) {
      if (!UUID.test(id)) throw notFound('消息');
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await markNoticeRead(q, user.id, id, iso(now));
        if (!r) throw notFound('消息');
        await writeAudit(q, actorOf(user), { event: 'notice.read', objectType: 'notice', objectId: id }, now);
        return present(r);
      });
    },

    async markAllRead(user: SessionUser) {
      const now = clock.now();
      return db.tx(async (q) => {
        const marked = await markAllNoticesRead(q, user.id, iso(now));
        if (marked) await writeAudit(q, actorOf(user), { event: 'notice.read_all', objectType: 'notice', data: { count: marked } }, now);
        return { marked, unread: 0 };
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
        const id = await insertAnnouncement(q, { title, body: text, audience, callId, sendSms, createdBy: org.id, createdByName: org.name, createdAt: iso(now) });
        const recipients = await insertAnnouncementNotices(q, id, { title, body: text, audience, callId, createdAt: iso(now) });
        if (sendSms && recipients) {
          // One SMS per recipient, inserted in bulk (the same template and parameters for all).
          const { params: sms } = smsParams('announcement', announcementSms(title) as never);
          await insertAnnouncementSms(q, id, renderSms('announcement', sms), sms, iso(now));
          await enqueueDelivery(q);
        }
        await setAnnouncementRecipients(q, id, recipients);
        await writeAudit(q, actorOf(org), {
          event: 'announcement.publish', objectType: 'announcement', objectId: id, data: { title, audience, callId, sendSms, recipients },
        }, now);
        return { id, recipients };
      });
    },

    /** The organiser's list: every announcement with its recipient and read counts, and the audiences to choose from. */
    async orgAnnouncements() {
      const rows = await listAnnouncements(db);
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
      const rows = await listVisibleAnnouncements(db, viewer ? viewer.id : null);
      return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: new Date(r.created_at).toISOString() }));
    },
  };
}

export type NoticesService = ReturnType<typeof noticesService>;
