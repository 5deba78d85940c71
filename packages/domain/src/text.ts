// Counting of 字 as Word's 字数 shows it (SPEC §3.3), shared by form validation and the report check.

// CJK ideographs, kana, hangul, CJK symbols and punctuation, full-width forms: each counts as one 字.
const CJK_CHAR = /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u3190-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u2018\u2019\u201C\u201D\u2014\u2026\u00B7]|[\u{20000}-\u{3FFFF}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Counts 字 the way Word's 字数 does for Chinese text: every CJK character and full-width punctuation
 * mark is 1, and every run of other non-space characters (a Latin word, a number like 3.5%) is 1 when
 * it holds a letter or digit. Whitespace and stray half-width punctuation count 0.
 */
export function countZi(text: string): number {
  let count = 0;
  let run = false;
  let runHasWord = false;
  for (const ch of text) {
    if (CJK_CHAR.test(ch)) {
      if (run && runHasWord) count++;
      run = false;
      runHasWord = false;
      count++;
    } else if (/\s/u.test(ch)) {
      if (run && runHasWord) count++;
      run = false;
      runHasWord = false;
    } else {
      run = true;
      if (LETTER_OR_DIGIT.test(ch)) runHasWord = true;
    }
  }
  if (run && runHasWord) count++;
  return count;
}
