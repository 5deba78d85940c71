// File routes: a case's slots with check results, scoped downloads with HTTP range requests, duplicates for the organiser.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '@anli/contracts/common.ts';
import { DuplicateGroup, DuplicatesQuery, FileContentQuery, FileIdParams, SlotCheckStatus, SlotState } from '@anli/contracts/files.ts';
import type { Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';

const TAG = ['附件'];

const TYPES: Record<string, string> = {
  video: 'video/mp4',
  courseware: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  report: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  infoform_word: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  infoform_pdf: 'application/pdf',
};

/** Parses a single `bytes=a-b` range; null when absent, 'invalid' when it cannot be satisfied. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * The content hash of a file as response headers: `Repr-Digest` (RFC 9530) lets any reader verify that the bytes
 * are the submitted ones; the strong ETag lets players resume ranges of the same bytes.
 */
export function digestHeaders(sha256hex: string | null | undefined): Record<string, string> {
  if (!sha256hex || !/^[0-9a-f]{64}$/.test(sha256hex)) return {};
  return { 'repr-digest': `sha-256=:${Buffer.from(sha256hex, 'hex').toString('base64')}:`, etag: `"${sha256hex}"` };
}

export async function fileRoutes(app: FastifyInstance, s: Services) {
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  zapp.get('/api/cases/:id/files', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '案例的附件栏目、当前文件与检测结果', params: IdParams, response: { 200: z.array(SlotState) } },
  }, async (req) => s.files.forCase(requireUser(req), req.params.id));

  zapp.get('/api/cases/:id/files/status', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '案例附件的检查进度（页面等待检查时轮询，有变化再读取完整结果）', params: IdParams, response: { 200: z.array(SlotCheckStatus) } },
  }, async (req) => s.files.statusForCase(requireUser(req), req.params.id));

  zapp.get('/api/files/:id/content', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '下载或播放文件（支持 Range 分段请求）', params: FileIdParams, querystring: FileContentQuery },
  }, async (req, reply) => {
    const u = requireUser(req);
    const f = await s.files.fileForDownload(u, req.params.id);
    const size = Number(f.size);
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      reply.header('content-range', `bytes */${size}`);
      throw new AppError(416, 'RANGE_NOT_SATISFIABLE', '请求的文件范围无效');
    }
    const type = TYPES[f.slot] ?? 'application/octet-stream';
    const inline = (f.slot === 'video' || f.slot === 'infoform_pdf') && req.query.download !== '1';
    reply
      .header('accept-ranges', 'bytes')
      .header('content-type', type)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.filename || 'file')}`)
      .headers(digestHeaders(f.sha256));
    if (range) {
      reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
      return reply.send(await s.storage.stream(f.object_key, range));
    }
    reply.header('content-length', size);
    return reply.send(await s.storage.stream(f.object_key));
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/org/duplicates', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '重复文件（同一文件出现在多个案例中）', querystring: DuplicatesQuery, response: { 200: z.array(DuplicateGroup) } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.files.duplicates(req.query.callId || undefined);
  });
}
