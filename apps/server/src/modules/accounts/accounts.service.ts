// Accounts: registration with an SMS code, login with lock-out, sessions, activation codes for provincial administrators.
import { createHash, randomInt, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { findProvince } from '@anli/domain/provinces.ts';
import { maskPhone } from '@anli/domain/mask.ts';
import type { Role } from '@anli/domain/lifecycle.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import type { CodeLimits } from '../../infra/messaging/config.ts';
import type { MessagingService } from '../messaging/messaging.service.ts';
import { smsParams } from '../messaging/templates.ts';
import { smsGuard } from './sms-guard.ts';
import { DomainError, badRequest, conflict, invalid, rateLimited, unauthenticated } from '@anli/domain/errors.ts';
import { hashToken, type SessionUser } from '../../http/auth.ts';
import { createSession as newSession, sessionEntry, type SessionStage } from './sessions.ts';
import { changeWithAudit, writeAudit, type Actor, type AuditRecord } from '../audit/audit.repository.ts';
import { upsertUnit, type UnitInput } from './units.ts';
import { passwordProblem } from '@anli/domain/password-policy.ts';
import { loginThrottle } from './login-throttle.ts';
import type { NoticeInput } from '../notices/notices.service.ts';
import { loginAlertText } from '../notices/notice.texts.ts';
import {
  activeAccountExists, consumeCode, countCodeAttempt, countCodesSince, deleteSession, endSessions, findActivationCodeForUpdate, findLiveCode,
  findSessionWithUser, findUserByPhone, insertActivationCode, insertAdministrator, insertAuthor, insertCode, insertUser, listActivationCodes,
  markActivationCodeUsed, phoneTaken, setPasswordByPhone, touchSession, type UserRow,
} from './accounts.repository.ts';
import { createSessionCache, type CachedSession, type SessionCache } from './session-cache.ts';

const CODE_TTL_MS = 10 * 60_000;
const ACTIVATION_TTL_MS = 14 * 24 * 3600_000;

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  /** The outbox: a verification code is queued there and sent at once. */
  messaging: MessagingService;
  /** Abuse limits of the verification-code path. */
  codeLimits: CodeLimits;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Sessions kept by this process (session-cache.ts); none kept without one. */
  sessionCache?: SessionCache;
  /** Organisers and administrators must enrol a TOTP second factor before they can work (default true). */
  totpRequired?: boolean;
  /** In-app notices with their SMS: the holder of an account is told about repeated failed logins. */
  notices?: { notifyMany(q: Queryable, inputs: NoticeInput[], now?: number): Promise<number> };
}

/** Roles that must use a second factor (TOTP): every administrator. */
export const TOTP_ROLES: readonly Role[] = ['organiser', 'province_admin', 'city_admin', 'county_admin'];
export { PENDING_LOGIN_MS, type SessionStage } from './sessions.ts';
export type CodePurpose = 'register' | 'change_phone' | 'reset_password';
/** Who asks for a code: the client address, and the image challenge's id and answer when one was asked for. */
export interface CodeRequest { ip?: string; challengeId?: unknown; challengeAnswer?: unknown }
/** Where a verification code's errors are reported, and what the code is called in them. */
export interface CodeField { path: string; label: string }
const REGISTER_CODE: CodeField = { path: 'code', label: '验证码' };

const MOBILE = /^1[3-9]\d{9}$/;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

// A fixed hash to verify against for unknown phones, so both replies take the same time.
let dummyHash: Promise<string> | null = null;

export function presentUser(u: { id: string; phone: string; name: string; role: Role; province_code?: string | null; provinceCode?: string | null }) {
  const code = u.province_code ?? u.provinceCode ?? null;
  return { id: u.id, phone: maskPhone(u.phone), name: u.name, role: u.role, provinceCode: code, provinceName: code ? findProvince(code)?.name ?? null : null };
}

/** Password policy (NIST SP 800-63B, see docs/security.md and password-policy.ts). */
export function checkPassword(password: unknown, phone: string) {
  const problem = passwordProblem(password, phone);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
}

function checkPhone(phone: unknown): string {
  if (typeof phone !== 'string' || !MOBILE.test(phone)) throw badRequest('请输入 11 位手机号码', [{ path: 'phone', message: '请输入 11 位手机号码' }]);
  return phone;
}

export const hashPassword = (p: string) => hash(p);

/** Why a verification code was not sent, as the audit log says it. */
const CODE_REFUSALS = {
  too_frequent: '同一号码 1 分钟内重复获取',
  ip_limit: '同一网络获取验证码的号码超过上限',
  challenge_failed: '图形验证未通过',
  phone_limit: '该号码接收短信超过上限',
} as const;

export function accountsService(d: AccountsDeps) {
  const { db, clock } = d;
  const cache = d.sessionCache ?? createSessionCache({ ttlMs: 0, listening: false });
  const guard = smsGuard({ db, clock, limits: d.codeLimits });
  const throttle = loginThrottle({
    db,
    clock,
    onAlert: async ({ userId, attempts }) => {
      if (!d.notices) return;
      await db.tx((q) => d.notices!.notifyMany(q, [{ userId, kind: 'login_alert', text: loginAlertText(attempts) }], clock.now()));
      await writeAudit(db, null, { event: 'auth.alert', objectType: 'user', objectId: userId, data: { attempts } }, clock.now());
    },
  });

  /** A new random session id every time (login, second factor, enrolment), so a planted id is never promoted. */
  const createSession = (q: Queryable, userId: string, stage: SessionStage = 'full') => newSession(q, userId, clock.now(), { maxMs: d.sessionMaxMs, stage });

  /** Resolves any session, including one half-way through login (stage 'totp' or 'enrol'). */
  async function resolveAnySession(token: string | undefined): Promise<(SessionUser & { stage: SessionStage }) | null> {
    if (!token || token.length > 100) return null;
    const id = hashToken(token);
    const now = clock.now();
    const valid = (s: CachedSession) => !s.disabled && s.expiresAt > now && s.lastSeenAt + d.sessionIdleMs > now;
    // A kept row that still looks valid is used as it is; one that looks expired is read again before it is ended.
    let s = cache.get(id, now);
    if (!s || !valid(s)) {
      const generation = cache.generation();
      const row = await findSessionWithUser(db, id);
      if (!row) return null;
      s = {
        userId: row.id, phone: row.phone, name: row.name, role: row.role, provinceCode: row.province_code, disabled: row.disabled, stage: row.stage,
        expiresAt: new Date(row.expires_at).getTime(), lastSeenAt: new Date(row.last_seen_at).getTime(),
      };
      if (!valid(s)) {
        await deleteSession(db, id);
        return null;
      }
      cache.put(id, s, generation, now);
    }
    if (now - s.lastSeenAt > 60_000) {
      await touchSession(db, id, iso(now));
      cache.touched(id, now);
    }
    return { id: s.userId, phone: s.phone, name: s.name, role: s.role, provinceCode: s.provinceCode, sessionId: id, stage: s.stage };
  }

  /**
   * Checks a code against the newest live one sent to the phone for this purpose; a wrong guess counts, and five
   * make the code unusable. Returns the code's id, to be consumed with useCode inside the caller's transaction.
   */
  async function checkCode(phone: string, purpose: CodePurpose, given: unknown, field: CodeField): Promise<string> {
    const c = await findLiveCode(db, phone, purpose, iso(clock.now()));
    if (!c || c.attempts >= 5) throw badRequest(`${field.label}已失效，请重新获取`, [{ path: field.path, message: `${field.label}已失效，请重新获取` }]);
    if (c.code_hash !== sha(`${phone}:${String(given ?? '')}`)) {
      await countCodeAttempt(db, c.id);
      throw invalid('BAD_CODE', `${field.label}不正确`, [{ path: field.path, message: `${field.label}不正确` }]);
    }
    return c.id;
  }

  /** Single use: only the request that flips used_at goes on. */
  // biome-ignore lint/correctness/noComponentHookFactories: not a React hook; "use" as in "use up" a code.
  async function useCode(q: Queryable, id: string, field: CodeField) {
    if (!(await consumeCode(q, id, iso(clock.now())))) throw badRequest(`${field.label}已失效，请重新获取`, [{ path: field.path, message: `${field.label}已失效，请重新获取` }]);
  }

  return {
    checkCode,
    useCode,
    throttle,

    /**
     * Sends a 6-digit code; at most one per minute per phone, within the abuse limits of sms-guard.ts (an image
     * challenge first beyond them), the messaging layer's per-phone limit, and the same reply whether or not the
     * number has an account. Every refusal is audited.
     */
    async sendCode(phoneIn: unknown, purpose: CodePurpose, req: CodeRequest = {}, opts: { deliver?: boolean } = {}) {
      const phone = checkPhone(phoneIn);
      const ip = req.ip || 'unknown';
      const now = clock.now();
      const refuse = async (reasonCode: keyof typeof CODE_REFUSALS | `challenge_required:${string}`, err: DomainError): Promise<never> => {
        const reason = reasonCode.startsWith('challenge_required:')
          ? `需要图形验证（${reasonCode.endsWith('daily_budget') ? '全平台当日验证码已达预算' : '同一网络获取验证码的号码过多'}）`
          : CODE_REFUSALS[reasonCode as keyof typeof CODE_REFUSALS];
        await writeAudit(db, null, { event: 'sms_code.refused', outcome: 'denied', objectType: 'phone', objectId: maskPhone(phone), reason, data: { ip, purpose, reasonCode } }, now);
        throw err;
      };
      if ((await countCodesSince(db, phone, purpose, iso(now - 60_000))) > 0) await refuse('too_frequent', rateLimited('TOO_MANY_REQUESTS', '验证码发送过于频繁，请 1 分钟后再试'));
      const decision = await guard.decide(ip, phone).catch((e) => refuse('ip_limit', e));
      if (decision.need === 'challenge') {
        if (req.challengeId === undefined || req.challengeId === null || req.challengeId === '') {
          await refuse(`challenge_required:${decision.reason}`, rateLimited('CHALLENGE_REQUIRED', '请先完成图形验证，再获取短信验证码'));
        }
        if (!(await guard.pass(ip, req.challengeId, req.challengeAnswer))) {
          await refuse('challenge_failed', invalid('CHALLENGE_FAILED', '图形验证码不正确或已过期，请看新的一张重新输入', [{ path: 'challengeAnswer', message: '图形验证码不正确' }]));
        }
      }
      const over = await d.messaging.phoneLimitReason(phone, now);
      if (over) await refuse('phone_limit', rateLimited('SMS_PHONE_LIMIT', '该手机号接收短信过于频繁，请稍后再试'));
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (opts.deliver === false) {
        // A number without an account asking for a reset: the same checks and the same reply, a code nobody receives.
        await insertCode(db, { phone, purpose, codeHash: sha(`${phone}:${randomBytes(16).toString('hex')}`), createdAt: iso(now), expiresAt: iso(now + CODE_TTL_MS), clientIp: ip });
        return;
      }
      const { params, secret } = smsParams('verification_code', { code });
      const messageId = await db.tx(async (q) => {
        await insertCode(q, { phone, purpose, codeHash: sha(`${phone}:${code}`), createdAt: iso(now), expiresAt: iso(now + CODE_TTL_MS), clientIp: ip });
        const [id] = await d.messaging.queue(q, [{ channel: 'sms', to: phone, kind: 'verification_code', params, secret, expiresAt: now + CODE_TTL_MS }], { now, enqueue: false });
        return id!;
      });
      // Sent now rather than by the job: the user is waiting. A passing failure is retried by the job.
      if ((await d.messaging.deliverNow(messageId, now)) === 'failed') {
        const o = await d.messaging.outcome(messageId);
        if (o?.error_code === 'PHONE_LIMIT') throw rateLimited('SMS_PHONE_LIMIT', '该手机号接收短信过于频繁，请稍后再试');
        throw invalid('SMS_NOT_DELIVERED', '短信未能发送到这个手机号，请检查号码是否正确；号码无误时请稍后再试', [{ path: 'phone', message: '短信未能发送到这个手机号' }]);
      }
    },

    /** 忘记密码: a code to a registered number; an unknown number gets the same checks and reply but no SMS. */
    async sendResetCode(phoneIn: unknown, req: CodeRequest = {}) {
      const phone = checkPhone(phoneIn);
      await this.sendCode(phone, 'reset_password', req, { deliver: await activeAccountExists(db, phone) });
    },

    /**
     * 忘记密码: a new password with the SMS code, throttled like login (the code is a secret to guess); every session of
     * the account ends. Unknown numbers fail the same way as a wrong code.
     */
    async resetPassword(input: { phone?: unknown; code?: unknown; newPassword?: unknown }, meta: { ip?: string } = {}) {
      const phone = checkPhone(input.phone);
      checkPassword(input.newPassword, phone);
      const now = clock.now();
      await throttle.reserve(phone, meta.ip);
      const field: CodeField = { path: 'code', label: '短信验证码' };
      let codeId: string;
      try {
        codeId = await checkCode(phone, 'reset_password', input.code, field);
      } catch (e) {
        await writeAudit(db, null, { event: 'account.password_reset', outcome: 'failure', objectType: 'phone', objectId: maskPhone(phone), data: { ip: meta.ip } }, now);
        throw e;
      }
      const passwordHash = await hash(input.newPassword as string);
      const r = await db.tx(async (q) => {
        await useCode(q, codeId, field);
        const u = await setPasswordByPhone(q, phone, passwordHash, iso(now));
        if (!u) throw badRequest(`${field.label}已失效，请重新获取`, [{ path: field.path, message: `${field.label}已失效，请重新获取` }]);
        const ended = await endSessions(q, u.id, null);
        await writeAudit(q, { id: u.id, role: u.role, name: u.name }, {
          event: 'account.password_reset', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { ip: meta.ip, sessionsEnded: ended },
        }, now);
        return { sessionsEnded: ended };
      });
      await throttle.succeeded(phone, meta.ip);
      return { ok: true as const, sessionsEnded: r.sessionsEnded };
    },

    /** An image challenge for the client address (asked for when the code limits are reached). */
    issueChallenge: (ip: string | undefined) => guard.issueChallenge(ip || 'unknown'),

    /** Registers an author after checking the single-use code. */
    async register(input: { phone?: unknown; code?: unknown; password?: unknown; name?: unknown; provinceCode?: unknown } & UnitInput) {
      const phone = checkPhone(input.phone);
      checkPassword(input.password, phone);
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > 20) throw badRequest('请填写姓名（不超过 20 字）', [{ path: 'name', message: '请填写姓名' }]);
      const provinceCode = typeof input.provinceCode === 'string' && findProvince(input.provinceCode) ? input.provinceCode : null;
      if (!provinceCode) throw badRequest('请选择所在省份', [{ path: 'provinceCode', message: '请选择所在省份' }]);
      const passwordHash = await hash(input.password as string);
      const now = clock.now();
      const codeId = await checkCode(phone, 'register', input.code, REGISTER_CODE);
      return db.tx(async (q) => {
        await useCode(q, codeId, REGISTER_CODE);
        if (await phoneTaken(q, phone)) throw conflict('PHONE_TAKEN', '该手机号已注册，请直接登录');
        const unitId = await upsertUnit(q, provinceCode, input);
        const u = await insertAuthor(q, { phone, passwordHash, name, provinceCode, unitId, createdAt: iso(now) });
        await writeAudit(q, { id: u.id, role: 'author', name }, { event: 'account.register', objectType: 'user', objectId: u.id, provinceCode }, now);
        const token = await createSession(q, u.id);
        return { user: presentUser(u), token };
      });
    },

    /**
     * Logs in. Unknown phone and wrong password give the same reply; each attempt is reserved with the throttle
     * (login-throttle.ts) before the password is verified, so parallel guesses cannot pass the limit together.
     */
    async login(phoneIn: unknown, password: unknown, meta: { ip?: string } = {}) {
      const phone = typeof phoneIn === 'string' ? phoneIn.slice(0, 20) : '';
      const now = clock.now();
      try {
        await throttle.reserve(phone, meta.ip);
      } catch (e) {
        await writeAudit(db, null, { event: 'auth.login', outcome: 'denied', objectType: 'phone', objectId: maskPhone(phone), reason: 'throttled', data: { ip: meta.ip } }, now);
        throw e;
      }
      const u = await findUserByPhone(db, phone);
      dummyHash ??= hash('dummy-password-for-timing-1');
      const ok = typeof password === 'string' && password.length <= 128 && (await verify(u ? u.password_hash : await dummyHash, password).catch(() => false));
      if (!u || !ok || u.disabled) {
        await writeAudit(db, u ? { id: u.id, role: u.role, name: u.name } : null, { event: 'auth.login', outcome: 'failure', objectType: 'phone', objectId: maskPhone(phone), data: { ip: meta.ip } }, now);
        throw unauthenticated('BAD_CREDENTIALS', '手机号或密码错误');
      }
      // Second factor: an enrolled account gives its code next; an administrator without one enrols first.
      const next: SessionStage = u.totp_secret ? 'totp' : TOTP_ROLES.includes(u.role) && d.totpRequired !== false ? 'enrol' : 'full';
      // One statement: the throttle's changes (the attempt count is cleared only by a complete login: wrong TOTP codes
      // keep counting), the new session and the audit record, all or none.
      const params: unknown[] = [];
      const entries = next !== 'totp' ? throttle.successEntries(params, phone, meta.ip, next === 'full' ? u.id : undefined) : [];
      const session = sessionEntry(params, u.id, clock.now(), { maxMs: d.sessionMaxMs, stage: next });
      const actor = { id: u.id, role: u.role, name: u.name };
      const record: AuditRecord = next !== 'full'
        ? { event: 'auth.password', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { ip: meta.ip, next } }
        : { event: 'auth.login', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { ip: meta.ip } };
      await changeWithAudit(db, [...entries, session.entry].join(',\n'), 'session', params, actor, record, now);
      return { user: presentUser(u), token: session.token, next };
    },

    async logout(user: SessionUser) {
      await deleteSession(db, user.sessionId);
      await writeAudit(db, { id: user.id, role: user.role, name: user.name }, { event: 'auth.logout', objectType: 'user', objectId: user.id }, clock.now());
    },

    /** Resolves a session token to its user, enforcing idle and absolute timeouts. */
    async resolveSession(token: string | undefined): Promise<SessionUser | null> {
      const s = await resolveAnySession(token);
      return s && s.stage === 'full' ? s : null;
    },

    resolveAnySession,

    /** The organiser issues a one-time activation code for a province; only its hash is stored. */
    async issueActivationCode(actor: Actor, provinceCode: string | undefined) {
      if (!provinceCode || !findProvince(provinceCode)) throw badRequest('请选择省份');
      const code = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 12);
      const now = clock.now();
      const expiresAt = now + ACTIVATION_TTL_MS;
      await db.tx(async (q) => {
        await insertActivationCode(q, { codeHash: sha(code), provinceCode, createdBy: actor.id, createdAt: iso(now), expiresAt: iso(expiresAt) });
        await writeAudit(q, actor, { event: 'activation_code.issue', objectType: 'province', objectId: provinceCode, provinceCode }, now);
      });
      return { code, provinceCode, expiresAt: iso(expiresAt) };
    },

    async listActivationCodes() {
      const rows = await listActivationCodes(db);
      const now = clock.now();
      return rows.map((r) => ({
        id: r.id,
        provinceCode: r.province_code,
        provinceName: findProvince(r.province_code)?.name ?? r.province_code,
        createdAt: new Date(r.created_at).toISOString(),
        expiresAt: new Date(r.expires_at).toISOString(),
        usedAt: r.used_at ? new Date(r.used_at).toISOString() : null,
        usedBy: r.used_by_name,
        state: r.used_at ? ('used' as const) : new Date(r.expires_at).getTime() < now ? ('expired' as const) : ('open' as const),
      }));
    },

    /** Activates a provincial administrator account with a single-use, unexpired code. */
    async activate(input: { code?: unknown; phone?: unknown; password?: unknown; name?: unknown }) {
      const phone = checkPhone(input.phone);
      checkPassword(input.password, phone);
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > 20) throw badRequest('请填写姓名', [{ path: 'name', message: '请填写姓名' }]);
      const code = typeof input.code === 'string' ? input.code.trim().toUpperCase() : '';
      const passwordHash = await hash(input.password as string);
      const now = clock.now();
      return db.tx(async (q) => {
        const a = await findActivationCodeForUpdate(q, sha(code));
        if (!a || a.used_at || new Date(a.expires_at).getTime() <= now) {
          throw invalid('BAD_ACTIVATION_CODE', '激活码无效、已使用或已过期，请联系组委会重新获取', [{ path: 'code', message: '激活码无效、已使用或已过期' }]);
        }
        if (await phoneTaken(q, phone)) throw conflict('PHONE_TAKEN', '该手机号已注册，请换用其他手机号或联系组委会');
        // The code decides the role: a provincial administrator, or a city/county administrator of its region.
        const u = await insertAdministrator(q, {
          phone, passwordHash, name, role: a.role ?? 'province_admin', provinceCode: a.province_code, regionCode: a.region_code ?? null, createdAt: iso(now),
        });
        await markActivationCodeUsed(q, a.id, iso(now), u.id);
        await writeAudit(q, { id: u.id, role: u.role, name }, { event: 'account.activate', objectType: 'user', objectId: u.id, provinceCode: a.province_code }, now);
        // A new administrator enrols the second factor before the first full session.
        const token = await createSession(q, u.id, d.totpRequired !== false ? 'enrol' : 'full');
        return { user: presentUser(u), token, next: d.totpRequired !== false ? ('enrol' as const) : ('full' as const) };
      });
    },

    createSession,

    /** Creates a user directly (demo data, organiser-invited experts). */
    async createUser(input: { phone: string; password: string; name: string; role: Role; provinceCode?: string | null }) {
      return insertUser(db, { phone: input.phone, passwordHash: await hash(input.password), name: input.name, role: input.role, provinceCode: input.provinceCode ?? null });
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
