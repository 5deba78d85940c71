// Session cookies and role guards. Sessions live in the database; the cookie holds a random token, the table its hash.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@anli/domain/lifecycle.ts';
import { AppError, forbidden } from './errors.ts';

export const SESSION_COOKIE = 'anli_sid';

export interface SessionUser {
  id: string;
  phone: string;
  name: string;
  role: Role;
  provinceCode: string | null;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** A 256-bit random token and the hash under which its session is stored. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeMs: number) {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new AppError(401, 'NOT_LOGGED_IN', '请先登录');
  return req.user;
}

export function requireRole<R extends Role>(req: FastifyRequest, ...roles: R[]): SessionUser & { role: R } {
  const u = requireUser(req);
  if (!roles.includes(u.role as R)) throw forbidden();
  return u as SessionUser & { role: R };
}

/** A provincial administrator always has a province; this narrows the type. */
export function requireProvinceAdmin(req: FastifyRequest): SessionUser & { provinceCode: string } {
  const u = requireRole(req, 'province_admin');
  if (!u.provinceCode) throw forbidden('账号未绑定省份，请联系组委会');
  return u as SessionUser & { provinceCode: string };
}
