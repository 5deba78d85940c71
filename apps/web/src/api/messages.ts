// Client of the organiser's 短信与邮件 routes and of the image challenge on the verification-code path; the shapes
// come from @anli/contracts, as the server validates and serialises them.
import { request } from './index.ts';

import type { MessageListQuery, MessagePage, MessageRow, SmsChallenge } from '@anli/contracts/messages.ts';

export type { MessagePage, MessageRow, SmsChallenge };
/** The list's query as the page keeps it (limit and offset always set). */
export type MessageQuery = MessageListQuery & { limit: number; offset: number };

export const messagesApi = {
  list: (q: MessageQuery) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    return request<MessagePage>('GET', `/org/messages?${p}`);
  },
  retry: (id: string) => request<MessageRow>('POST', `/org/messages/${id}/retry`),
  challenge: () => request<SmsChallenge>('POST', '/auth/sms-challenge'),
};
