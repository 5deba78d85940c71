// Accounts as the client sees them: the signed-in user (phone masked) and the bodies of the sign-in paths.
import { z } from 'zod';

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
