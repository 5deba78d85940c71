// Client of the organiser's 短信与邮件 routes and of the image challenge on the verification-code path.
import { request } from './api.ts';

export interface MessageRow {
  id: string;
  channel: 'sms' | 'email';
  channelLabel: string;
  recipient: string;
  kind: string;
  kindLabel: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  statusLabel: string;
  attempts: number;
  lastError: string | null;
  errorCode: string | null;
  permanent: boolean;
  provider: string | null;
  providerRef: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  expiresAt: string | null;
  canRetry: boolean;
  retryBlocked: string | null;
}

export interface MessagePage {
  items: MessageRow[];
  total: number;
  counts: { pending: number; sent: number; failed: number };
  kinds: Array<{ id: string; label: string }>;
  settings: {
    sms: string;
    email: string;
    signName: string;
    limits: { smsPerPhoneHour: number; smsPerPhoneDay: number; smsTotalHour: number; smsTotalDay: number };
    codes: { ipFreeNumbers: number; ipMaxNumbers: number; dailyBudget: number };
    smsLastHour: number;
    smsLastDay: number;
  };
}

export interface MessageQuery {
  status?: string;
  channel?: string;
  kind?: string;
  q?: string;
  sort?: 'created' | 'sent' | 'attempts' | 'status' | 'next';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface SmsChallenge {
  id: string;
  /** A PNG as a data URL. */
  image: string;
  length: number;
  expiresAt: string;
}

export const messagesApi = {
  list: (q: MessageQuery) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    return request<MessagePage>('GET', `/org/messages?${p}`);
  },
  retry: (id: string) => request<MessageRow>('POST', `/org/messages/${id}/retry`),
  challenge: () => request<SmsChallenge>('POST', '/auth/sms-challenge'),
};
