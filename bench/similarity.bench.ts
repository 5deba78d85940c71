// `npm run bench -- similarity`: near-duplicate detection over 50,000 generated reports of ~2,500 字 with 1,000
// planted copies (verbatim, edited 10–20 %, paragraph-shuffled, shuffled + edited). Two worker threads generate
// the corpus (untimed), then normalise, shingle (5-grams) and sign (one-permutation MinHash, 256 bins) — timed
// together with LSH banding (85 × 3) and verification in the main thread. Recall and precision are against the
// planted pairs. Baseline: exact pairwise Jaccard over the first 2,000 reports, measured, and projected to all
// documents (pairs grow quadratically) as if split over the same two cores.
// SIM_DOCS overrides the document count.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { DEFAULT_NEAR_DUPLICATE, verifyCandidates } from '@anli/similarity/near-duplicates.ts';
import {
  countDistinct,
  decodePair,
  distinctSorted,
  exactJaccard,
  lshCandidatePairs,
  minhashSignature,
  shingleHashes,
} from '@anli/similarity/minhash.ts';
import { normalizeCodesInto } from '@anli/similarity/normalize.ts';
import { KINDS, plantedKind, plantedSource } from './similarity.corpus.ts';

const N = Number(process.env.SIM_DOCS ?? 50_000);
const SUBSET = Math.min(2000, N);
const THREADS = Math.max(1, Math.min(2, availableParallelism()));
const { k, shingle, bands, rows, minJaccard, minContainment } = DEFAULT_NEAR_DUPLICATE;

const sigsBuf = new SharedArrayBuffer(N * k * 4);
const sizesBuf = new SharedArrayBuffer(N * 4);
const sigs = new Uint32Array(sigsBuf);
const sizes = new Int32Array(sizesBuf);
const per = Math.ceil(N / THREADS);
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./similarity.worker.ts', import.meta.url).href)}); })`;
const workers = Array.from({ length: THREADS }, (_, w) => {
  // The worker is TypeScript: a small bootstrap registers tsx's loader in the worker, then imports it.
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { start: w * per, end: Math.min(N, (w + 1) * per), k, shingle, sigs: sigsBuf, sizes: sizesBuf },
  });
  worker.on('error', (e) => {
    console.error(e);
    process.exit(1);
  });
  return worker;
});
const ask = <T>(w: Worker, msg: string) => new Promise<T>((resolve) => w.once('message', resolve)).finally(() => undefined) as Promise<T>;
const all = <T>(msg: string) => Promise.all(workers.map((w) => { const p = ask<T>(w, msg); w.postMessage(msg); return p; }));

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

const t0 = performance.now();
await all('generate');
const genSeconds = (performance.now() - t0) / 1000;
console.log(`generated ${N} reports in ${genSeconds.toFixed(1)} s on ${THREADS} threads`);

// ---- timed: sign, band, verify
const t1 = performance.now();
await all('sign');
const tSigned = performance.now();
const candidates = lshCandidatePairs(sigs, N, { k, bands, rows });
const tBanded = performance.now();
const found = verifyCandidates(sigs, sizes, candidates, N, { k, minJaccard, minContainment }).map((p) => [p.a, p.b, p.jaccard] as [number, number, number]);
const seconds = (performance.now() - t1) / 1000;
console.log(
  `sign ${((tSigned - t1) / 1000).toFixed(2)} s, LSH ${((tBanded - tSigned) / 1000).toFixed(2)} s (${candidates.length} candidates), verify ${((performance.now() - tBanded) / 1000).toFixed(2)} s → ${found.length} pairs; total ${seconds.toFixed(2)} s`,
);

// ---- recall / precision against the planted pairs
const planted = new Map<number, number>();
for (let i = 0; i < N; i++) {
  const s = plantedSource(i);
  if (s !== null) planted.set(s * N + i, i);
}
const foundSet = new Set(found.map(([a, b]) => a * N + b));
let hits = 0;
const missesByKind = new Map<string, number>();
for (const [code, i] of planted) {
  if (foundSet.has(code)) hits++;
  else missesByKind.set(plantedKind(i), (missesByKind.get(plantedKind(i)) ?? 0) + 1);
}
const truePos = found.filter(([a, b]) => planted.has(a * N + b)).length;
const recall = hits / planted.size;
const precision = found.length ? truePos / found.length : 1;
const plantedJ = found.filter(([a, b]) => planted.has(a * N + b)).map(([, , j]) => j);
const otherJ = found.filter(([a, b]) => !planted.has(a * N + b)).map(([, , j]) => j);
console.log(`planted ${planted.size} (${KINDS.join(', ')}); found ${hits}; misses by kind ${JSON.stringify(Object.fromEntries(missesByKind))}`);
console.log(`estimated Jaccard of found planted pairs: min ${Math.min(...plantedJ).toFixed(3)}; false pairs ${otherJ.length}${otherJ.length ? ` (max ${Math.max(...otherJ).toFixed(3)})` : ''}`);

// ---- baseline: exact pairwise Jaccard over the first SUBSET reports (single thread)
const texts = (await all<{ text: SharedArrayBuffer; lengths: Int32Array; max: number }>('texts'));
for (const w of workers) await w.terminate();
const textOf = (i: number) => {
  const w = Math.floor(i / per);
  const t = texts[w]!;
  const d = i - w * per;
  return { src: new Uint16Array(t.text), start: d * t.max, end: d * t.max + t.lengths[d]! };
};
const norm = new Uint16Array(4000);
const tb = performance.now();
const sets: Uint32Array[] = [];
for (let i = 0; i < SUBSET; i++) {
  const { src, start, end } = textOf(i);
  const n = normalizeCodesInto(src, start, end, norm);
  sets.push(distinctSorted(shingleHashes(norm, n, shingle).slice()));
}
const tSets = performance.now();
const exact = new Set<number>();
let pairsDone = 0;
const budgetMs = Number(process.env.SIM_BRUTE_MS ?? 60_000);
let rowsDone = 0;
for (let a = 0; a < SUBSET; a++) {
  for (let b = a + 1; b < SUBSET; b++) if (exactJaccard(sets[a]!, sets[b]!) >= minJaccard) exact.add(a * N + b);
  pairsDone += SUBSET - a - 1;
  rowsDone = a + 1;
  if (performance.now() - tSets > budgetMs) break;
}
const tBrute = performance.now();
const perPairMs = (tBrute - tSets) / pairsDone;
const perSetMs = (tSets - tb) / SUBSET;
const subsetPairs = (SUBSET * (SUBSET - 1)) / 2;
const bruteSubsetSeconds = (perSetMs * SUBSET + perPairMs * subsetPairs) / 1000;
const measuredAll = rowsDone === SUBSET;
console.log(
  `brute force on ${SUBSET}: ${pairsDone} of ${subsetPairs} pairs in ${((tBrute - tSets) / 1000).toFixed(1)} s (${(perPairMs * 1000).toFixed(2)} µs/pair)` +
    `${measuredAll ? '' : ', rest projected'} → ${bruteSubsetSeconds.toFixed(1)} s; exact pairs ≥ ${minJaccard}: ${exact.size}`,
);

// Ours on the same subset, single thread, for a like-for-like ratio (and agreement with the exact pairs).
const ts = performance.now();
const subSigs = new Uint32Array(SUBSET * k);
const subSizes = new Int32Array(SUBSET);
const hashes = new Uint32Array(4000);
const scratch = new Uint32Array(16384);
for (let i = 0; i < SUBSET; i++) {
  const { src, start, end } = textOf(i);
  const n = normalizeCodesInto(src, start, end, norm);
  const h = shingleHashes(norm, n, shingle, hashes);
  minhashSignature(h, h.length, k, subSigs, i * k);
  subSizes[i] = countDistinct(h, scratch);
}
const subFound = new Set<number>();
for (const p of verifyCandidates(subSigs, subSizes, lshCandidatePairs(subSigs, SUBSET, { k, bands, rows }), SUBSET, { k, minJaccard, minContainment })) {
  subFound.add(p.a * N + p.b);
}
const oursSubsetSeconds = (performance.now() - ts) / 1000;
const agree = [...exact].filter((c) => subFound.has(c)).length;
console.log(`ours on ${SUBSET} (1 thread): ${oursSubsetSeconds.toFixed(3)} s, ${subFound.size} pairs, ${agree}/${exact.size} of the exact pairs → measured speed ratio ${(bruteSubsetSeconds / oursSubsetSeconds).toFixed(0)}×`);

// Brute force at full size: sets for all N plus N(N−1)/2 comparisons, ideally split over the same threads.
const bruteFullSeconds = (perSetMs * N + perPairMs * ((N * (N - 1)) / 2)) / 1000 / THREADS;
const speedup = bruteFullSeconds / seconds;
console.log(`brute force projected to ${N} on ${THREADS} threads: ${(bruteFullSeconds / 3600).toFixed(1)} h → speed-up ${speedup.toFixed(0)}×`);
clearInterval(rssTimer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(
  JSON.stringify({
    bench: 'similarity',
    documents: N,
    seconds: Math.round(seconds * 100) / 100,
    recall: Math.round(recall * 10000) / 10000,
    precision: Math.round(precision * 10000) / 10000,
    speedup_vs_bruteforce: Math.round(speedup),
    speedup_basis: `brute force projected from ${SUBSET} reports (${measuredAll ? 'all' : rowsDone + ' rows of'} pairs measured) to ${N} on ${THREADS} threads`,
    subset_speed_ratio_measured: Math.round(bruteSubsetSeconds / oursSubsetSeconds),
    subset_exact_pairs_found: `${agree}/${exact.size}`,
    planted_pairs: planted.size,
    reported_pairs: found.length,
    candidates: candidates.length,
    generate_seconds: Math.round(genSeconds * 10) / 10,
    threads: THREADS,
    shingle,
    k,
    bands,
    rows,
    min_jaccard: minJaccard,
    peak_rss_mb: Math.round(peakRss / 1048576),
  }),
);
