// Results routes: publication and the library flag (organiser), the public results list and its Excel, and the
// public case library with its range-capable video stream and courseware download (flagged cases only).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CaseIdParams, LibraryCase, LibraryFlag, LibraryFlagBody, LibraryPage, LibraryQuery, OrgResultsPage, OrgResultsQuery, PublicResultsExportQuery,
  PublicResultsPage, PublicResultsQuery, PublishBody, PublishResult,
} from '@anli/contracts/results.ts';
import type { Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { notFound } from '../../http/errors.ts';
import { downloadName, streamXlsx, type Column } from '../../infra/xlsx.ts';
import { digestHeaders, parseRange } from '../files/file.routes.ts';

const TAG = ['结果公布与案例库'];

export async function resultsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // ---------- organiser ----------
  app.get('/api/org/results', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '结果发布：全部待公布的入选案例，已公布案例分页（可按案例类型、获奖等级、省份、关键词筛选和排序）', querystring: OrgResultsQuery, response: { 200: OrgResultsPage } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.results.orgPage(req.query);
  });

  app.post('/api/org/results/publish', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '公布入选案例并签发证书', body: PublishBody, response: { 200: PublishResult } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.results.publish(u, req.body);
  });

  app.put('/api/org/library/:id', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '收入或移出案例库', params: z.object({ id: z.string().min(1).max(100) }), body: LibraryFlagBody, response: { 200: LibraryFlag } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.results.setLibrary(u, req.params.id, req.body.inLibrary);
  });

  // ---------- public ----------
  app.get('/api/results', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '结果公布：某次活动的已公布案例（分页，可按案例类型、获奖等级、省份、关键词筛选和排序）', querystring: PublicResultsQuery, response: { 200: PublicResultsPage } },
  }, async (req) => s.results.publicResults(req.query));

  // Every published case of the call matching the list's filters, in the list's order, streamed through the shared
  // sheet helper (landscape, one page wide, header on every page); no phone numbers.
  app.get('/api/results.xlsx', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '下载公布名单（Excel，与列表相同的筛选条件，全部符合条件的案例）', querystring: PublicResultsExportQuery },
  }, async (req, reply) => {
    const res = await s.results.publicResultsAll(req.query);
    if (!res) throw notFound('公布结果');
    type R = Awaited<ReturnType<typeof s.results.publicResults>>['items'][number];
    const columns: Column<R>[] = [
      { header: '序号', width: 6, value: (_, i) => i + 1 },
      { header: '案例类型', width: 24, value: (r) => r.caseTypeName },
      { header: '案例名称', width: 44, value: (r) => r.title },
      { header: '作者', width: 28, value: (r) => r.authors.join('、') },
      { header: '工作单位', width: 32, value: (r) => r.unit },
      { header: '省份', width: 16, value: (r) => r.provinceName },
      { header: '获奖等级', width: 14, value: (r) => r.award },
    ];
    await streamXlsx(reply, downloadName([res.title, '入选名单'], 'xlsx'), { name: '入选名单', columns, rows: res.rows }, (rows) => s.audit(req.user ?? { id: null, role: 'public', name: null }, 'export.public_results', { callId: req.query.callId ?? null, ip: req.ip, rows }));
    return reply;
  });

  app.get('/api/library', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '优秀案例库（分页，可按案例类型、场景、学段、学科、类别、省份、关键词筛选）', querystring: LibraryQuery, response: { 200: LibraryPage } },
  }, async (req) => s.results.library(req.query));

  app.get('/api/library/:caseId', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '案例库中的一个案例', params: CaseIdParams, response: { 200: LibraryCase } },
  }, async (req) => s.results.libraryCase(req.params.caseId));

  for (const role of ['video', 'courseware'] as const) {
    app.get(`/api/library/:caseId/${role}`, {
      config: { audience: 'public' },
      schema: { tags: TAG, summary: role === 'video' ? '案例库视频（支持断点续传和拖动播放）' : '案例库课件下载', params: CaseIdParams },
    }, async (req, reply) => {
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
