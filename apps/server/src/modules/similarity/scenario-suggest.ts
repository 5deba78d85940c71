// Scenario suggestions for a case text: BM25 over the 附件1 framework (ai-application) or the 2026 category
// scenes (evidence-research), with ICU word segmentation (Intl.Segmenter). Machine suggestions, labelled as such.
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { AI_SCENARIO_FRAMEWORK } from '@anli/domain/calls/scenario-framework.ts';
import { EVIDENCE_RESEARCH_CATEGORIES } from '@anli/domain/calls/evidence-categories.ts';
import { categoriesMatcher, frameworkMatcher, MACHINE_SUGGESTION_LABEL, type ScenarioMatcher } from '@anli/similarity/scenario-match.ts';
import { segmenterTokenizer } from '@anli/similarity/segmenter-tokenizer.ts';
import { badRequest, notFound } from '@anli/domain/errors.ts';
import type { CallsService } from '../calls/calls.service.ts';

let framework: ScenarioMatcher | null = null;
let categories: ScenarioMatcher | null = null;

type Ranked = ReturnType<ScenarioMatcher['rank']>;

/** Ranks scenes of a scenario source for a text (empty lists for free-entry fields or an empty text). */
export function rankScenes(source: string, text: string, opts: { main?: string; limit?: number } = {}): Ranked {
  if (!text.trim()) return { typical: [], micro: [] };
  if (source === 'ai-framework') return (framework ??= frameworkMatcher(AI_SCENARIO_FRAMEWORK, segmenterTokenizer())).rank(text, opts);
  if (source === 'evidence-categories') return (categories ??= categoriesMatcher(EVIDENCE_RESEARCH_CATEGORIES, segmenterTokenizer())).rank(text, opts);
  return { typical: [], micro: [] };
}

export function scenarioSuggestions(calls: CallsService, input: { callId?: unknown; caseType?: unknown; text?: unknown; main?: unknown; limit?: unknown }) {
  const call = calls.requireCall(input.callId);
  const type = typeof input.caseType === 'string' ? findCaseType(call, input.caseType) : undefined;
  if (!type) throw notFound('案例类型');
  if (typeof input.text !== 'string') throw badRequest('请提供案例文字');
  const field = type.fields.find((f) => f.kind === 'scenario');
  const source = field?.kind === 'scenario' ? field.source : 'free';
  const main = typeof input.main === 'string' && input.main ? input.main : undefined;
  const limit = Math.min(10, Math.max(1, Number(input.limit) || 5));
  return { label: MACHINE_SUGGESTION_LABEL, machineSuggestion: true as const, source, ...rankScenes(source, input.text.slice(0, 20_000), { main, limit }) };
}
