// Templates of a call: public list and downloads; the organiser replaces a template by uploading a file, which the
// checker checks first (a template that fails its own rules is refused with the findings).
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { CallIdParams, FileBody, Id } from '@anli/contracts/common.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import type { Services } from '../../app.ts';
import type { Db } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { viewerOf } from '../../http/audience.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { callTemplates, generateTemplate } from './template-files.ts';
import { templatesService } from './templates.service.ts';

const TAG = ['活动模板'];
const MAX_TEMPLATE_BYTES = 30 * 1024 * 1024;
const MIME = {
  courseware: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  report: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export const TemplateItem = z.object({ caseType: z.string().nullable(), slot: z.enum(['courseware', 'report']), name: z.string(), url: z.string() });
const TemplateParams = z.object({ callId: Id, templateId: Id });

export async function templateRoutes(fastify: FastifyInstance, s: Pick<Services, 'calls' | 'storage'>, deps: { db: Db; clock: Clock }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const url = (callId: string, id: string) => `/api/calls/${encodeURIComponent(callId)}/templates/${encodeURIComponent(id)}`;

  const templates = templatesService(deps);

  app.get('/api/calls/:callId/templates', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '活动的课件与总结报告模板', params: CallIdParams, response: { 200: z.array(TemplateItem) } },
  }, async (req) => {
    const call = s.calls.requireCall(req.params.callId);
    const own = await templates.replaced(call.id);
    return callTemplates(call).map((t) => ({ caseType: t.caseType, slot: t.slot, name: own.find((o) => o.template_id === t.id)?.filename ?? t.name, url: url(call.id, t.id) }));
  });

  app.get('/api/calls/:callId/templates/:templateId', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '下载模板', params: TemplateParams },
  }, async (req, reply) => {
    const call = s.calls.requireCall(req.params.callId);
    const t = callTemplates(call).find((x) => x.id === req.params.templateId);
    if (!t) throw notFound('模板');
    const own = (await templates.replaced(call.id)).find((o) => o.template_id === t.id);
    reply
      .header('content-type', MIME[t.slot])
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(own?.filename ?? t.name)}`);
    if (own) return reply.send(await s.storage.stream(own.object_key));
    return reply.send(Buffer.from(generateTemplate(call, t.id)!));
  });

  await fastify.register(async (scope) => {
    scope.addContentTypeParser(['application/octet-stream', MIME.courseware, MIME.report], { parseAs: 'buffer', bodyLimit: MAX_TEMPLATE_BYTES }, (_req, body, done) => done(null, body));
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    typed.put('/api/calls/:callId/templates/:templateId', {
      config: { audience: ['organiser'] },
      schema: {
        tags: TAG,
        summary: '组委会上传模板替换平台生成的模板（先经文件检查）',
        params: TemplateParams,
        querystring: z.object({ filename: z.string().min(1).max(120) }),
        body: FileBody,
        response: { 200: TemplateItem },
      },
    }, async (req) => {
      const u = viewerOf(req);
      const call = s.calls.requireCall(req.params.callId);
      const t = callTemplates(call).find((x) => x.id === req.params.templateId);
      if (!t) throw notFound('模板');
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
      if (bytes.length === 0) throw badRequest('请上传模板文件');
      const ext = t.slot === 'courseware' ? '.pptx' : '.docx';
      if (!req.query.filename.toLowerCase().endsWith(ext)) throw badRequest(`模板须为 ${ext} 文件`);
      // The checker checks the template against the call's own rules for every type it serves.
      const types = t.caseType ? call.caseTypes.filter((x) => x.id === t.caseType) : call.caseTypes.filter((x) => x.attachments.some((a) => a.role === 'courseware'));
      const problems: Array<{ path: string; message: string }> = [];
      for (const type of types) {
        const report = await checkFile(memorySource(new Uint8Array(bytes), req.query.filename), { as: t.slot, params: checkParamsFor(call, type, false), timeoutMs: 60_000 });
        for (const r of report.results.filter((x) => x.status === 'fail' || x.status === 'error')) {
          if (!problems.some((p) => p.path === r.rule)) problems.push({ path: r.rule, message: `${RULE_NAMES[r.rule] ?? r.rule}：${r.message}` });
        }
      }
      if (problems.length) throw badRequest(`模板未通过文件检查（${problems.length} 项），请修改后再上传`, problems);
      const key = `template-${randomBytes(12).toString('hex')}`;
      await s.storage.put(key, Readable.from([bytes]), bytes.length);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await templates.recordReplacement({ id: u.id, role: u.role, name: u.name }, call.id, t.id, { objectKey: key, filename: req.query.filename, size: bytes.length, sha256 });
      return { caseType: t.caseType, slot: t.slot, name: req.query.filename, url: url(call.id, t.id) };
    });
  });
}
