// 活动通知 routes: the organiser edits and publishes each call's notice and its attachments; anyone reads a published
// notice and downloads its attachments.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallNotice, PublishedNotice, SaveNoticeBody } from '@anli/contracts/call-notices.ts';
import { CallIdParams, FileBody, Id, NoBody } from '@anli/contracts/common.ts';
import { viewerOf } from '../../http/audience.ts';
import { NOTICE_ATTACHMENT_MAX_BYTES, type CallNoticesService } from './callnotices.service.ts';

const TAG = ['活动通知'];
const AttachmentParams = z.object({ callId: Id, attachmentId: Id });

export async function callNoticeRoutes(fastify: FastifyInstance, s: { callNotices: CallNoticesService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/public/notices',
    {
      config: { audience: 'public' },
      schema: { tags: TAG, summary: '已发布的活动通知（不含正文）', response: { 200: z.array(PublishedNotice) } },
    },
    async () => s.callNotices.publicList(),
  );

  app.get(
    '/api/public/calls/:callId/notice',
    {
      config: { audience: 'public' },
      schema: { tags: TAG, summary: '活动通知（已发布）', params: CallIdParams, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.publicGet(req.params.callId),
  );

  app.get(
    '/api/public/calls/:callId/notice/attachments/:attachmentId',
    {
      config: { audience: 'public' },
      schema: { tags: TAG, summary: '下载活动通知的附件', params: AttachmentParams },
    },
    async (req, reply) => {
      const a = await s.callNotices.attachment(req.params.callId, req.params.attachmentId, req.user ?? null);
      return reply
        .header('content-type', a.contentType)
        .header('content-length', String(a.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
        .header('etag', `"${a.sha256}"`)
        .send(await a.stream());
    },
  );

  app.get(
    '/api/org/calls/:callId/notice',
    {
      config: { audience: ['organiser'] },
      schema: { tags: TAG, summary: '活动通知（编辑）', params: CallIdParams, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.orgGet(req.params.callId),
  );

  app.put(
    '/api/org/calls/:callId/notice',
    {
      config: { audience: ['organiser'] },
      schema: { tags: TAG, summary: '保存活动通知', params: CallIdParams, body: SaveNoticeBody, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.save(viewerOf(req), req.params.callId, req.body),
  );

  app.post(
    '/api/org/calls/:callId/notice/publish',
    {
      config: { audience: ['organiser'] },
      schema: { tags: TAG, summary: '发布活动通知', params: CallIdParams, body: NoBody, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.setPublished(viewerOf(req), req.params.callId, true),
  );

  app.post(
    '/api/org/calls/:callId/notice/unpublish',
    {
      config: { audience: ['organiser'] },
      schema: { tags: TAG, summary: '撤回活动通知', params: CallIdParams, body: NoBody, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.setPublished(viewerOf(req), req.params.callId, false),
  );

  app.delete(
    '/api/org/calls/:callId/notice/attachments/:attachmentId',
    {
      config: { audience: ['organiser'] },
      schema: { tags: TAG, summary: '删除活动通知的附件', params: AttachmentParams, response: { 200: CallNotice } },
    },
    async (req) => s.callNotices.removeAttachment(viewerOf(req), req.params.callId, req.params.attachmentId),
  );

  // Upload: the file is the request body, its name in ?fileName= (the browser sends the File as it is).
  await app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: NOTICE_ATTACHMENT_MAX_BYTES + 1024 }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/org/calls/:callId/notice/attachments',
      {
        config: { audience: ['organiser'] },
        schema: {
          tags: TAG,
          summary: '上传活动通知的附件（请求体为文件，文件名在 fileName 参数中）',
          params: CallIdParams,
          querystring: z.object({ fileName: z.string().min(1).max(200) }),
          body: FileBody,
          response: { 200: CallNotice },
        },
      },
      async (req) => s.callNotices.addAttachment(viewerOf(req), req.params.callId, req.query.fileName, Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body)),
    );
  });
}
