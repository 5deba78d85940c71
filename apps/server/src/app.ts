// Builds the Fastify application from its dependencies (database, clock, sender), so tests build it the same way.
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import path from 'node:path';
import type { Db } from './infra/db/db.ts';
import type { Clock } from './infra/clock.ts';
import type { Sender } from './infra/sender.ts';
import { registerErrorHandler } from './http/errors.ts';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod.ts';
import { registerOpenApi } from './http/openapi.ts';
import { enforceAudience } from './http/audience.ts';
import { allowedOriginsFromEnv, DEFAULT_BODY_LIMIT, enforceSameOrigin, guardedJsonParser, guardQuery, securityHeaders } from './http/edge.ts';
import { callNoticesService } from './modules/callnotices/callnotices.service.ts';
import { callNoticeRoutes } from './modules/callnotices/callnotices.routes.ts';
import { SESSION_COOKIE } from './http/auth.ts';
import { accountsService } from './modules/accounts/accounts.service.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { callsService } from './modules/calls/calls.service.ts';
import { callsRoutes } from './modules/calls/calls.routes.ts';
import { callBuilderService } from './modules/calls/builder.service.ts';
import { callBuilderRoutes } from './modules/calls/builder.routes.ts';
import { casesService } from './modules/cases/case.service.ts';
import { caseRoutes } from './modules/cases/case.routes.ts';
import { provinceService } from './modules/province/province.service.ts';
import { provinceRoutes } from './modules/province/province.routes.ts';
import { deadlineRoutes } from './modules/province/deadlines.routes.ts';
import { chainRoutes } from './modules/chain/chain.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { writeAudit } from './modules/audit/audit.repository.ts';
import { auditForbidden } from './modules/audit/forbidden.hook.ts';
import { filesService, type JobSender } from './modules/files/file.service.ts';
import { fileRoutes } from './modules/files/file.routes.ts';
import { findingRoutes } from './modules/files/findings.routes.ts';
import { templateRoutes } from './modules/templates/templates.routes.ts';
import { rubricRoutes } from './modules/review/rubric.routes.ts';
import { similarityService, type SimilarityJobs } from './modules/similarity/similarity.service.ts';
import { similarityRoutes } from './modules/similarity/similarity.routes.ts';
import { reviewService } from './modules/review/review.service.ts';
import { reviewRoutes } from './modules/review/review.routes.ts';
import { certificatesService, publicBaseUrl } from './modules/certificates/certificate.service.ts';
import { certificateRoutes } from './modules/certificates/certificate.routes.ts';
import { resultsService } from './modules/results/results.service.ts';
import { resultsRoutes } from './modules/results/results.routes.ts';
import { noticesService, type NoticeJobs } from './modules/notices/notices.service.ts';
import { noticesRoutes } from './modules/notices/notices.routes.ts';
import { mode1Service } from './modules/mode1/mode1.service.ts';
import { mode1Routes } from './modules/mode1/mode1.routes.ts';
import { reportsService } from './modules/reports/reports.service.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { messagingService, type MessagingJobs } from './modules/messaging/messaging.service.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { DEFAULT_CODE_LIMITS, DEFAULT_LIMITS, type MessagingSettings } from './infra/messaging/config.ts';
import type { ObjectStorage } from './infra/storage/storage.ts';
import type { ToolPorts } from '@anli/checks/types.ts';
import { createSessionCache, parseSessionChange, SESSION_CHANNEL, type SessionCache } from './modules/accounts/session-cache.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  sender: Sender;
  /** Which gateways the sender uses and the sending limits (infra/messaging/config.ts); defaults: log, default limits. */
  messaging?: MessagingSettings;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** How long this process keeps a session it read (default 10 s; 0: off): modules/accounts/session-cache.ts. */
  sessionCacheMs?: number;
  /** The kept sessions; buildApp makes it (and listens for changes made by other processes). */
  sessionCache?: SessionCache;
  /** Organisers and provincial administrators must enrol TOTP before working (default true; the test server turns it off unless asked). */
  totpRequired?: boolean;
  secureCookies: boolean;
  storage: ObjectStorage;
  /** Where background jobs go (the Postgres-backed queue). */
  jobs: JobSender;
  /** Server-side tools for deep checks (ffmpeg, LibreOffice); absent tools make their rules manual. */
  tools: () => ToolPorts;
  /** Built web app to serve, if present. */
  webDist?: string;
  logger?: boolean | object;
  /** Origins a state-changing request may come from (default: PUBLIC_URL and ALLOWED_ORIGINS, see http/edge.ts).
   *  Read at each request, so a test server can add its own address after it listens. */
  allowedOrigins?: string[];
  /** Fastify's trustProxy: the proxies whose X-Forwarded-For is believed (TRUST_PROXY); default none. */
  trustProxy?: boolean | string | string[] | number;
}

export type Services = ReturnType<typeof buildServices>;

/** The log sender's settings with the default limits (tests and embedded use). */
export const defaultMessaging = (): MessagingSettings => ({ sms: 'log', email: 'log', signName: '案例征集平台', limits: { ...DEFAULT_LIMITS }, codes: { ...DEFAULT_CODE_LIMITS } });

export function buildServices(deps: AppDeps) {
  const calls = callsService(deps);
  const files = filesService({ ...deps, calls });
  // Every SMS and e-mail goes through the outbox (the notices.deliver job sends them), limited and retried there.
  const messaging = messagingService({ ...deps, jobs: deps.jobs as unknown as MessagingJobs, settings: deps.messaging ?? defaultMessaging() });
  // Notices: in-app notices plus their SMS/e-mail.
  const notices = noticesService({ ...deps, calls, files, messaging, jobs: deps.jobs as unknown as NoticeJobs });
  const accounts = accountsService({ ...deps, messaging, notices, codeLimits: (deps.messaging ?? defaultMessaging()).codes });
  const cases = casesService({ ...deps, calls, files, notices });
  const province = provinceService({ ...deps, calls, cases });
  // deps.jobs is the job queue; the similarity module sends its own job.
  const similarity = similarityService({ ...deps, calls, jobs: deps.jobs as unknown as SimilarityJobs });
  // Certificates: QR codes point at PUBLIC_URL; the token key is CERTIFICATE_SECRET or one kept in the database.
  const certificates = certificatesService({ ...deps, calls, publicUrl: publicBaseUrl(), secret: process.env.CERTIFICATE_SECRET || null });
  const results = resultsService({ ...deps, calls, cases, certificates });
  const review = reviewService({ db: deps.db, clock: deps.clock, sessionMaxMs: deps.sessionMaxMs, calls, cases, messaging });
  const mode1 = mode1Service({ ...deps, calls, messaging, publicUrl: publicBaseUrl() });
  const reports = reportsService({ db: deps.db, calls, cases });
  const callNotices = callNoticesService({ db: deps.db, clock: deps.clock, storage: deps.storage, calls });
  const callBuilder = callBuilderService({ db: deps.db, clock: deps.clock, calls, jobs: deps.jobs as never });
  /** Records an event without a state change (exports, views of sensitive lists). */
  const audit = (u: { id: string | null; role: string | null; name: string | null; provinceCode?: string | null }, event: string, data: Record<string, unknown>) =>
    writeAudit(deps.db, u, { event, objectType: 'export', objectId: String(data.caseId ?? data.callId ?? data.number ?? '') || undefined, provinceCode: u.provinceCode ?? null, data }, deps.clock.now());
  return { accounts, calls, callBuilder, cases, province, audit, files, similarity, certificates, results, review, mode1, reports, notices, callNotices, messaging, storage: deps.storage };
}

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // JSON bodies are small; routes that take more (imports) set their own limit.
    bodyLimit: DEFAULT_BODY_LIMIT,
    // By default X-Forwarded-For is ignored: the audit log records the real peer unless TRUST_PROXY names the proxy.
    trustProxy: (deps.trustProxy ?? false) as boolean,
  });
  // Sessions read by this process are kept a few seconds and forgotten when changed here or, through PostgreSQL's
  // NOTIFY, in another process; until that listening connection is up on a server, nothing is kept.
  const sessionCache = createSessionCache({ ttlMs: deps.sessionCacheMs ?? 10_000, listening: !deps.db.listen });
  const services = buildServices({ ...deps, sessionCache });
  if (deps.db.listen && (deps.sessionCacheMs ?? 10_000) > 0) {
    const listener = await deps.db.listen(SESSION_CHANNEL, {
      message: (payload) => {
        const change = parseSessionChange(payload);
        if (change) sessionCache.forget(change);
      },
      state: (on) => sessionCache.setListening(on),
    });
    app.addHook('onClose', async () => listener.close());
  }
  app.addHook('onClose', async () => sessionCache.close());
  // Calls opened on the platform join the built-in ones before the first request.
  await services.calls.reload();
  // Requests are validated and responses serialised through each route's zod schemas (http/zod.ts).
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  await app.register(cookie);
  registerErrorHandler(app);
  guardedJsonParser(app);
  guardQuery(app);
  const allowedOrigins = deps.allowedOrigins ?? allowedOriginsFromEnv();

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    req.user = await services.accounts.resolveSession(req.cookies[SESSION_COOKIE]);
    // A call opened or changed through another process is seen here within seconds.
    await services.calls.sync();
  });
  // After the session (so the audit names whose cookie a forged request carried), before the audience check.
  enforceSameOrigin(app, { allowed: () => allowedOrigins, db: deps.db, clock: deps.clock });
  enforceAudience(app, { requireDeclared: true });
  auditForbidden(app, deps.db, deps.clock);
  securityHeaders(app, { hsts: deps.secureCookies });

  // Every API route, for the access-control matrix test and the docs.
  const routes: Array<{ method: string; url: string; audience: unknown }> = [];
  app.addHook('onRoute', (r) => {
    // The reference page's own assets (/api/docs/…) are not API routes.
    if (!r.url.startsWith('/api/') || r.url.startsWith('/api/docs')) return;
    for (const m of [r.method].flat()) if (m !== 'HEAD' && m !== 'OPTIONS') routes.push({ method: m, url: r.url, audience: r.config?.audience });
  });
  app.decorate('apiRoutes', routes);
  // After the route list's hook (so /api/openapi.json is listed) and before every route (so each is documented).
  await registerOpenApi(app);

  app.get(
    '/api/health',
    {
      config: { audience: 'public' },
      schema: {
        summary: '服务健康检查',
        response: { 200: z.object({ ok: z.literal(true), db: z.enum(['pglite', 'postgres']), storage: z.enum(['local', 's3']) }) },
      },
    },
    async () => ({ ok: true as const, db: deps.db.kind, storage: deps.storage.kind }),
  );
  await app.register(async (api) => {
    await accountsRoutes(api, services, deps);
    await callsRoutes(api, services);
    await callBuilderRoutes(api, services);
    await caseRoutes(api, services);
    await provinceRoutes(api, services);
    await deadlineRoutes(api, services, deps);
    await chainRoutes(api, services, deps);
    await orgRoutes(api, services, deps);
    await fileRoutes(api, services);
    await findingRoutes(api, services);
    await similarityRoutes(api, services);
    await reviewRoutes(api, services, deps);
    await certificateRoutes(api, services);
    await resultsRoutes(api, services);
    await noticesRoutes(api, services);
    await mode1Routes(api, services, deps);
    await templateRoutes(api, services, deps);
    await rubricRoutes(api, services, deps);
    await reportsRoutes(api, services, deps);
    await messagingRoutes(api, services);
    await callNoticeRoutes(api, services);
  });

  const web = deps.webDist && existsSync(deps.webDist) ? deps.webDist : null;
  // The build writes brotli and gzip copies of every asset (apps/web/vite.config.ts); they are sent as they are to a
  // browser that accepts them. Files under /assets/ carry a content hash in their name and never change: cached for a
  // year without revalidation. The HTML (and anything else) is revalidated on every load, so a new build is seen at once.
  if (web) {
    await app.register(fastifyStatic, {
      root: web,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const hashed = filePath.startsWith(path.join(web, 'assets') + path.sep);
        reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // Single-page app: unknown non-API GET paths get index.html.
  app.setNotFoundHandler((req, reply) => {
    if (!web || req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '页面或接口不存在' });
    }
    // A missing hashed asset (an old build's chunk) is a 404, not the HTML: the browser would run HTML as a script.
    if (req.url.startsWith('/assets/')) return reply.status(404).send({ code: 'NOT_FOUND', message: '页面或接口不存在' });
    return reply.sendFile('index.html');
  });
  return { app, services };
}
