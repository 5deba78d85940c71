// Account security calls: the TOTP login step and enrolment, the 账号安全 page and the organiser's account list.
import type {
  AccountPage, ActivateResult, Enrolment, EnrolmentResult, LoginResult, LoginStep, RecoveryCodes, SecurityStatus, Sent, SessionsEnded, SetDisabledResult, TotpLoginResult,
  UserListQuery, UserResult,
} from '@anli/contracts/accounts.ts';
import type { Ok } from '@anli/contracts/common.ts';
import type { z } from 'zod';
import { request } from './index.ts';

export type LoginNext = z.infer<typeof LoginStep>;
export type { Enrolment, SecurityStatus } from '@anli/contracts/accounts.ts';

export interface Reauth {
  currentPassword: string;
  totpCode?: string;
}

export type { AccountRow } from '@anli/contracts/accounts.ts';

type Of<T extends z.ZodType> = z.infer<T>;

export const securityApi = {
  /** `user` comes only with next = 'full'. */
  login: (phone: string, password: string) => request<Of<typeof LoginResult>>('POST', '/auth/login', { phone, password }),
  activate: (b: { code: string; phone: string; password: string; name: string }) => request<Of<typeof ActivateResult>>('POST', '/auth/activate', b),
  totp: (code: string) => request<Of<typeof TotpLoginResult>>('POST', '/auth/totp', { code }),
  enrolStart: () => request<Enrolment>('POST', '/auth/totp/enrol/start', {}),
  enrolConfirm: (code: string) => request<Of<typeof EnrolmentResult>>('POST', '/auth/totp/enrol/confirm', { code }),
  status: () => request<SecurityStatus>('GET', '/account/security'),
  changePassword: (b: Reauth & { newPassword: string }) => request<Of<typeof SessionsEnded>>('POST', '/account/password', b),
  sendPhoneCode: (newPhone: string, challenge?: { challengeId: string; challengeAnswer: string }) => request<Of<typeof Sent>>('POST', '/account/phone/code', { newPhone, ...challenge }),
  changePhone: (b: Reauth & { newPhone: string; smsCode: string }) => request<Of<typeof UserResult>>('POST', '/account/phone', b),
  recoveryCodes: (b: Reauth) => request<Of<typeof RecoveryCodes>>('POST', '/account/recovery-codes', b),
  disableTotp: (b: Reauth) => request<Of<typeof Ok>>('POST', '/account/totp/disable', b),
  /** 账号管理: one page of the accounts matching the filters, with the count of all matches. */
  users: (query: UserListQuery) =>
    request<Of<typeof AccountPage>>('GET', `/org/users?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString()}`),
  setDisabled: (userId: string, disabled: boolean, reason?: string) =>
    request<Of<typeof SetDisabledResult>>('POST', `/org/users/${encodeURIComponent(userId)}/disabled`, { disabled, reason }),
};
