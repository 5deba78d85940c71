// Provincial administrator routes: own province only (the province comes from the session, never from the request).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireProvinceAdmin } from '../../http/auth.ts';
import { CASE_COLUMNS } from './export.ts';
import { downloadName, sendXlsx, toXlsx } from '../../infra/xlsx.ts';
import { findProvince } from '@anli/domain/provinces.ts';

type ListQuery = { Querystring: { callId?: string; state?: string; caseType?: string; q?: string } };

export async function provinceRoutes(app: FastifyInstance, s: Services) {
  const filterOf = (q: ListQuery['Querystring']) => ({
    callId: q.callId || undefined,
    state: q.state || undefined,
    caseType: q.caseType || undefined,
    q: q.q?.trim().slice(0, 50) || undefined,
  });

  app.get<ListQuery>('/api/province/cases', async (req) => {
    const u = requireProvinceAdmin(req);
    return s.reports.caseList(u, filterOf(req.query));
  });

  // The same rows and values as the list on screen with the same filters (one shared sheet helper).
  app.get<ListQuery>('/api/province/cases.xlsx', async (req, reply) => {
    const u = requireProvinceAdmin(req);
    const list = await s.reports.caseList(u, filterOf(req.query));
    const xlsx = await toXlsx({ name: '本省案例', columns: CASE_COLUMNS, rows: list });
    await s.audit(u, 'export.province_cases', { callId: req.query.callId ?? null, filter: filterOf(req.query), rows: list.length });
    const callTitle = req.query.callId ? s.calls.findCall(req.query.callId)?.title : undefined;
    return sendXlsx(reply, downloadName([findProvince(u.provinceCode ?? '')?.name, callTitle, '案例列表'], 'xlsx'), xlsx);
  });

  app.get<{ Querystring: { callId: string } }>('/api/province/status', async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.status(req.query.callId, u.provinceCode);
  });

  app.post('/api/province/report', async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.report(u, String(((req.body ?? {}) as any).callId ?? ''));
  });

  app.get<{ Querystring: { callId: string } }>('/api/province/contact-form', async (req) => {
    const u = requireProvinceAdmin(req);
    return s.province.contactForm(req.query.callId, u.provinceCode);
  });

  app.put('/api/province/contact-form', async (req) => {
    const u = requireProvinceAdmin(req);
    const b = (req.body ?? {}) as any;
    return s.province.saveContactForm(u, String(b.callId ?? ''), b.data);
  });

  app.put('/api/province/mode', async (req) => {
    const u = requireProvinceAdmin(req);
    const b = (req.body ?? {}) as any;
    return s.province.setMode(u, String(b.callId ?? ''), b.mode);
  });
}
