// Who may call a route at all, stated in the route's definition (`config.audience`) and enforced by one hook.
// What a viewer may do to a particular case, province or round is decided further in (policies and scoped queries).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '@anli/domain/lifecycle.ts';
import { AppError, forbidden } from './errors.ts';
import type { SessionUser } from './auth.ts';

/** 'public': anyone; 'user': any signed-in account; a list: only these roles. */
export type Audience = 'public' | 'user' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    audience?: Audience;
  }
}

/** A route's stated audience (routes outside /api/ have none). */
export const audienceOf = (req: FastifyRequest): Audience | undefined => req.routeOptions.config?.audience;

/**
 * Installs the audience check. Every /api/ route must state its audience (start-up fails otherwise); the check runs
 * after the session is resolved and before the body is parsed or validated, so a stranger learns nothing from a 400.
 */
export function enforceAudience(app: FastifyInstance, opts: { requireDeclared: boolean }) {
  app.addHook('onRoute', (route) => {
    if (!opts.requireDeclared || !route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.audience) throw new Error(`route ${[route.method].flat().join(',')} ${route.url} states no audience (config.audience)`);
  });
  app.addHook('onRequest', async (req) => {
    const audience = audienceOf(req);
    if (!audience || audience === 'public') return;
    if (!req.user) throw new AppError(401, 'NOT_LOGGED_IN', '请先登录');
    if (audience !== 'user' && !audience.includes(req.user.role)) throw forbidden();
  });
}

/** The signed-in viewer of a route whose audience guarantees one. */
export function viewerOf(req: FastifyRequest): SessionUser {
  if (!req.user) throw new AppError(401, 'NOT_LOGGED_IN', '请先登录');
  return req.user;
}
