// The human path of SPEC §3 "What blocks submission": the author explains a detected-rule finding; the provincial
// administrator accepts the explanation (or returns the case) and ticks the checklist of manual items before 推荐.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AcceptBody, ChecklistBody, ExplainBody } from '@anli/contracts/findings.ts';
import { IdParams, Ok } from '@anli/contracts/common.ts';
import { viewerOf } from '../../http/audience.ts';
import type { Services } from '../../app.ts';

const TAG = ['案例文件检查'];

export async function findingRoutes(fastify: FastifyInstance, s: Pick<Services, 'files'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.put('/api/cases/:id/explanations', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '为检查结果填写说明（空白则删除），提交后由省级管理员人工复核', params: IdParams, body: ExplainBody, response: { 200: Ok } },
  }, async (req) => {
    await s.files.explain(viewerOf(req), req.params.id, req.body);
    return { ok: true as const };
  });

  app.post('/api/cases/:id/explanations/accept', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '人工复核：确认作者的说明', params: IdParams, body: AcceptBody, response: { 200: Ok } },
  }, async (req) => {
    await s.files.acceptExplanation(viewerOf(req), req.params.id, req.body);
    return { ok: true as const };
  });

  app.put('/api/cases/:id/checklist', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '人工核对项：勾选或取消', params: IdParams, body: ChecklistBody, response: { 200: Ok } },
  }, async (req) => {
    await s.files.setChecklist(viewerOf(req), req.params.id, req.body);
    return { ok: true as const };
  });
}
