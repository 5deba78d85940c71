// Deterministic synthetic Chinese reports for tests and the benchmark: sentences of words drawn with a Zipf-like
// law from a vocabulary, plus boilerplate sentences that many reports share (as real reports quote the notice
// and policy phrases), and the edits a copier makes (word substitutions, deletions, insertions; shuffled
// paragraphs). Pure and seeded, so every run and every worker generates the same corpus.

/** mulberry32: a small, fast, seedable PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusModel {
  words: string[];
  /** Cumulative Zipf weights over words. */
  cumulative: Float64Array;
  boilerplate: string[];
}

/** Builds the generator's model; words in the order given are ranked by frequency (first = most common). */
export function corpusModel(words: string[], boilerplate: string[]): CorpusModel {
  const cumulative = new Float64Array(words.length);
  let s = 0;
  for (let i = 0; i < words.length; i++) cumulative[i] = s += 1 / (i + 2) ** 0.9;
  for (let i = 0; i < words.length; i++) cumulative[i]! /= s;
  return { words, cumulative, boilerplate };
}

export function pickWord(m: CorpusModel, rnd: () => number): string {
  const x = rnd();
  let lo = 0;
  let hi = m.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (m.cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return m.words[lo]!;
}

const CLAUSE_END = ['，', '，', '，', '；', '、'];

function sentence(m: CorpusModel, rnd: () => number): string {
  const clauses = 1 + Math.floor(rnd() * 3);
  let s = '';
  for (let c = 0; c < clauses; c++) {
    const words = 3 + Math.floor(rnd() * 6);
    for (let w = 0; w < words; w++) s += pickWord(m, rnd);
    s += c === clauses - 1 ? '。' : CLAUSE_END[Math.floor(rnd() * CLAUSE_END.length)]!;
  }
  return s;
}

/** A report of about `targetChars` characters in paragraphs separated by newlines. */
export function generateReport(m: CorpusModel, seed: number, targetChars = 2500): string {
  const rnd = seededRandom(seed);
  const paragraphs: string[] = [];
  let total = 0;
  while (total < targetChars) {
    let p = '';
    const sentences = 3 + Math.floor(rnd() * 5);
    for (let i = 0; i < sentences; i++) {
      p += rnd() < 0.08 && m.boilerplate.length ? m.boilerplate[Math.floor(rnd() * m.boilerplate.length)]! : sentence(m, rnd);
    }
    paragraphs.push(p);
    total += p.length;
  }
  return paragraphs.join('\n');
}

/**
 * A lightly edited copy: about `rate` of the characters changed by word substitutions, deletions and insertions
 * (a copier swapping words, not every fifth character).
 */
export function editText(m: CorpusModel, text: string, seed: number, rate = 0.15): string {
  const rnd = seededRandom(seed);
  const parts: string[] = [];
  let changed = 0;
  const budget = rate * text.length;
  // Positions of edits, in order, spread over the text.
  const edits = Math.max(1, Math.round(budget / 2.2));
  const positions = Array.from({ length: edits }, () => Math.floor(rnd() * text.length)).sort((a, b) => a - b);
  let pos = 0;
  for (const p of positions) {
    if (p < pos || changed >= budget) continue;
    parts.push(text.slice(pos, p));
    const op = rnd();
    if (op < 0.6) {
      const len = 1 + Math.floor(rnd() * 3);
      parts.push(pickWord(m, rnd));
      pos = p + len;
      changed += len;
    } else if (op < 0.8) {
      const len = 1 + Math.floor(rnd() * 3);
      pos = p + len;
      changed += len;
    } else {
      const w = pickWord(m, rnd);
      parts.push(w);
      pos = p;
      changed += w.length;
    }
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/** The paragraphs in a different order (seeded Fisher–Yates). */
export function shuffleParagraphs(text: string, seed: number): string {
  const rnd = seededRandom(seed);
  const ps = text.split('\n');
  for (let i = ps.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [ps[i], ps[j]] = [ps[j]!, ps[i]!];
  }
  return ps.join('\n');
}

/** Share of characters that differ, by edit distance over a banded alignment (estimate for tests). */
export function changedShare(a: string, b: string): number {
  // Levenshtein with a band wide enough for the edits we make.
  const n = a.length;
  const m = b.length;
  const band = Math.max(64, Math.abs(n - m) + 64);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, Math.floor((i * m) / n) - band);
    const hi = Math.min(m, Math.floor((i * m) / n) + band);
    cur.fill(1 << 29);
    cur[0] = i;
    for (let j = lo; j <= hi; j++) {
      const sub = prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m]! / Math.max(n, 1);
}
