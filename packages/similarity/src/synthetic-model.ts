// The synthetic corpus's vocabulary, taken from the scenario framework and the 2026 notice text so generated
// reports read like education reports: words by a plain longest-match split on phrases, boilerplate = their sentences.
import { AI_SCENARIO_FRAMEWORK } from '@anli/domain/calls/scenario-framework.ts';
import { EVIDENCE_RESEARCH_CATEGORIES, ONLINE_STUDIO_EXAMPLES } from '@anli/domain/calls/evidence-categories.ts';
import { corpusModel, type CorpusModel } from './synthetic.ts';

function sourceTexts(): string[] {
  return [
    ...AI_SCENARIO_FRAMEWORK.flatMap((m) => m.typicalScenes.flatMap((t) => [t.description, ...t.microScenes, t.name])),
    ...EVIDENCE_RESEARCH_CATEGORIES.flatMap((c) => [c.aim, ...c.scenes, ...c.examples.flatMap((e) => [e.title, e.description])]),
    ...ONLINE_STUDIO_EXAMPLES.flatMap((e) => [e.title, e.description]),
  ];
}

/**
 * Vocabulary: every 2–4 character piece of the clauses (split at punctuation and a few function characters),
 * ordered by how often it occurs, so common words come first for the Zipf draw. `segment` may replace the
 * split with a real word segmenter (Intl.Segmenter).
 */
export function frameworkCorpusModel(segment?: (text: string) => string[]): CorpusModel {
  const counts = new Map<string, number>();
  const texts = sourceTexts();
  for (const t of texts) {
    const pieces = segment
      ? segment(t)
      : t.split(/[，。、；：（）“”\s的和与及等在对为]+/).flatMap((c) => c.match(/[^，。、；：（）“”\s]{1,3}/g) ?? []);
    for (const w of pieces) {
      if (!/^[\u4e00-\u9fffA-Za-z]+$/.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const boilerplate = texts.flatMap((t) => t.split(/(?<=。)/)).filter((s) => s.length >= 20 && s.endsWith('。'));
  return corpusModel(words, boilerplate);
}
