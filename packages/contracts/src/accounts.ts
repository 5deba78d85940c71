// Accounts as the client sees them: the signed-in user (phone masked) and the bodies of the sign-in paths.
import { z } from 'zod';
import { IsoTime, pageOf, pageQuery } from './common.ts';

export const Role = z.enum(['author', 'county_admin', 'city_admin', 'province_admin', 'expert', 'organiser']);

/** A signed-in account as shown to its holder: the phone masked (138****8000), the province by name. */
export const User = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  role: Role,
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const UserResult = z.object({ user: User });

/** 作者激活: an author named on a province's 方式一 list sets a password with the code from the SMS. */
export const ActivateInvitationBody = z.object({
  phone: z.string({ error: '请输入 11 位手机号码' }).trim().max(20),
  code: z.string({ error: '请填写短信中的激活码' }).trim().max(40),
  password: z.string({ error: '请设置密码' }).max(200, '密码最多 200 位'),
});

// Request fields are optional in the schema where the service names the missing field itself (its message says
// what to do, e.g. 请输入 11 位手机号码); the schema still refuses wrong types and oversized values with a 400.
const text = (max: number) => z.string().max(max).optional();

/** An image challenge answered when a number asks for codes beyond the abuse limits. */
const Challenge = { challengeId: text(100), challengeAnswer: text(20) };

export const SmsCodeBody = z.object({ phone: text(20), ...Challenge });
export const Sent = z.object({ sent: z.literal(true) });

export const PasswordResetBody = z.object({ phone: text(20), code: text(12), newPassword: text(200) });
export const PasswordResetResult = z.object({ ok: z.literal(true), sessionsEnded: z.number().int() });

export const RegisterBody = z.object({
  phone: text(20),
  code: text(12),
  password: text(200),
  name: text(40),
  provinceCode: text(12),
  city: text(40),
  county: text(40),
  unitName: text(100),
  unitKind: text(20),
});

export const LoginBody = z.object({ phone: text(40), password: text(200) });
/** 'full': signed in; 'totp': give the authenticator code; 'enrol': bind an authenticator first (no details until then). */
export const LoginStep = z.enum(['full', 'totp', 'enrol']);
export const LoginResult = z.object({ user: User.optional(), next: LoginStep });

/** 账号激活: an administrator or expert account created by the organiser, activated with its code. */
export const ActivateBody = z.object({ code: text(40), phone: text(20), password: text(200), name: text(40) });
export const ActivateResult = z.object({ user: User, next: LoginStep });

export const UnitsQuery = z.object({ provinceCode: z.string().max(12).optional(), q: z.string().max(200).optional() });
export const Unit = z.object({
  id: z.string(),
  provinceCode: z.string(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  name: z.string(),
  kind: z.string().nullable(),
});

// ---------- 账号管理 (organiser) ----------

export const UserListQuery = pageQuery(['created', 'name', 'role']).extend({
  role: Role.optional(),
  q: z.string().max(20).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

/** An account as the organiser's list shows it (phone masked), with its standing. */
export const AccountRow = User.extend({ disabled: z.boolean(), totpEnabled: z.boolean(), createdAt: IsoTime });
export type AccountRow = z.infer<typeof AccountRow>;
export const AccountPage = pageOf(AccountRow);

// ---------- 两步登录与账号安全 ----------

/** The authenticator's 6 digits or a recovery code. */
export const TotpCodeBody = z.object({ code: text(40) });

/** The login's second step: the account, and whether a recovery code was spent (and how many are left). */
export const TotpLoginResult = z.object({ user: User, usedRecoveryCode: z.boolean(), recoveryCodesLeft: z.number().int() });
export type TotpLoginResult = z.infer<typeof TotpLoginResult>;

/** A new authenticator secret, as text, as an otpauth:// link and as a QR code (PNG data URL). */
export const Enrolment = z.object({ secret: z.string(), uri: z.string(), qrDataUrl: z.string() });
export type Enrolment = z.infer<typeof Enrolment>;

/** Enrolment confirmed: the recovery codes, shown once. */
export const EnrolmentResult = z.object({ user: User, recoveryCodes: z.array(z.string()) });

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

/** The 账号安全 page's overview. */
export const SecurityStatus = z.object({
  user: User,
  totpEnabled: z.boolean(),
  totpEnabledAt: IsoTime.nullable(),
  totpRequired: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  activeSessions: z.number().int(),
});
export type SecurityStatus = z.infer<typeof SecurityStatus>;

/** Re-authentication before a change: the current password, and the current TOTP or a recovery code when enrolled. */
export const ReauthBody = z.object({ currentPassword: text(200), totpCode: text(40) });
export type ReauthBody = z.infer<typeof ReauthBody>;

export const ChangePasswordBody = ReauthBody.extend({ newPassword: text(200) });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const PhoneCodeBody = z.object({ newPhone: text(20), ...Challenge });
export const ChangePhoneBody = ReauthBody.extend({ newPhone: text(20), smsCode: text(12) });
export type ChangePhoneBody = z.infer<typeof ChangePhoneBody>;

export const SessionsEnded = z.object({ ok: z.literal(true), sessionsEnded: z.number().int() });

/** The organiser disables (reason required) or re-enables an account. */
export const SetDisabledBody = z.object({ disabled: z.boolean().optional(), reason: text(2000) });
export const SetDisabledResult = z.object({ user: User, disabled: z.boolean(), sessionsEnded: z.number().int() });
