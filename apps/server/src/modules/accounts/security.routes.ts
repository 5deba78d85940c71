// Account security routes: the TOTP login step and enrolment, the 账号安全 page (password, phone, recovery codes),
// and the organiser's account list with disabling.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AccountPage, ChangePasswordBody, ChangePhoneBody, Enrolment, EnrolmentResult, PhoneCodeBody, ReauthBody, RecoveryCodes, SecurityStatus, Sent,
  SessionsEnded, SetDisabledBody, SetDisabledResult, TotpCodeBody, TotpLoginResult, UserListQuery, UserResult,
} from '@anli/contracts/accounts.ts';
import { IdParams, NoBody, Ok } from '@anli/contracts/common.ts';
import type { AppDeps, Services } from '../../app.ts';
import { AppError } from '../../http/errors.ts';
import { requireRole, requireUser, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { securityService } from './security.service.ts';

const TAG = ['账号'];

export async function securityRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security = securityService({ db: deps.db, clock: deps.clock, accounts: s.accounts });
  const login = (reply: FastifyReply, token: string) => setSessionCookie(reply, token, deps.secureCookies, deps.sessionMaxMs);

  /** The session behind the cookie, full or half-way through login. */
  async function anySession(req: FastifyRequest, stages: Array<'full' | 'totp' | 'enrol'>) {
    const sess = await s.accounts.resolveAnySession(req.cookies[SESSION_COOKIE]);
    if (!sess || !stages.includes(sess.stage)) throw new AppError(401, 'NOT_LOGGED_IN', '登录已失效，请重新输入手机号和密码');
    return sess;
  }

  app.post('/api/auth/totp', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '两步登录：输入动态验证码或恢复码', body: TotpCodeBody, response: { 200: TotpLoginResult } },
  }, async (req, reply) => {
    const pending = await anySession(req, ['totp']);
    const r = await security.completeLogin(pending, req.body.code, { ip: req.ip });
    login(reply, r.token);
    return { user: r.user, usedRecoveryCode: r.usedRecoveryCode, recoveryCodesLeft: r.recoveryCodesLeft };
  });
  // Enrolment also serves a login half-way through (password given, authenticator not yet bound): the route reads that
  // session itself, so its audience is public and anySession decides.
  app.post('/api/auth/totp/enrol/start', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '绑定动态验证码：生成密钥与二维码', body: NoBody, response: { 200: Enrolment } },
  }, async (req) => security.startEnrolment(await anySession(req, ['full', 'enrol'])));
  app.post('/api/auth/totp/enrol/confirm', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '绑定动态验证码：输入验证器显示的 6 位数字（返回恢复码，仅显示一次）', body: TotpCodeBody, response: { 200: EnrolmentResult } },
  }, async (req, reply) => {
    const r = await security.confirmEnrolment(await anySession(req, ['full', 'enrol']), req.body.code);
    if (r.token) login(reply, r.token);
    return { user: r.user, recoveryCodes: r.recoveryCodes };
  });

  app.get('/api/account/security', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '账号安全概况（动态验证码、恢复码、登录中的设备数）', response: { 200: SecurityStatus } },
  }, async (req) => security.status(requireUser(req)));
  app.post('/api/account/password', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '修改密码（须验证当前密码；其他登录全部结束）', body: ChangePasswordBody, response: { 200: SessionsEnded } },
  }, async (req) => security.changePassword(requireUser(req), req.body, { ip: req.ip }));
  app.post('/api/account/phone/code', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '更换手机号：向新手机号发送验证码', body: PhoneCodeBody, response: { 200: Sent } },
  }, async (req) => security.sendPhoneChangeCode(requireUser(req), req.body.newPhone, { ip: req.ip, challengeId: req.body.challengeId, challengeAnswer: req.body.challengeAnswer }));
  app.post('/api/account/phone', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '更换手机号（须验证当前密码与新手机号的验证码）', body: ChangePhoneBody, response: { 200: UserResult } },
  }, async (req) => security.changePhone(requireUser(req), req.body, { ip: req.ip }));
  app.post('/api/account/recovery-codes', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '重新生成恢复码（旧恢复码失效）', body: ReauthBody, response: { 200: RecoveryCodes } },
  }, async (req) => security.regenerateRecoveryCodes(requireUser(req), req.body, { ip: req.ip }));
  app.post('/api/account/totp/disable', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '停用动态验证码（以便绑定新的验证器）', body: ReauthBody, response: { 200: Ok } },
  }, async (req) => security.disableTotp(requireUser(req), req.body, { ip: req.ip }));

  app.get('/api/org/users', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '账号管理：按角色、姓名或手机号分页查询（手机号脱敏）', querystring: UserListQuery, response: { 200: AccountPage } },
  }, async (req) => security.listUsers(req.query));
  app.post('/api/org/users/:id/disabled', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '停用（须填写原因）或恢复账号；停用即结束其全部登录', params: IdParams, body: SetDisabledBody, response: { 200: SetDisabledResult } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw new AppError(404, 'NOT_FOUND', '账号不存在');
    return security.setDisabled(u, req.params.id, req.body.disabled !== false, req.body.reason);
  });
}
