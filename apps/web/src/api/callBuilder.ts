// Client of the organiser's call builder (drafts, opening, versions, definition files). Types come from @anli/contracts.
import type { BuilderCallDetail, BuilderCallRow, CreateDraftBody, ReviseBody } from '@anli/contracts/calls-builder.ts';
import { request } from './index.ts';

export type { BuilderCallDetail, BuilderCallRow };

const enc = encodeURIComponent;

/** The definition file of a call (a plain link: the browser sends the cookie and saves the file). */
export const definitionFileUrl = (callId: string) => `/api/org/calls/${enc(callId)}/definition`;

export const callBuilderApi = {
  list: () => request<BuilderCallRow[]>('GET', '/org/call-builder'),
  create: (body: CreateDraftBody) => request<BuilderCallDetail>('POST', '/org/call-builder', body),
  detail: (callId: string) => request<BuilderCallDetail>('GET', `/org/call-builder/${enc(callId)}`),
  save: (callId: string, definition: Record<string, unknown>) => request<BuilderCallDetail>('PUT', `/org/call-builder/${enc(callId)}`, { definition }),
  remove: (callId: string) => request<{ ok: true }>('DELETE', `/org/call-builder/${enc(callId)}`),
  open: (callId: string) => request<BuilderCallDetail>('POST', `/org/call-builder/${enc(callId)}/open`),
  revise: (callId: string, body: ReviseBody) => request<BuilderCallDetail>('POST', `/org/call-builder/${enc(callId)}/versions`, body),
  importFile: (text: string) => request<BuilderCallDetail>('POST', '/org/call-builder/import', { text }),
};
