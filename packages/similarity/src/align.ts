// Passage alignment: the stretches two texts share, as ranges in each original text, for side-by-side
// highlighting. Works on normalised text (so punctuation and spacing differences do not break a passage) and
// maps back to original offsets. Exact runs found from seed n-grams are merged across small gaps, so a
// lightly edited sentence stays one passage.
import { normalizeText } from './normalize.ts';

export interface AlignedPassage {
  /** [start, end) in text A and in text B (original string offsets). */
  a: [number, number];
  b: [number, number];
  /** Matched normalised characters inside the passage. */
  matched: number;
}

export interface AlignOptions {
  /** Seed length in normalised characters (default 8). */
  seed?: number;
  /** Passages shorter than this many matched characters are dropped (default 15). */
  minMatched?: number;
  /** Runs closer than this in both texts are joined into one passage (default 6). */
  maxGap?: number;
}

interface Run {
  i: number;
  j: number;
  len: number;
}

/** Overlapping passages of two texts, in the order of text A. */
export function alignPassages(textA: string, textB: string, opts: AlignOptions = {}): AlignedPassage[] {
  const seed = opts.seed ?? 8;
  const minMatched = opts.minMatched ?? 15;
  const maxGap = opts.maxGap ?? 6;
  const A = normalizeText(textA);
  const B = normalizeText(textB);
  const a = A.codes;
  const b = B.codes;
  if (a.length < seed || b.length < seed) return [];
  const key = (s: Uint16Array, p: number) => String.fromCharCode.apply(null, s.subarray(p, p + seed) as unknown as number[]);
  const index = new Map<string, number[]>();
  for (let p = 0; p + seed <= a.length; p++) {
    const k = key(a, p);
    const list = index.get(k);
    if (!list) index.set(k, [p]);
    else if (list.length < 16) list.push(p);
  }
  // Greedy maximal exact runs along B.
  const runs: Run[] = [];
  for (let j = 0; j + seed <= b.length; ) {
    const list = index.get(key(b, j));
    if (!list) {
      j++;
      continue;
    }
    let best: Run | null = null;
    for (const i of list) {
      let len = seed;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len]) len++;
      if (!best || len > best.len) best = { i, j, len };
    }
    runs.push(best!);
    j += best!.len;
  }
  // Merge runs that continue each other in both texts (small edits in between).
  const merged: Array<{ i0: number; i1: number; j0: number; j1: number; matched: number }> = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r.i >= last.i1 - seed && r.i - last.i1 <= maxGap && r.j - last.j1 <= maxGap && r.j >= last.j1) {
      last.i1 = Math.max(last.i1, r.i + r.len);
      last.j1 = r.j + r.len;
      last.matched += r.len;
    } else merged.push({ i0: r.i, i1: r.i + r.len, j0: r.j, j1: r.j + r.len, matched: r.len });
  }
  return merged
    .filter((m) => m.matched >= minMatched)
    .map((m) => ({
      a: [A.offsets[m.i0]!, A.offsets[m.i1 - 1]! + 1] as [number, number],
      b: [B.offsets[m.j0]!, B.offsets[m.j1 - 1]! + 1] as [number, number],
      matched: m.matched,
    }))
    .sort((x, y) => x.a[0] - y.a[0]);
}

/** Splits a text into plain and highlighted segments from sorted, possibly overlapping ranges. */
export function highlightSegments(text: string, ranges: Array<[number, number]>): Array<{ text: string; mark: boolean }> {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: Array<{ text: string; mark: boolean }> = [];
  let pos = 0;
  for (const [s0, e] of sorted) {
    const s = Math.max(s0, pos);
    if (e <= s) continue;
    if (s > pos) out.push({ text: text.slice(pos, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    pos = e;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
  return out;
}
