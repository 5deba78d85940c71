// Notice routes: a user's own notices (list, unread count, mark read), announcements (public/own list; the
// organiser writes them and sees recipient counts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NoticeListQuery, NoticePage } from '@anli/contracts/common.ts';
import type { Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';

export async function noticesRoutes(app: FastifyInstance, s: Services) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/notices', {
    config: { audience: 'user' },
    schema: { tags: ['消息中心'], summary: '我的消息（分页，最新在前）', querystring: NoticeListQuery, response: { 200: NoticePage } },
  }, async (req) => {
    const u = requireUser(req);
    return s.notices.list(u, { unreadOnly: req.query.unread === '1' || req.query.unread === 'true', page: req.query.page, pageSize: req.query.pageSize });
  });

  app.get('/api/notices/unread-count', async (req) => s.notices.unreadCount(requireUser(req)));

  app.post<{ Params: { noticeId: string } }>('/api/notices/:noticeId/read', async (req) => s.notices.markRead(requireUser(req), req.params.noticeId));

  app.post('/api/notices/read-all', async (req) => s.notices.markAllRead(requireUser(req)));

  app.get('/api/announcements', async (req) => s.notices.announcements(req.user));

  app.get('/api/org/announcements', async (req) => {
    requireRole(req, 'organiser');
    return s.notices.orgAnnouncements();
  });

  app.post('/api/org/announcements', async (req) => {
    const u = requireRole(req, 'organiser');
    return s.notices.announce(u, (req.body ?? {}) as Record<string, unknown>);
  });
}
