// Near-duplicate search over a set of texts: normalise, shingle, sign, band, verify. Cost grows about linearly
// with the number of texts (one signature each, then sorting per band) instead of comparing every pair.
import { normalizeText } from './normalize.ts';
import {
  containmentFromJaccard,
  countDistinct,
  DEFAULT_K,
  DEFAULT_SHINGLE,
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
  const sizes = new Int32Array(sketches.map((s) => s.shingles));
  const out = verifyCandidates(sigs, sizes, candidates, n, o);
  return out.sort((x, y) => y.score - x.score);
}

/**
 * Verifies LSH candidates against the thresholds from their signatures (`sigs`: `count` signatures of k bins back
 * to back; `sizes`: distinct shingles per document). Most candidates are unrelated documents that share a band by
 * chance; a first look at 64 bins rejects those whose agreement there is more than 4 standard deviations below
 * what a pair at the needed Jaccard would show (a true pair is lost with probability < 10⁻⁴), then the full
 * signature decides.
 */
export function verifyCandidates(
  sigs: Uint32Array,
  sizes: Int32Array,
  candidates: Float64Array,
  count: number,
  opts: { k?: number; minJaccard?: number; minContainment?: number } = {},
): NearDuplicatePair[] {
  const k = opts.k ?? DEFAULT_NEAR_DUPLICATE.k;
  const minJ = opts.minJaccard ?? DEFAULT_NEAR_DUPLICATE.minJaccard;
  const minC = opts.minContainment ?? DEFAULT_NEAR_DUPLICATE.minContainment;
  const probe = Math.min(64, k);
  const out: NearDuplicatePair[] = [];
  for (let x = 0; x < candidates.length; x++) {
    const code = candidates[x]!;
    const a = Math.floor(code / count);
    const b = code - a * count;
    const oa = a * k;
    const ob = b * k;
    // The lowest Jaccard that could still pass: the Jaccard threshold, or what containment needs for these sizes.
    const sa = sizes[a]!;
    const sb = sizes[b]!;
    const ratio = Math.max(sa, sb) / Math.max(1, Math.min(sa, sb));
    const need = Math.min(minJ, minC / (1 + ratio - minC));
    let same = 0;
    for (let i = 0; i < probe; i++) if (sigs[oa + i] === sigs[ob + i]) same++;
    const mean = probe * need;
    if (same < mean - 4 * Math.sqrt(mean * (1 - need))) continue;
    for (let i = probe; i < k; i++) if (sigs[oa + i] === sigs[ob + i]) same++;
    if (sigs[oa] === 0xffffffff || sigs[ob] === 0xffffffff) continue;
    const jaccard = same / k;
    const containment = containmentFromJaccard(jaccard, sa, sb);
    if (jaccard >= minJ || containment >= minC) out.push({ a, b, jaccard, containment, score: Math.max(jaccard, containment) });
  }
  return out;
}

/** Convenience: near-duplicate pairs among plain texts. */
export function findNearDuplicates(texts: string[], opts: NearDuplicateOptions = {}): NearDuplicatePair[] {
  return findNearDuplicatePairs(texts.map((t) => sketchText(t, opts)), opts);
}
