// Provincial administrator routes: own province only (the province comes from the session, never from the request).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseListPage, CaseListQuery } from '@anli/contracts/cases.ts';
import { CallQuery, ContactForm, ProvinceStatus, ReportBody, SaveContactFormBody, SetModeBody } from '@anli/contracts/province.ts';
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

  app.get('/api/province/status', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省推荐状态（名额、上报锁定、征集方式、联系人信息表、各阶段时间）', querystring: CallQuery, response: { 200: ProvinceStatus } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.status(req.query.callId, u.provinceCode);
  });

  app.post('/api/province/report', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '推荐上报（锁定本省推荐名单；未推荐的案例关闭）', body: ReportBody, response: { 200: ProvinceStatus } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.report(u, req.body.callId);
  });

  app.get('/api/province/contact-form', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '联系人信息表（字段、已填内容、截止时间）', querystring: CallQuery, response: { 200: ContactForm } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.contactForm(req.query.callId, u.provinceCode);
  });

  app.put('/api/province/contact-form', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '保存联系人信息表', body: SaveContactFormBody, response: { 200: ContactForm } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.saveContactForm(u, req.body.callId, req.body.data);
  });

  app.put('/api/province/mode', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '选择征集方式（方式一或方式二；上报后不能再改）', body: SetModeBody, response: { 200: ProvinceStatus } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.setMode(u, req.body.callId, req.body.mode);
  });
}
