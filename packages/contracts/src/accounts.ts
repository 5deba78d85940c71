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
