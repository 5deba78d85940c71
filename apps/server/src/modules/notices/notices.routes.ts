// Notice routes: a user's own notices (list, unread count, mark read), announcements (public/own list; the
// organiser writes them and sees recipient counts). Each route states its audience and its request/response schemas
// (@anli/contracts/notices.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoBody, NoticeItem, NoticeListQuery, NoticePage } from '@anli/contracts/common.ts';
import {
  Announcement, AnnounceBody, AnnounceResult, NoticeIdParams, OrgAnnouncements, ReadAllResult, UnreadCount,
} from '@anli/contracts/notices.ts';
import type { Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';

const TAG = ['消息中心'];

export async function noticesRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/notices', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '我的消息（分页，最新在前）', querystring: NoticeListQuery, response: { 200: NoticePage } },
  }, async (req) => {
    const u = requireUser(req);
    return s.notices.list(u, { unreadOnly: req.query.unread === '1' || req.query.unread === 'true', page: req.query.page, pageSize: req.query.pageSize });
  });

  app.get('/api/notices/unread-count', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '未读消息数', response: { 200: UnreadCount } },
  }, async (req) => s.notices.unreadCount(requireUser(req)));

  app.post('/api/notices/:noticeId/read', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '标记一条消息为已读', params: NoticeIdParams, body: NoBody, response: { 200: NoticeItem } },
  }, async (req) => s.notices.markRead(requireUser(req), req.params.noticeId));

  app.post('/api/notices/read-all', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '全部标记为已读', body: NoBody, response: { 200: ReadAllResult } },
  }, async (req) => s.notices.markAllRead(requireUser(req)));

  app.get('/api/announcements', {
    config: { audience: 'public' },
    schema: { tags: ['公告'], summary: '公告（未登录只见面向所有人的公告；登录后另见发给本人的）', response: { 200: z.array(Announcement) } },
  }, async (req) => s.notices.announcements(req.user));

  app.get('/api/org/announcements', {
    config: { audience: ['organiser'] },
    schema: { tags: ['公告'], summary: '已发布的公告（接收人数、已读数、短信发送数）与可选的接收对象', response: { 200: OrgAnnouncements } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.notices.orgAnnouncements();
  });

  app.post('/api/org/announcements', {
    config: { audience: ['organiser'] },
    schema: { tags: ['公告'], summary: '发布公告（站内消息，可同时发短信）', body: AnnounceBody, response: { 200: AnnounceResult } },
  }, async (req) => s.notices.announce(requireRole(req, 'organiser'), req.body));
}
