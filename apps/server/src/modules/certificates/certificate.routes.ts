// Certificate routes: public verification, the author's 我的证书 and PDF downloads (scoped to the case), the
// organiser's list, issuing and revocation, and a provincial administrator's ZIP of the own province. Each route
// states its audience and its request/response schemas (@anli/contracts/certificates.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallQuery, Certificate, CertificateNumberParams, IssueBody, IssueResult, RevokeBody, Verification, VerifyQuery,
} from '@anli/contracts/certificates.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { viewerOf } from '../../http/audience.ts';
import type { AuditFn } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CertificatesService } from './certificate.service.ts';

export interface CertificateRoutesDeps {
  certificates: CertificatesService;
  calls: CallsService;
  audit: AuditFn;
}

const TAG = ['证书'];

export async function certificateRoutes(fastify: FastifyInstance, s: CertificateRoutesDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Public: confirms or denies a number; `t` is the token from the QR code (optional when a number is typed).
  app.get('/api/certificates/verify/:number', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '证书查验（公开）', params: CertificateNumberParams, querystring: VerifyQuery, response: { 200: Verification } },
  }, async (req) => s.certificates.verify(req.params.number, req.query.t));

  app.get('/api/my/certificates', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '我的证书', response: { 200: z.array(Certificate) } },
  }, async (req) => s.certificates.mine(viewerOf(req)));

  app.get('/api/certificates/:number/pdf', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '下载证书 PDF（本人、本省或组委会）', params: CertificateNumberParams, produces: ['application/pdf'] },
  }, async (req, reply) => {
    const u = viewerOf(req);
    const { number, pdf } = await s.certificates.pdfFor(u, req.params.number);
    await s.audit(u, 'export.certificate_pdf', { number });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`荣誉证书-${number}.pdf`)}`);
    return reply.send(Buffer.from(pdf));
  });

  app.get('/api/org/certificates', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '本活动已签发的证书', querystring: CallQuery, response: { 200: z.array(Certificate) } },
  }, async (req) => s.certificates.list(req.query.callId));

  app.post('/api/org/certificates/issue', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '为已公布而未发证的案例补发证书', body: IssueBody, response: { 200: IssueResult } },
  }, async (req) => {
    s.calls.requireCall(req.body.callId);
    return { issued: await s.certificates.issueMissing(viewerOf(req), req.body.callId) };
  });

  app.post('/api/org/certificates/:number/revoke', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '撤销证书（须填写原因）', params: CertificateNumberParams, body: RevokeBody, response: { 200: Certificate } },
  }, async (req) => s.certificates.revoke(viewerOf(req), req.params.number, req.body.reason));

  app.get('/api/province/certificates.zip', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省证书打包下载（ZIP）', querystring: CallQuery, produces: ['application/zip'] },
  }, async (req, reply) => {
    const u = viewerOf(req);
    const callId = req.query.callId;
    const rows = await s.certificates.forProvince(u, callId);
    await s.audit(u, 'export.province_certificates', { callId, certificates: rows.length });
    reply.header('content-type', 'application/zip');
    // A name a person recognises in their downloads: 北京市-2026 年教师研修专项案例征集-证书.zip
    const name = `${findProvince(u.provinceCode ?? '')?.name ?? '本省'}-${s.calls.requireCall(callId).title}-证书.zip`;
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    return reply.send(s.certificates.zipStream(rows));
  });
}
