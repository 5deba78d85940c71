// Near-duplicate detection (organiser; the flag also for assigned experts) and scenario suggestions (signed-in users).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CallIdParams, IdParams } from '@anli/contracts/common.ts';
import {
  CaseSimilarity, PairDetail, PairQuery, ScanQueued, ScanRequest, ScenarioFit, ScenarioSuggestions, SimilarityList, SuggestRequest,
} from '@anli/contracts/similarity.ts';
import { viewerOf } from '../../http/audience.ts';
import { notFound } from '../../http/errors.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import type { SimilarityService } from './similarity.service.ts';
import { scenarioSuggestions } from './scenario-suggest.ts';
import { may } from '@anli/domain/policy.ts';

const TAG = ['相似度与场景建议（机器建议）'];

export async function similarityRoutes(fastify: FastifyInstance, s: { similarity: SimilarityService; cases: CasesService; calls: CallsService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/org/similarity/scan', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '对一个活动的案例进行相似度检测（后台运行）', body: ScanRequest, response: { 202: ScanQueued } },
  }, async (req, reply) => reply.status(202).send(await s.similarity.requestScan(viewerOf(req), req.body.callId)));

  app.get('/api/org/similarity', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '活动的相似案例对与最近一次检测', querystring: CallIdParams, response: { 200: SimilarityList } },
  }, async (req) => s.similarity.list(req.query.callId));

  app.get('/api/org/similarity/pair', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '两个案例的文字与重合段落', querystring: PairQuery, response: { 200: PairDetail } },
  }, async (req) => s.similarity.pair(req.query.a, req.query.b));

  app.get('/api/cases/:id/similarity', {
    config: { audience: ['organiser', 'expert'] },
    schema: { tags: TAG, summary: '一个案例的相似度提示（专家只见提示，不见相似的其他案例）', params: IdParams, response: { 200: CaseSimilarity } },
  }, async (req) => {
    const u = viewerOf(req);
    if (may(u, 'similarity.matches')) return s.similarity.forCase(req.params.id);
    // An expert sees the flag on an assigned case, not which other cases it resembles.
    if (!(await s.cases.getRow(u, req.params.id).catch(() => null))) throw notFound();
    const full = await s.similarity.forCase(req.params.id);
    return { label: full.label, similarityFlag: full.similarityFlag, maxScore: full.maxScore, pairs: [] };
  });

  app.get('/api/cases/:id/scenario-fit', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '声明的应用场景与案例内容是否相符（机器建议）', params: IdParams, response: { 200: ScenarioFit } },
  }, async (req) => s.similarity.scenarioFit(viewerOf(req), req.params.id)); // scoped in the repository query

  app.post('/api/scenarios/suggest', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '按案例文字推荐应用场景（机器建议）', body: SuggestRequest, response: { 200: ScenarioSuggestions } },
  }, async (req) => scenarioSuggestions(s.calls, req.body));
}
