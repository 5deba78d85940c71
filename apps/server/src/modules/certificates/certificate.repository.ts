// Certificate queries: the per-call number sequence (the issuing lock), the published cases still without a valid
// certificate, the certificates themselves and the generated verify-token secret. An author's own certificates are read
// through the case scope (scopeCondition), a province's ZIP by the province the caller works on.
import type { Queryable } from '../../infra/db/db.ts';
import { scopeCondition, type Scope } from '../cases/case.repository.ts';
import type { CertificateInput } from './certificate.pdf.ts';

/** What a certificate says, fixed when it is issued: what the PDF shows but its number and verification link. */
export type CertificateContent = Omit<CertificateInput, 'number' | 'verifyUrl'>;

export interface CertificateRow {
  number: string;
  call_id: string;
  seq: number;
  case_id: string;
  province_code: string;
  content: CertificateContent;
  issued_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

/** A published case without a valid certificate, with its award. */
export interface UncertifiedCaseRow {
  id: string;
  case_type: string;
  title: string;
  province_code: string;
  form: Record<string, unknown>;
  award: string;
}

/** The stored certificate secret, generated from `candidate` the first time (concurrent first calls agree on one). */
export async function ensureCertificateSecret(q: Queryable, candidate: string): Promise<string> {
  await q.query(`insert into app_secrets (name, value) values ('certificate', $1) on conflict (name) do nothing`, [candidate]);
  const [r] = await q.query<{ value: string }>(`select value from app_secrets where name = 'certificate'`);
  return r!.value;
}

/** The call's last issued sequence number, its row created if missing and locked: concurrent issuing for one call queues here. */
export async function lockCertificateSequence(q: Queryable, callId: string): Promise<number> {
  await q.query('insert into certificate_sequences (call_id) values ($1) on conflict (call_id) do nothing', [callId]);
  const [seqRow] = await q.query<{ last_seq: number }>('select last_seq from certificate_sequences where call_id = $1 for update', [callId]);
  return Number(seqRow!.last_seq);
}

export async function setCertificateSequence(q: Queryable, callId: string, lastSeq: number): Promise<void> {
  await q.query('update certificate_sequences set last_seq = $2 where call_id = $1', [callId, lastSeq]);
}

/** The call's published cases that have no valid certificate, in issuing order (province, type, title). */
export async function listUncertifiedCases(q: Queryable, callId: string): Promise<UncertifiedCaseRow[]> {
  return q.query<UncertifiedCaseRow>(
    `select c.id, c.case_type, c.title, c.province_code, c.form, r.award
     from cases c join case_results r on r.case_id = c.id
     where c.call_id = $1 and c.state = 'published'
       and not exists (select 1 from certificates x where x.case_id = c.id and x.revoked_at is null)
     order by c.province_code, c.case_type, c.title, c.id`,
    [callId],
  );
}

export async function insertCertificate(q: Queryable, c: {
  number: string; callId: string; seq: number; caseId: string; provinceCode: string; content: CertificateContent; issuedAt: string; issuedBy: string | null;
}): Promise<void> {
  await q.query(
    `insert into certificates (number, call_id, seq, case_id, province_code, content, issued_at, issued_by) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.number, c.callId, c.seq, c.caseId, c.provinceCode, JSON.stringify(c.content), c.issuedAt, c.issuedBy],
  );
}

/** A certificate by number (locked for the transaction with `forUpdate`). */
export async function findCertificate(q: Queryable, number: string, forUpdate = false): Promise<CertificateRow | null> {
  const [r] = await q.query<CertificateRow>(`select * from certificates where number = $1${forUpdate ? ' for update' : ''}`, [number]);
  return r ?? null;
}

/** A certificate by number with its case's current state (public verification). */
export async function findCertificateWithCaseState(q: Queryable, number: string): Promise<(CertificateRow & { state: string }) | null> {
  const [r] = await q.query<CertificateRow & { state: string }>(
    'select x.*, c.state from certificates x join cases c on c.id = x.case_id where x.number = $1',
    [number],
  );
  return r ?? null;
}

export async function revokeCertificate(q: Queryable, number: string, r: { at: string; by: string; reason: string }): Promise<void> {
  await q.query('update certificates set revoked_at = $2, revoked_by = $3, revoke_reason = $4 where number = $1', [number, r.at, r.by, r.reason]);
}

/** Every certificate of a call, in number order (the organiser's list). */
export async function listCallCertificates(q: Queryable, callId: string): Promise<CertificateRow[]> {
  return q.query<CertificateRow>('select * from certificates where call_id = $1 order by seq', [callId]);
}

/** The certificates of the viewer's cases (an author's own, every call), newest first. */
export async function listCertificatesInScope(q: Queryable, scope: Scope): Promise<CertificateRow[]> {
  const params: unknown[] = [];
  return q.query<CertificateRow>(
    `select x.* from certificates x join cases c on c.id = x.case_id where ${scopeCondition(scope, params)} order by x.issued_at desc, x.seq desc`,
    params,
  );
}

/** The valid certificates of one province in one call, in number order (the province's ZIP). */
export async function listProvinceCertificates(q: Queryable, callId: string, provinceCode: string): Promise<CertificateRow[]> {
  return q.query<CertificateRow>(
    'select * from certificates where call_id = $1 and province_code = $2 and revoked_at is null order by seq',
    [callId, provinceCode],
  );
}
