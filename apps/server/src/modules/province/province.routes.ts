// Provincial administrator routes: own province only (the province comes from the session, never from the request).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseListPage, CaseListQuery } from '@anli/contracts/cases.ts';
import type { Services } from '../../app.ts';
import { requireProvinceAdmin } from '../../http/auth.ts';
import { CASE_COLUMNS, caseFilterOf } from './export.ts';
import { downloadName, streamXlsx } from '../../infra/xlsx.ts';
import { findProvince } from '@anli/domain/provinces.ts';

const TAG = ['省级管理'];

export async function provinceRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/province/cases', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省案例（分页、排序、筛选）', querystring: CaseListQuery, response: { 200: CaseListPage } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.reports.casePage(u, caseFilterOf(req.query), req.query);
  });

  // Every row the list matches with the same filters and order, with the list's values (one shared sheet helper),
  // streamed: no cap on the number of rows.
  app.get('/api/province/cases.xlsx', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '导出本省案例（Excel，全部符合条件的行）', querystring: CaseListQuery },
  }, async (req, reply) => {
    const u = requireProvinceAdmin(req);
    const filter = caseFilterOf(req.query);
    const callTitle = req.query.callId ? s.calls.findCall(req.query.callId)?.title : undefined;
    await streamXlsx(reply, downloadName([findProvince(u.provinceCode ?? '')?.name, callTitle, '案例列表'], 'xlsx'), {
      name: '本省案例', columns: CASE_COLUMNS, rows: s.reports.caseRowsAll(u, filter, req.query),
    }, (rows) => s.audit(u, 'export.province_cases', { callId: req.query.callId ?? null, filter, rows }));
    return reply;
  });

  app.get<{ Querystring: { callId: string } }>('/api/province/status', { config: { audience: ['province_admin'] } }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.status(req.query.callId, u.provinceCode);
  });

  app.post('/api/province/report', { config: { audience: ['province_admin'] } }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.report(u, String(((req.body ?? {}) as any).callId ?? ''));
  });

  app.get<{ Querystring: { callId: string } }>('/api/province/contact-form', { config: { audience: ['province_admin'] } }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.contactForm(req.query.callId, u.provinceCode);
  });

  app.put('/api/province/contact-form', { config: { audience: ['province_admin'] } }, async (req) => {
    const u = requireProvinceAdmin(req);
    const b = (req.body ?? {}) as any;
    return s.province.saveContactForm(u, String(b.callId ?? ''), b.data);
  });

  app.put('/api/province/mode', { config: { audience: ['province_admin'] } }, async (req) => {
    const u = requireProvinceAdmin(req);
    const b = (req.body ?? {}) as any;
    return s.province.setMode(u, String(b.callId ?? ''), b.mode);
  });
}
