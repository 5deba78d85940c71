// Public call information, and the organiser's control of phases and extensions.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { AI_SCENARIO_FRAMEWORK } from '@anli/domain/calls/scenario-framework.ts';
import { EVIDENCE_RESEARCH_CATEGORIES, ONLINE_STUDIO_EXAMPLES } from '@anli/domain/calls/evidence-categories.ts';

export async function callsRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/provinces', { config: { audience: 'public' } }, async () => PROVINCES);

  app.get('/api/calls', { config: { audience: 'public' } }, async (req) => {
    const province = req.user?.provinceCode ?? null;
    return Promise.all(
      s.calls.list().map(async (c) => ({
        id: c.id,
        title: c.title,
        documentNo: c.documentNo ?? null,
        onePerAuthor: c.onePerAuthor,
        provinceModes: c.provinceModes,
        /** Whether cases go through county/city recommendation first (the definition's chain). */
        hasChain: !!c.chain?.length,
        caseTypes: c.caseTypes.map((t) => ({ id: t.id, name: t.name, shortName: t.shortName })),
        phases: await s.calls.phases(c.id, province),
      })),
    );
  });

  app.get<{ Params: { callId: string } }>('/api/calls/:callId', { config: { audience: 'public' } }, async (req) => {
    const call = s.calls.requireCall(req.params.callId);
    return {
      ...call,
      phases: await s.calls.phases(call.id, req.user?.provinceCode ?? null),
      scenarios: { aiFramework: AI_SCENARIO_FRAMEWORK, evidenceCategories: EVIDENCE_RESEARCH_CATEGORIES, studioExamples: ONLINE_STUDIO_EXAMPLES },
    };
  });

  app.get<{ Params: { callId: string } }>('/api/org/calls/:callId', { config: { audience: ['organiser'] } }, async (req) => {
    requireRole(req, 'organiser');
    const call = s.calls.requireCall(req.params.callId);
    const settings = await s.calls.settings(call.id);
    return { ...call, phases: await s.calls.phases(call.id, null), overrides: settings.overrides, extensions: settings.extensions };
  });

  app.put<{ Params: { callId: string; phaseId: string } }>('/api/org/calls/:callId/phases/:phaseId', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.setPhase(u, req.params.callId, req.params.phaseId, (req.body ?? {}) as any);
    return s.calls.phases(req.params.callId, null);
  });

  app.post<{ Params: { callId: string } }>('/api/org/calls/:callId/extensions', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.addExtension(u, req.params.callId, (req.body ?? {}) as any);
    return (await s.calls.settings(req.params.callId)).extensions;
  });

  app.delete<{ Params: { callId: string; provinceCode: string; phaseId: string } }>('/api/org/calls/:callId/extensions/:provinceCode/:phaseId', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.removeExtension(u, req.params.callId, req.params.provinceCode, req.params.phaseId);
    return (await s.calls.settings(req.params.callId)).extensions;
  });
}
