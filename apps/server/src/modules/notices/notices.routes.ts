// Notice routes: a user's own notices (list, unread count, mark read), announcements (public/own list; the
// organiser writes them and sees recipient counts).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';

export async function noticesRoutes(app: FastifyInstance, s: Services) {
  app.get<{ Querystring: { unread?: string; limit?: string; offset?: string } }>('/api/notices', async (req) => {
    const u = requireUser(req);
    return s.notices.list(u, { unreadOnly: req.query.unread === '1' || req.query.unread === 'true', limit: Number(req.query.limit), offset: Number(req.query.offset) });
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
