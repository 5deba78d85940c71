// The province's own author deadline (provincial administrator) and the deadlines an author works to.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthorDeadline, DeadlineQuery, ProvinceDeadline, SetProvinceDeadlineBody } from '@anli/contracts/deadlines.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { requireProvinceAdmin } from '../../http/auth.ts';
import { viewerOf } from '../../http/audience.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { deadlinesService } from './deadlines.service.ts';

const TAG = ['截止时间'];

export async function deadlineRoutes(fastify: FastifyInstance, s: { calls: CallsService }, deps: { db: Db; clock: Clock }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deadlines = deadlinesService({ db: deps.db, clock: deps.clock, calls: s.calls });

  app.get('/api/province/author-deadline', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省作者报送截止时间（方式一：推荐作者填报截止时间）', querystring: DeadlineQuery, response: { 200: ProvinceDeadline } },
  }, async (req) => deadlines.provinceDeadline(requireProvinceAdmin(req), req.query.callId));

  app.put('/api/province/author-deadline', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '设定本省作者报送截止时间（不晚于本省推荐上报截止时间；清空则按推荐上报截止时间）', body: SetProvinceDeadlineBody, response: { 200: ProvinceDeadline } },
  }, async (req) => deadlines.setProvinceDeadline(requireProvinceAdmin(req), req.body.callId, req.body.endsAt));

  app.get('/api/my/deadlines', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '我的报送截止时间（按本省设定）', response: { 200: z.array(AuthorDeadline) } },
  }, async (req) => deadlines.authorDeadlines(viewerOf(req)));
}
