// Scenario suggestions for a case text: BM25 over the scenario field's framework (附件1 unless the organiser edited it)
// or its category scenes (the 2026 notice's unless edited), with ICU word segmentation (Intl.Segmenter). Machine
// suggestions, labelled as such.
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { scenarioContent, type ScenarioFieldDef } from '@anli/domain/calls/scenario-content.ts';
import type { FieldDef } from '@anli/domain/calls/schema.ts';
import { categoriesMatcher, frameworkMatcher, MACHINE_SUGGESTION_LABEL, type ScenarioMatcher } from '@anli/similarity/scenario-match.ts';
import { segmenterTokenizer } from '@anli/similarity/segmenter-tokenizer.ts';
import { badRequest, notFound } from '@anli/domain/errors.ts';
import type { CallsService } from '../calls/calls.service.ts';

// Matchers by content (the built-in arrays are shared by every unedited field; an edited call's arrays live as long
// as its loaded definition).
const matchers = new WeakMap<object, ScenarioMatcher>();

type Ranked = ReturnType<ScenarioMatcher['rank']>;

/** The scenario field of a case type's fields, if it has one. */
export function scenarioField(fields: FieldDef[] | undefined): ScenarioFieldDef | undefined {
  return fields?.find((f): f is ScenarioFieldDef => f.kind === 'scenario');
}

/** Ranks the scenes a scenario field offers for a text (empty lists for free-entry fields or an empty text). */
export function rankScenes(field: ScenarioFieldDef | undefined, text: string, opts: { main?: string; limit?: number } = {}): Ranked {
  if (!field || !text.trim()) return { typical: [], micro: [] };
  const { framework, categories } = scenarioContent(field);
  const content = field.source === 'ai-framework' ? framework : field.source === 'evidence-categories' ? categories : null;
  if (!content) return { typical: [], micro: [] };
  let m = matchers.get(content);
  if (!m) {
    m = field.source === 'ai-framework' ? frameworkMatcher(framework, segmenterTokenizer()) : categoriesMatcher(categories, segmenterTokenizer());
    matchers.set(content, m);
  }
  return m.rank(text, opts);
}

export function scenarioSuggestions(calls: CallsService, input: { callId?: unknown; caseType?: unknown; text?: unknown; main?: unknown; limit?: unknown }) {
  const call = calls.requireCall(input.callId);
  const type = typeof input.caseType === 'string' ? findCaseType(call, input.caseType) : undefined;
  if (!type) throw notFound('案例类型');
  if (typeof input.text !== 'string') throw badRequest('请提供案例文字');
  const field = scenarioField(type.fields);
  const source = field?.source ?? 'free';
  const main = typeof input.main === 'string' && input.main ? input.main : undefined;
  const limit = Math.min(10, Math.max(1, Number(input.limit) || 5));
  return { label: MACHINE_SUGGESTION_LABEL, machineSuggestion: true as const, source, ...rankScenes(field, input.text.slice(0, 20_000), { main, limit }) };
}
