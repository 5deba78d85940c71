// Organiser routes: activation codes, all cases, national overview, unlocking, the audit log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseListPage, OrgCaseListQuery } from '@anli/contracts/cases.ts';
import { AuditListPage, AuditListQuery, Ok, pageParams } from '@anli/contracts/common.ts';
import { ActivationCodeRow, CallQuery, IssueActivationCodeBody, IssuedActivationCode, OverviewRow, ProvinceCodeParams, UnlockBody } from '@anli/contracts/province.ts';
import type { AppDeps, Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { pageAudit } from '../audit/audit.repository.ts';
import { caseFilterOf } from '../province/export.ts';
import { auditFilter } from '../reports/reports.routes.ts';

const TAG = ['组委会'];

export async function orgRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/org/activation-codes', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '为省级管理员生成激活码（仅显示一次）', body: IssueActivationCodeBody, response: { 200: IssuedActivationCode } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.accounts.issueActivationCode(u, req.body.provinceCode);
  });
  app.get('/api/org/activation-codes', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '省级管理员激活码（最近 500 个）', response: { 200: z.array(ActivationCodeRow) } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.accounts.listActivationCodes();
  });
  // With the first author's unit and the files' check status; /api/org/cases.xlsx exports every row of this list.
  app.get('/api/org/cases', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '全部案例（分页、排序、筛选）', querystring: OrgCaseListQuery, response: { 200: CaseListPage } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    return s.reports.casePage(u, caseFilterOf(req.query), req.query);
  });
  app.get('/api/org/overview', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '全国概览（各省案例数、名额、上报与征集方式）', querystring: CallQuery, response: { 200: z.array(OverviewRow) } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.province.overview(req.query.callId);
  });
  app.post('/api/org/provinces/:provinceCode/unlock', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '解锁某省已上报的推荐名单（须填写原因）', params: ProvinceCodeParams, body: UnlockBody, response: { 200: Ok } },
  }, async (req) => {
    const u = requireRole(req, 'organiser');
    await s.province.unlock(u, req.body.callId, req.params.provinceCode, req.body.reason ?? '');
    return { ok: true as const };
  });
  app.get('/api/org/audit', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '审计日志（分页、筛选，默认最新在前）', querystring: AuditListQuery, response: { 200: AuditListPage } },
  }, async (req) => {
    requireRole(req, 'organiser');
    const { page, pageSize, offset, order } = pageParams(req.query, { pageSize: 50 });
    const { items, total } = await pageAudit(deps.db, auditFilter(req.query), { limit: pageSize, offset, order });
    return { items, total, page, pageSize };
  });
}
