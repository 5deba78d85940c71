// The organiser's call builder: drafts, opening, new versions of open calls, and definition files (export / import).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BuilderCallDetail, BuilderCallRow, CreateDraftBody, ImportBody, ReviseBody, SaveDraftBody } from '@anli/contracts/calls-builder.ts';
import { CallIdParams, NoBody, Ok } from '@anli/contracts/common.ts';
import { viewerOf } from '../../http/audience.ts';
import type { CallBuilderService } from './builder.service.ts';

const TAG = ['活动搭建'];
const organiser = { audience: ['organiser' as const] };

export async function callBuilderRoutes(fastify: FastifyInstance, s: { callBuilder: CallBuilderService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/org/call-builder', {
    config: organiser,
    schema: { tags: TAG, summary: '活动列表（内置、草稿、已开放）', response: { 200: z.array(BuilderCallRow) } },
  }, async () => s.callBuilder.list());

  app.post('/api/org/call-builder', {
    config: organiser,
    schema: { tags: TAG, summary: '新建活动草稿（复制已有活动或从空白开始）', body: CreateDraftBody, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.createDraft(viewerOf(req), req.body));

  app.post('/api/org/call-builder/import', {
    config: organiser,
    // A definition file is larger than an ordinary request.
    bodyLimit: 2 * 1024 * 1024,
    schema: { tags: TAG, summary: '导入活动定义文件（生成草稿）', body: ImportBody, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.importFile(viewerOf(req), req.body.text));

  app.get('/api/org/call-builder/:callId', {
    config: organiser,
    schema: { tags: TAG, summary: '活动定义（草稿或当前版本）、问题、与来源的差异、版本记录', params: CallIdParams, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.detail(req.params.callId));

  app.put('/api/org/call-builder/:callId', {
    config: organiser,
    bodyLimit: 2 * 1024 * 1024,
    schema: { tags: TAG, summary: '保存活动草稿（可不完整）', params: CallIdParams, body: SaveDraftBody, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.saveDraft(viewerOf(req), req.params.callId, req.body.definition));

  app.delete('/api/org/call-builder/:callId', {
    config: organiser,
    schema: { tags: TAG, summary: '删除活动草稿', params: CallIdParams, response: { 200: Ok } },
  }, async (req) => {
    await s.callBuilder.deleteDraft(viewerOf(req), req.params.callId);
    return { ok: true as const };
  });

  app.post('/api/org/call-builder/:callId/open', {
    config: organiser,
    schema: { tags: TAG, summary: '开放活动（冻结第 1 版）', params: CallIdParams, body: NoBody, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.open(viewerOf(req), req.params.callId));

  app.post('/api/org/call-builder/:callId/versions', {
    config: organiser,
    bodyLimit: 2 * 1024 * 1024,
    schema: { tags: TAG, summary: '修改已开放的活动（生成新版本，须写明原因）', params: CallIdParams, body: ReviseBody, response: { 200: BuilderCallDetail } },
  }, async (req) => s.callBuilder.revise(viewerOf(req), req.params.callId, req.body));

  app.get('/api/org/calls/:callId/definition', {
    config: organiser,
    schema: { tags: TAG, summary: '导出活动定义文件（JSON，含说明）', params: CallIdParams },
  }, async (req, reply) => {
    const f = await s.callBuilder.exportFile(viewerOf(req), req.params.callId);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .send(f.text);
  });
}
