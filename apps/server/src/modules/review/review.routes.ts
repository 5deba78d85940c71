// Review routes: experts and rounds for the organiser, provincial rounds for a provincial administrator (own province
// only, advisory), tasks and score sheets for experts, expert activation.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ExpertListQuery, ExpertPage } from '@anli/contracts/experts.ts';
import type { AppDeps, Services } from '../../app.ts';
import { requireProvinceAdmin, requireRole, setSessionCookie } from '../../http/auth.ts';

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
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  zapp.get('/api/org/experts', {
    config: { audience: ['organiser'] },
    schema: { tags: ['评审'], summary: '评审专家（分页、排序、筛选）', querystring: ExpertListQuery, response: { 200: ExpertPage } },
  }, async (req) => s.review.expertPage(requireRole(req, 'organiser'), req.query));
  app.post<{ Params: { id: string } }>('/api/org/experts/:id/invitation', async (req) =>
    s.review.reissueInvitation(requireRole(req, 'organiser'), req.params.id));
  app.post<{ Params: { id: string } }>('/api/org/experts/:id/conflicts', async (req) =>
    s.review.addConflict(requireRole(req, 'organiser'), req.params.id, (req.body ?? {}) as Body));

  // Organiser: rounds, assignment, results, decisions.
  app.get<{ Querystring: { callId?: string } }>('/api/org/review/rounds', async (req) => {
    return s.review.listRounds(requireRole(req, 'organiser'), req.query.callId || undefined);
  });
  app.post('/api/org/review/rounds', async (req) => s.review.createRound(requireRole(req, 'organiser'), (req.body ?? {}) as Body));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/open', async (req) =>
    s.review.openRound(requireRole(req, 'organiser'), req.params.roundId, (req.body ?? {}) as Body));
  // Provinces whose recommended cases wait outside national review because their list is not reported.
  app.get<{ Querystring: { callId?: string } }>('/api/org/review/unreported', async (req) => {
    requireRole(req, 'organiser');
    return s.review.unreportedProvinces(String(req.query.callId ?? ''));
  });
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/close', async (req) =>
    s.review.closeRound(requireRole(req, 'organiser'), req.params.roundId));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assign', async (req) => {
    const body = (req.body ?? {}) as Body;
    const seed = Number(body.seed);
    return s.review.autoAssign(requireRole(req, 'organiser'), req.params.roundId, Number.isInteger(seed) ? seed : undefined, expertIdsOf(body));
  });
  app.get<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assignments', async (req) =>
    s.review.assignments(requireRole(req, 'organiser'), req.params.roundId));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/assignments', async (req) =>
    s.review.addAssignment(requireRole(req, 'organiser'), req.params.roundId, (req.body ?? {}) as Body));
  app.delete<{ Params: { roundId: string; caseId: string; expertId: string } }>('/api/org/review/rounds/:roundId/assignments/:caseId/:expertId', async (req) =>
    s.review.removeAssignment(requireRole(req, 'organiser'), req.params.roundId, req.params.caseId, req.params.expertId));
  app.get<{ Params: { roundId: string }; Querystring: { by?: string } }>('/api/org/review/rounds/:roundId/results', async (req) =>
    s.review.results(requireRole(req, 'organiser'), req.params.roundId, req.query.by === 'raw' ? 'raw' : 'normalised'));
  app.post<{ Params: { roundId: string } }>('/api/org/review/rounds/:roundId/decisions', async (req) =>
    s.review.decide(requireRole(req, 'organiser'), req.params.roundId, (req.body ?? {}) as Body));

  // Provincial administrator: optional provincial rounds over the own province's submitted cases (advisory: the
  // results are shown beside the case list when recommending and never decide or publish anything).
  const P = '/api/province/review/rounds';
  zapp.get('/api/province/experts', {
    config: { audience: ['province_admin'] },
    schema: { tags: ['评审'], summary: '本省可选用的评审专家（分页、排序、筛选）', querystring: ExpertListQuery, response: { 200: ExpertPage } },
  }, async (req) => s.review.expertPage(requireProvinceAdmin(req), req.query, { province: true }));
  // Experts a province invites belong to it: only its own rounds use them.
  app.post('/api/province/experts', async (req) => s.review.inviteExpert(requireProvinceAdmin(req), (req.body ?? {}) as Body));
  app.post<{ Params: { id: string } }>('/api/province/experts/:id/invitation', async (req) =>
    s.review.reissueInvitation(requireProvinceAdmin(req), req.params.id));
  app.get<{ Querystring: { callId?: string } }>(P, async (req) => s.review.listRounds(requireProvinceAdmin(req), req.query.callId || undefined));
  app.post(P, async (req) => s.review.createRound(requireProvinceAdmin(req), (req.body ?? {}) as Body));
  app.post<{ Params: { roundId: string } }>(`${P}/:roundId/open`, async (req) => s.review.openRound(requireProvinceAdmin(req), req.params.roundId));
  app.post<{ Params: { roundId: string } }>(`${P}/:roundId/close`, async (req) => s.review.closeRound(requireProvinceAdmin(req), req.params.roundId));
  app.post<{ Params: { roundId: string } }>(`${P}/:roundId/assign`, async (req) => {
    const body = (req.body ?? {}) as Body;
    const seed = Number(body.seed);
    return s.review.autoAssign(requireProvinceAdmin(req), req.params.roundId, Number.isInteger(seed) ? seed : undefined, expertIdsOf(body));
  });
  app.get<{ Params: { roundId: string } }>(`${P}/:roundId/assignments`, async (req) => s.review.assignments(requireProvinceAdmin(req), req.params.roundId));
  app.post<{ Params: { roundId: string } }>(`${P}/:roundId/assignments`, async (req) =>
    s.review.addAssignment(requireProvinceAdmin(req), req.params.roundId, (req.body ?? {}) as Body));
  app.delete<{ Params: { roundId: string; caseId: string; expertId: string } }>(`${P}/:roundId/assignments/:caseId/:expertId`, async (req) =>
    s.review.removeAssignment(requireProvinceAdmin(req), req.params.roundId, req.params.caseId, req.params.expertId));
  app.get<{ Params: { roundId: string }; Querystring: { by?: string } }>(`${P}/:roundId/results`, async (req) =>
    s.review.results(requireProvinceAdmin(req), req.params.roundId, req.query.by === 'raw' ? 'raw' : 'normalised'));
  app.get<{ Querystring: { callId?: string } }>('/api/province/review/advice', async (req) =>
    s.review.provinceAdvice(requireProvinceAdmin(req), req.query.callId ?? ''));

  // Expert: own tasks and score sheets (open rounds only).
  app.get('/api/review/tasks', async (req) => s.review.tasks(requireRole(req, 'expert')));
  app.get<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id', async (req) =>
    s.review.sheet(requireRole(req, 'expert'), req.params.roundId, req.params.id));
  app.put<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id', async (req) =>
    s.review.saveSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, (req.body ?? {}) as Body));
  app.post<{ Params: { roundId: string; id: string } }>('/api/review/rounds/:roundId/cases/:id/submit', async (req) =>
    s.review.submitSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, (req.body ?? {}) as Body));
}

/** The experts picked for an automatic assignment (absent: every activated expert). */
function expertIdsOf(body: Body): string[] | undefined {
  return Array.isArray(body.expertIds) ? body.expertIds.filter((x): x is string => typeof x === 'string').slice(0, 5000) : undefined;
}
