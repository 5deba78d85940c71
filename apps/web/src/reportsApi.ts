// Client of the mode-1 import, the dashboards, the organiser's contact forms and the Excel export addresses.
import { ApiError, queryString, request, type User } from './api.ts';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportedCase {
  row: number;
  caseId: string;
  title: string;
  caseTypeName: string;
  authorName: string;
  authorPhone: string;
  invited: boolean;
}

export interface ImportRecord {
  id: string;
  fileName: string | null;
  rows: number;
  createdAt: string;
  createdBy: string | null;
}

export interface FailingRule {
  rule: string;
  ruleName: string;
  cases: number;
  files: number;
}

export interface OrgDashboard {
  callId: string;
  provinces: Array<{
    provinceCode: string;
    provinceName: string;
    submitted: number;
    checked: number;
    failing: number;
    recommended: number;
    /** 方式一预选（占用名额） */
    preselected: number;
    quotaUsed: number;
    quota: number;
    reported: boolean;
    mode: 1 | 2 | null;
    contactFormSubmitted: boolean;
  }>;
  totals: { submitted: number; checked: number; failing: number; recommended: number; preselected: number; quotaUsed: number; reported: number; contactForms: number };
  failingRules: FailingRule[];
}

export interface ProvinceDashboard {
  callId: string;
  provinceName: string;
  total: number;
  drafts?: number;
  byState: Array<{ state: string; label: string; count: number }>;
  byCheck: Array<{ status: string; label: string; count: number }>;
  quota: Array<{ groupId: string; name: string; used: number; max: number }>;
  failingRules: FailingRule[];
  /** Calls with city/county levels: every city of the province and where its cases stand (empty otherwise). */
  byCity: Array<{ cityCode: string; cityName: string; submitted: number; atCounty: number; atCity: number; atProvince: number; failing: number; cityQuota: number | null }>;
}

export interface ContactForms {
  fields: Array<{ key: string; label: string }>;
  rows: Array<{ provinceCode: string; provinceName: string; submittedAt: string | null; data: Record<string, string> }>;
}

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
  activateInvitation: (b: { phone: string; code: string; password: string }) => request<{ user: User }>('POST', '/auth/activate-invitation', b),
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
