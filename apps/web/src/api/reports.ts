// Client of the mode-1 import, the dashboards, the organiser's contact forms and the Excel export addresses.
import type { UserResult } from '@anli/contracts/accounts.ts';
import type { Mode1Import, Mode1ImportErrors, Mode1ImportResult } from '@anli/contracts/mode1.ts';
import type { ContactForms, OrgDashboard, ProvinceDashboard } from '@anli/contracts/reports.ts';
import type { z } from 'zod';
import { ApiError, queryString, request } from './index.ts';

export type { ContactForms, FailingRule, OrgDashboard, ProvinceDashboard } from '@anli/contracts/reports.ts';
export type RowError = NonNullable<z.infer<typeof Mode1ImportErrors>['errors']>[number];
export type ImportedCase = z.infer<typeof Mode1ImportResult>['created'][number];
export type ImportRecord = z.infer<typeof Mode1Import>;

/** Uploads the xlsx as the request body. Resolves with the created cases, or the row errors (nothing imported). */
export async function importMode1(callId: string, file: File): Promise<{ created: ImportedCase[] } | { errors: RowError[]; message: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/province/mode1/import${queryString({ callId, fileName: file.name })}`, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const json = (await res.json().catch(() => ({}))) as any;
  if (res.ok) return { created: json.created ?? [] };
  if (json.code === 'IMPORT_INVALID') return { errors: json.errors ?? [], message: json.message };
  if (res.status === 413) throw new ApiError(413, 'TOO_LARGE', '文件过大，请只保留模板中的推荐案例后重新上传');
  throw new ApiError(res.status, json.code ?? `HTTP_${res.status}`, json.message ?? `上传失败（${res.status}）`, Array.isArray(json.fields) ? json.fields : []);
}

export const reportsApi = {
  mode1Imports: (callId: string) => request<ImportRecord[]>('GET', `/province/mode1/imports${queryString({ callId })}`),
  orgDashboard: (callId: string) => request<OrgDashboard>('GET', `/org/dashboard${queryString({ callId })}`),
  provinceDashboard: (callId: string) => request<ProvinceDashboard>('GET', `/province/dashboard${queryString({ callId })}`),
  contactForms: (callId: string) => request<ContactForms>('GET', `/org/contact-forms${queryString({ callId })}`),
  activateInvitation: (b: { phone: string; code: string; password: string }) => request<z.infer<typeof UserResult>>('POST', '/auth/activate-invitation', b),
};

/** Excel addresses: each takes the filters of the list on screen. */
export const xlsx = {
  mode1Template: (callId: string) => `/api/province/mode1/template.xlsx${queryString({ callId })}`,
  orgCases: (f: { callId?: string; provinceCode?: string; state?: string; caseType?: string; q?: string; check?: string; sort?: string; order?: string }) =>
    `/api/org/cases.xlsx${queryString({ callId: f.callId, provinceCode: f.provinceCode, state: f.state, caseType: f.caseType, q: f.q, check: f.check, sort: f.sort, order: f.order })}`,
  audit: (f: { objectId?: string; event?: string; provinceCode?: string }) =>
    `/api/org/audit.xlsx${queryString({ objectId: f.objectId, event: f.event, provinceCode: f.provinceCode })}`,
  contactForms: (callId: string) => `/api/org/contact-forms.xlsx${queryString({ callId })}`,
  dashboard: (callId: string) => `/api/org/dashboard.xlsx${queryString({ callId })}`,
  experts: (f: { q?: string; status?: string; provinceCode?: string; sort?: string; order?: string } = {}) =>
    `/api/org/experts.xlsx${queryString({ q: f.q, status: f.status, provinceCode: f.provinceCode, sort: f.sort, order: f.order })}`,
  reviewResults: (roundId: string, by?: string) => `/api/org/review/rounds/${encodeURIComponent(roundId)}/results.xlsx${queryString({ by })}`,
  results: (callId: string, f: { caseType?: string; award?: string; provinceCode?: string; q?: string; sort?: string; order?: string } = {}) =>
    `/api/org/results.xlsx${queryString({ callId, caseType: f.caseType, award: f.award, provinceCode: f.provinceCode, q: f.q, sort: f.sort, order: f.order })}`,
};
