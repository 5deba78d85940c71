// Node-only: a word tokenizer from jieba segmentation (search mode, so compounds also yield their parts).
// The dictionary loads once per process (~0.25 s).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { wordTokenizer, type Tokenizer } from '../bm25.ts';

let jieba: Jieba | null = null;

export function jiebaTokenizer(): Tokenizer {
  jieba ??= Jieba.withDict(dict);
  const j = jieba;
  return wordTokenizer((text) => j.cutForSearch(text, true));
}

/** Plain jieba word cut (for generators and tests). */
export function jiebaCut(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false);
}
