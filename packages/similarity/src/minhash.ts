// Character n-gram shingles, MinHash signatures and LSH banding over them.
//
// Signatures use one-permutation hashing (Li, Owen & Zhang 2012) with optimal densification (Shrivastava 2017):
// every shingle is hashed once, the top bits pick one of k bins and each bin keeps its minimum. This estimates
// Jaccard similarity like k independent permutations (same variance in practice) but costs O(shingles) instead
// of O(k · shingles) — what lets 50,000 reports be signed in seconds. Empty bins (short texts) borrow the value
// of a bin chosen by a fixed probe sequence, the same for every document, so the estimator stays consistent.
//
// Shingles are sets: the order of paragraphs does not change a signature, so paragraph-shuffled copies match.

export const DEFAULT_SHINGLE = 5;
export const DEFAULT_K = 256;

const EMPTY = 0xffffffff;

/** MurmurHash3's 32-bit finaliser: a fast bijective mix of all bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const BASE = 0x01000193; // multiplier of the rolling polynomial hash

/**
 * 32-bit hashes of the character n-grams of normalised code units (all positions, duplicates kept).
 * A text shorter than n yields one shingle (the whole text); an empty text none.
 */
export function shingleHashes(codes: ArrayLike<number>, length = codes.length, n = DEFAULT_SHINGLE, out?: Uint32Array): Uint32Array {
  if (length === 0) return out ? out.subarray(0, 0) : new Uint32Array(0);
  const m = length < n ? 1 : length - n + 1;
  const w = length < n ? length : n;
  const res = out && out.length >= m ? out : new Uint32Array(m);
  let pow = 1; // BASE^(w-1)
  for (let k = 1; k < w; k++) pow = Math.imul(pow, BASE);
  let h = 0;
  for (let k = 0; k < w; k++) h = (Math.imul(h, BASE) + codes[k]!) | 0;
  res[0] = fmix32(h ^ w);
  for (let i = 1; i < m; i++) {
    h = (Math.imul((h - Math.imul(codes[i - 1]!, pow)) | 0, BASE) + codes[i + w - 1]!) | 0;
    res[i] = fmix32(h ^ w);
  }
  return res.subarray(0, m);
}

/** Sorted distinct values of a hash array (sorts in place). */
export function distinctSorted(hashes: Uint32Array): Uint32Array {
  if (hashes.length < 2) return hashes;
  hashes.sort();
  let j = 1;
  for (let i = 1; i < hashes.length; i++) if (hashes[i] !== hashes[j - 1]) hashes[j++] = hashes[i]!;
  return hashes.subarray(0, j);
}

/**
 * Number of distinct shingles (used with the Jaccard estimate to estimate containment). Open addressing in a
 * reusable table: linear in the number of hashes, where sorting was the slowest step of signing a report.
 */
export function countDistinct(hashes: Uint32Array, table?: Uint32Array): number {
  let size = 16;
  while (size < hashes.length * 2) size <<= 1;
  const t = table && table.length >= size ? table.subarray(0, size) : new Uint32Array(size);
  t.fill(0);
  const mask = size - 1;
  let distinct = 0;
  let zero = 0; // 0 marks an empty slot, so a hash of 0 is counted apart
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i]!;
    if (h === 0) {
      zero = 1;
      continue;
    }
    let slot = h & mask;
    for (;;) {
      const v = t[slot]!;
      if (v === 0) {
        t[slot] = h;
        distinct++;
        break;
      }
      if (v === h) break;
      slot = (slot + 1) & mask;
    }
  }
  return distinct + zero;
}

/**
 * One-permutation MinHash signature of k bins (k a power of two ≤ 256) written into out (or a new array).
 * An empty set gives all bins EMPTY; `isEmptySignature` tells.
 */
export function minhashSignature(hashes: ArrayLike<number>, count = hashes.length, k = DEFAULT_K, out?: Uint32Array, offset = 0): Uint32Array {
  const sig = out ?? new Uint32Array(k);
  const bits = Math.log2(k);
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new Error('k must be a power of two between 2 and 256');
  const shift = 32 - bits;
  const mask = (1 << shift) - 1;
  sig.fill(EMPTY, offset, offset + k);
  for (let i = 0; i < count; i++) {
    // Re-mix with a different seed so bin choice is independent of the shingle hash's use elsewhere.
    const x = fmix32((hashes[i]! ^ 0x9e3779b9) >>> 0);
    const bin = offset + (x >>> shift);
    const v = x & mask;
    if (v < sig[bin]!) sig[bin] = v;
  }
  if (count > 0) densify(sig, offset, k);
  return sig;
}

/** Fills empty bins from non-empty ones along a per-bin probe sequence shared by all documents. */
function densify(sig: Uint32Array, offset: number, k: number): void {
  let empty = 0;
  for (let j = 0; j < k; j++) if (sig[offset + j] === EMPTY) empty++;
  if (empty === 0 || empty === k) return;
  const filled = sig.slice(offset, offset + k);
  for (let j = 0; j < k; j++) {
    if (filled[j] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const probe = fmix32(Math.imul(j + 1, 0x27d4eb2d) ^ Math.imul(attempt, 0x165667b1)) & (k - 1);
      if (filled[probe] !== EMPTY) {
        sig[offset + j] = filled[probe]!;
        break;
      }
    }
  }
}

export function isEmptySignature(sig: Uint32Array, offset = 0, k = DEFAULT_K): boolean {
  return sig[offset] === EMPTY && sig[offset + k - 1] === EMPTY;
}

/** Estimated Jaccard similarity: the share of bins two signatures agree on. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array, k = DEFAULT_K, offA = 0, offB = 0): number {
  if (a[offA] === EMPTY || b[offB] === EMPTY) return 0;
  let same = 0;
  for (let i = 0; i < k; i++) if (a[offA + i] === b[offB + i]) same++;
  return same / k;
}

/** Exact Jaccard of two sorted distinct hash arrays. */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 0;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/** Size of the intersection of two sorted distinct arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/**
 * Containment of the smaller set in the larger one, from a Jaccard value and the two set sizes:
 * |A∩B| = J(|A|+|B|)/(1+J). A partial copy (a report pasting half of another) has low Jaccard but high containment.
 */
export function containmentFromJaccard(j: number, sizeA: number, sizeB: number): number {
  const small = Math.min(sizeA, sizeB);
  if (small === 0) return 0;
  return Math.min(1, (j * (sizeA + sizeB)) / (1 + j) / small);
}

/** Probability that a pair with Jaccard s becomes a candidate under b bands of r rows: 1 − (1 − s^r)^b. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}

/** The Jaccard value where the banding's S-curve is steepest, ≈ (1/b)^(1/r). */
export function bandingThreshold(bands: number, rows: number): number {
  return (1 / bands) ** (1 / rows);
}

/**
 * LSH banding: candidate pairs of documents whose signatures agree on all rows of at least one band.
 * `sigs` holds `count` signatures of k bins back to back. Returns pairs as i·count + j codes (i < j),
 * sorted and distinct; decode with `decodePair`. Cost is about bands · count · log(count) plus the pairs found.
 * `skip(i, j)` drops pairs that are not wanted (e.g. two documents both from an earlier call).
 */
export function lshCandidatePairs(
  sigs: Uint32Array,
  count: number,
  opts: { k?: number; bands: number; rows: number; skip?: (i: number, j: number) => boolean },
): Float64Array {
  const k = opts.k ?? DEFAULT_K;
  const { bands, rows } = opts;
  if (bands * rows > k) throw new Error('bands × rows must not exceed k');
  if (count > 2 ** 21) throw new Error('too many documents for one banding run');
  const keys = new Float64Array(count);
  let pairs = new Float64Array(1024);
  let np = 0;
  const push = (code: number) => {
    if (np === pairs.length) {
      const bigger = new Float64Array(pairs.length * 2);
      bigger.set(pairs);
      pairs = bigger;
    }
    pairs[np++] = code;
  };
  let live = 0;
  const docs = new Int32Array(count);
  for (let i = 0; i < count; i++) if (!isEmptySignature(sigs, i * k, k)) docs[live++] = i;
  const metEarlier = (i: number, j: number, band: number) => {
    for (let e = 0; e < band; e++) {
      const bi = i * k + e * rows;
      const bj = j * k + e * rows;
      let r = 0;
      while (r < rows && sigs[bi + r] === sigs[bj + r]) r++;
      if (r === rows) return true;
    }
    return false;
  };
  for (let band = 0; band < bands; band++) {
    for (let d = 0; d < live; d++) {
      const i = docs[d]!;
      let h = Math.imul(band + 1, 0x9e3779b1);
      const base = i * k + band * rows;
      for (let r = 0; r < rows; r++) h = fmix32((h ^ sigs[base + r]!) >>> 0) + r;
      // Key in the high bits, document index in the low 21 bits: one sort groups equal keys.
      keys[d] = (h >>> 0) * 2097152 + i;
    }
    const sorted = keys.subarray(0, live).sort();
    let start = 0;
    for (let d = 1; d <= live; d++) {
      if (d < live && Math.floor(sorted[d]! / 2097152) === Math.floor(sorted[start]! / 2097152)) continue;
      const size = d - start;
      if (size > 1) {
        for (let x = start; x < d; x++) {
          const a = sorted[x]! % 2097152;
          for (let y = x + 1; y < d; y++) {
            const b = sorted[y]! % 2097152;
            const i = a < b ? a : b;
            const j = a < b ? b : a;
            // A pair that already met in an earlier band was emitted there: identical documents meet in every
            // band, and storing each meeting would cost memory of pairs × bands.
            if (band > 0 && metEarlier(i, j, band)) continue;
            if (opts.skip?.(i, j)) continue;
            push(i * count + j);
          }
        }
      }
      start = d;
    }
  }
  // Distinct already, but for two documents whose band keys collided without equal rows (a 32-bit hash collision).
  const all = pairs.subarray(0, np).sort();
  let u = 0;
  for (let x = 0; x < all.length; x++) if (x === 0 || all[x] !== all[u - 1]) all[u++] = all[x]!;
  return all.slice(0, u);
}

export function decodePair(code: number, count: number): [number, number] {
  const i = Math.floor(code / count);
  return [i, code - i * count];
}
