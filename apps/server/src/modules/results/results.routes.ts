// Results routes: publication and the library flag (organiser), the public results list and its Excel, and the
// public case library with its range-capable video stream and courseware download (flagged cases only).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { notFound } from '../../http/errors.ts';
import { downloadName, streamXlsx, type Column } from '../../infra/xlsx.ts';
import { digestHeaders, parseRange } from '../files/file.routes.ts';

type LibraryQuery = { Querystring: { q?: string; callId?: string; caseType?: string; sceneMain?: string; sceneTypical?: string; stage?: string; subject?: string; category?: string; page?: string; pageSize?: string } };

export async function resultsRoutes(app: FastifyInstance, s: Services) {
  // ---------- organiser ----------
  app.get<{ Querystring: { callId: string } }>('/api/org/results', { config: { audience: ['organiser'] } }, async (req) => {
    requireRole(req, 'organiser');
    return s.results.orgView(req.query.callId);
  });

  app.post('/api/org/results/publish', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.results.publish(u, (req.body ?? {}) as any);
  });

  app.put<{ Params: { id: string } }>('/api/org/library/:id', { config: { audience: ['organiser'] } }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.results.setLibrary(u, req.params.id, ((req.body ?? {}) as any).inLibrary === true);
  });

  // ---------- public ----------
  app.get<{ Querystring: { callId?: string } }>('/api/results', { config: { audience: 'public' } }, async (req) => s.results.publicResults(req.query.callId || undefined));

  // Every published case of the call, by case type, through the shared sheet helper (landscape, one page wide,
  // header on every page); no phone numbers.
  app.get<{ Querystring: { callId?: string } }>('/api/results.xlsx', { config: { audience: 'public' } }, async (req, reply) => {
    const res = await s.results.publicResults(req.query.callId || undefined);
    if (!res.callId) throw notFound('公布结果');
    const title = res.calls.find((c) => c.id === res.callId)!.title;
    type R = (typeof res.groups)[number]['cases'][number];
    const columns: Column<R>[] = [
      { header: '序号', width: 6, value: (_, i) => i + 1 },
      { header: '案例类型', width: 24, value: (r) => r.caseTypeName },
      { header: '案例名称', width: 44, value: (r) => r.title },
      { header: '作者', width: 28, value: (r) => r.authors.join('、') },
      { header: '工作单位', width: 32, value: (r) => r.unit },
      { header: '省份', width: 16, value: (r) => r.provinceName },
      { header: '获奖等级', width: 14, value: (r) => r.award },
    ];
    await streamXlsx(reply, downloadName([title, '入选名单'], 'xlsx'), { name: '入选名单', columns, rows: res.groups.flatMap((g) => g.cases) }, (rows) => s.audit(req.user ?? { id: null, role: 'public', name: null }, 'export.public_results', { callId: req.query.callId ?? null, ip: req.ip, rows }));
    return reply;
  });

  app.get<LibraryQuery>('/api/library', { config: { audience: 'public' } }, async (req) => {
    const q = req.query;
    return s.results.library({
      q: q.q, callId: q.callId || undefined, caseType: q.caseType || undefined, sceneMain: q.sceneMain || undefined,
      sceneTypical: q.sceneTypical || undefined, stage: q.stage || undefined, subject: q.subject || undefined, category: q.category || undefined,
      page: Number(q.page) || undefined, pageSize: Number(q.pageSize) || undefined,
    });
  });

  app.get<{ Params: { caseId: string } }>('/api/library/:caseId', { config: { audience: 'public' } }, async (req) => s.results.libraryCase(req.params.caseId));

  for (const role of ['video', 'courseware'] as const) {
    app.get<{ Params: { caseId: string } }>(`/api/library/:caseId/${role}`, { config: { audience: 'public' } }, async (req, reply) => {
      const f = await s.results.libraryFile(req.params.caseId, role);
      const range = parseRange(req.headers.range, f.size);
      if (range === 'invalid') {
        reply.header('content-range', `bytes */${f.size}`);
        throw new AppError(416, 'RANGE_NOT_SATISFIABLE', '请求的文件范围无效');
      }
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', role === 'video' ? 'video/mp4' : 'application/vnd.openxmlformats-officedocument.presentationml.presentation')
        .header('content-disposition', `${role === 'video' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.filename || role)}`)
        .headers(digestHeaders(f.sha256));
      if (range) {
        reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${f.size}`).header('content-length', range.end - range.start + 1);
        return reply.send(await s.storage.stream(f.objectKey, range));
      }
      reply.header('content-length', f.size);
      return reply.send(await s.storage.stream(f.objectKey));
    });
  }
}
