// Near-duplicate detection and scenario suggestions: machine suggestions, labelled as such for the people who judge.
import { z } from 'zod';
import { Id, IsoTime } from './common.ts';

export const TextSource = z.enum(['summary', 'report', 'courseware']);

export const SimilarCase = z.object({ caseId: z.string(), title: z.string(), provinceCode: z.string(), callId: z.string() });

export const ScanRequest = z.object({ callId: Id });
export const ScanQueued = z.object({ callId: z.string(), state: z.literal('queued') });

export const SimilarityList = z.object({
  label: z.string(),
  scan: z
    .object({
      state: z.enum(['queued', 'running', 'done', 'error']),
      requestedAt: IsoTime,
      startedAt: IsoTime.nullable(),
      finishedAt: IsoTime.nullable(),
      cases: z.number().nullable(),
      pairs: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  pairs: z.array(
    z.object({
      a: SimilarCase,
      b: SimilarCase,
      source: TextSource,
      sourceLabel: z.string(),
      score: z.number(),
      jaccard: z.number(),
      containment: z.number(),
      /** How many overlapping passages were found. */
      passages: z.number(),
      foundAt: IsoTime,
    }),
  ),
});

export const PairQuery = z.object({ a: z.uuid({ error: '请指定两个不同的案例' }), b: z.uuid({ error: '请指定两个不同的案例' }) });

const Range = z.tuple([z.number(), z.number()]);
export const PairDetail = z.object({
  label: z.string(),
  a: SimilarCase,
  b: SimilarCase,
  sources: z.array(
    z.object({
      source: TextSource,
      sourceLabel: z.string(),
      score: z.number().nullable(),
      textA: z.string(),
      textB: z.string(),
      passages: z.array(z.object({ a: Range, b: Range, matched: z.number() })),
    }),
  ),
});

export const CaseSimilarity = z.object({
  label: z.string(),
  similarityFlag: z.boolean(),
  maxScore: z.number().nullable(),
  pairs: z.array(z.object({ other: SimilarCase, source: TextSource, sourceLabel: z.string(), score: z.number() })),
});

const RankedScene = z.object({ main: z.string(), typical: z.string(), micro: z.string().optional(), score: z.number(), relative: z.number() });

export const ScenarioFit = z.object({
  label: z.string(),
  declared: z.object({ main: z.string().optional(), typical: z.string().optional(), micro: z.string().optional() }),
  declaredRank: z.number().nullable(),
  declaredRelative: z.number(),
  fit: z.enum(['good', 'partial', 'weak', 'unknown']),
  fitLabel: z.string(),
  usedCourseware: z.boolean(),
  typical: z.array(RankedScene),
  micro: z.array(RankedScene),
});

export const SuggestRequest = z.object({
  callId: Id,
  caseType: Id,
  text: z.string({ error: '请提供案例文字' }).max(200_000),
  main: z.string().max(100).nullish(),
  limit: z.coerce.number().int().min(1).max(10).optional(),
});

export const ScenarioSuggestions = z.object({
  label: z.string(),
  machineSuggestion: z.literal(true),
  source: z.string(),
  typical: z.array(RankedScene),
  micro: z.array(RankedScene),
});
