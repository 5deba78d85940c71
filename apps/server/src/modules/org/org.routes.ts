// Organiser routes: activation codes, all cases, national overview, unlocking, the audit log.
import type { FastifyInstance } from 'fastify';
import type { AppDeps, Services } from '../../app.ts';
import { requireRole } from '../../http/auth.ts';
import { listAudit } from '../audit/audit.repository.ts';
import { auditFilter, orgCaseFilter } from '../reports/reports.routes.ts';

export async function orgRoutes(app: FastifyInstance, s: Services, deps: AppDeps) {
  app.post('/api/org/activation-codes', async (req) => {
    const u = requireRole(req, 'organiser');
    return s.accounts.issueActivationCode(u, ((req.body ?? {}) as any).provinceCode);
  });
  app.get('/api/org/activation-codes', async (req) => {
    requireRole(req, 'organiser');
    return s.accounts.listActivationCodes();
  });
  app.get<{ Querystring: { callId?: string; provinceCode?: string; state?: string; q?: string; caseType?: string } }>('/api/org/cases', async (req) => {
    const u = requireRole(req, 'organiser');
    const q = req.query;
    // With the first author's unit and the files' check status; /api/org/cases.xlsx exports exactly this list.
    return s.reports.caseList(u, orgCaseFilter(q));
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
  app.get<{ Querystring: { objectId?: string; event?: string; provinceCode?: string; limit?: string; before?: string } }>('/api/org/audit', async (req) => {
    requireRole(req, 'organiser');
    const q = req.query;
    return listAudit(deps.db, auditFilter(q));
  });
}
