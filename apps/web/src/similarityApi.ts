// Client of the similarity routes (docs/api.md, 相似度检测). Same conventions as api.ts: cookie session, ApiError.
import { request } from './api.ts';

export interface SimilarCase {
  caseId: string;
  title: string;
  provinceCode: string;
  callId: string;
}

export interface SimilarPair {
  a: SimilarCase;
  b: SimilarCase;
  source: 'summary' | 'report' | 'courseware';
  sourceLabel: string;
  score: number;
  jaccard: number;
  containment: number;
  passages: number;
  foundAt: string;
}

export interface SimilarityScan {
  state: 'queued' | 'running' | 'done' | 'error';
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cases: number | null;
  pairs: number | null;
  error: string | null;
}

export interface PairDetail {
  label: string;
  a: SimilarCase;
  b: SimilarCase;
  sources: Array<{ source: string; sourceLabel: string; score: number | null; textA: string; textB: string; passages: Array<{ a: [number, number]; b: [number, number]; matched: number }> }>;
}


const q = encodeURIComponent;

export const similarityApi = {
  list: (callId: string) => request<{ label: string; scan: SimilarityScan | null; pairs: SimilarPair[] }>('GET', `/org/similarity?callId=${q(callId)}`),
  scan: (callId: string) => request<{ callId: string; state: string }>('POST', '/org/similarity/scan', { callId }),
  pair: (a: string, b: string) => request<PairDetail>('GET', `/org/similarity/pair?a=${q(a)}&b=${q(b)}`),
};

export interface ScenarioFit {
  label: string;
  declared: { main?: string; typical?: string; micro?: string };
  declaredRank: number | null;
  declaredRelative: number;
  fit: 'good' | 'partial' | 'weak' | 'unknown';
  fitLabel: string;
  usedCourseware: boolean;
  typical: Array<{ main: string; typical: string; relative: number }>;
}

export interface CaseSimilarity {
  label: string;
  similarityFlag: boolean;
  maxScore: number | null;
  pairs: Array<{ other: SimilarCase; source: string; sourceLabel: string; score: number }>;
}

export const caseHintsApi = {
  scenarioFit: (caseId: string) => request<ScenarioFit>('GET', `/cases/${q(caseId)}/scenario-fit`),
  similarity: (caseId: string) => request<CaseSimilarity>('GET', `/cases/${q(caseId)}/similarity`),
};
