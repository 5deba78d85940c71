// Client of the national review routes (docs/api.md, 国家级评审). Same conventions as api.ts: cookie session,
// errors as ApiError with the server's Chinese message and field errors.
import type { RubricIndicator } from '@anli/domain/calls/schema.ts';
import { pageOf, queryString, request, type CaseDetail, type Page, type PageParams, type User } from './api.ts';

export interface ExpertFilters {
  q?: string;
  status?: 'active' | 'invited';
  provinceCode?: string;
}
const expertQuery = (q: ExpertFilters & PageParams) => queryString({ q: q.q, status: q.status, provinceCode: q.provinceCode, ...pageOf(q) });

/** Every row of a paged list, page by page (200 a page), for pickers that offer the whole list. */
export async function allPages<T>(load: (q: PageParams) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await load({ page, pageSize: 200 });
    out.push(...r.items);
    if (!r.items.length || out.length >= r.total) return out;
  }
}

export interface ExpertRow {
  id: string;
  userId: string | null;
  name: string;
  phone: string;
  unitName: string;
  provinceCode: string;
  provinceName: string;
  subjects: string[];
  stages: string[];
  invitedAt: string;
  inviteExpiresAt: string | null;
  activatedAt: string | null;
  status: 'active' | 'invited';
  /** The province that invited the expert (who then belongs to it), or null for the national pool. */
  ownerProvinceCode?: string | null;
  ownerProvinceName?: string | null;
  conflicts: Array<{ caseId: string; caseTitle: string; reason: string }>;
  openAssignments: number;
  openSubmitted: number;
}

export interface ReviewRound {
  id: string;
  callId: string;
  callTitle: string;
  name: string;
  /** national: the organiser's round; province: a provincial administrator's advisory round. */
  scope: 'national' | 'province';
  provinceCode: string | null;
  provinceName: string | null;
  caseTypes: Array<{ id: string; name: string }>;
  perCase: number;
  /** Blind review: experts do not see the authors' names and units. */
  blind: boolean;
  reviewModeLabel: string;
  state: 'draft' | 'open' | 'closed';
  stateLabel: string;
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  cases?: number;
  assignments?: number;
  submitted?: number;
  unassigned?: number;
}

export type SheetStatus = 'pending' | 'draft' | 'submitted';

export interface RoundAssignments {
  round: ReviewRound;
  cases: Array<{
    caseId: string;
    title: string;
    caseType: string;
    caseTypeName: string;
    provinceCode: string;
    provinceName: string;
    state: string;
    stateLabel: string;
    unitName?: string;
    subject?: string;
    stage?: string;
    conflictExpertIds: string[];
    experts: Array<{ expertId: string; name: string; unitName: string; provinceName: string; source: 'auto' | 'manual'; match: string; overrideReason: string | null; status: SheetStatus; total: number | null }>;
  }>;
  loads: Record<string, number>;
}

export interface AutoAssignResult {
  added: number;
  unassigned: Array<{ caseId: string; title: string; missing: number; reason: string }>;
  loads: Record<string, number>;
}

export interface ResultRow {
  caseId: string;
  title: string;
  caseType: string;
  caseTypeName: string;
  provinceCode: string;
  provinceName: string;
  state: string;
  stateLabel: string;
  assigned: number;
  submitted: number;
  rawMean: number | null;
  normalisedMean: number | null;
  disagreement: { flagged: boolean; range: number; sd: number; reasons: string[] } | null;
  typeRank: number | null;
  provinceRank: number | null;
  tied: boolean;
  sheets: Array<{ expertId: string; expertName: string; status: SheetStatus; total: number | null; normalised: number | null; comment: string }>;
}

export interface RoundResults {
  round: ReviewRound;
  by: 'normalised' | 'raw';
  /** Whether normalised scores are used (every expert scored enough cases) and, if not, why. */
  normalisation?: { available: boolean; minCases: number; reason: string | null };
  rows: ResultRow[];
}

export interface Sheet {
  scores: Record<string, number>;
  comment: string;
  total: number | null;
  savedAt: string | null;
  submittedAt: string | null;
  status: SheetStatus;
}

export interface ReviewTask extends Sheet {
  roundId: string;
  roundName: string;
  roundScope: string;
  /** 实名评审 or 匿名评审. */
  reviewMode?: string;
  caseId: string;
  title: string;
  callTitle: string;
  caseType: string;
  caseTypeName: string;
}

export interface SheetPage {
  round: ReviewRound;
  case: CaseDetail;
  rubric: RubricIndicator[];
  /** Where the rubric comes from: the notice, or the organiser's own (the notice publishes none). */
  rubricSource?: 'notice' | 'organiser';
  /** The same in words, e.g. 组委会自定评分标准（通知未公布）. */
  rubricSourceLabel?: string;
  scale: 'points';
  sheet: Sheet;
}


const id = encodeURIComponent;
const rounds = '/org/review/rounds';

/** One case's standing in the province's latest provincial round (advice beside the case list). */
export interface ProvinceAdvice {
  roundId: string;
  roundName: string;
  roundState: string;
  assigned: number;
  submitted: number;
  rawMean: number | null;
  normalisedMean: number | null;
  typeRank: number | null;
  typeCount: number;
  tied: boolean;
  disagreement: boolean;
}

export type ReviewScope = 'national' | 'province';

/**
 * The round routes of a scope: the organiser's national rounds, or a provincial administrator's own province's
 * rounds (same shapes; no decisions, as provincial results are advisory).
 */
export function roundsApi(scope: ReviewScope) {
  const base = scope === 'province' ? '/province/review/rounds' : rounds;
  return {
    scope,
    /** Where the pages of this scope live. */
    pagePath: scope === 'province' ? '/province/review' : '/org/review',
    /** One page of the expert list (filters, sort and page on the server). */
    expertPage: (q: ExpertFilters & PageParams) =>
      request<Page<ExpertRow>>('GET', `${scope === 'province' ? '/province/experts' : '/org/experts'}${expertQuery(q)}`),
    /** The whole pool (every page), for the round's pickers. */
    experts: () => allPages((q) => request<Page<ExpertRow>>('GET', `${scope === 'province' ? '/province/experts' : '/org/experts'}${expertQuery(q)}`)),
    /** A provincial administrator's invitation makes an expert of and for the own province (provinceCode ignored). */
    inviteExpert: (b: { name: string; phone: string; unitName: string; provinceCode?: string; subjects: string[]; stages: string[] }) =>
      request<{ expert: ExpertRow; code: string; expiresAt: string }>('POST', scope === 'province' ? '/province/experts' : '/org/experts', b),
    reissueInvitation: (expertId: string) =>
      request<{ code: string; expiresAt: string }>('POST', `${scope === 'province' ? '/province/experts' : '/org/experts'}/${id(expertId)}/invitation`, {}),
    rounds: (callId?: string) => request<ReviewRound[]>('GET', `${base}${queryString({ callId })}`),
    createRound: (b: { callId: string; name: string; caseTypes: string[]; perCase: number; blind?: boolean }) => request<ReviewRound>('POST', base, b),
    openRound: (roundId: string, overrideReason?: string) => request<{ moved: number; round: ReviewRound }>('POST', `${base}/${id(roundId)}/open`, overrideReason ? { overrideReason } : {}),
    closeRound: (roundId: string) => request<ReviewRound>('POST', `${base}/${id(roundId)}/close`, {}),
    autoAssign: (roundId: string, expertIds?: string[]) =>
      request<AutoAssignResult>('POST', `${base}/${id(roundId)}/assign`, expertIds?.length ? { expertIds } : {}),
    assignments: (roundId: string) => request<RoundAssignments>('GET', `${base}/${id(roundId)}/assignments`),
    addAssignment: (roundId: string, b: { caseId: string; expertId: string; overrideReason?: string }) =>
      request<{ ok: true; override: boolean }>('POST', `${base}/${id(roundId)}/assignments`, b),
    removeAssignment: (roundId: string, caseId: string, expertId: string) =>
      request<{ ok: true }>('DELETE', `${base}/${id(roundId)}/assignments/${id(caseId)}/${id(expertId)}`),
    results: (roundId: string, by: 'normalised' | 'raw' = 'normalised') => request<RoundResults>('GET', `${base}/${id(roundId)}/results${queryString({ by })}`),
  };
}
export type RoundsApi = ReturnType<typeof roundsApi>;

export const provinceReviewApi = {
  advice: (callId: string) => request<{ callId: string; cases: Record<string, ProvinceAdvice> }>('GET', `/province/review/advice${queryString({ callId })}`),
};

export const reviewApi = {
  // Public
  activateExpert: (b: { code: string; phone: string; password: string }) => request<{ user: User }>('POST', '/auth/activate-expert', b),

  // Organiser: experts
  experts: () => allPages((q) => request<Page<ExpertRow>>('GET', `/org/experts${expertQuery(q)}`)),
  inviteExpert: (b: { name: string; phone: string; unitName: string; provinceCode: string; subjects: string[]; stages: string[] }) =>
    request<{ expert: ExpertRow; code: string; expiresAt: string }>('POST', '/org/experts', b),
  reissueInvitation: (expertId: string) => request<{ code: string; expiresAt: string }>('POST', `/org/experts/${id(expertId)}/invitation`, {}),
  addConflict: (expertId: string, caseId: string, reason: string) =>
    request<{ ok: true; removedAssignments: number }>('POST', `/org/experts/${id(expertId)}/conflicts`, { caseId, reason }),

  // Organiser: rounds
  rounds: (callId?: string) => request<ReviewRound[]>('GET', `${rounds}${queryString({ callId })}`),
  createRound: (b: { callId: string; name: string; caseTypes: string[]; perCase: number; blind?: boolean }) => request<ReviewRound>('POST', rounds, b),
  openRound: (roundId: string, overrideReason?: string) => request<{ moved: number; round: ReviewRound }>('POST', `${rounds}/${id(roundId)}/open`, overrideReason ? { overrideReason } : {}),
  unreported: (callId: string) => request<Array<{ provinceCode: string; provinceName: string; cases: number }>>('GET', `/org/review/unreported${queryString({ callId })}`),
  closeRound: (roundId: string) => request<ReviewRound>('POST', `${rounds}/${id(roundId)}/close`, {}),
  autoAssign: (roundId: string) => request<AutoAssignResult>('POST', `${rounds}/${id(roundId)}/assign`, {}),
  assignments: (roundId: string) => request<RoundAssignments>('GET', `${rounds}/${id(roundId)}/assignments`),
  addAssignment: (roundId: string, b: { caseId: string; expertId: string; overrideReason?: string }) =>
    request<{ ok: true; override: boolean }>('POST', `${rounds}/${id(roundId)}/assignments`, b),
  removeAssignment: (roundId: string, caseId: string, expertId: string) =>
    request<{ ok: true }>('DELETE', `${rounds}/${id(roundId)}/assignments/${id(caseId)}/${id(expertId)}`),
  results: (roundId: string, by: 'normalised' | 'raw' = 'normalised') => request<RoundResults>('GET', `${rounds}/${id(roundId)}/results${queryString({ by })}`),
  decide: (roundId: string, decisions: Array<{ caseId: string; decision: 'select' | 'reject' }>, overrideReason?: string) =>
    request<{ ok: true; decided: number }>('POST', `${rounds}/${id(roundId)}/decisions`, overrideReason ? { decisions, overrideReason } : { decisions }),

  // Expert
  tasks: () => request<{ total: number; submitted: number; tasks: ReviewTask[] }>('GET', '/review/tasks'),
  sheet: (roundId: string, caseId: string) => request<SheetPage>('GET', `/review/rounds/${id(roundId)}/cases/${id(caseId)}`),
  saveSheet: (roundId: string, caseId: string, b: { scores: Record<string, number | null>; comment: string }) =>
    request<Sheet>('PUT', `/review/rounds/${id(roundId)}/cases/${id(caseId)}`, b),
  submitSheet: (roundId: string, caseId: string, b: { scores: Record<string, number | null>; comment: string }) =>
    request<Sheet>('POST', `/review/rounds/${id(roundId)}/cases/${id(caseId)}/submit`, b),
};
