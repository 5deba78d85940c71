// Certificates: the author's 我的证书, the organiser's list, revocation and the public verification answer. The
// server serialises through these schemas and the web client takes its types from them.
import { z } from 'zod';
import { IsoTime } from './common.ts';

/** A certificate as its holder and the organiser read it (the words printed on it, and whether it still holds). */
export const Certificate = z.object({
  number: z.string(),
  callId: z.string(),
  caseId: z.string(),
  provinceCode: z.string(),
  callTitle: z.string(),
  caseTitle: z.string(),
  caseTypeName: z.string(),
  authors: z.array(z.string()),
  unit: z.string(),
  provinceName: z.string(),
  award: z.string(),
  /** The issuer and award sentence printed on it (call data when issued). */
  issuer: z.string().optional(),
  statement: z.string().optional(),
  /** Beijing date printed on the certificate, YYYY-MM-DD. */
  issuedOn: z.string(),
  issuedAt: IsoTime,
  revoked: z.boolean(),
  revokedAt: IsoTime.nullable(),
  revokeReason: z.string().nullable(),
});
export type Certificate = z.infer<typeof Certificate>;

export const CertificateNumberParams = z.object({ number: z.string().min(1).max(60) });
export const VerifyQuery = z.object({ t: z.string().max(200).optional() });
export const CallQuery = z.object({ callId: z.string({ error: '请选择活动' }).min(1, '请选择活动').max(100) });

/** The public answer to “is this certificate real?”: the status, a sentence, and what the certificate says. */
export const Verification = z.object({
  status: z.enum(['valid', 'revoked', 'not_found', 'invalid', 'forged']),
  valid: z.boolean(),
  message: z.string(),
  number: z.string().optional(),
  tokenChecked: z.boolean().optional(),
  revokedAt: IsoTime.nullable().optional(),
  revokeReason: z.string().nullable().optional(),
  certificate: z
    .object({
      number: z.string(),
      caseTitle: z.string(),
      caseTypeName: z.string(),
      callTitle: z.string(),
      authors: z.array(z.string()),
      unit: z.string(),
      provinceName: z.string(),
      award: z.string(),
      issuedOn: z.string(),
    })
    .optional(),
});
export type Verification = z.infer<typeof Verification>;

export const IssueBody = z.object({ callId: z.string({ error: '请选择活动' }).min(1, '请选择活动').max(100) });
export const IssueResult = z.object({ issued: z.number().int() });
export const RevokeBody = z.object({ reason: z.string({ error: '请填写撤销原因' }).trim().min(2, '请填写撤销原因').max(500, '撤销原因最多 500 字') });
