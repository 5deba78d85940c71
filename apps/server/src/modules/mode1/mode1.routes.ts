// Mode 1 routes: the provincial administrator's template, import and import history; the invited author's activation.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireProvinceAdmin, setSessionCookie } from '../../http/auth.ts';
import { sendXlsx, XLSX_MIME } from '../../infra/xlsx.ts';
import { MAX_IMPORT_BYTES, type Mode1Service } from './mode1.service.ts';

export async function mode1Routes(app: FastifyInstance, s: { mode1: Mode1Service; audit: (...a: any[]) => Promise<void> }, deps: AppDeps) {
  app.get<{ Querystring: { callId?: string } }>('/api/province/mode1/template.xlsx', async (req, reply) => {
    requireProvinceAdmin(req);
    const buf = await s.mode1.template(String(req.query.callId ?? ''));
    return sendXlsx(reply, '方式一推荐案例导入模板.xlsx', buf);
  });

  app.get<{ Querystring: { callId?: string } }>('/api/province/mode1/imports', async (req) => {
    const u = requireProvinceAdmin(req);
    return s.mode1.imports(u.provinceCode, String(req.query.callId ?? ''));
  });

  // The file is the raw request body (the xlsx bytes), so no multipart parser is needed; beyond 1 MB the service says so in Chinese.
  await app.register(async (scope) => {
    scope.addContentTypeParser([XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 4 * MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    scope.post<{ Querystring: { callId?: string; fileName?: string } }>('/api/province/mode1/import', async (req, reply) => {
      const u = requireProvinceAdmin(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const r = await s.mode1.import(u, String(req.query.callId ?? ''), body, req.query.fileName ? String(req.query.fileName) : null);
      if (!r.ok) return reply.status(400).send({ code: 'IMPORT_INVALID', message: `有 ${new Set(r.errors.map((e) => e.row)).size} 行需要修改，整份名单未导入；请按提示修改后重新上传`, errors: r.errors });
      return { created: r.created };
    });
  });

  app.post('/api/auth/activate-invitation', async (req, reply) => {
    const r = await s.mode1.activate((req.body ?? {}) as any);
    setSessionCookie(reply, r.token, deps.secureCookies, deps.sessionMaxMs);
    return { user: r.user };
  });
}
