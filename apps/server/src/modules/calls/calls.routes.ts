// Public call information, and the organiser's control of phases and extensions.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AddExtensionBody, CallDetail, CallSummary, Extension, ExtensionParams, OrgCallDetail, PhaseParams, SetPhaseBody } from '@anli/contracts/calls.ts';
import { CallIdParams } from '@anli/contracts/common.ts';
import { Phase, ProvinceInfo } from '@anli/contracts/province.ts';
import type { Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { serializedCache } from '../../http/serialized.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { callScenarioContent } from '@anli/domain/calls/scenario-content.ts';
import { ONLINE_STUDIO_EXAMPLES } from '@anli/domain/calls/evidence-categories.ts';

const TAG = ['活动'];
/** The answers of GET /api/calls/:callId as JSON text, per call definition and phases. */
const callDetails = serializedCache<object>(CallDetail);

export async function callsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/provinces', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '省级单位（32 个）', response: { 200: z.array(ProvinceInfo) } },
  }, async () => PROVINCES);

  app.get('/api/calls', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '征集活动列表（含各阶段时间）', response: { 200: z.array(CallSummary) } },
  }, async (req) => {
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

  app.get('/api/calls/:callId', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '征集活动详情（案例类型、表单、附件要求、各阶段时间、场景参考）', params: CallIdParams, response: { 200: CallDetail } },
  }, async (req, reply) => {
    const call = s.calls.requireCall(req.params.callId);
    const phases = await s.calls.phases(call.id, req.user?.provinceCode ?? null);
    // Read by every case page (36 KB): serialised once per call definition and phase state, not per request.
    return callDetails.send(reply, call, JSON.stringify(phases), () => ({
      ...call,
      phases,
      // The call's own suggestions where the organiser edited them (each scenario field also carries its content).
      scenarios: (({ framework, categories }) => ({ aiFramework: framework, evidenceCategories: categories, studioExamples: ONLINE_STUDIO_EXAMPLES }))(callScenarioContent(call)),
    }));
  });

  app.get('/api/org/calls/:callId', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '活动设置：全国阶段时间、调整与各省延期', params: CallIdParams, response: { 200: OrgCallDetail } },
  }, async (req) => {
    requireRole(req, 'organiser');
    const call = s.calls.requireCall(req.params.callId);
    const settings = await s.calls.settings(call.id);
    return { ...call, phases: await s.calls.phases(call.id, null), overrides: [...settings.overrides], extensions: [...settings.extensions] };
  });

  app.put('/api/org/calls/:callId/phases/:phaseId', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '调整阶段时间或强制开放、关闭', params: PhaseParams, body: SetPhaseBody, response: { 200: z.array(Phase) } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.setPhase(u, req.params.callId, req.params.phaseId, req.body);
    return s.calls.phases(req.params.callId, null);
  });

  app.post('/api/org/calls/:callId/extensions', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '为某省延长某阶段的截止日期', params: CallIdParams, body: AddExtensionBody, response: { 200: z.array(Extension) } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.addExtension(u, req.params.callId, req.body);
    return [...(await s.calls.settings(req.params.callId)).extensions];
  });

  app.delete('/api/org/calls/:callId/extensions/:provinceCode/:phaseId', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '取消某省的延期', params: ExtensionParams, response: { 200: z.array(Extension) } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.calls.removeExtension(u, req.params.callId, req.params.provinceCode, req.params.phaseId);
    return [...(await s.calls.settings(req.params.callId)).extensions];
  });
}
