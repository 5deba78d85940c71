// Near-duplicate detection (organiser; the flag also for assigned experts) and scenario suggestions (signed-in users).
import { notFound } from '../../http/errors.ts';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';
import { scenarioSuggestions } from './scenario-suggest.ts';

export async function similarityRoutes(app: FastifyInstance, s: Services) {
  app.post('/api/org/similarity/scan', async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const r = await s.similarity.requestScan(u, ((req.body ?? {}) as { callId?: unknown }).callId);
    return reply.status(202).send(r);
  });
  app.get<{ Querystring: { callId?: string } }>('/api/org/similarity', async (req) => {
    requireRole(req, 'organiser');
    return s.similarity.list(req.query.callId);
  });
  app.get<{ Querystring: { a?: string; b?: string } }>('/api/org/similarity/pair', async (req) => {
    requireRole(req, 'organiser');
    return s.similarity.pair(req.query.a, req.query.b);
  });
  app.get<{ Params: { id: string } }>('/api/cases/:id/similarity', async (req) => {
    const u = requireRole(req, 'organiser', 'expert');
    if (u.role === 'organiser') return s.similarity.forCase(req.params.id);
    // An expert sees the flag on an assigned case, not which other cases it resembles.
    if (!(await s.cases.getRow(u, req.params.id).catch(() => null))) throw notFound();
    const full = await s.similarity.forCase(req.params.id);
    return { label: full.label, similarityFlag: full.similarityFlag, maxScore: full.maxScore, pairs: [] };
  });
  app.get<{ Params: { id: string } }>('/api/cases/:id/scenario-fit', async (req) => {
    // Anyone who may see the case (scoped in the repository query).
    return s.similarity.scenarioFit(requireUser(req), req.params.id);
  });
  app.post('/api/scenarios/suggest', async (req) => {
    requireUser(req);
    return scenarioSuggestions(s.calls, (req.body ?? {}) as Record<string, unknown>);
  });
}
