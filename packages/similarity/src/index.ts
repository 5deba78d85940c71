// Near-duplicate detection (MinHash + LSH over character n-grams), passage alignment and BM25 scenario matching.
// Pure: runs in Node and in the browser.
export { normalizeText, normalizeCode, normalizeCodesInto, normalizedString, type NormalizedText } from './normalize.ts';
export {
  bandingThreshold,
  candidateProbability,
  containmentFromJaccard,
  countDistinct,
  decodePair,
  DEFAULT_K,
  DEFAULT_SHINGLE,
  distinctSorted,
  estimateJaccard,
  exactJaccard,
  fmix32,
  intersectionSize,
  isEmptySignature,
  lshCandidatePairs,
  minhashSignature,
  shingleHashes,
} from './minhash.ts';
export {
  DEFAULT_NEAR_DUPLICATE,
  findNearDuplicatePairs,
  findNearDuplicates,
  sketchText,
  verifyCandidates,
  type NearDuplicateOptions,
  type NearDuplicatePair,
  type TextSketch,
} from './near-duplicates.ts';
export { alignPassages, highlightSegments, type AlignedPassage, type AlignOptions } from './align.ts';
export { segmentWords, segmenterTokenizer } from './segmenter-tokenizer.ts';
export { bigramTokenizer, buildBm25Index, rankBm25, STOPWORDS, wordTokenizer, type Bm25Index, type Bm25Options, type Tokenizer } from './bm25.ts';
export {
  categoriesMatcher,
  frameworkDocuments,
  frameworkMatcher,
  MACHINE_SUGGESTION_LABEL,
  type RankedScene,
  type SceneRef,
  type SceneSuggestions,
  type ScenarioMatcher,
} from './scenario-match.ts';
