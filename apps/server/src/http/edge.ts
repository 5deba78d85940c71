// Defences at the HTTP edge that every route shares (issue 18 items 1, 3 and 5):
// - same-origin check of every state-changing request (Origin, else Referer) against the platform's own origins;
// - security headers (CSP, frame-ancestors, Referrer-Policy, HSTS behind HTTPS) on every response;
// - JSON bodies: a size limit per route and a nesting-depth limit checked by a linear scan before JSON.parse runs;
// - query strings: NUL bytes and non-numeric paging numbers are a 400 before any route sees them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../infra/db/db.ts';
import type { Clock } from '../infra/clock.ts';
import { writeAudit } from '../modules/audit/audit.repository.ts';
import { AppError } from './errors.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin (scheme://host[:port]) of a URL, or null when it is not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origins a state-changing request may come from: PUBLIC_URL's, the extra ALLOWED_ORIGINS (comma-separated),
 * and, when PUBLIC_URL is not set (development, demo), the loopback names of the port and of the Vite dev server.
 */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const port = env.PORT ?? '3000';
  const out = new Set<string>();
  const pub = env.PUBLIC_URL ? originOf(env.PUBLIC_URL) : null;
  if (pub) out.add(pub);
  // Development: the platform's port and the Vite dev server's (5173), which proxies /api with the page's Origin.
  else for (const h of ['localhost', '127.0.0.1', '[::1]']) for (const p of [port, '5173']) out.add(`http://${h}:${p}`);
  for (const s of (env.ALLOWED_ORIGINS ?? '').split(',')) {
    const o = s.trim() ? originOf(s.trim()) : null;
    if (o) out.add(o);
  }
  return [...out];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the edge refused the request and wrote its own audit record (the generic 403 audit skips it). */
    edgeAudited?: boolean;
  }
}

/**
 * Refuses a POST/PUT/PATCH/DELETE whose Origin (or, without one, Referer) is not one of `allowed` with 403 and an
 * audit record. A request with neither header is not from a browser page (browsers send Origin on every such
 * request, "null" from opaque contexts, which is refused), so it carries no victim's cookie by itself and passes.
 * SameSite=Lax does not stop a page of a sibling subdomain or another port of the host; this does.
 */
export function enforceSameOrigin(app: FastifyInstance, opts: { allowed: () => Iterable<string>; db: Db; clock: Clock }) {
  app.addHook('onRequest', async (req) => {
    if (!UNSAFE_METHODS.has(req.method)) return;
    const origin = req.headers.origin;
    const referer = req.headers.referer;
    let from: string | null;
    let via: 'origin' | 'referer';
    if (typeof origin === 'string') {
      from = origin === 'null' ? null : originOf(origin);
      via = 'origin';
    } else if (typeof referer === 'string') {
      from = originOf(referer);
      via = 'referer';
    } else return;
    const allowed = new Set(opts.allowed());
    if (from && allowed.has(from)) return;
    req.edgeAudited = true;
    const u = req.user;
    await writeAudit(opts.db, u ? { id: u.id, role: u.role, name: u.name } : null, {
      event: 'auth.cross_origin',
      outcome: 'denied',
      objectType: 'route',
      objectId: `${req.method} ${req.url.split('?')[0]}`.slice(0, 200),
      provinceCode: u?.provinceCode ?? null,
      reason: via === 'origin' ? '请求来源（Origin）不是本平台' : '请求来源（Referer）不是本平台',
      data: { origin: String(via === 'origin' ? origin : referer).slice(0, 200), ip: req.ip },
    }, opts.clock.now()).catch((e) => req.log.error(e, 'audit of a cross-origin request failed'));
    throw new AppError(403, 'CROSS_ORIGIN', '请求来自其他网站，已被拒绝；请直接在本平台页面中操作');
  });
}

/** The Content-Security-Policy of every response: scripts from the platform only (wasm for the QR reader), inline
 *  styles because Ant Design's CSS-in-JS writes <style> elements at run time, no framing, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every response, HTML and API alike; HSTS only when the platform is served over HTTPS. */
export function securityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (opts.hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}

/** Nesting deeper than this (objects and arrays) is refused before parsing. The deepest legitimate body (a call
 *  definition with its rubric) is under 10 levels. */
export const MAX_JSON_DEPTH = 32;
/** Default JSON body limit; routes that take more say so with `bodyLimit` in their options. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * The deepest nesting of a JSON text, by one pass over its characters (strings skipped), stopping as soon as
 * `limit` is passed — so a deeply nested body costs microseconds per kilobyte, never the parser's recursion.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Replaces the JSON parser: depth scan, no NUL characters (PostgreSQL refuses them in text), then the secure parser. */
export function guardedJsonParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      return done(new AppError(400, 'JSON_TOO_DEEP', `请求内容的嵌套层级超过 ${MAX_JSON_DEPTH} 层，已被拒绝；请检查提交的数据`), undefined);
    }
    if (text.includes('\\u0000')) return done(new AppError(400, 'NUL_CHARACTER', '请求内容含有不允许的空字符（\\u0000），请删除后重试'), undefined);
    parse(req, text, done);
  });
}

/** Query parameters that are numbers wherever they appear (paging and sizes). */
const NUMERIC_PARAMS = new Set(['limit', 'offset', 'page', 'pageSize', 'size', 'round', 'year', 'days', 'hours', 'before']);
const NUMERIC = /^\d{1,9}$/;

/**
 * Refuses a request whose URL carries a NUL byte, or whose paging parameters are not whole numbers, with a 400 in
 * Chinese — every list route at once, before any route or SQL sees the value.
 */
export function guardQuery(app: FastifyInstance) {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const url = req.url;
    if (!url.startsWith('/api/')) return;
    if (/%00/i.test(url) || url.includes('\0')) throw new AppError(400, 'NUL_CHARACTER', '请求地址含有不允许的空字符（%00），请检查后重试');
    const q = url.indexOf('?');
    if (q < 0) return;
    const params = new URLSearchParams(url.slice(q + 1));
    const seen = new Set<string>();
    for (const [k, v] of params) {
      // A repeated key would reach the route as an array where it expects a string.
      if (seen.has(k)) throw new AppError(400, 'BAD_QUERY', `参数 ${k} 只能出现一次，请检查后重试`, [{ path: k, message: '只能出现一次' }]);
      seen.add(k);
      if (NUMERIC_PARAMS.has(k) && v !== '' && !NUMERIC.test(v)) {
        throw new AppError(400, 'BAD_QUERY', `参数 ${k} 必须是不超过 9 位的非负整数，请检查后重试`, [{ path: k, message: '必须是非负整数' }]);
      }
    }
  });
}
