// A word tokenizer from the ICU word segmenter built into Node and browsers (Intl.Segmenter, zh dictionary).
// It replaces @node-rs/jieba, whose prebuilt binaries for other platforms are missing from the registry at the
// pinned version, which broke `npm ci`. The names stay for the callers; compounds are also split into bigrams
// so a search for part of a compound still matches (as jieba's search mode did).
import { wordTokenizer, type Tokenizer } from '../bm25.ts';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Plain word cut. */
export function jiebaCut(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

function cutForSearch(text: string): string[] {
  const out: string[] = [];
  for (const w of jiebaCut(text)) {
    out.push(w);
    if (w.length > 2 && /^[\u4e00-\u9fff]+$/.test(w)) for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

export function jiebaTokenizer(): Tokenizer {
  return wordTokenizer(cutForSearch);
}
