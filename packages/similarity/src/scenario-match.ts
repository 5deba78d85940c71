// Scenario matching: ranks the 附件1 framework's 典型场景 and 微场景 (or the 2026 evidence-research category
// scenes) for a case text with BM25. A machine suggestion only — the author chooses, reviewers judge the fit.
import type { MainScene } from '@anli/domain/calls/scenario-framework.ts';
import type { CategorySuggestion } from '@anli/domain/calls/evidence-categories.ts';
import { buildBm25Index, rankBm25, type Bm25Index, type Tokenizer } from './bm25.ts';

export interface SceneRef {
  /** 主场景 (ai-framework) or 案例类别 (evidence-categories). */
  main: string;
  typical: string;
  micro?: string;
}

export interface RankedScene extends SceneRef {
  score: number;
  /** Score relative to the best of its list (0–1), for display. */
  relative: number;
}

export interface SceneSuggestions {
  typical: RankedScene[];
  micro: RankedScene[];
}

export interface ScenarioMatcher {
  rank(text: string, opts?: { limit?: number; main?: string }): SceneSuggestions;
}

/** Typical-scene documents: name (twice, it is the strongest cue) + description + micro-scene names. */
export function frameworkDocuments(framework: MainScene[]): Array<{ id: SceneRef; text: string }> {
  return framework.flatMap((m) =>
    m.typicalScenes.map((t) => ({ id: { main: m.name, typical: t.name }, text: [t.name, t.name, t.description, ...t.microScenes].join('\n') })),
  );
}

function relative(list: Array<{ id: SceneRef; score: number }>, limit: number): RankedScene[] {
  const top = list[0]?.score ?? 0;
  return list.slice(0, limit).map((r) => ({ ...r.id, score: Math.round(r.score * 1000) / 1000, relative: top ? Math.round((r.score / top) * 100) / 100 : 0 }));
}

/** A matcher over the 附件1 framework: typical scenes by their documents, micro scenes by name plus their parent's score. */
export function frameworkMatcher(framework: MainScene[], tokenize: Tokenizer, docs = frameworkDocuments(framework)): ScenarioMatcher {
  const typicalIndex: Bm25Index<SceneRef> = buildBm25Index(docs, tokenize);
  const microDocs = framework.flatMap((m) =>
    m.typicalScenes.flatMap((t) => t.microScenes.map((micro) => ({ id: { main: m.name, typical: t.name, micro }, text: micro }))),
  );
  const microIndex = buildBm25Index(microDocs, tokenize, { b: 0.3 });
  return {
    rank(text, opts = {}) {
      const limit = opts.limit ?? 5;
      const inMain = (r: { id: SceneRef }) => !opts.main || r.id.main === opts.main;
      const typical = rankBm25(typicalIndex, text).filter(inMain);
      const top = typical[0]?.score || 1;
      const parent = new Map(typical.map((r) => [`${r.id.main}/${r.id.typical}`, r.score / top]));
      const microScores = rankBm25(microIndex, text);
      const microTop = microScores[0]?.score || 1;
      // A micro scene fits when its own words occur and its typical scene fits the text as a whole.
      const micro = microScores
        .filter(inMain)
        .map((r) => ({ id: r.id, score: (r.score / microTop) * 0.6 + (parent.get(`${r.id.main}/${r.id.typical}`) ?? 0) * 0.4 }))
        .sort((x, y) => y.score - x.score);
      return { typical: relative(typical, limit), micro: relative(micro, limit) };
    },
  };
}

/**
 * A matcher over the 2026 evidence-research category scenes. The notice lists three scenes and three content
 * examples per category in the same order; each scene's document is its name, the matching example and the aim.
 */
export function categoriesMatcher(categories: CategorySuggestion[], tokenize: Tokenizer): ScenarioMatcher {
  const docs = categories.flatMap((c) =>
    c.scenes.map((scene, i) => {
      const ex = c.examples[i];
      return { id: { main: c.category, typical: scene }, text: [scene, scene, ex?.title ?? '', ex?.description ?? '', c.aim].join('\n') };
    }),
  );
  const index = buildBm25Index(docs, tokenize);
  return {
    rank(text, opts = {}) {
      const list = rankBm25(index, text).filter((r) => !opts.main || r.id.main === opts.main);
      return { typical: relative(list, opts.limit ?? 5), micro: [] };
    },
  };
}

/** Label every suggestion carries where it is shown. */
export const MACHINE_SUGGESTION_LABEL = '机器建议，仅供参考';
