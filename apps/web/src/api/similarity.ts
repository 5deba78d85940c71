// Client of the similarity routes. Types come from the contracts the server validates against (@anli/contracts),
// so neither side re-declares them.
import type { z } from 'zod';
import type {
  CaseSimilarity as CaseSimilaritySchema, PairDetail as PairDetailSchema, ScanQueued, ScenarioFit as ScenarioFitSchema, SimilarityList,
} from '@anli/contracts/similarity.ts';
import { request } from './index.ts';

export type SimilarityListResponse = z.infer<typeof SimilarityList>;
export type SimilarPair = SimilarityListResponse['pairs'][number];
export type SimilarCase = SimilarPair['a'];
export type SimilarityScan = NonNullable<SimilarityListResponse['scan']>;
export type PairDetail = z.infer<typeof PairDetailSchema>;
export type ScenarioFit = z.infer<typeof ScenarioFitSchema>;
export type CaseSimilarity = z.infer<typeof CaseSimilaritySchema>;

const q = encodeURIComponent;

export const similarityApi = {
  list: (callId: string) => request<SimilarityListResponse>('GET', `/org/similarity?callId=${q(callId)}`),
  scan: (callId: string) => request<z.infer<typeof ScanQueued>>('POST', '/org/similarity/scan', { callId }),
  pair: (a: string, b: string) => request<PairDetail>('GET', `/org/similarity/pair?a=${q(a)}&b=${q(b)}`),
};

export const caseHintsApi = {
  scenarioFit: (caseId: string) => request<ScenarioFit>('GET', `/cases/${q(caseId)}/scenario-fit`),
  similarity: (caseId: string) => request<CaseSimilarity>('GET', `/cases/${q(caseId)}/similarity`),
};
