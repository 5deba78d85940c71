// Review routes: experts and rounds for the organiser, tasks and score sheets for experts, expert activation.
import type { FastifyInstance } from 'fastify';
import type { AppDeps, Services } from '../../app.ts';
import { requireRole, setSessionCookie } from '../../http/auth.ts';

type Body = Record<string, unknown>;

export async function reviewRoutes(app: FastifyInstance, s: Services, deps: AppDeps) {
  // Public: an invited expert activates the account.
  app.post('/api/auth/activate-expert', async (req, reply) => {
    const r = await s.review.activateExpert((req.body ?? {}) as Body);
    setSessionCookie(reply, r.token, deps.secureCookies, deps.sessionMaxMs);
    return { user: r.user };
  });

  // Organiser: experts.
  app.post('/api/org/experts', async (req) => s.review.inviteExpert(requireRole(req, 'organiser'), (req.body ?? {}) as Body));
  app.get('/api/org/experts', async (req) => {
    requireRole(req, 'organiser');
    return s.review.listExperts();
  });
  app.post<{ Params: { id: string } }>('/api/org/experts/:id/invitation', async (req) =>
    s.review.reissueInvitation(requireRole(req, 'organiser'), req.params.id));
  app.post<{ Params: { id: string } }>('/api/org/experts/:id/conflicts', async (req) =>
    s.review.addConflict(requireRole(req, 'organiser'), req.params.id, (req.body ?? {}) as Body));

  // Organiser: rounds, assignment, results, decisions.
  app.get<{ Querystring: { callId?: string } }>('/api/org/review/rounds', async (req) => {
    requireRole(req, 'organiser');
    return s.review.listRounds(req.query.callId || undefined);
  });
  app.post('/api/org/review/rounds', async (req) => s.review.createRound(requireRole(req, 'organiser'), (req.body ?? {}) as Body));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/open', async (req) =>
    s.review.openRound(requireRole(req, 'organiser'), req.params.roundId));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/close', async (req) =>
    s.review.closeRound(requireRole(req, 'organiser'), req.params.roundId));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assign', async (req) => {
    const seed = Number(((req.body ?? {}) as Body).seed);
    return s.review.autoAssign(requireRole(req, 'organiser'), req.params.roundId, Number.isInteger(seed) ? seed : undefined);
  });
  app.get<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assignments', async (req) => {
    requireRole(req, 'organiser');
    return s.review.assignments(req.params.roundId);
  });
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assignments', async (req) =>
    s.review.addAssignment(requireRole(req, 'organiser'), req.params.roundId, (req.body ?? {}) as Body));
  app.delete<{ Params: { roundId: string; caseId: string; expertId: string } }>('/api/org/review/rounds/:roundId/assignments/:caseId/:expertId', async (req) =>
    s.review.removeAssignment(requireRole(req, 'organiser'), req.params.roundId, req.params.caseId, req.params.expertId));
  app.get<{ Params: { roundId: string }; Querystring: { by?: string } }>('/api/org/review/rounds/:roundId/results', async (req) => {
    requireRole(req, 'organiser');
    return s.review.results(req.params.roundId, req.query.by === 'raw' ? 'raw' : 'normalised');
  });
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/decisions', async (req) =>
    s.review.decide(requireRole(req, 'organiser'), req.params.roundId, (req.body ?? {}) as Body));

  // Expert: own tasks and score sheets (open rounds only).
  app.get('/api/review/tasks', async (req) => s.review.tasks(requireRole(req, 'expert')));
  app.get<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id', async (req) =>
    s.review.sheet(requireRole(req, 'expert'), req.params.roundId, req.params.id));
  app.put<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id', async (req) =>
    s.review.saveSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, (req.body ?? {}) as Body));
  app.post<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id/submit', async (req) =>
    s.review.submitSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, (req.body ?? {}) as Body));
}
