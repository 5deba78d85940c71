// Mode 1 routes: the provincial administrator's template, import and import history; the invited author's activation.
// Each route states its audience and schemas (@anli/contracts/mode1.ts, accounts.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActivateInvitationBody, UserResult } from '@anli/contracts/accounts.ts';
import { FileBody } from '@anli/contracts/common.ts';
import { ImportQuery, Mode1Import, Mode1ImportErrors, Mode1ImportResult, OptionalCallQuery } from '@anli/contracts/mode1.ts';
import type { AppDeps } from '../../app.ts';
import { requireProvinceAdmin, setSessionCookie } from '../../http/auth.ts';
import { sendXlsx, XLSX_MIME } from '../../infra/xlsx.ts';
import { MAX_IMPORT_BYTES, type Mode1Service } from './mode1.service.ts';

const TAG = ['方式一'];

export async function mode1Routes(fastify: FastifyInstance, s: { mode1: Mode1Service }, deps: Pick<AppDeps, 'secureCookies' | 'sessionMaxMs'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/province/mode1/template.xlsx', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '方式一推荐案例导入模板（Excel）', querystring: OptionalCallQuery, produces: [XLSX_MIME] },
  }, async (req, reply) => {
    const buf = await s.mode1.template(req.query.callId ?? '');
    return sendXlsx(reply, '方式一推荐案例导入模板.xlsx', buf);
  });

  app.get('/api/province/mode1/imports', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省方式一导入记录', querystring: OptionalCallQuery, response: { 200: z.array(Mode1Import) } },
  }, async (req) => s.mode1.imports(requireProvinceAdmin(req).provinceCode, req.query.callId ?? ''));

  // The file is the raw request body (the xlsx bytes), so no multipart parser is needed; beyond 1 MB the service says so in Chinese.
  await fastify.register(async (scope) => {
    scope.addContentTypeParser([XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 4 * MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/province/mode1/import', {
      config: { audience: ['province_admin'] },
      schema: {
        tags: TAG,
        summary: '导入方式一推荐名单（请求体为 Excel 文件本身）',
        querystring: ImportQuery,
        body: FileBody,
        consumes: [XLSX_MIME, 'application/octet-stream'],
        response: { 200: Mode1ImportResult, 400: Mode1ImportErrors },
      },
    }, async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
      const r = await s.mode1.import(requireProvinceAdmin(req), req.query.callId ?? '', body, req.query.fileName ?? null);
      if (!r.ok) {
        return reply.status(400).send({ code: 'IMPORT_INVALID' as const, message: `有 ${new Set(r.errors.map((e) => e.row)).size} 行需要修改，整份名单未导入；请按提示修改后重新上传`, errors: r.errors });
      }
      return { created: r.created };
    });
  });

  app.post('/api/auth/activate-invitation', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '作者激活（方式一推荐的作者用短信激活码设置密码）', body: ActivateInvitationBody, response: { 200: UserResult } },
  }, async (req, reply) => {
    const r = await s.mode1.activate(req.body);
    setSessionCookie(reply, r.token, deps.secureCookies, deps.sessionMaxMs);
    return { user: r.user };
  });
}
