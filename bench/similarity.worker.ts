// Worker of the similarity benchmark: generates its slice of the synthetic corpus (untimed), then on "sign"
// normalises, shingles and signs each document into the shared signature array (timed by the parent).
import { parentPort, workerData } from 'node:worker_threads';
import { frameworkCorpusModel } from '@anli/similarity/synthetic-model.ts';
import { normalizeCodesInto } from '@anli/similarity/normalize.ts';
import { countDistinct, minhashSignature, shingleHashes } from '@anli/similarity/minhash.ts';
import { corpusDocument } from './similarity.corpus.ts';

interface Init {
  start: number;
  end: number;
  k: number;
  shingle: number;
  sigs: SharedArrayBuffer;
  sizes: SharedArrayBuffer;
}

const init = workerData as Init;
const model = frameworkCorpusModel();
const MAX = 3600;
const count = init.end - init.start;
const text = new Uint16Array(new SharedArrayBuffer(count * MAX * 2));
const lengths = new Int32Array(count);

parentPort!.on('message', (msg: string) => {
  if (msg === 'generate') {
    for (let d = 0; d < count; d++) {
      const s = corpusDocument(model, init.start + d).text;
      if (s.length > MAX) throw new Error(`document ${init.start + d} longer than ${MAX}`);
      for (let c = 0; c < s.length; c++) text[d * MAX + c] = s.charCodeAt(c);
      lengths[d] = s.length;
    }
    parentPort!.postMessage('generated');
  } else if (msg === 'sign') {
    const sigs = new Uint32Array(init.sigs);
    const sizes = new Int32Array(init.sizes);
    const norm = new Uint16Array(MAX);
    const hashes = new Uint32Array(MAX);
    const scratch = new Uint32Array(16384);
    for (let d = 0; d < count; d++) {
      const n = normalizeCodesInto(text, d * MAX, d * MAX + lengths[d]!, norm);
      const h = shingleHashes(norm, n, init.shingle, hashes);
      minhashSignature(h, h.length, init.k, sigs, (init.start + d) * init.k);
      sizes[init.start + d] = countDistinct(h, scratch);
    }
    parentPort!.postMessage('signed');
  } else if (msg === 'texts') {
    // Hand the texts of this slice back (for the brute-force baseline on a subset).
    parentPort!.postMessage({ text: text.buffer, lengths, max: MAX });
  }
});
