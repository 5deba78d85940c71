// Account security calls: the TOTP login step and enrolment, the 账号安全 page and the organiser's account list.
import type { AccountRow, UserListQuery } from '@anli/contracts/accounts.ts';
import type { Page } from '@anli/contracts/common.ts';
import { request, type User } from './api.ts';

export type LoginNext = 'full' | 'totp' | 'enrol';

export interface Enrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

export interface SecurityStatus {
  user: User;
  totpEnabled: boolean;
  totpEnabledAt: string | null;
  totpRequired: boolean;
  recoveryCodesLeft: number;
  activeSessions: number;
}

export interface Reauth {
  currentPassword: string;
  totpCode?: string;
}

export type { AccountRow } from '@anli/contracts/accounts.ts';

export const securityApi = {
  /** `user` comes only with next = 'full'. */
  login: (phone: string, password: string) => request<{ user: User; next: LoginNext }>('POST', '/auth/login', { phone, password }),
  activate: (b: { code: string; phone: string; password: string; name: string }) => request<{ user: User; next: LoginNext }>('POST', '/auth/activate', b),
  totp: (code: string) => request<{ user: User; usedRecoveryCode: boolean; recoveryCodesLeft: number }>('POST', '/auth/totp', { code }),
  enrolStart: () => request<Enrolment>('POST', '/auth/totp/enrol/start', {}),
  enrolConfirm: (code: string) => request<{ user: User; recoveryCodes: string[] }>('POST', '/auth/totp/enrol/confirm', { code }),
  status: () => request<SecurityStatus>('GET', '/account/security'),
  changePassword: (b: Reauth & { newPassword: string }) => request<{ ok: boolean; sessionsEnded: number }>('POST', '/account/password', b),
  sendPhoneCode: (newPhone: string, challenge?: { challengeId: string; challengeAnswer: string }) => request<{ sent: boolean }>('POST', '/account/phone/code', { newPhone, ...challenge }),
  changePhone: (b: Reauth & { newPhone: string; smsCode: string }) => request<{ user: User }>('POST', '/account/phone', b),
  recoveryCodes: (b: Reauth) => request<{ recoveryCodes: string[] }>('POST', '/account/recovery-codes', b),
  disableTotp: (b: Reauth) => request<{ ok: boolean }>('POST', '/account/totp/disable', b),
  /** 账号管理: one page of the accounts matching the filters, with the count of all matches. */
  users: (query: UserListQuery) =>
    request<Page<AccountRow>>('GET', `/org/users?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString()}`),
  setDisabled: (userId: string, disabled: boolean, reason?: string) =>
    request<{ disabled: boolean; sessionsEnded: number }>('POST', `/org/users/${encodeURIComponent(userId)}/disabled`, { disabled, reason }),
};
