// Account security routes: the TOTP login step and enrolment, the 账号安全 page (password, phone, recovery codes),
// and the organiser's account list with disabling.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps, Services } from '../../app.ts';
import { AppError } from '../../http/errors.ts';
import { requireRole, requireUser, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { securityService } from './security.service.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccountPage, UserListQuery } from '@anli/contracts/accounts.ts';

export async function securityRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify;
  const security = securityService({ db: deps.db, clock: deps.clock, accounts: s.accounts });
  const login = (reply: any, token: string) => setSessionCookie(reply, token, deps.secureCookies, deps.sessionMaxMs);
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;

  /** The session behind the cookie, full or half-way through login. */
  async function anySession(req: FastifyRequest, stages: Array<'full' | 'totp' | 'enrol'>) {
    const sess = await s.accounts.resolveAnySession(req.cookies[SESSION_COOKIE]);
    if (!sess || !stages.includes(sess.stage)) throw new AppError(401, 'NOT_LOGGED_IN', '登录已失效，请重新输入手机号和密码');
    return sess;
  }

  app.post('/api/auth/totp', { config: { audience: 'public' } }, async (req, reply) => {
    const pending = await anySession(req, ['totp']);
    const r = await security.completeLogin(pending, body(req).code, { ip: req.ip });
    login(reply, r.token);
    return { user: r.user, usedRecoveryCode: r.usedRecoveryCode, recoveryCodesLeft: r.recoveryCodesLeft };
  });
  // Enrolment also serves a login half-way through (password given, authenticator not yet bound): the route reads that
  // session itself, so its audience is public and anySession decides.
  app.post('/api/auth/totp/enrol/start', { config: { audience: 'public' } }, async (req) => security.startEnrolment(await anySession(req, ['full', 'enrol'])));
  app.post('/api/auth/totp/enrol/confirm', { config: { audience: 'public' } }, async (req, reply) => {
    const r = await security.confirmEnrolment(await anySession(req, ['full', 'enrol']), body(req).code);
    if (r.token) login(reply, r.token);
    return { user: r.user, recoveryCodes: r.recoveryCodes };
  });

  app.get('/api/account/security', { config: { audience: 'user' } }, async (req) => security.status(requireUser(req)));
  app.post('/api/account/password', { config: { audience: 'user' } }, async (req) => security.changePassword(requireUser(req), body(req), { ip: req.ip }));
  app.post('/api/account/phone/code', { config: { audience: 'user' } }, async (req) => {
    const b = body(req);
    return security.sendPhoneChangeCode(requireUser(req), b.newPhone, { ip: req.ip, challengeId: b.challengeId, challengeAnswer: b.challengeAnswer });
  });
  app.post('/api/account/phone', { config: { audience: 'user' } }, async (req) => security.changePhone(requireUser(req), body(req), { ip: req.ip }));
  app.post('/api/account/recovery-codes', { config: { audience: 'user' } }, async (req) => security.regenerateRecoveryCodes(requireUser(req), body(req), { ip: req.ip }));
  app.post('/api/account/totp/disable', { config: { audience: 'user' } }, async (req) => security.disableTotp(requireUser(req), body(req), { ip: req.ip }));

  fastify.withTypeProvider<ZodTypeProvider>().get('/api/org/users', {
    config: { audience: ['organiser'] },
    schema: { tags: ['账号'], summary: '账号管理：按角色、姓名或手机号分页查询（手机号脱敏）', querystring: UserListQuery, response: { 200: AccountPage } },
  }, async (req) => security.listUsers(req.query));
  app.post<{ Params: { id: string } }>('/api/org/users/:id/disabled', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw new AppError(404, 'NOT_FOUND', '账号不存在');
    return security.setDisabled(u, req.params.id, body(req).disabled !== false, body(req).reason);
  });
}
