// Account routes: SMS code, register, login, logout, me, activation, 忘记密码, the unit search of the registration
// form. Each route states its audience and its schemas (@anli/contracts/accounts.ts); the service still words the
// missing-field messages (请输入 11 位手机号码 …).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActivateBody, ActivateResult, LoginBody, LoginResult, PasswordResetBody, PasswordResetResult, RegisterBody, Sent, SmsCodeBody, Unit,
  UnitsQuery, UserResult,
} from '@anli/contracts/accounts.ts';
import { NoBody, Ok } from '@anli/contracts/common.ts';
import { SmsChallenge } from '@anli/contracts/messages.ts';
import type { AppDeps, Services } from '../../app.ts';
import { viewerOf } from '../../http/audience.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { presentUser } from './accounts.service.ts';
import { searchUnits } from './units.ts';
import { securityRoutes } from './security.routes.ts';

const TAG = ['账号'];

export async function accountsRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const login = (reply: FastifyReply, token: string) => setSessionCookie(reply, token, deps.secureCookies, deps.sessionMaxMs);
  // The login and code routes take a few fields: small bodies only.
  const SMALL = 4096;

  app.post('/api/auth/sms-code', {
    bodyLimit: SMALL,
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '获取注册验证码（短信）', body: SmsCodeBody, response: { 200: Sent } },
  }, async (req) => {
    await s.accounts.sendCode(req.body.phone, 'register', { ip: req.ip, challengeId: req.body.challengeId, challengeAnswer: req.body.challengeAnswer });
    return { sent: true as const };
  });

  // The image challenge asked for before a code beyond the abuse limits (drawn here; no outside service).
  app.post('/api/auth/sms-challenge', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '获取图形验证码（超过验证码发送限制时）', body: NoBody, response: { 200: SmsChallenge } },
  }, async (req) => s.accounts.issueChallenge(req.ip));

  // 忘记密码: a code by SMS (the same reply for unknown numbers), then a new password; every session ends.
  app.post('/api/auth/password-reset/code', {
    bodyLimit: SMALL,
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '忘记密码：获取验证码（短信）', body: SmsCodeBody, response: { 200: Sent } },
  }, async (req) => {
    await s.accounts.sendResetCode(req.body.phone, { ip: req.ip, challengeId: req.body.challengeId, challengeAnswer: req.body.challengeAnswer });
    return { sent: true as const };
  });

  app.post('/api/auth/password-reset', {
    bodyLimit: SMALL,
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '忘记密码：用验证码设置新密码（结束所有登录）', body: PasswordResetBody, response: { 200: PasswordResetResult } },
  }, async (req) => s.accounts.resetPassword(req.body, { ip: req.ip }));

  app.post('/api/auth/register', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '作者注册（手机号、验证码、省份与单位）', body: RegisterBody, response: { 200: UserResult } },
  }, async (req, reply) => {
    const r = await s.accounts.register(req.body);
    login(reply, r.token);
    return { user: r.user };
  });

  app.post('/api/auth/login', {
    bodyLimit: SMALL,
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '登录（手机号与密码）', body: LoginBody, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const r = await s.accounts.login(req.body.phone, req.body.password, { ip: req.ip });
    login(reply, r.token);
    // next: 'full' (logged in), 'totp' (give the authenticator code) or 'enrol' (bind an authenticator first); the
    // account's details are shown only once the login is complete.
    return r.next === 'full' ? { user: r.user, next: r.next } : { next: r.next };
  });

  app.post('/api/auth/logout', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '退出登录（也结束未完成的两步登录）', body: NoBody, response: { 200: Ok } },
  }, async (req, reply) => {
    // Also ends a half-finished login (password given, code not yet).
    const sess = req.user ?? (await s.accounts.resolveAnySession(req.cookies[SESSION_COOKIE]));
    if (sess) await s.accounts.logout(sess);
    clearSessionCookie(reply);
    return { ok: true as const };
  });

  app.get('/api/auth/me', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '当前登录的账号', response: { 200: UserResult } },
  }, async (req) => ({ user: presentUser(viewerOf(req)) }));

  app.get('/api/units', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '按省份搜索单位（注册表单）', querystring: UnitsQuery, response: { 200: z.array(Unit) } },
  }, async (req) => searchUnits(deps.db, req.query.provinceCode ?? '', (req.query.q ?? '').slice(0, 30)));

  app.post('/api/auth/activate', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '账号激活（管理员、专家用激活码设置密码）', body: ActivateBody, response: { 200: ActivateResult } },
  }, async (req, reply) => {
    const r = await s.accounts.activate(req.body);
    login(reply, r.token);
    return { user: r.user, next: r.next };
  });

  await securityRoutes(fastify, s, deps);
}
