// Case routes for authors, provincial administrators and the organiser; scope is enforced in the service and repository.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { requireProvinceAdmin, requireRole, requireUser } from '../../http/auth.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CaseAction } from '@anli/domain/lifecycle.ts';

type IdParams = { Params: { id: string } };

export async function caseRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/my/cases', async (req) => {
    const u = requireRole(req, 'author');
    return s.cases.list(u, {});
  });

  app.post('/api/cases', async (req) => {
    const u = requireRole(req, 'author');
    return s.cases.create(u, (req.body ?? {}) as any);
  });

  app.get<IdParams>('/api/cases/:id', async (req) => s.cases.get(requireUser(req), req.params.id));

  app.put<IdParams>('/api/cases/:id', async (req) => {
    const u = requireRole(req, 'author');
    const body = (req.body ?? {}) as any;
    return s.cases.update(u, req.params.id, body.form, body.regionCode);
  });

  app.delete<IdParams>('/api/cases/:id', async (req) => {
    const u = requireRole(req, 'author');
    await s.cases.remove(u, req.params.id);
    return { ok: true };
  });

  // Each state change is a POST naming its action; all go through transitionCase.
  const actions: Array<[string, CaseAction | 'submit_or_resubmit']> = [
    ['submit', 'submit_or_resubmit'],
    ['withdraw', 'withdraw'],
    ['return', 'return'],
    ['recommend', 'recommend'],
    ['unrecommend', 'unrecommend'],
    ['disqualify', 'disqualify'],
  ];
  for (const [path, action] of actions) {
    app.post<IdParams>(`/api/cases/:id/${path}`, async (req) => {
      const u = requireUser(req);
      if (action === 'return' || action === 'recommend' || action === 'unrecommend') requireProvinceAdmin(req);
      if (action === 'submit_or_resubmit' || action === 'withdraw') requireRole(req, 'author');
      if (action === 'disqualify') requireRole(req, 'organiser');
      let a: CaseAction = action === 'submit_or_resubmit' ? 'submit' : action;
      if (action === 'submit_or_resubmit') {
        const row = await s.cases.getRow(u, req.params.id);
        a = row.state === 'returned' ? 'resubmit' : 'submit';
      }
      const reason = ((req.body ?? {}) as { reason?: string }).reason ?? null;
      await s.cases.transitionCase(u, req.params.id, a, reason);
      return s.cases.get(u, req.params.id);
    });
  }

  for (const ext of ['docx', 'pdf'] as const) {
    app.get<IdParams>(`/api/cases/:id/info-form.${ext}`, async (req, reply) => {
      const u = requireUser(req);
      const row = await s.cases.getRow(u, req.params.id);
      const call = s.calls.requireCall(row.call_id);
      const type = findCaseType(call, row.case_type)!;
      // The info form carries the authors' full mobile numbers: only the author and the organiser get it unmasked.
      const detail = await s.cases.detailOf(u, row);
      const bytes =
        ext === 'docx'
          ? await (await import('../infoform/infoform.docx.ts')).generateInfoFormDocx(call, type, detail.form)
          : await (await import('../infoform/infoform.pdf.ts')).generateInfoFormPdf(call, type, detail.form);
      const name = encodeURIComponent(`${type.name}信息表-${row.title || '未命名'}.${ext}`);
      // The info form carries full mobile numbers: every download is on the record.
      await s.audit(u, `export.info_form_${ext}`, { caseId: row.id });
      reply
        .header('content-type', ext === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      return reply.send(Buffer.from(bytes));
    });
  }
}
