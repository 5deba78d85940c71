// Text normalisation for near-duplicate detection: keep only the characters that carry content (CJK ideographs,
// letters, digits), fold full-width forms to half-width and Latin letters to lower case, drop whitespace and
// punctuation — so reformatting, re-punctuating or re-spacing a copied text does not hide it.

/** Normalised text as UTF-16 code units, with the offset of each unit in the original string. */
export interface NormalizedText {
  codes: Uint16Array;
  /** offsets[i] = index in the original string of codes[i]. */
  offsets: Int32Array;
}

const OTHER_LETTER = /[\p{L}\p{N}]/u;

/** The normalised code unit for c, or -1 when c is dropped (whitespace, punctuation, symbols). */
export function normalizeCode(c: number): number {
  if (c >= 0x4e00 && c <= 0x9fff) return c; // CJK unified ideographs (the common case first)
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII → half-width
  if (c < 0x80) {
    if (c >= 0x30 && c <= 0x39) return c;
    if (c >= 0x61 && c <= 0x7a) return c;
    if (c >= 0x41 && c <= 0x5a) return c + 32;
    return -1;
  }
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff)) return c;
  if (c >= 0x3000 && c <= 0x303f) return -1; // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return -1; // CJK compatibility forms (vertical punctuation)
  return OTHER_LETTER.test(String.fromCharCode(c)) ? c : -1;
}

/** Normalises a text; keeps the original offsets so matches can be highlighted in the original. */
export function normalizeText(text: string): NormalizedText {
  const codes = new Uint16Array(text.length);
  const offsets = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = normalizeCode(text.charCodeAt(i));
    if (c < 0) continue;
    codes[n] = c;
    offsets[n++] = i;
  }
  return { codes: codes.subarray(0, n), offsets: offsets.subarray(0, n) };
}

/** Normalised code units only (no offsets), written into `out` (grown when too small); returns the length. */
export function normalizeCodesInto(src: ArrayLike<number>, start: number, end: number, out: Uint16Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = normalizeCode(src[i]!);
    if (c >= 0) out[n++] = c;
  }
  return n;
}

/** Normalised text as a string (for tests and display). */
export function normalizedString(text: string): string {
  return String.fromCharCode(...normalizeText(text).codes);
}
