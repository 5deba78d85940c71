// Account security calls: the TOTP login step and enrolment, the 账号安全 page and the organiser's account list.
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

export interface AccountRow extends User {
  disabled: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

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
  users: (role?: string, q?: string) =>
    request<AccountRow[]>('GET', `/org/users?${new URLSearchParams({ ...(role ? { role } : {}), ...(q ? { q } : {}) }).toString()}`),
  setDisabled: (userId: string, disabled: boolean, reason?: string) =>
    request<{ disabled: boolean; sessionsEnded: number }>('POST', `/org/users/${encodeURIComponent(userId)}/disabled`, { disabled, reason }),
};
