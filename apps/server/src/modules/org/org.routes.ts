// Organiser routes: activation codes, all cases, national overview, unlocking, the audit log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseListPage, OrgCaseListQuery } from '@anli/contracts/cases.ts';
import { AuditListPage, AuditListQuery, pageParams } from '@anli/contracts/common.ts';
import type { AppDeps, Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { pageAudit } from '../audit/audit.repository.ts';
import { caseFilterOf } from '../province/export.ts';
import { auditFilter } from '../reports/reports.routes.ts';

const TAG = ['组委会'];

export async function orgRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/org/activation-codes', async (req) => {
    const u = requireRole(req, 'organiser');
    return s.accounts.issueActivationCode(u, ((req.body ?? {}) as any).provinceCode);
  });
  app.get('/api/org/activation-codes', async (req) => {
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
  app.get<{ Querystring: { callId: string } }>('/api/org/overview', async (req) => {
    requireRole(req, 'organiser');
    return s.province.overview(req.query.callId);
  });
  app.post<{ Params: { provinceCode: string } }>('/api/org/provinces/:provinceCode/unlock', async (req) => {
    const u = requireRole(req, 'organiser');
    const b = (req.body ?? {}) as any;
    await s.province.unlock(u, String(b.callId ?? ''), req.params.provinceCode, typeof b.reason === 'string' ? b.reason : '');
    return { ok: true };
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
