// Client of the chained-recommendation routes (县级/市级管理员, region list, activation codes down the chain).
// Same conventions as api.ts: cookie session, errors as ApiError with the server's Chinese message.
import type { IssuedRegionCode, RegionCaseResult, RegionCodeRow, RegionMe, RegionNode, RegionStatus } from '@anli/contracts/province.ts';
import { pageOf, queryString, request, type CaseDetail, type CaseFilters, type CaseListItem, type CaseSummary, type Page, type PageParams } from './index.ts';

export type { RegionCodeRow, RegionNode, RegionStatus } from '@anli/contracts/province.ts';

export type RecommendationLevel = NonNullable<CaseSummary['recommendationLevel']>;

const id = encodeURIComponent;
const filterQuery = (f: CaseFilters & PageParams) => queryString({ callId: f.callId, state: f.state, caseType: f.caseType, q: f.q, check: f.check, ...pageOf(f) });

export const regionApi = {
  regions: (provinceCode: string) => request<RegionNode[]>('GET', `/regions${queryString({ provinceCode })}`),
  me: () => request<RegionMe>('GET', '/region/me'),
  status: (callId: string) => request<RegionStatus>('GET', `/region/status${queryString({ callId })}`),
  cases: (f: CaseFilters & PageParams) => request<Page<CaseListItem>>('GET', `/region/cases${filterQuery(f)}`),
  casesXlsx: (f: CaseFilters & PageParams) => `/api/region/cases.xlsx${filterQuery({ ...f, page: undefined, pageSize: undefined })}`,
  recommend: (caseId: string) => request<RegionCaseResult>('POST', `/region/cases/${id(caseId)}/recommend`, {}),
  unrecommend: (caseId: string) => request<RegionCaseResult>('POST', `/region/cases/${id(caseId)}/unrecommend`, {}),
  returnCase: (caseId: string, reason: string) => request<RegionCaseResult>('POST', `/region/cases/${id(caseId)}/return`, { reason }),
  codes: () => request<RegionCodeRow[]>('GET', '/region/activation-codes'),
  issueCode: (regionCode: string) => request<IssuedRegionCode>('POST', '/region/activation-codes', { regionCode }),
  /** Creates a case with the author's county (calls with a chain). */
  createCase: (callId: string, caseType: string, regionCode: string | null) => request<CaseDetail>('POST', '/cases', { callId, caseType, regionCode }),
  /** Saves the form and the county of a chained call's case. */
  saveCase: (caseId: string, form: Record<string, unknown>, regionCode: string | null) => request<CaseDetail>('PUT', `/cases/${id(caseId)}`, { form, regionCode }),
};
