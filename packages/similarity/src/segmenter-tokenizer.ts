// A word tokenizer from the ICU word segmenter built into Node and browsers (Intl.Segmenter, zh dictionary).
// It replaced @node-rs/jieba, whose prebuilt binaries for other platforms are missing from the registry at the
// pinned version, which broke `npm ci`. Compounds are also split into bigrams so a query with part of a compound
// still matches (as jieba's search mode did). The server ranks with it; the browser uses character bigrams.
import { wordTokenizer, type Tokenizer } from './bm25.ts';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Plain word cut. */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

function cutForSearch(text: string): string[] {
  const out: string[] = [];
  for (const w of segmentWords(text)) {
    out.push(w);
    if (w.length > 2 && /^[\u4e00-\u9fff]+$/.test(w)) for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

export function segmenterTokenizer(): Tokenizer {
  return wordTokenizer(cutForSearch);
}
