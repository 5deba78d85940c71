// The suggestions a scenario field offers the author: the organiser's own content when the call carries it
// (edited in the call builder), else the notice's built-in content for the field's source (附件1 framework for
// 'ai-framework', the 2026 category suggestions for 'evidence-categories'). Every consumer — the author's form, the
// live suggestions, the server's suggestion and fit endpoints, the read-only panels — resolves content here.
import { AI_SCENARIO_FRAMEWORK, type MainScene } from './scenario-framework.ts';
import { EVIDENCE_RESEARCH_CATEGORIES, type CategorySuggestion } from './evidence-categories.ts';
import type { FieldDef } from './schema.ts';

export type ScenarioFieldDef = Extract<FieldDef, { kind: 'scenario' }>;
type ContentOf = Pick<ScenarioFieldDef, 'source'> & { framework?: MainScene[]; categories?: CategorySuggestion[] };

export interface ScenarioContent {
  /** Main scene → typical scenes → micro scenes ('ai-framework'; empty otherwise). */
  framework: MainScene[];
  /** Category suggestions ('evidence-categories'; empty otherwise). */
  categories: CategorySuggestion[];
  /** Whether the call carries its own content (false: the notice's, built in). */
  edited: boolean;
}

/** The notice's content for a source (what “恢复为通知原文” goes back to). */
export function builtinScenarioContent(source: ScenarioFieldDef['source']): ScenarioContent {
  return {
    framework: source === 'ai-framework' ? AI_SCENARIO_FRAMEWORK : [],
    categories: source === 'evidence-categories' ? EVIDENCE_RESEARCH_CATEGORIES : [],
    edited: false,
  };
}

/**
 * The content a scenario field offers. The same arrays come back for the same field (and the built-in arrays for
 * every unedited field), so callers may cache by identity.
 */
export function scenarioContent(field: ContentOf): ScenarioContent {
  const builtin = builtinScenarioContent(field.source);
  if (field.source === 'ai-framework' && field.framework) return { ...builtin, framework: field.framework, edited: true };
  if (field.source === 'evidence-categories' && field.categories) return { ...builtin, categories: field.categories, edited: true };
  return builtin;
}

/** The first scenario field of each source across a call's case types, resolved (for call-wide panels). */
export function callScenarioContent(call: { caseTypes: Array<{ fields: FieldDef[] }> }): { framework: MainScene[]; categories: CategorySuggestion[] } {
  const fields = call.caseTypes.flatMap((t) => t.fields).filter((f): f is ScenarioFieldDef => f.kind === 'scenario');
  const ai = fields.find((f) => f.source === 'ai-framework');
  const ev = fields.find((f) => f.source === 'evidence-categories');
  return {
    framework: ai ? scenarioContent(ai).framework : AI_SCENARIO_FRAMEWORK,
    categories: ev ? scenarioContent(ev).categories : EVIDENCE_RESEARCH_CATEGORIES,
  };
}

/**
 * A definition (plain JSON, possibly a draft) with every scenario field's content written out, so two definitions
 * compare scene by scene (“典型场景‘学情分析’ › 名称”) rather than “content added” when one of them uses the built-in.
 */
export function withScenarioContentSpelledOut<T>(definition: T): T {
  // biome-ignore lint/suspicious/noExplicitAny: a draft is plain JSON of unknown completeness.
  const def = structuredClone(definition) as any;
  if (!def || !Array.isArray(def.caseTypes)) return definition;
  for (const type of def.caseTypes) {
    if (!type || !Array.isArray(type.fields)) continue;
    for (const f of type.fields) {
      if (!f || f.kind !== 'scenario') continue;
      if (f.source === 'ai-framework' && !f.framework) f.framework = structuredClone(AI_SCENARIO_FRAMEWORK);
      if (f.source === 'evidence-categories' && !f.categories) f.categories = structuredClone(EVIDENCE_RESEARCH_CATEGORIES);
    }
  }
  return def as T;
}
