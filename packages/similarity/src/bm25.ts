// BM25 ranking with a pluggable tokenizer, so the same code ranks in the browser (character bigrams) and on
// the server (ICU word segmentation, Intl.Segmenter).

export type Tokenizer = (text: string) => string[];

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Index<Id> {
  ids: Id[];
  tf: Array<Map<string, number>>;
  lengths: number[];
  avgLength: number;
  df: Map<string, number>;
  tokenize: Tokenizer;
  k1: number;
  b: number;
}

export function buildBm25Index<Id>(docs: Array<{ id: Id; text: string }>, tokenize: Tokenizer, opts: Bm25Options = {}): Bm25Index<Id> {
  const tf: Array<Map<string, number>> = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const d of docs) {
    const m = new Map<string, number>();
    const tokens = tokenize(d.text);
    for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
    for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    tf.push(m);
    lengths.push(tokens.length);
  }
  const avgLength = lengths.reduce((s, x) => s + x, 0) / Math.max(1, lengths.length);
  return { ids: docs.map((d) => d.id), tf, lengths, avgLength, df, tokenize, k1: opts.k1 ?? 1.2, b: opts.b ?? 0.75 };
}

/** BM25 scores of every document for a query, best first (documents scoring 0 are left out). */
export function rankBm25<Id>(index: Bm25Index<Id>, query: string): Array<{ id: Id; score: number }> {
  const q = new Map<string, number>();
  for (const t of index.tokenize(query)) q.set(t, (q.get(t) ?? 0) + 1);
  const n = index.ids.length;
  const out: Array<{ id: Id; score: number }> = [];
  for (let d = 0; d < n; d++) {
    const tf = index.tf[d]!;
    const norm = index.k1 * (1 - index.b + (index.b * index.lengths[d]!) / (index.avgLength || 1));
    let score = 0;
    for (const [t, qtf] of q) {
      const f = tf.get(t);
      if (!f) continue;
      const df = index.df.get(t)!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      // A query term repeated counts a little more, not linearly (long summaries repeat words).
      score += idf * ((f * (index.k1 + 1)) / (f + norm)) * (1 + Math.log(qtf));
    }
    if (score > 0) out.push({ id: index.ids[d]!, score });
  }
  return out.sort((x, y) => y.score - x.score);
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Browser-safe tokenizer: overlapping CJK character bigrams within runs of CJK text (a lone character
 * becomes a unigram), and runs of Latin letters or digits as lower-case words. Full-width forms fold first.
 */
export function bigramTokenizer(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  let run = '';
  let word = '';
  const flushRun = () => {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    run = '';
  };
  const flushWord = () => {
    if (word) out.push(word);
    word = '';
  };
  for (const ch of s) {
    if (CJK.test(ch)) {
      flushWord();
      run += ch;
    } else if (WORDISH.test(ch)) {
      flushRun();
      word += ch;
    } else {
      flushRun();
      flushWord();
    }
  }
  flushRun();
  flushWord();
  return out;
}

/** Function words that carry no topic; dropped by the word tokenizers. */
export const STOPWORDS = new Set(
  '的 了 和 与 及 或 等 对 在 中 为 以 将 把 被 是 有 也 并 从 向 于 由 其 之 而 且 如 通过 进行 开展 提供 支持 实现 利用 应用 使用 基于 包括 如何 帮助 能够 可以 一个 一些 各类 不同 相关 相应 方面 过程 活动 ai 人工智能 智能'.split(' '),
);

/** Wraps a word segmenter (e.g. Intl.Segmenter) into a tokenizer: lower case, no punctuation, no stopwords. */
export function wordTokenizer(segment: (text: string) => string[], stopwords: Set<string> = STOPWORDS): Tokenizer {
  return (text: string) => {
    const out: string[] = [];
    for (const w0 of segment(text.normalize('NFKC').toLowerCase())) {
      const w = w0.trim();
      if (!w || !WORDISH.test(w) || stopwords.has(w)) continue;
      out.push(w);
    }
    return out;
  };
}
