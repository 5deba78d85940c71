// The organiser's 短信与邮件 page: outgoing messages (paged, sorted, filtered on the server) and retrying a failed one.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';

export async function messagingRoutes(app: FastifyInstance, s: Services) {
  app.get<{ Querystring: Record<string, string> }>('/api/org/messages', async (req) => {
    requireRole(req, 'organiser');
    return s.messaging.list(req.query ?? {});
  });

  app.post<{ Params: { messageId: string } }>('/api/org/messages/:messageId/retry', async (req) => {
    const u = requireRole(req, 'organiser');
    return s.messaging.retry(u, req.params.messageId);
  });
}
