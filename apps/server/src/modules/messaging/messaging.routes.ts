// The organiser's 短信与邮件 page: outgoing messages (paged, sorted, filtered on the server) and retrying a failed one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MessageIdParams, MessageListQuery, MessagePage, MessageRow } from '@anli/contracts/messages.ts';
import { NoBody } from '@anli/contracts/common.ts';
import type { Services } from '../../app.ts';
import { viewerOf } from '../../http/audience.ts';

const TAG = ['短信与邮件'];

export async function messagingRoutes(fastify: FastifyInstance, s: Pick<Services, 'messaging'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/org/messages', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '发出的短信与邮件（分页、排序、筛选）', querystring: MessageListQuery, response: { 200: MessagePage } },
  }, async (req) => s.messaging.list(req.query));

  app.post('/api/org/messages/:messageId/retry', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '重新发送一条发送失败的消息', params: MessageIdParams, body: NoBody, response: { 200: MessageRow } },
  }, async (req) => s.messaging.retry(viewerOf(req), req.params.messageId));
}
