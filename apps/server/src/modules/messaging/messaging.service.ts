// Outgoing messages: every SMS and e-mail the platform sends is a row of the outbox (notice_outbox), written in the
// caller's transaction and delivered by the notices.deliver job (or at once, for a verification code). Delivery
// claims a message (attempt counted, leased) outside any transaction, so a process that dies mid-send leaves a lease
// that expires and nothing is lost; a gateway failure is retried with backoff unless the gateway said "never retry"
// (a bad number, a rejected template or signature), then the organiser sees why and may retry from 短信与邮件.
// Sending is limited per phone and in total (SendLimits); refusals and retries are audited.
import { maskPhone, maskPhonesIn } from '@anli/domain/mask.ts';
import { beijingDate } from '@anli/domain/deadline.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import { SendError, type Sender } from '../../infra/sender.ts';
import type { MessagingSettings } from '../../infra/messaging/config.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import { isSmsKind, renderSms, SMS_TEMPLATES, type SmsTemplateDef } from './templates.ts';
import {
  bumpSmsCounters, claimDueMessages, claimMessage, countOutboxByStatus, countSmsSent, deferMessage, deleteExpiredSmsCounters, dropSmsCounters,
  findOutboxForUpdate, findOutcome, insertOutboxMessage, listOutbox, markAttemptFailed, markFailed, markSent, OUTBOX_SORTS, readSmsCounters,
  requeueMessage, type OutboxFilter, type OutboxRow, type OutboxSortKey, type OutboxViewRow,
} from './messaging.repository.ts';

export interface MessagingJobs {
  send(name: 'notices.deliver', data: Record<string, never>, opts?: { tx?: Queryable; startAfterSeconds?: number }): Promise<unknown>;
}

export interface MessagingDeps {
  db: Db;
  clock: Clock;
  sender: Sender;
  jobs: MessagingJobs;
  settings: MessagingSettings;
}

/** A message to queue. SMS: a template kind with its parameters; e-mail: subject and body. */
export type QueuedMessage = {
  to: string;
  kind: string;
  userId?: string | null;
  noticeId?: string | null;
  /** Not sent after this (epoch ms). */
  expiresAt?: number | null;
} & (
  | { channel: 'sms'; params: Record<string, string>; secret?: Record<string, string> }
  | { channel: 'email'; subject: string; body: string }
);

/** Attempts before a message is given up (status failed); the n-th retry waits 1, 2, 4 … minutes, at most an hour. */
export const MAX_ATTEMPTS = 8;
const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
/** A claimed message whose sender never answered (the process died) is tried again after this. */
const LEASE_MS = 5 * 60_000;
/** How often a process removes SMS counters of past windows (they expire two days after their window). */
const SWEEP_COUNTERS_MS = 10 * 60_000;
/** A message held back by the total limit is looked at again after this. */
const DEFER_MS = 10 * 60_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Error text kept in the outbox and logs: phone numbers masked. */
export const safeError = (e: unknown) => maskPhonesIn(String((e as Error)?.message ?? e)).slice(0, 300);

export function maskEmail(addr: string): string {
  const at = addr.lastIndexOf('@');
  if (at < 1) return '***';
  return `${addr[0]}***@${addr.slice(at + 1)}`;
}
export const maskRecipient = (channel: string, to: string) => (channel === 'sms' ? maskPhone(to) : maskEmail(to));

export const STATUS_LABELS = { pending: '待发送', sent: '已发送', failed: '发送失败' } as const;
export const CHANNEL_LABELS = { sms: '短信', email: '邮件' } as const;
export const PROVIDER_LABELS: Record<string, string> = { log: '日志（开发与演示）', aliyun: '阿里云短信', tencent: '腾讯云短信', smtp: '邮件服务器（SMTP）', memory: '内存（测试）' };
/** Our own refusals, in words. */
const LOCAL_ERRORS: Record<string, string> = {
  EXPIRED: '已过有效期，未发送',
  PHONE_LIMIT: '超过单个号码的短信发送上限，未发送',
  TOTAL_LIMIT: '平台短信发送总量已达上限，稍后自动发送',
  TEMPLATE_NOT_CONFIGURED: '未配置该类短信的模板代码',
};
const KIND_LABEL = (k: string) => (isSmsKind(k) ? (SMS_TEMPLATES[k] as SmsTemplateDef).label : k === 'email' ? '邮件' : k);

export function messagingService(deps: MessagingDeps) {
  const { db, clock, settings } = deps;
  const { limits } = settings;

  // Transactions that already queued a delivery job (a bulk action queues one, not one per message).
  const queuedTx = new WeakSet<Queryable>();
  /**
   * Queues delivery inside the caller's transaction, so the job exists exactly when the messages do. No singleton
   * key: its advisory lock would be held to the end of the caller's transaction and serialise unrelated changes.
   */
  async function enqueueDelivery(q: Queryable) {
    if (queuedTx.has(q)) return;
    queuedTx.add(q);
    await deps.jobs.send('notices.deliver', {}, { tx: q });
  }

  /** Writes messages to the outbox in `q`; returns their ids. */
  async function queue(q: Queryable, messages: QueuedMessage[], opts: { now?: number; enqueue?: boolean } = {}): Promise<string[]> {
    const now = opts.now ?? clock.now();
    const ids: string[] = [];
    for (const m of messages) {
      const sms = m.channel === 'sms';
      const text = sms ? (renderSms(m.kind, m.params) ?? '') : m.body;
      ids.push(await insertOutboxMessage(q, {
        noticeId: m.noticeId ?? null, userId: m.userId ?? null, channel: m.channel, recipient: m.to, template: m.kind, text, subject: sms ? null : m.subject,
        params: sms ? JSON.stringify(m.params) : null, secretParams: sms && m.secret && Object.keys(m.secret).length ? JSON.stringify(m.secret) : null,
        expiresAt: m.expiresAt ? iso(m.expiresAt) : null, createdAt: iso(now),
      }));
    }
    if (ids.length && opts.enqueue !== false) await enqueueDelivery(q);
    return ids;
  }

  /** SMS that went out in the last hour and day (rolling), for the page. */
  async function smsSent(now: number): Promise<{ hour: number; day: number }> {
    return countSmsSent(db, iso(now - HOUR), iso(now - DAY));
  }

  /** The counters an SMS to `phone` takes at `now`: all numbers first (a fixed order, so concurrent updates never deadlock). */
  function counterKeys(phone: string, now: number) {
    const hour = Math.floor(now / HOUR);
    const day = beijingDate(now);
    return { totalHour: `t:h:${hour}`, totalDay: `t:d:${day}`, phoneHour: `p:${phone}:h:${hour}`, phoneDay: `p:${phone}:d:${day}` };
  }

  function overLimit(n: Record<string, number>, k: ReturnType<typeof counterKeys>, extra: number): { total: boolean; reason: string } | null {
    if ((n[k.totalHour] ?? 0) + extra > limits.smsTotalHour) return { total: true, reason: `平台本小时已发送 ${limits.smsTotalHour} 条短信，达到每小时上限` };
    if ((n[k.totalDay] ?? 0) + extra > limits.smsTotalDay) return { total: true, reason: `平台今天已发送 ${limits.smsTotalDay} 条短信，达到每天上限` };
    if ((n[k.phoneHour] ?? 0) + extra > limits.smsPerPhoneHour) return { total: false, reason: `该号码本小时已收到 ${limits.smsPerPhoneHour} 条短信，达到每小时 ${limits.smsPerPhoneHour} 条的上限` };
    if ((n[k.phoneDay] ?? 0) + extra > limits.smsPerPhoneDay) return { total: false, reason: `该号码今天已收到 ${limits.smsPerPhoneDay} 条短信，达到每天 ${limits.smsPerPhoneDay} 条的上限` };
    return null;
  }

  /**
   * Takes a place for one SMS in every counter with one atomic statement; over a limit, gives it back and says
   * which limit. Concurrent senders (two workers, the job and a verification code) cannot pass a limit together.
   */
  async function reserve(phone: string, now: number): Promise<{ total: boolean; reason: string } | null> {
    const k = counterKeys(phone, now);
    const keys = [k.totalHour, k.totalDay, k.phoneHour, k.phoneDay];
    const rows = await bumpSmsCounters(db, keys, iso(now + 2 * DAY));
    const over = overLimit(Object.fromEntries(rows.map((r) => [r.key, r.n])), k, 0);
    if (over) await release(phone, now);
    return over;
  }

  /** Gives back the places of an SMS that did not go out. */
  async function release(phone: string, now: number) {
    const k = counterKeys(phone, now);
    await dropSmsCounters(db, [k.totalHour, k.totalDay, k.phoneHour, k.phoneDay]);
  }

  /** Why an SMS to `phone` could not go out now (a limit reached), or null; the request path asks before it sends. */
  async function phoneLimitReason(phone: string, now = clock.now()): Promise<string | null> {
    const k = counterKeys(phone, now);
    const rows = await readSmsCounters(db, [k.totalHour, k.totalDay, k.phoneHour, k.phoneDay]);
    return overLimit(Object.fromEntries(rows.map((r) => [r.key, r.n])), k, 1)?.reason ?? null;
  }

  const system: Actor = { id: null, role: null, name: '系统' };

  async function fail(m: OutboxRow, code: string, message: string, permanent: boolean, clearSecret = false) {
    await markFailed(db, m.id, code, message, permanent, clearSecret);
  }

  /**
   * One claimed message: expired, over a limit, or sent through the gateway. `budget.totalFull` tells the run that
   * the total limit was reached, so it stops claiming SMS.
   */
  async function attempt(m: OutboxRow, now: number, budget: { totalFull: boolean }): Promise<'sent' | 'failed' | 'retrying' | 'deferred'> {
    const to = maskRecipient(m.channel, m.recipient);
    if (m.expires_at && new Date(m.expires_at).getTime() <= now) {
      await fail(m, 'EXPIRED', LOCAL_ERRORS.EXPIRED!, true, true);
      await writeAudit(db, system, { event: 'message.refused', outcome: 'failure', objectType: 'message', objectId: m.id, reason: LOCAL_ERRORS.EXPIRED, data: { kind: m.template, to } }, now);
      return 'failed';
    }
    if (m.channel === 'sms') {
      const over = await reserve(m.recipient, now);
      if (over?.total) {
        // Held back, not lost: the attempt is handed back and the message waits for room in the window.
        await deferMessage(db, m.id, iso(now + DEFER_MS), `${over.reason}，稍后自动发送`);
        budget.totalFull = true;
        return 'deferred';
      }
      if (over) {
        await fail(m, 'PHONE_LIMIT', `${over.reason}，未发送`, true);
        await writeAudit(db, system, { event: 'message.refused', outcome: 'failure', objectType: 'message', objectId: m.id, reason: over.reason, data: { kind: m.template, to } }, now);
        return 'failed';
      }
    }
    try {
      const params = m.params ? { ...m.params, ...(m.secret_params ?? {}) } : undefined;
      const text = (m.channel === 'sms' && m.params ? renderSms(m.template, m.params, m.secret_params) : null) ?? m.text;
      const receipt = await deps.sender.send({ channel: m.channel, to: m.recipient, template: m.template, params, text, subject: m.subject ?? undefined });
      await markSent(db, m.id, iso(now), receipt?.provider ?? null, receipt?.ref ?? null);
      return 'sent';
    } catch (e) {
      // Nothing went out: the SMS gives its places in the counters back.
      if (m.channel === 'sms') await release(m.recipient, now);
      const se = e instanceof SendError ? e : null;
      const message = safeError(e);
      const giveUp = !!se?.permanent || m.attempts >= MAX_ATTEMPTS;
      const next = now + retryDelayMs(m.attempts);
      await markAttemptFailed(db, m.id, {
        status: giveUp ? 'failed' : 'pending', nextAt: iso(next), message, code: se?.code ?? null, permanent: !!se?.permanent, provider: se?.provider ?? null,
      });
      await writeAudit(db, system, {
        event: giveUp ? 'message.failed' : 'message.retry_scheduled', outcome: 'failure', objectType: 'message', objectId: m.id, reason: message,
        data: { kind: m.template, to, attempt: m.attempts, errorCode: se?.code ?? null, permanent: !!se?.permanent, ...(giveUp ? {} : { nextAttemptAt: iso(next) }) },
      }, now);
      return giveUp ? 'failed' : 'retrying';
    }
  }

  function present(r: OutboxViewRow, now: number) {
    const kind = String(r.template);
    const def = isSmsKind(kind) ? (SMS_TEMPLATES[kind] as SmsTemplateDef) : null;
    const hasSecret = !!def && Object.values(def.params).some((p) => p.secret);
    const expired = r.expires_at ? new Date(r.expires_at).getTime() <= now : false;
    let retryBlocked: string | null = null;
    if (r.status !== 'failed') retryBlocked = r.status === 'sent' ? '已发送' : '等待发送中';
    else if (expired) retryBlocked = '已过有效期，不能重发；请用户重新获取';
    else if (r.channel === 'sms' && hasSecret && !r.has_secret) retryBlocked = '验证码已清除，不能重发；请用户重新获取';
    const errorText = r.error_code && LOCAL_ERRORS[r.error_code] && !r.last_error ? LOCAL_ERRORS[r.error_code] : r.last_error;
    return {
      id: r.id as string,
      channel: r.channel as 'sms' | 'email',
      channelLabel: CHANNEL_LABELS[r.channel as 'sms' | 'email'],
      recipient: maskRecipient(r.channel, r.recipient),
      kind,
      kindLabel: r.channel === 'email' ? `${KIND_LABEL(kind)}（邮件）` : KIND_LABEL(kind),
      text: r.channel === 'email' ? (r.subject ?? '') : r.text,
      status: r.status as keyof typeof STATUS_LABELS,
      statusLabel: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS],
      attempts: r.attempts as number,
      lastError: (errorText as string | null) ?? null,
      errorCode: (r.error_code as string | null) ?? null,
      permanent: !!r.permanent,
      provider: r.provider ? (PROVIDER_LABELS[r.provider] ?? r.provider) : null,
      providerRef: r.provider_ref ?? null,
      createdAt: iso(new Date(r.created_at).getTime()),
      sentAt: r.sent_at ? iso(new Date(r.sent_at).getTime()) : null,
      nextAttemptAt: r.status === 'pending' ? iso(new Date(r.next_attempt_at).getTime()) : null,
      expiresAt: r.expires_at ? iso(new Date(r.expires_at).getTime()) : null,
      canRetry: retryBlocked === null,
      retryBlocked,
    };
  }

  /** When this process last removed expired SMS counters (platform time). */
  let countersSweptAt = -Infinity;

  return {
    queue,
    enqueueDelivery,
    phoneLimitReason,

    /** Sends due messages (batch by batch) until none is due; returns what happened. */
    async deliverDue(now = clock.now(), batch = 100): Promise<{ sent: number; failed: number; retrying: number; deferred: number }> {
      const out = { sent: 0, failed: 0, retrying: 0, deferred: 0 };
      const budget = { totalFull: false };
      const room = () => !budget.totalFull;
      for (;;) {
        // Once the total SMS limit is reached, SMS are no longer claimed (they wait); e-mail still goes out.
        // One statement (its rows locked while it runs, skipping those another process holds): no transaction.
        const claimed = await claimDueMessages(db, iso(now), iso(now + LEASE_MS), batch, room());
        for (const m of claimed) out[await attempt(m, now, budget)]++;
        if (claimed.length < batch) break;
      }
      // Counters of past windows are no longer read (each key names its window): removed now and then, not on every
      // delivery.
      if (now - countersSweptAt >= SWEEP_COUNTERS_MS) {
        countersSweptAt = now;
        await deleteExpiredSmsCounters(db, iso(now));
      }
      if (out.deferred) {
        await writeAudit(db, system, {
          event: 'message.deferred', outcome: 'failure', objectType: 'message', reason: LOCAL_ERRORS.TOTAL_LIMIT,
          data: { count: out.deferred, totalHour: limits.smsTotalHour, totalDay: limits.smsTotalDay },
        }, now);
        // Looked at again when the window may have room (the hourly tick would also find them).
        await deps.jobs.send('notices.deliver', {}, { startAfterSeconds: DEFER_MS / 1000 });
      }
      return out;
    },

    /** Tries one message now (a verification code should not wait for the job); what is left pending the job retries. */
    async deliverNow(id: string, now = clock.now()): Promise<'sent' | 'failed' | 'retrying' | 'deferred' | 'busy'> {
      const m = await claimMessage(db, id, iso(now), iso(now + LEASE_MS));
      if (!m) return 'busy';
      const r = await attempt(m, now, { totalFull: false });
      if (r === 'retrying' || r === 'deferred') await db.tx((q) => enqueueDelivery(q));
      return r;
    },

    /** What went wrong with a message, as the code path that sent it needs to tell the user. */
    async outcome(id: string) {
      return findOutcome(db, id);
    },

    // ---------- the organiser's page ----------

    /** One page of outgoing messages, filtered, sorted and counted on the server; recipients masked. */
    async list(query: Record<string, unknown>) {
      const filter: OutboxFilter = {};
      const str = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : null);
      const status = str('status');
      if (status) {
        if (!(status in STATUS_LABELS)) throw badRequest('状态筛选无效');
        filter.status = status;
      }
      const channel = str('channel');
      if (channel) {
        if (!(channel in CHANNEL_LABELS)) throw badRequest('渠道筛选无效');
        filter.channel = channel;
      }
      const kind = str('kind');
      if (kind) {
        if (!isSmsKind(kind)) throw badRequest('消息类型筛选无效');
        filter.template = kind;
      }
      const q = str('q')?.trim();
      if (q) {
        if (q.length > 60) throw badRequest('搜索内容过长');
        // A whole number or address finds its messages; the last 4 digits find every number ending with them.
        if (/^\d{4}$/.test(q)) filter.recipientSuffix = q;
        else filter.recipient = q;
      }
      for (const k of ['from', 'to'] as const) {
        const v = str(k);
        if (!v) continue;
        const t = Date.parse(v);
        if (!Number.isFinite(t)) throw badRequest('时间筛选无效');
        filter[k] = iso(t);
      }
      const sortKey = str('sort') ?? 'created';
      if (!(sortKey in OUTBOX_SORTS)) throw badRequest('排序字段无效');
      const order = str('order') ?? 'desc';
      if (order !== 'asc' && order !== 'desc') throw badRequest('排序方向无效');
      // page/pageSize (the shared contract) or limit/offset.
      const limit = query.pageSize !== undefined ? Number(query.pageSize) : query.limit === undefined ? 20 : Number(query.limit);
      const offset = query.page !== undefined ? (Number(query.page) - 1) * limit : query.offset === undefined ? 0 : Number(query.offset);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest('每页条数应为 1–100');
      if (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000) throw badRequest('页码无效');
      const { rows, total } = await listOutbox(db, filter, { sort: sortKey as OutboxSortKey, order, limit, offset });
      const counts = await countOutboxByStatus(db);
      const countOf = (status: string) => counts.find((x) => x.status === status)?.n ?? 0;
      const now = clock.now();
      const sent = await smsSent(now);
      return {
        items: rows.map((r) => present(r, now)),
        total,
        page: Math.floor(offset / limit) + 1,
        pageSize: limit,
        counts: { pending: countOf('pending'), sent: countOf('sent'), failed: countOf('failed') },
        kinds: Object.entries(SMS_TEMPLATES).map(([id, d]) => ({ id, label: d.label })),
        settings: {
          sms: PROVIDER_LABELS[settings.sms] ?? settings.sms,
          email: PROVIDER_LABELS[settings.email] ?? settings.email,
          signName: settings.signName,
          limits,
          codes: settings.codes,
          smsLastHour: sent.hour,
          smsLastDay: sent.day,
        },
      };
    },

    /** The organiser sends a failed message again (after fixing a number, a template or the keys); audited. */
    async retry(org: SessionUser, id: string) {
      if (!UUID.test(id)) throw notFound('消息');
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await findOutboxForUpdate(q, id);
        if (!r) throw notFound('消息');
        const view = present(r, now);
        if (!view.canRetry) throw conflict('CANNOT_RETRY', `这条消息不能重发：${view.retryBlocked}`);
        await requeueMessage(q, id, iso(now));
        const actor: Actor = { id: org.id, role: org.role, name: org.name };
        await writeAudit(q, actor, {
          event: 'message.retry', objectType: 'message', objectId: id, fromState: 'failed', toState: 'pending',
          data: { kind: r.template, to: view.recipient, attempts: r.attempts, lastErrorCode: r.error_code },
        }, now);
        await enqueueDelivery(q);
        return { ...view, status: 'pending' as const, statusLabel: STATUS_LABELS.pending, canRetry: false, retryBlocked: '等待发送中' };
      });
    },
  };
}

export type MessagingService = ReturnType<typeof messagingService>;
