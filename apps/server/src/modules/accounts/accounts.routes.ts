// Account routes: SMS code, register, login, logout, me, activation.
import type { FastifyInstance } from 'fastify';
import type { AppDeps, Services } from '../../app.ts';
import { clearSessionCookie, requireUser, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { presentUser } from './accounts.service.ts';
import { searchUnits } from './units.ts';
import { securityRoutes } from './security.routes.ts';
import { SmsChallenge } from '@anli/contracts/messages.ts';

export async function accountsRoutes(app: FastifyInstance, s: Services, deps: AppDeps) {
  const login = (reply: any, token: string) => setSessionCookie(reply, token, deps.secureCookies, deps.sessionMaxMs);

  // The login and code routes take a few fields: small bodies only.
  app.post('/api/auth/sms-code', { bodyLimit: 4096 }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    await s.accounts.sendCode(b.phone, 'register', { ip: req.ip, challengeId: b.challengeId, challengeAnswer: b.challengeAnswer });
    return { sent: true };
  });
  // The image challenge asked for before a code beyond the abuse limits (drawn here; no outside service).
  app.post('/api/auth/sms-challenge', {
    config: { audience: 'public' },
    schema: { tags: ['账号'], summary: '获取图形验证码（超过验证码发送限制时）', response: { 200: SmsChallenge } },
  }, async (req) => s.accounts.issueChallenge(req.ip));
  // 忘记密码: a code by SMS (the same reply for unknown numbers), then a new password; every session ends.
  app.post('/api/auth/password-reset/code', { bodyLimit: 4096 }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    await s.accounts.sendResetCode(b.phone, { ip: req.ip, challengeId: b.challengeId, challengeAnswer: b.challengeAnswer });
    return { sent: true };
  });
  app.post('/api/auth/password-reset', { bodyLimit: 4096 }, async (req) => s.accounts.resetPassword((req.body ?? {}) as Record<string, unknown>, { ip: req.ip }));
  app.post('/api/auth/register', async (req, reply) => {
    const r = await s.accounts.register((req.body ?? {}) as any);
    login(reply, r.token);
    return { user: r.user };
  });
  app.post('/api/auth/login', { bodyLimit: 4096 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const r = await s.accounts.login(b.phone, b.password, { ip: req.ip });
    login(reply, r.token);
    // next: 'full' (logged in), 'totp' (give the authenticator code) or 'enrol' (bind an authenticator first); the
    // account's details are shown only once the login is complete.
    return r.next === 'full' ? { user: r.user, next: r.next } : { next: r.next };
  });
  app.post('/api/auth/logout', async (req, reply) => {
    // Also ends a half-finished login (password given, code not yet).
    const sess = req.user ?? (await s.accounts.resolveAnySession(req.cookies[SESSION_COOKIE]));
    if (sess) await s.accounts.logout(sess);
    clearSessionCookie(reply);
    return { ok: true };
  });
  app.get('/api/auth/me', async (req) => {
    const u = requireUser(req);
    return { user: presentUser(u) };
  });
  app.get<{ Querystring: { provinceCode?: string; q?: string } }>('/api/units', async (req) =>
    searchUnits(deps.db, String(req.query.provinceCode ?? ''), String(req.query.q ?? '').slice(0, 30)),
  );
  app.post('/api/auth/activate', async (req, reply) => {
    const r = await s.accounts.activate((req.body ?? {}) as any);
    login(reply, r.token);
    return { user: r.user, next: r.next };
  });
  await securityRoutes(app, s, deps);
}
