// Account security: the TOTP second factor (enrolment, login step, recovery codes), re-authentication for changing
// the password or phone number, and disabling accounts. Every change ends the sessions it must and is audited.
import { pageParams } from '@anli/contracts/common.ts';
import type { UserListQuery } from '@anli/contracts/accounts.ts';
import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { hash, verify } from '@node-rs/argon2';
import { maskPhone } from '@anli/domain/mask.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { DomainError, badRequest, conflict, forbidden, invalid, unauthenticated } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import { newTotpSecret, otpauthUri, totpStep, verifyTotp } from './totp.ts';
import type { ChangePasswordBody, ChangePhoneBody, ReauthBody } from '@anli/contracts/accounts.ts';
import { checkPassword, presentUser, TOTP_ROLES, type AccountsService, type CodeField, type CodeRequest, type SessionStage } from './accounts.service.ts';
import { may } from '@anli/domain/policy.ts';
import {
  consumeRecoveryCode, countFullSessions, countRecoveryCodesLeft, countSessionAttempt, deleteSession, disableTotp as disableTotpOf, enableTotp,
  endSessions, enrolWithSecret as enrolWithSecretOf, findUserById, listUsers as listUserRows, phoneTaken, replaceRecoveryCodes,
  setDisabled as setDisabledOf, setPassword, setPendingTotpSecret, setPhone, takeTotpStep, type UserRow,
} from './accounts.repository.ts';

export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes allowed on one half-finished login before the password must be given again. */
export const MAX_TOTP_ATTEMPTS = 5;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
const actorOf = (u: { id: string; role: string; name: string; province_code?: string | null }): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.province_code ?? null });
/** Recovery codes: 10 characters from an unambiguous alphabet (≈ 50 bits), shown as XXXXX-XXXXX. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const SMS_CODE: CodeField = { path: 'smsCode', label: '短信验证码' };
const normaliseRecovery = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function securityService(d: { db: Db; clock: Clock; accounts: AccountsService }) {
  const { db, clock, accounts } = d;

  async function loadUser(q: Queryable, id: string, lock = false): Promise<UserRow> {
    const u = await findUserById(q, id, lock);
    if (!u) throw unauthenticated('NOT_LOGGED_IN', '请先登录');
    return u;
  }

  /**
   * Checks a TOTP code (refusing a code already used: only steps after the last accepted one count) or an unused
   * recovery code, and consumes it. Each consumption is one conditional statement, so two requests racing with the
   * same code cannot both succeed.
   */
  async function consumeSecondFactor(q: Queryable, u: UserRow, code: string | undefined): Promise<'totp' | 'recovery' | null> {
    if (!u.totp_secret || code === undefined) return null;
    const now = clock.now();
    const last = u.totp_last_step === null ? null : Number(u.totp_last_step);
    const step = verifyTotp(u.totp_secret, code, now, last);
    if (step !== null) {
      return (await takeTotpStep(q, u.id, step)) ? 'totp' : null;
    }
    const rc = normaliseRecovery(code);
    if (rc.length !== 10) return null;
    return (await consumeRecoveryCode(q, u.id, sha(`${u.id}:${rc}`), iso(now))) ? 'recovery' : null;
  }

  async function newRecoveryCodes(q: Queryable, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(q, userId, codes.map((c) => sha(`${userId}:${normaliseRecovery(c)}`)), iso(clock.now()));
    return codes;
  }

  /**
   * Re-authentication: the current password, and the current TOTP code (or a recovery code) where one is enrolled.
   * Runs before the change's transaction, so a failure is recorded (lock-out count, audit) and not rolled back.
   */
  async function reauthenticate(s: SessionUser, input: ReauthBody, purpose: string, meta: { ip?: string } = {}): Promise<UserRow> {
    const u = await loadUser(db, s.id);
    const now = clock.now();
    // The same throttle as login: a stolen session cannot guess the password or code faster than a stranger.
    await accounts.throttle.reserve(u.phone, meta.ip);
    const pw = input.currentPassword;
    const passwordOk = pw !== undefined && pw.length <= 128 && (await verify(u.password_hash, pw).catch(() => false));
    let factor: string | null = 'none';
    if (passwordOk && u.totp_secret) factor = await consumeSecondFactor(db, u, input.totpCode);
    if (!passwordOk || !factor) {
      await writeAudit(db, actorOf(u), { event: 'auth.reauth', outcome: 'failure', objectType: 'user', objectId: u.id, reason: !passwordOk ? 'password' : 'totp', data: { purpose, ip: meta.ip } }, now);
      if (!passwordOk) throw invalid('BAD_PASSWORD', '当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
      throw invalid('BAD_TOTP', '动态验证码不正确或已使用，请输入验证器中最新的 6 位数字或一个恢复码', [{ path: 'totpCode', message: '动态验证码不正确' }]);
    }
    await accounts.throttle.succeeded(u.phone, meta.ip);
    return u;
  }

  return {
    /** Second step of login: the TOTP code or a recovery code; on success the half-finished session is replaced. */
    async completeLogin(pending: SessionUser & { stage: SessionStage }, code: string | undefined, meta: { ip?: string } = {}) {
      if (pending.stage !== 'totp') throw unauthenticated('NOT_LOGGED_IN', '请先输入手机号和密码登录');
      const now = clock.now();
      const u0 = await loadUser(db, pending.id);
      // Wrong codes count like wrong passwords, on the same (number, address) row, reserved before the check.
      try {
        await accounts.throttle.reserve(u0.phone, meta.ip);
      } catch (e) {
        await writeAudit(db, actorOf(u0), { event: 'auth.totp', outcome: 'denied', objectType: 'user', objectId: u0.id, reason: 'throttled', data: { ip: meta.ip } }, now);
        throw e;
      }
      const factor0 = await consumeSecondFactor(db, u0, code);
      const result = !factor0 ? { u: u0, factor: null, token: null, left: 0 } : await db.tx(async (q) => {
        const u = u0;
        const factor = factor0;
        await deleteSession(q, pending.sessionId);
        const token = await accounts.createSession(q, u.id, 'full');
        const left = factor === 'recovery' ? await countRecoveryCodesLeft(q, u.id) : 0;
        await writeAudit(q, actorOf(u), { event: 'auth.login', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { ip: meta.ip, secondFactor: factor } }, now);
        return { u, factor, token, left };
      });
      if (!result.factor) {
        const attempts = await countSessionAttempt(db, pending.sessionId);
        await writeAudit(db, actorOf(result.u), { event: 'auth.totp', outcome: 'failure', objectType: 'user', objectId: result.u.id, data: { ip: meta.ip } }, now);
        if (attempts === null || attempts >= MAX_TOTP_ATTEMPTS) {
          await deleteSession(db, pending.sessionId);
          throw unauthenticated('TOTP_ATTEMPTS', '动态验证码错误次数过多，请重新输入手机号和密码登录');
        }
        throw invalid('BAD_TOTP', '动态验证码不正确或已使用，请输入验证器中最新的 6 位数字或一个恢复码', [{ path: 'code', message: '动态验证码不正确' }]);
      }
      await accounts.throttle.succeeded(result.u.phone, meta.ip, result.u.id);
      return { user: presentUser(result.u), token: result.token!, usedRecoveryCode: result.factor === 'recovery', recoveryCodesLeft: result.left };
    },

    /** Starts (or restarts) enrolment: a new secret, shown as an otpauth:// QR code and as text. */
    async startEnrolment(s: SessionUser & { stage?: SessionStage }) {
      const u = await loadUser(db, s.id);
      if (u.totp_secret) throw conflict('TOTP_ENROLLED', '已启用动态验证码；如需更换验证器，请先在“账号安全”中停用后重新绑定');
      const secret = newTotpSecret();
      await setPendingTotpSecret(db, u.id, secret);
      const uri = otpauthUri(secret, maskPhone(u.phone));
      return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
    },

    /** Confirms enrolment with a first code; returns the recovery codes (shown once) and, after login, a full session. */
    async confirmEnrolment(s: SessionUser & { stage?: SessionStage }, code: string | undefined) {
      const now = clock.now();
      return db.tx(async (q) => {
        const u = await loadUser(q, s.id, true);
        if (u.totp_secret) throw conflict('TOTP_ENROLLED', '已启用动态验证码');
        if (!u.totp_pending_secret) throw badRequest('请先生成二维码，再输入验证器显示的 6 位数字');
        const step = verifyTotp(u.totp_pending_secret, code, now, null);
        if (step === null) throw invalid('BAD_TOTP', '动态验证码不正确，请核对手机时间后输入验证器中最新的 6 位数字', [{ path: 'code', message: '动态验证码不正确' }]);
        await enableTotp(q, u.id, iso(now), step);
        const recoveryCodes = await newRecoveryCodes(q, u.id);
        await writeAudit(q, actorOf(u), { event: 'auth.totp_enrol', objectType: 'user', objectId: u.id, provinceCode: u.province_code }, now);
        let token: string | null = null;
        if (s.stage === 'enrol') {
          await deleteSession(q, s.sessionId);
          token = await accounts.createSession(q, u.id, 'full');
          await writeAudit(q, actorOf(u), { event: 'auth.login', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { secondFactor: 'enrol' } }, now);
        }
        return { recoveryCodes, token, user: presentUser(u) };
      });
    },

    /** Account security overview for the 账号安全 page. */
    async status(s: SessionUser) {
      const u = await loadUser(db, s.id);
      const n = await countRecoveryCodesLeft(db, u.id);
      const sessions = await countFullSessions(db, u.id);
      return {
        user: presentUser(u),
        totpEnabled: !!u.totp_secret,
        totpEnabledAt: u.totp_enabled_at ? new Date(u.totp_enabled_at).toISOString() : null,
        totpRequired: TOTP_ROLES.includes(u.role),
        recoveryCodesLeft: u.totp_secret ? n : 0,
        activeSessions: sessions,
      };
    },

    /** New recovery codes (the old ones stop working); needs re-authentication. */
    async regenerateRecoveryCodes(s: SessionUser, input: ReauthBody, meta: { ip?: string } = {}) {
      if (!(await loadUser(db, s.id)).totp_secret) throw badRequest('请先绑定动态验证码');
      const u = await reauthenticate(s, input, 'recovery_codes', meta);
      return db.tx(async (q) => {
        const recoveryCodes = await newRecoveryCodes(q, u.id);
        await writeAudit(q, actorOf(u), { event: 'auth.recovery_codes', objectType: 'user', objectId: u.id, provinceCode: u.province_code }, clock.now());
        return { recoveryCodes };
      });
    },

    /** Turns the second factor off so a new authenticator can be bound; organisers and administrators must re-enrol at once. */
    async disableTotp(s: SessionUser, input: ReauthBody, meta: { ip?: string } = {}) {
      if (!(await loadUser(db, s.id)).totp_secret) throw badRequest('未启用动态验证码');
      const u = await reauthenticate(s, input, 'totp_disable', meta);
      return db.tx(async (q) => {
        await disableTotpOf(q, u.id);
        await endSessions(q, u.id, s.sessionId);
        await writeAudit(q, actorOf(u), { event: 'auth.totp_disable', objectType: 'user', objectId: u.id, provinceCode: u.province_code }, clock.now());
        return { ok: true as const };
      });
    },

    /** Changes the password after re-authentication; every other session of the user ends. */
    async changePassword(s: SessionUser, input: ChangePasswordBody, meta: { ip?: string } = {}) {
      const now = clock.now();
      checkPassword(input.newPassword, s.phone);
      const newPassword = input.newPassword ?? '';
      const u = await reauthenticate(s, input, 'password', meta);
      if (await verify(u.password_hash, newPassword).catch(() => false)) throw badRequest('新密码不能与当前密码相同', [{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
      const newHash = await hash(newPassword);
      return db.tx(async (q) => {
        await setPassword(q, u.id, newHash, iso(now));
        const ended = await endSessions(q, u.id, s.sessionId);
        await writeAudit(q, actorOf(u), { event: 'account.password_change', objectType: 'user', objectId: u.id, provinceCode: u.province_code, data: { sessionsEnded: ended } }, now);
        return { ok: true as const, sessionsEnded: ended };
      });
    },

    /** Sends a code to the new phone number (the account's owner is logged in). */
    async sendPhoneChangeCode(s: SessionUser, newPhone: string | undefined, req: CodeRequest = {}) {
      if (newPhone === s.phone) throw badRequest('新手机号与当前手机号相同', [{ path: 'newPhone', message: '新手机号与当前手机号相同' }]);
      if (newPhone !== undefined && (await phoneTaken(db, newPhone))) {
        throw conflict('PHONE_TAKEN', '该手机号已被其他账号使用，请换用其他手机号');
      }
      await accounts.sendCode(newPhone, 'change_phone', req);
      return { sent: true as const };
    },

    /** Changes the phone number: re-authentication plus the single-use code sent to the new number. */
    async changePhone(s: SessionUser, input: ChangePhoneBody, meta: { ip?: string } = {}) {
      const now = clock.now();
      const newPhone = input.newPhone ?? '';
      if (!/^1[3-9]\d{9}$/.test(newPhone)) throw badRequest('请输入 11 位手机号码', [{ path: 'newPhone', message: '请输入 11 位手机号码' }]);
      const codeId = await accounts.checkCode(newPhone, 'change_phone', input.smsCode, SMS_CODE);
      const u = await reauthenticate(s, input, 'phone', meta);
      return db.tx(async (q) => {
        await accounts.useCode(q, codeId, SMS_CODE);
        if (await phoneTaken(q, newPhone)) throw conflict('PHONE_TAKEN', '该手机号已被其他账号使用，请换用其他手机号');
        await setPhone(q, u.id, newPhone);
        const ended = await endSessions(q, u.id, s.sessionId);
        await writeAudit(q, actorOf(u), {
          event: 'account.phone_change', objectType: 'user', objectId: u.id, provinceCode: u.province_code,
          data: { from: maskPhone(u.phone), to: maskPhone(newPhone), sessionsEnded: ended },
        }, now);
        return { user: presentUser({ ...u, phone: newPhone }) };
      });
    },

    /** The organiser disables (or re-enables) an account; disabling ends all its sessions at once. */
    async setDisabled(actor: SessionUser, userId: string, disabled: boolean, reason: string | undefined) {
      if (!may(actor, 'accounts.disable')) throw forbidden();
      if (userId === actor.id) throw badRequest('不能停用自己的账号');
      const why = (reason ?? '').trim().slice(0, 200);
      if (disabled && !why) throw badRequest('请填写停用原因', [{ path: 'reason', message: '请填写停用原因' }]);
      const now = clock.now();
      return db.tx(async (q) => {
        const u = await setDisabledOf(q, userId, disabled);
        if (!u) throw new DomainError('not_found', 'NOT_FOUND', '账号不存在');
        const ended = disabled ? await endSessions(q, u.id, null) : 0;
        await writeAudit(q, actorOf({ id: actor.id, role: actor.role, name: actor.name, province_code: actor.provinceCode }), {
          event: disabled ? 'account.disable' : 'account.enable', objectType: 'user', objectId: u.id, provinceCode: u.province_code, reason: why || null,
          data: { sessionsEnded: ended, phone: maskPhone(u.phone) },
        }, now);
        return { user: presentUser(u), disabled, sessionsEnded: ended };
      });
    },

    /** Accounts for the organiser's list (masked phones). */
    /** 账号管理: accounts matching a role and a name or phone search, a page at a time with the count of all matches. */
    async listUsers(filter: UserListQuery) {
      const { page, pageSize, offset, order } = pageParams(filter, { pageSize: 20, order: filter.sort ? 'asc' : 'desc' });
      const { rows, total: n } = await listUserRows(db, { role: filter.role, search: filter.q?.trim() || undefined }, {
        sort: filter.sort ?? 'created', order: order === 'asc' ? 'asc' : 'desc', limit: pageSize, offset,
      });
      return {
        items: rows.map((u) => ({ ...presentUser(u), disabled: u.disabled, totpEnabled: !!u.totp_secret, createdAt: new Date(u.created_at).toISOString() })),
        total: n,
        page,
        pageSize,
      };
    },

    /** Demo data: enrols an account with a known secret (printed at demo start). */
    async enrolWithSecret(userId: string, secret: string) {
      await enrolWithSecretOf(db, userId, secret, iso(clock.now()));
    },
  };
}

export type SecurityService = ReturnType<typeof securityService>;
export { totpStep };
