// Client of the national review routes (docs/api.md, 国家级评审). Same conventions as api.ts: cookie session,
// errors as ApiError with the server's Chinese message and field errors.
// Response types come from the contracts the server validates against (@anli/contracts), so neither side re-declares them.
import type { ExpertItem } from '@anli/contracts/experts.ts';
import type {
  AddAssignmentResult, AutoAssignResult, ConflictResult, DecisionsResult, Invitation, InviteExpertResult, OpenRoundResult, ProvinceAdviceMap,
  ReviewRound, ReviewTasks, RoundAssignments, RoundResults, Sheet, SheetPage, UnreportedProvince,
} from '@anli/contracts/review.ts';
import { pageOf, queryString, request, type Page, type PageParams, type User } from './index.ts';

export type {
  AutoAssignResult, ProvinceAdvice, ResultRow, ReviewRound, ReviewTask, RoundAssignments, RoundResults, Sheet, SheetPage, SheetStatus,
} from '@anli/contracts/review.ts';

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

/** A row of the expert list (the profile with the load in open rounds). */
export type ExpertRow = ExpertItem;

const id = encodeURIComponent;
const rounds = '/org/review/rounds';

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
      request<InviteExpertResult>('POST', scope === 'province' ? '/province/experts' : '/org/experts', b),
    reissueInvitation: (expertId: string) =>
      request<Invitation>('POST', `${scope === 'province' ? '/province/experts' : '/org/experts'}/${id(expertId)}/invitation`, {}),
    rounds: (callId?: string) => request<ReviewRound[]>('GET', `${base}${queryString({ callId })}`),
    createRound: (b: { callId: string; name: string; caseTypes: string[]; perCase: number; blind?: boolean }) => request<ReviewRound>('POST', base, b),
    openRound: (roundId: string, overrideReason?: string) => request<OpenRoundResult>('POST', `${base}/${id(roundId)}/open`, overrideReason ? { overrideReason } : {}),
    closeRound: (roundId: string) => request<ReviewRound>('POST', `${base}/${id(roundId)}/close`, {}),
    autoAssign: (roundId: string, expertIds?: string[]) =>
      request<AutoAssignResult>('POST', `${base}/${id(roundId)}/assign`, expertIds?.length ? { expertIds } : {}),
    assignments: (roundId: string) => request<RoundAssignments>('GET', `${base}/${id(roundId)}/assignments`),
    addAssignment: (roundId: string, b: { caseId: string; expertId: string; overrideReason?: string }) =>
      request<AddAssignmentResult>('POST', `${base}/${id(roundId)}/assignments`, b),
    removeAssignment: (roundId: string, caseId: string, expertId: string) =>
      request<{ ok: true }>('DELETE', `${base}/${id(roundId)}/assignments/${id(caseId)}/${id(expertId)}`),
    results: (roundId: string, by: 'normalised' | 'raw' = 'normalised') => request<RoundResults>('GET', `${base}/${id(roundId)}/results${queryString({ by })}`),
  };
}
export type RoundsApi = ReturnType<typeof roundsApi>;

export const provinceReviewApi = {
  advice: (callId: string) => request<ProvinceAdviceMap>('GET', `/province/review/advice${queryString({ callId })}`),
};

export const reviewApi = {
  // Public
  activateExpert: (b: { code: string; phone: string; password: string }) => request<{ user: User }>('POST', '/auth/activate-expert', b),

  // Organiser: experts
  experts: () => allPages((q) => request<Page<ExpertRow>>('GET', `/org/experts${expertQuery(q)}`)),
  inviteExpert: (b: { name: string; phone: string; unitName: string; provinceCode: string; subjects: string[]; stages: string[] }) =>
    request<InviteExpertResult>('POST', '/org/experts', b),
  reissueInvitation: (expertId: string) => request<Invitation>('POST', `/org/experts/${id(expertId)}/invitation`, {}),
  addConflict: (expertId: string, caseId: string, reason: string) =>
    request<ConflictResult>('POST', `/org/experts/${id(expertId)}/conflicts`, { caseId, reason }),

  // Organiser: rounds
  rounds: (callId?: string) => request<ReviewRound[]>('GET', `${rounds}${queryString({ callId })}`),
  createRound: (b: { callId: string; name: string; caseTypes: string[]; perCase: number; blind?: boolean }) => request<ReviewRound>('POST', rounds, b),
  openRound: (roundId: string, overrideReason?: string) => request<OpenRoundResult>('POST', `${rounds}/${id(roundId)}/open`, overrideReason ? { overrideReason } : {}),
  unreported: (callId: string) => request<UnreportedProvince[]>('GET', `/org/review/unreported${queryString({ callId })}`),
  closeRound: (roundId: string) => request<ReviewRound>('POST', `${rounds}/${id(roundId)}/close`, {}),
  autoAssign: (roundId: string) => request<AutoAssignResult>('POST', `${rounds}/${id(roundId)}/assign`, {}),
  assignments: (roundId: string) => request<RoundAssignments>('GET', `${rounds}/${id(roundId)}/assignments`),
  addAssignment: (roundId: string, b: { caseId: string; expertId: string; overrideReason?: string }) =>
    request<AddAssignmentResult>('POST', `${rounds}/${id(roundId)}/assignments`, b),
  removeAssignment: (roundId: string, caseId: string, expertId: string) =>
    request<{ ok: true }>('DELETE', `${rounds}/${id(roundId)}/assignments/${id(caseId)}/${id(expertId)}`),
  results: (roundId: string, by: 'normalised' | 'raw' = 'normalised') => request<RoundResults>('GET', `${rounds}/${id(roundId)}/results${queryString({ by })}`),
  decide: (roundId: string, decisions: Array<{ caseId: string; decision: 'select' | 'reject' }>, overrideReason?: string) =>
    request<DecisionsResult>('POST', `${rounds}/${id(roundId)}/decisions`, overrideReason ? { decisions, overrideReason } : { decisions }),

  // Expert
  tasks: () => request<ReviewTasks>('GET', '/review/tasks'),
  sheet: (roundId: string, caseId: string) => request<SheetPage>('GET', `/review/rounds/${id(roundId)}/cases/${id(caseId)}`),
  saveSheet: (roundId: string, caseId: string, b: { scores: Record<string, number | null>; comment: string }) =>
    request<Sheet>('PUT', `/review/rounds/${id(roundId)}/cases/${id(caseId)}`, b),
  submitSheet: (roundId: string, caseId: string, b: { scores: Record<string, number | null>; comment: string }) =>
    request<Sheet>('POST', `/review/rounds/${id(roundId)}/cases/${id(caseId)}/submit`, b),
};
