// Near-duplicate search over a set of texts: normalise, shingle, sign, band, verify. Cost grows about linearly
// with the number of texts (one signature each, then sorting per band) instead of comparing every pair.
import { normalizeText } from './normalize.ts';
import {
  containmentFromJaccard,
  countDistinct,
  decodePair,
  DEFAULT_K,
  DEFAULT_SHINGLE,
  estimateJaccard,
  lshCandidatePairs,
  minhashSignature,
  shingleHashes,
} from './minhash.ts';

export interface NearDuplicateOptions {
  /** Characters per shingle (default 5). */
  shingle?: number;
  /** Signature bins (default 256). */
  k?: number;
  /**
   * LSH bands and rows per band. Default 85 × 3 on 256 bins: the S-curve is steepest at Jaccard ≈ 0.23, a pair at
   * 0.38 (a copy with ~20 % of its characters edited, 5-grams) becomes a candidate with p ≈ 0.99, one at 0.5 with
   * p > 0.9999, while unrelated reports (≈ 0.015) give about 3 candidates per 10,000 pairs.
   */
  bands?: number;
  rows?: number;
  /** Reported when the estimated Jaccard or the containment reaches these (defaults 0.3 and 0.7). */
  minJaccard?: number;
  minContainment?: number;
  /** Texts with fewer normalised characters are left out (too short to call a copy). */
  minChars?: number;
}

export const DEFAULT_NEAR_DUPLICATE: Required<NearDuplicateOptions> = {
  shingle: DEFAULT_SHINGLE,
  k: DEFAULT_K,
  bands: 85,
  rows: 3,
  minJaccard: 0.3,
  minContainment: 0.7,
  minChars: 30,
};

/** What one text contributes: its signature and its number of distinct shingles. */
export interface TextSketch {
  signature: Uint32Array;
  shingles: number;
  chars: number;
}

export function sketchText(text: string, opts: NearDuplicateOptions = {}): TextSketch {
  const o = { ...DEFAULT_NEAR_DUPLICATE, ...opts };
  const { codes } = normalizeText(text);
  const hashes = shingleHashes(codes, codes.length, o.shingle);
  const signature = minhashSignature(hashes, hashes.length, o.k);
  return { signature, shingles: countDistinct(hashes), chars: codes.length };
}

export interface NearDuplicatePair {
  a: number;
  b: number;
  /** Estimated Jaccard similarity of the shingle sets. */
  jaccard: number;
  /** Estimated share of the smaller text's shingles found in the other. */
  containment: number;
  /** max(jaccard, containment): what the list sorts by. */
  score: number;
}

/**
 * Pairs of near-duplicate sketches (indexes into `sketches`), best first. `skip(i, j)` leaves pairs out before
 * verification (e.g. both from an earlier call).
 */
export function findNearDuplicatePairs(sketches: TextSketch[], opts: NearDuplicateOptions & { skip?: (i: number, j: number) => boolean } = {}): NearDuplicatePair[] {
  const o = { ...DEFAULT_NEAR_DUPLICATE, ...opts };
  const n = sketches.length;
  const sigs = new Uint32Array(n * o.k);
  sketches.forEach((s, i) => {
    if (s.chars >= o.minChars) sigs.set(s.signature, i * o.k);
    else sigs.fill(0xffffffff, i * o.k, (i + 1) * o.k);
  });
  const candidates = lshCandidatePairs(sigs, n, { k: o.k, bands: o.bands, rows: o.rows, skip: opts.skip });
  const out: NearDuplicatePair[] = [];
  for (const code of candidates) {
    const [a, b] = decodePair(code, n);
    const jaccard = estimateJaccard(sigs, sigs, o.k, a * o.k, b * o.k);
    const containment = containmentFromJaccard(jaccard, sketches[a]!.shingles, sketches[b]!.shingles);
    if (jaccard >= o.minJaccard || containment >= o.minContainment) out.push({ a, b, jaccard, containment, score: Math.max(jaccard, containment) });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** Convenience: near-duplicate pairs among plain texts. */
export function findNearDuplicates(texts: string[], opts: NearDuplicateOptions = {}): NearDuplicatePair[] {
  return findNearDuplicatePairs(texts.map((t) => sketchText(t, opts)), opts);
}
