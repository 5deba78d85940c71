// Certificate routes: public verification, the author's 我的证书 and PDF downloads (scoped to the case), the
// organiser's list, issuing and revocation, and a provincial administrator's ZIP of the own province.
import type { FastifyInstance } from 'fastify';
import { findProvince } from '@anli/domain/provinces.ts';
import type { Services } from '../../app.ts';
import { requireProvinceAdmin, requireRole, requireUser } from '../../http/auth.ts';

export async function certificateRoutes(app: FastifyInstance, s: Services) {
  // Public: confirms or denies a number; `t` is the token from the QR code (optional when a number is typed).
  app.get<{ Params: { number: string }; Querystring: { t?: string } }>('/api/certificates/verify/:number', async (req) =>
    s.certificates.verify(req.params.number, req.query.t),
  );

  app.get('/api/my/certificates', async (req) => s.certificates.mine(requireRole(req, 'author')));

  app.get<{ Params: { number: string } }>('/api/certificates/:number/pdf', async (req, reply) => {
    const u = requireUser(req);
    const { number, pdf } = await s.certificates.pdfFor(u, req.params.number);
    await s.audit(u, 'export.certificate_pdf', { number });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`荣誉证书-${number}.pdf`)}`);
    return reply.send(Buffer.from(pdf));
  });

  app.get<{ Querystring: { callId: string } }>('/api/org/certificates', async (req) => {
    requireRole(req, 'organiser');
    return s.certificates.list(String(req.query.callId ?? ''));
  });

  app.post('/api/org/certificates/issue', async (req) => {
    const u = requireRole(req, 'organiser');
    const callId = String(((req.body ?? {}) as any).callId ?? '');
    s.calls.requireCall(callId);
    return { issued: await s.certificates.issueMissing(u, callId) };
  });

  app.post<{ Params: { number: string } }>('/api/org/certificates/:number/revoke', async (req) => {
    const u = requireRole(req, 'organiser');
    return s.certificates.revoke(u, req.params.number, ((req.body ?? {}) as any).reason);
  });

  app.get<{ Querystring: { callId: string } }>('/api/province/certificates.zip', async (req, reply) => {
    const u = requireProvinceAdmin(req);
    const callId = String(req.query.callId ?? '');
    const rows = await s.certificates.forProvince(u, callId);
    await s.audit(u, 'export.province_certificates', { callId, certificates: rows.length });
    reply.header('content-type', 'application/zip');
    // A name a person recognises in their downloads: 北京市-2026 年教师研修专项案例征集-证书.zip
    const name = `${findProvince(u.provinceCode)?.name ?? '本省'}-${s.calls.requireCall(callId).title}-证书.zip`;
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    return reply.send(s.certificates.zipStream(rows));
  });
}
