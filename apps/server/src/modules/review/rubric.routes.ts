// A call's rubrics: read by the organiser, experts and provinces (each page names the rubric's origin), edited by
// the organiser where the notice publishes none, until a review round of the call opens.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallIdParams } from '@anli/contracts/common.ts';
import { CaseTypeParams, CaseTypeRubric, RubricBody } from '@anli/contracts/rubrics.ts';
import type { Services } from '../../app.ts';
import type { Db } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { viewerOf } from '../../http/audience.ts';
import { rubricService } from './rubric.service.ts';

const TAG = ['评分标准'];

export async function rubricRoutes(fastify: FastifyInstance, s: Pick<Services, 'calls'>, deps: { db: Db; clock: Clock }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const rubrics = rubricService({ db: deps.db, clock: deps.clock, calls: s.calls });

  app.get('/api/calls/:callId/rubrics', {
    config: { audience: ['organiser', 'expert', 'province_admin'] },
    schema: { tags: TAG, summary: '活动各案例类型的评分标准（注明来源：通知公布或组委会自定）', params: CallIdParams, response: { 200: z.array(CaseTypeRubric) } },
  }, async (req) => rubrics.list(req.params.callId));

  app.put('/api/calls/:callId/rubrics/:caseType', {
    config: { audience: ['organiser'] },
    schema: {
      tags: TAG,
      summary: '修改组委会自定的评分标准（指标、分值合计 100、二级指标）；评审轮次开始后不能修改',
      params: CaseTypeParams,
      body: RubricBody,
      response: { 200: CaseTypeRubric },
    },
  }, async (req) => rubrics.update(viewerOf(req), req.params.callId, req.params.caseType, req.body));
}
