// Certificates: issuing one numbered certificate per published case, verification, revocation, downloads and a
// province's ZIP.
//
// PDFs are rendered on demand from the stored content rather than kept in object storage: a certificate is a
// few milliseconds of rendering from a row that is fixed at issue (so it reads the same every time), nothing has to
// be kept in step with revocations or storage moves, and 10,000 certificates cost no storage at all.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { caseAuthors } from '@anli/domain/form.ts';
import { beijingDate } from '@anli/domain/deadline.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, forbidden, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { findCaseInScope } from '../cases/case.repository.ts';
import { certificateNumber, certificateVerifyUrl, parseCertificateNumber, verifyCertificateToken } from './certificate.number.ts';
import { renderCertificatePdf, type CertificateInput } from './certificate.pdf.ts';
import { may } from '@anli/domain/policy.ts';
import {
  ensureCertificateSecret, findCertificate, findCertificateWithCaseState, insertCertificate, listCallCertificates, listCertificatesInScope,
  listProvinceCertificates, listUncertifiedCases, lockCertificateSequence, revokeCertificate, setCertificateSequence,
  type CertificateContent, type CertificateRow,
} from './certificate.repository.ts';

export type { CertificateContent, CertificateRow } from './certificate.repository.ts';

export interface CertificatesDeps {
  db: Db;
  clock: Clock;
  calls: CallsService;
  /** The platform's public address, printed in the QR code (PUBLIC_URL). */
  publicUrl: string;
  /** HMAC key of the verify token (CERTIFICATE_SECRET); absent: one generated once and kept in the database. */
  secret?: string | null;
}

/** PUBLIC_URL, or http://localhost:PORT. */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PUBLIC_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');
}

const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });

/** The names of the authors (in order) and the first author's unit, from a case's form. */
export function authorsOf(call: ReturnType<CallsService['requireCall']>, caseType: string, form: Record<string, unknown>) {
  const type = findCaseType(call, caseType);
  const authors = type ? caseAuthors(type, form ?? {}) : [];
  return {
    names: authors.map((a) => String(a?.name ?? '').trim()).filter(Boolean),
    unit: String(authors[0]?.unit ?? '').trim(),
  };
}

export function presentCertificate(r: CertificateRow) {
  return {
    number: r.number,
    callId: r.call_id,
    caseId: r.case_id,
    provinceCode: r.province_code,
    ...r.content,
    issuedOn: r.content.issuedAt,
    issuedAt: new Date(r.issued_at).toISOString(),
    revoked: r.revoked_at !== null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    revokeReason: r.revoke_reason,
  };
}

/** A Date whose local fields read Beijing time (ZIP stores local wall-clock times, whatever the server's zone). */
export function beijingWallClock(d: Date): Date {
  return new Date(d.getTime() + (8 * 60 + d.getTimezoneOffset()) * 60_000);
}

export function certificatesService(deps: CertificatesDeps) {
  const { db, clock, calls } = deps;
  let secretValue: string | null = deps.secret && deps.secret.length >= 16 ? deps.secret : null;

  async function secret(): Promise<string> {
    if (secretValue) return secretValue;
    secretValue = await ensureCertificateSecret(db, randomBytes(32).toString('base64url'));
    return secretValue;
  }

  async function verifyUrl(number: string) {
    return certificateVerifyUrl(deps.publicUrl, number, await secret());
  }

  async function pdfOf(r: CertificateRow): Promise<Uint8Array> {
    const input: CertificateInput = { ...r.content, number: r.number, verifyUrl: await verifyUrl(r.number) };
    return renderCertificatePdf(input);
  }

  return {
    verifyUrl,

    /**
     * Issues a certificate to every published case of the call that has no valid one (idempotent; after a
     * revocation it issues a new number). Runs in the caller's transaction when given one.
     */
    async issueMissing(actor: SessionUser | null, callId: string, q?: Queryable): Promise<number> {
      const run = async (tx: Queryable) => {
        const call = calls.requireCall(callId);
        // The sequence row is the lock: concurrent issuing for one call queues here.
        let seq = await lockCertificateSequence(tx, callId);
        const cases = await listUncertifiedCases(tx, callId);
        if (!cases.length) return 0;
        const now = clock.now();
        for (const c of cases) {
          seq += 1;
          const { names, unit } = authorsOf(call, c.case_type, c.form);
          const content: CertificateContent = {
            callTitle: call.title,
            caseTitle: c.title || '（未命名案例）',
            caseTypeName: findCaseType(call, c.case_type)?.name ?? c.case_type,
            authors: names,
            unit,
            provinceName: findProvince(c.province_code)?.name ?? c.province_code,
            award: c.award,
            issuedAt: beijingDate(now),
            issuer: call.certificate.issuer,
            statement: call.certificate.statement,
          };
          const number = certificateNumber(callId, seq);
          await insertCertificate(tx, {
            number, callId, seq, caseId: c.id, provinceCode: c.province_code, content, issuedAt: new Date(now).toISOString(), issuedBy: actor?.id ?? null,
          });
          await writeAudit(tx, actor ? actorOf(actor) : null, {
            event: 'certificate.issue', objectType: 'case', objectId: c.id, provinceCode: c.province_code, data: { number },
          }, now);
        }
        await setCertificateSequence(tx, callId, seq);
        return cases.length;
      };
      return q ? run(q) : db.tx(run);
    },

    /** Public verification of a number (typed, or from the QR code with its token). */
    async verify(input: string, token: string | undefined) {
      const parsed = parseCertificateNumber(String(input ?? '').slice(0, 64));
      if (!parsed) return { status: 'invalid' as const, valid: false, message: '证书编号格式不正确或校验位不符，请核对后重新输入' };
      // A token that is present must match: a QR code pointing here with a made-up token is a forgery.
      const hasToken = typeof token === 'string' && token.length > 0;
      if (hasToken && !verifyCertificateToken(parsed.number, token!, await secret())) {
        return { status: 'forged' as const, valid: false, number: parsed.number, message: '证书校验码不符：此证书二维码不是本平台签发的，请谨慎对待' };
      }
      const r = await findCertificateWithCaseState(db, parsed.number);
      if (!r) return { status: 'not_found' as const, valid: false, number: parsed.number, message: '未查询到此证书编号，证书可能是伪造的' };
      const cert = {
        number: r.number,
        caseTitle: r.content.caseTitle,
        caseTypeName: r.content.caseTypeName,
        callTitle: r.content.callTitle,
        authors: r.content.authors,
        unit: r.content.unit,
        provinceName: r.content.provinceName,
        award: r.content.award,
        issuedOn: r.content.issuedAt,
      };
      const revokedReason = r.revoked_at ? r.revoke_reason : r.state === 'disqualified' ? '案例已被取消资格' : null;
      if (r.revoked_at || r.state === 'disqualified') {
        return {
          status: 'revoked' as const, valid: false, tokenChecked: hasToken, certificate: cert,
          revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null, revokeReason: revokedReason,
          message: '此证书已被撤销，不再有效',
        };
      }
      return {
        status: 'valid' as const, valid: true, tokenChecked: hasToken, certificate: cert,
        message: hasToken ? '证书编号与二维码校验码一致，由本平台签发' : '证书编号有效（按编号查询，未核对二维码校验码）',
      };
    },

    /** Revokes a certificate (organiser) with a recorded reason. */
    async revoke(org: SessionUser, numberIn: string, reasonIn: unknown) {
      const reason = typeof reasonIn === 'string' ? reasonIn.trim() : '';
      if (reason.length < 2) throw badRequest('请填写撤销原因', [{ path: 'reason', message: '请填写撤销原因' }]);
      const parsed = parseCertificateNumber(numberIn);
      if (!parsed) throw notFound('证书');
      return db.tx(async (q) => {
        const r = await findCertificate(q, parsed.number, true);
        if (!r) throw notFound('证书');
        if (r.revoked_at) throw conflict('ALREADY_REVOKED', '此证书已撤销');
        const now = clock.now();
        await revokeCertificate(q, r.number, { at: new Date(now).toISOString(), by: org.id, reason: reason.slice(0, 500) });
        await writeAudit(q, actorOf(org), {
          event: 'certificate.revoke', objectType: 'case', objectId: r.case_id, reason, provinceCode: r.province_code, data: { number: r.number },
        }, now);
        return presentCertificate((await findCertificate(q, r.number))!);
      });
    },

    /** The organiser's list of a call's certificates. */
    async list(callId: string) {
      const rows = await listCallCertificates(db, callId);
      return rows.map(presentCertificate);
    },

    /** The author's own certificates (every call). */
    async mine(author: SessionUser) {
      const rows = await listCertificatesInScope(db, author);
      return rows.map(presentCertificate);
    },

    /** A certificate's PDF for a viewer whose scope covers its case (author, own province, organiser). */
    async pdfFor(viewer: SessionUser, numberIn: string): Promise<{ number: string; pdf: Uint8Array }> {
      const parsed = parseCertificateNumber(numberIn);
      if (!parsed) throw notFound('证书');
      const r = await findCertificate(db, parsed.number);
      if (!r || !(await findCaseInScope(db, viewer, r.case_id))) throw notFound('证书');
      if (r.revoked_at) throw conflict('CERTIFICATE_REVOKED', '此证书已撤销，不能下载');
      return { number: r.number, pdf: await pdfOf(r) };
    },

    /** The valid certificates of one province and call, for its administrator's ZIP (the province from the session). */
    async forProvince(admin: SessionUser, callId: string) {
      if (!may(admin, 'certificates.province_zip') || !admin.provinceCode) throw forbidden();
      calls.requireCall(callId);
      return listProvinceCertificates(db, callId, admin.provinceCode);
    },

    /**
     * A ZIP of certificates as a byte stream. PDFs are rendered one at a time as the client reads (Readable.from
     * pulls the generator only when the socket wants more), so memory holds one PDF, never all of them.
     */
    zipStream(rows: CertificateRow[], render: (r: CertificateRow) => Promise<Uint8Array> = pdfOf): Readable {
      async function* chunks() {
        const out: Uint8Array[] = [];
        let done = false;
        const zip = new Zip((err, data, final) => {
          if (err) throw err;
          out.push(data);
          if (final) done = true;
        });
        const used = new Set<string>();
        for (const r of rows) {
          const pdf = await render(r);
          let name = `${r.number}-${r.content.caseTitle}`.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 80);
          while (used.has(name)) name += '_';
          used.add(name);
          const entry = new ZipPassThrough(`${name}.pdf`); // PDFs are compressed already: stored as they are
          // Made on a Unix host with a UTF-8 name (fflate sets the language-encoding flag for non-ASCII names), so
          // Info-ZIP, 7-Zip and Windows list the Chinese names; the DOS time holds Beijing wall-clock time.
          entry.os = 3;
          entry.attrs = 0o100644 << 16;
          entry.mtime = beijingWallClock(new Date(r.issued_at));
          zip.add(entry);
          entry.push(pdf, true);
          while (out.length) yield out.shift()!;
        }
        zip.end();
        while (out.length) yield out.shift()!;
        if (!done) throw new Error('压缩包生成失败（ZIP_INCOMPLETE）');
      }
      return Readable.from(chunks(), { objectMode: false });
    },
  };
}

export type CertificatesService = ReturnType<typeof certificatesService>;
