// The one client of the JSON API (docs/api.md). Every request sends the session cookie; errors become ApiError.
import type { Certificate, Verification } from '@anli/contracts/certificates.ts';
import type { CaseAction, CaseState, Role } from '@anli/domain/lifecycle.ts';
import type { MainScene } from '@anli/domain/calls/scenario-framework.ts';
import type { CategorySuggestion } from '@anli/domain/calls/evidence-categories.ts';
import type { LibraryCase, LibraryItem, LibraryPage, OrgResultsPage, PublicResultsPage, PublishedCase, ResultsFilter } from '@anli/contracts/results.ts';
import type { User } from '@anli/contracts/accounts.ts';
import type { CaseDetail, CaseListItem, CaseSummary } from '@anli/contracts/cases.ts';
import type { CallDetail as ContractCallDetail, CallSummary, Extension, OrgCallDetail as ContractOrgCallDetail } from '@anli/contracts/calls.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import type { ActivationCodeRow, ContactForm, IssuedActivationCode, OverviewRow, Phase, ProvinceInfo, ProvinceStatus } from '@anli/contracts/province.ts';
import type { AuditListPage, Page } from '@anli/contracts/common.ts';

export interface FieldErrorItem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrorItem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Response shapes come from @anli/contracts, the schemas the server validates and serialises with.
export type { User } from '@anli/contracts/accounts.ts';
export type { AuditEntry, AuditListItem } from '@anli/contracts/common.ts';
export type { CaseDetail, CaseListItem, CaseSummary } from '@anli/contracts/cases.ts';
export type { CallSummary, Extension } from '@anli/contracts/calls.ts';
/**
 * A call as served: its definition, which the pages hand to the shared rules (typed as the domain's CallDef), with
 * the phases as they stand now (the contract's Phase).
 */
export type CallDetail = ContractCallDetail & CallDef;
export type OrgCallDetail = ContractOrgCallDetail & CallDef;
export type { ActivationCodeRow, ContactForm, OverviewRow, Phase, ProvinceInfo, ProvinceStatus, QuotaCounter } from '@anli/contracts/province.ts';

export interface CaseFilters {
  callId?: string;
  state?: string;
  caseType?: string;
  q?: string;
  provinceCode?: string;
  /** 材料检测 filter (province list). */
  check?: string;
}

/** Page, size and sort of a list paged on the server (the contract of packages/contracts/src/common.ts). */
export interface PageParams {
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}
export type { Page };

/** The paging part of a query. */
export const pageOf = (f: PageParams) => ({ page: f.page, pageSize: f.pageSize, sort: f.sort, order: f.order });

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

let onUnauthorized: (() => void) | null = null;

/** Called when a request outside /auth answers 401 (the session ended): the app then asks the user to log in again. */
export function setUnauthorizedHandler(fn: (() => void) | null) {
  onUnauthorized = fn;
}

/** The one JSON request helper (errors as ApiError, 401 handling); other API modules use it too. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'include',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; fields?: FieldErrorItem[] };
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.();
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? defaultMessage(res.status), Array.isArray(e.fields) ? e.fields : []);
  }
  return json as T;
}

function defaultMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '您没有权限进行此操作';
  if (status === 404) return '未找到，或不在您的权限范围内';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务器出错，请稍后再试';
  return `请求失败（${status}）`;
}

const get = <T>(p: string) => request<T>('GET', p);
const post = <T>(p: string, b: unknown = {}) => request<T>('POST', p, b);
const put = <T>(p: string, b: unknown) => request<T>('PUT', p, b);
const del = <T>(p: string) => request<T>('DELETE', p);

/** URLs for plain-link downloads (xlsx/docx/pdf): the browser sends the cookie itself. */
export const downloads = {
  infoFormDocx: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/info-form.docx`,
  infoFormPdf: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/info-form.pdf`,
  provinceCasesXlsx: (f: CaseFilters & PageParams) =>
    `/api/province/cases.xlsx${queryString({ callId: f.callId, state: f.state, caseType: f.caseType, q: f.q, check: f.check, sort: f.sort, order: f.order })}`,
};

const id = encodeURIComponent;

export const api = {
  // Public
  provinces: () => get<ProvinceInfo[]>('/provinces'),
  calls: () => get<CallSummary[]>('/calls'),
  call: (callId: string) => get<CallDetail>(`/calls/${id(callId)}`),

  // Accounts
  sendSmsCode: (phone: string, challenge?: { challengeId: string; challengeAnswer: string }) => post<{ sent: boolean }>('/auth/sms-code', { phone, purpose: 'register', ...challenge }),
  register: (b: { phone: string; code: string; password: string; name: string; provinceCode: string; city?: string; county?: string; unitName?: string; unitKind?: string }) => post<{ user: User }>('/auth/register', b),
  login: (phone: string, password: string) => post<{ user: User }>('/auth/login', { phone, password }),
  sendResetCode: (phone: string, challenge?: { challengeId: string; challengeAnswer: string }) => post<{ sent: boolean }>('/auth/password-reset/code', { phone, ...challenge }),
  resetPassword: (b: { phone: string; code: string; newPassword: string }) => post<{ ok: boolean; sessionsEnded: number }>('/auth/password-reset', b),
  logout: () => post<{ ok: boolean }>('/auth/logout'),
  me: () => get<{ user: User }>('/auth/me'),
  activate: (b: { code: string; phone: string; password: string; name: string }) => post<{ user: User }>('/auth/activate', b),

  // Author
  myCases: () => get<CaseSummary[]>('/my/cases'),
  createCase: (callId: string, caseType: string) => post<CaseDetail>('/cases', { callId, caseType }),
  getCase: (caseId: string) => get<CaseDetail>(`/cases/${id(caseId)}`),
  saveCase: (caseId: string, form: Record<string, unknown>) => put<CaseDetail>(`/cases/${id(caseId)}`, { form }),
  submitCase: (caseId: string) => post<CaseDetail>(`/cases/${id(caseId)}/submit`),
  explainFinding: (caseId: string, b: { slot: string; rule: string; text: string }) => put<{ ok: true }>(`/cases/${id(caseId)}/explanations`, b),
  acceptExplanation: (caseId: string, b: { slot: string; rule: string }) => post<{ ok: true }>(`/cases/${id(caseId)}/explanations/accept`, b),
  setChecklist: (caseId: string, b: { slot: string; rule: string; checked: boolean }) => put<{ ok: true }>(`/cases/${id(caseId)}/checklist`, b),
  withdrawCase: (caseId: string) => post<CaseDetail>(`/cases/${id(caseId)}/withdraw`),
  deleteCase: (caseId: string) => del<{ ok: boolean }>(`/cases/${id(caseId)}`),
  declineCase: (caseId: string, reason: string) => post<CaseDetail>(`/cases/${id(caseId)}/decline`, { reason }),

  // Provincial administrator
  provinceCases: (f: CaseFilters & PageParams) =>
    get<Page<CaseListItem>>(`/province/cases${queryString({ callId: f.callId, state: f.state, caseType: f.caseType, q: f.q, check: f.check, ...pageOf(f) })}`),
  provinceStatus: (callId: string) => get<ProvinceStatus>(`/province/status${queryString({ callId })}`),
  recommendCase: (caseId: string) => post<CaseDetail>(`/cases/${id(caseId)}/recommend`),
  unrecommendCase: (caseId: string) => post<CaseDetail>(`/cases/${id(caseId)}/unrecommend`),
  reportList: (callId: string) => post<ProvinceStatus>('/province/report', { callId }),
  contactForm: (callId: string) => get<ContactForm>(`/province/contact-form${queryString({ callId })}`),
  saveContactForm: (callId: string, data: Record<string, unknown>) => put<ContactForm>('/province/contact-form', { callId, data }),
  setMode: (callId: string, mode: 1 | 2) => put<ProvinceStatus>('/province/mode', { callId, mode }),

  // Organiser
  orgCall: (callId: string) => get<OrgCallDetail>(`/org/calls/${id(callId)}`),
  updatePhase: (callId: string, phaseId: string, b: { start?: string | null; end?: string; forced?: 'open' | 'closed' | null }) =>
    put<Phase[]>(`/org/calls/${id(callId)}/phases/${id(phaseId)}`, b),
  addExtension: (callId: string, b: { provinceCode: string; phaseId: string; end: string }) => post<Extension[]>(`/org/calls/${id(callId)}/extensions`, b),
  deleteExtension: (callId: string, provinceCode: string, phaseId: string) =>
    del<Extension[]>(`/org/calls/${id(callId)}/extensions/${id(provinceCode)}/${id(phaseId)}`),
  issueActivationCode: (provinceCode: string) => post<IssuedActivationCode>('/org/activation-codes', { provinceCode }),
  activationCodes: () => get<ActivationCodeRow[]>('/org/activation-codes'),
  orgCases: (f: CaseFilters & PageParams) =>
    get<Page<CaseListItem>>(`/org/cases${queryString({ callId: f.callId, provinceCode: f.provinceCode, state: f.state, caseType: f.caseType, q: f.q, check: f.check, ...pageOf(f) })}`),
  overview: (callId: string) => get<OverviewRow[]>(`/org/overview${queryString({ callId })}`),
  unlockProvince: (provinceCode: string, callId: string, reason: string) => post<{ ok: true }>(`/org/provinces/${id(provinceCode)}/unlock`, { callId, reason }),
  disqualifyCase: (caseId: string, reason: string) => post<CaseDetail>(`/cases/${id(caseId)}/disqualify`, { reason }),
  /** `before` is epoch milliseconds (the server pages the log by time). */
  audit: (f: { objectId?: string; event?: string; provinceCode?: string } & PageParams) =>
    get<AuditListPage>(`/org/audit${queryString({ objectId: f.objectId, event: f.event, provinceCode: f.provinceCode, ...pageOf(f) })}`),
};

// ---------- results, certificates and the public library (docs/api.md, 结果公布、证书与案例库) ----------

// The shapes the server serialises (@anli/contracts/results.ts).
export type { LibraryCase, LibraryItem, LibraryPage, OrgResultsPage, PublicResultsPage, PublishedCase, ResultsFilter };

// Certificates and their verification: the shapes the server serialises (@anli/contracts/certificates.ts).
export type { Certificate, Verification } from '@anli/contracts/certificates.ts';
export interface LibraryFilters {
  q?: string;
  callId?: string;
  caseType?: string;
  sceneMain?: string;
  sceneTypical?: string;
  stage?: string;
  subject?: string;
  category?: string;
  provinceCode?: string;
}

/** The filters of a results list (public and organiser): the call, case type, award, province and search text. */
export type ResultsFilters = ResultsFilter & { callId?: string };

const resultsQuery = (f: ResultsFilters) => ({ callId: f.callId, caseType: f.caseType, award: f.award, provinceCode: f.provinceCode, q: f.q });

export const resultsApi = {
  publicResults: (f: ResultsFilters & PageParams) => get<PublicResultsPage>(`/results${queryString({ ...resultsQuery(f), ...pageOf(f) })}`),
  orgResults: (f: ResultsFilters & { callId: string } & PageParams) => get<OrgResultsPage>(`/org/results${queryString({ ...resultsQuery(f), ...pageOf(f) })}`),
  publish: (callId: string, award: string, awards: Record<string, string> = {}, overrideReason?: string) =>
    post<{ published: number; certificatesIssued: number }>('/org/results/publish', { callId, award, awards, ...(overrideReason ? { overrideReason } : {}) }),
  setLibrary: (caseId: string, inLibrary: boolean) => put<{ id: string; inLibrary: boolean }>(`/org/library/${id(caseId)}`, { inLibrary }),
  issueCertificates: (callId: string) => post<{ issued: number }>('/org/certificates/issue', { callId }),
  revokeCertificate: (number: string, reason: string) => post<Certificate>(`/org/certificates/${id(number)}/revoke`, { reason }),
  myCertificates: () => get<Certificate[]>('/my/certificates'),
  verify: (number: string, token?: string | null) => get<Verification>(`/certificates/verify/${id(number)}${queryString({ t: token ?? undefined })}`),
  library: (f: LibraryFilters & PageParams) => get<LibraryPage>(`/library${queryString({ ...f })}`),
  libraryCase: (caseId: string) => get<LibraryCase>(`/library/${id(caseId)}`),
};

/** Plain-link downloads and media of results, certificates and the library. */
export const resultsLinks = {
  /** Every published case of the call matching the list's filters, in the list's order. */
  resultsXlsx: (callId: string, f: ResultsFilters & PageParams = {}) => `/api/results.xlsx${queryString({ ...resultsQuery(f), callId, sort: f.sort, order: f.order })}`,
  certificatePdf: (number: string) => `/api/certificates/${encodeURIComponent(number)}/pdf`,
  provinceZip: (callId: string) => `/api/province/certificates.zip${queryString({ callId })}`,
  libraryVideo: (caseId: string) => `/api/library/${encodeURIComponent(caseId)}/video`,
  libraryCourseware: (caseId: string) => `/api/library/${encodeURIComponent(caseId)}/courseware`,
};
