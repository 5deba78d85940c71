// Provincial administrator routes: own province only (the province comes from the session, never from the request).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireProvinceAdmin } from '../../http/auth.ts';
import { findCaseType } from '../../../../../packages/domain/src/calls/builtin.ts';
import { casesToXlsx } from './export.ts';
import { presentCaseSummary } from '../cases/case.service.ts';
import { caseAuthors } from '../../../../../packages/domain/src/form.ts';

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
    return s.cases.list(u, filterOf(req.query));
  });

  app.get<ListQuery>('/api/province/cases.xlsx', async (req, reply) => {
    const u = requireProvinceAdmin(req);
    // One query: the rows carry the form for the unit column, and are presented as the list on screen is.
    const rows = await s.cases.listRows(u, filterOf(req.query));
    const list = rows.map((row) => ({ row, c: presentCaseSummary(s.calls.requireCall(row.call_id), row, u) }));
    const xlsx = await casesToXlsx(
      '推荐案例',
      list.map(({ row, c }) => {
        const type = findCaseType(s.calls.requireCall(row.call_id), row.case_type);
        const first = type ? caseAuthors(type, row.form)[0] : undefined;
        const groupValue = (row.form?.stage ?? row.form?.category ?? '') as string;
        return { ...c, unit: first?.unit ?? '', group: groupValue };
      }),
    );
    await s.audit(u, 'export.province_cases', { callId: req.query.callId ?? null, rows: list.length });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${u.provinceCode}-案例列表.xlsx`)}`);
    return reply.send(xlsx);
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
