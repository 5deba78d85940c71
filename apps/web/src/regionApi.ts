// Client of the chained-recommendation routes (县级/市级管理员, region list, activation codes down the chain).
// Same conventions as api.ts: cookie session, errors as ApiError with the server's Chinese message.
import { pageOf, queryString, request, type CaseDetail, type CaseFilters, type CaseSummary, type Page, type PageParams } from './api.ts';

export type RecommendationLevel = 'county' | 'city' | 'province';

/** A case as the chained routes present it: its region and the level that decides on it now. */
export type ChainCase = CaseSummary & { regionCode: string | null; regionName: string | null; recommendationLevel: RecommendationLevel | null };

export interface RegionNode {
  code: string;
  name: string;
  counties: Array<{ code: string; name: string }>;
}

export interface RegionStatus {
  callId: string;
  level: 'county' | 'city';
  levelName: string;
  regionCode: string;
  regionName: string;
  provinceName: string;
  placeName: string;
  quota: { used: number; max: number };
  waiting: number;
  deadline: { name: string; end: string; open: boolean; demoMoved?: boolean } | null;
}

export interface RegionCodeRow {
  id: string;
  role: 'city_admin' | 'county_admin';
  regionCode: string;
  regionName: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
  state: 'open' | 'used' | 'expired';
}

const id = encodeURIComponent;
const filterQuery = (f: CaseFilters & PageParams) => queryString({ callId: f.callId, state: f.state, caseType: f.caseType, q: f.q, check: f.check, ...pageOf(f) });

export const regionApi = {
  regions: (provinceCode: string) => request<RegionNode[]>('GET', `/regions${queryString({ provinceCode })}`),
  me: () => request<{ level: 'county' | 'city'; regionCode: string; provinceCode: string }>('GET', '/region/me'),
  status: (callId: string) => request<RegionStatus>('GET', `/region/status${queryString({ callId })}`),
  cases: (f: CaseFilters & PageParams) => request<Page<ChainCase>>('GET', `/region/cases${filterQuery(f)}`),
  casesXlsx: (f: CaseFilters & PageParams) => `/api/region/cases.xlsx${filterQuery({ ...f, page: undefined, pageSize: undefined })}`,
  recommend: (caseId: string) => request<ChainCase>('POST', `/region/cases/${id(caseId)}/recommend`, {}),
  unrecommend: (caseId: string) => request<ChainCase>('POST', `/region/cases/${id(caseId)}/unrecommend`, {}),
  returnCase: (caseId: string, reason: string) => request<ChainCase>('POST', `/region/cases/${id(caseId)}/return`, { reason }),
  codes: () => request<RegionCodeRow[]>('GET', '/region/activation-codes'),
  issueCode: (regionCode: string) => request<{ code: string; role: string; regionCode: string; regionName: string; expiresAt: string }>('POST', '/region/activation-codes', { regionCode }),
  /** Creates a case with the author's county (calls with a chain). */
  createCase: (callId: string, caseType: string, regionCode: string | null) => request<CaseDetail>('POST', '/cases', { callId, caseType, regionCode }),
  /** Saves the form and the county of a chained call's case. */
  saveCase: (caseId: string, form: Record<string, unknown>, regionCode: string | null) => request<CaseDetail & ChainCase>('PUT', `/cases/${id(caseId)}`, { form, regionCode }),
};
