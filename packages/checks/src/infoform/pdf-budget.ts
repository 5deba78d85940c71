// Decompression-bomb guard for PDFs: before pdf.js opens a file (it inflates whole streams in memory), every
// FlateDecode stream is inflated here in slices and counted, stopping at the first byte over the budget.
// Pure (browser and server); bounded work: at most the budget's bytes are produced.
import { Unzlib } from 'fflate';

export interface PdfBudget {
  /** Inflated bytes of one stream. Default 128 MiB (a 600-dpi colour A4 scan stored with Flate is ~105 MB). */
  maxStreamBytes?: number;
  /** Inflated bytes of all streams. Default 384 MiB. */
  maxTotalBytes?: number;
}

export interface PdfBombFinding {
  /** Byte offset of the stream's data in the file. */
  offset: number;
  /** Inflated bytes counted when the budget was passed. */
  inflated: number;
  limit: number;
}

const latin1 = new TextDecoder('latin1');
const SLICE = 16 * 1024;

/** The first stream that inflates past the budget, or null. Streams that fail to inflate are left to pdf.js. */
export function findPdfBomb(bytes: Uint8Array, budget: PdfBudget = {}): PdfBombFinding | null {
  const maxStream = budget.maxStreamBytes ?? 128 * 1024 * 1024;
  const maxTotal = budget.maxTotalBytes ?? 384 * 1024 * 1024;
  const text = latin1.decode(bytes); // one char per byte: offsets match
  let total = 0;
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index >= 3 && text.slice(m.index - 3, m.index) === 'end') continue; // "endstream"
    const dictStart = text.lastIndexOf('<<', m.index);
    if (dictStart < 0 || m.index - dictStart > 4096) continue;
    const dict = text.slice(dictStart, m.index);
    if (!/\/(FlateDecode|Fl)\b/.test(dict)) continue;
    const start = m.index + m[0].length;
    let end = text.indexOf('endstream', start);
    if (end < 0) end = bytes.length;
    let produced = 0;
    let over = false;
    const limit = Math.min(maxStream, maxTotal - total);
    const z = new Unzlib((chunk) => {
      produced += chunk.length;
      if (produced > limit) over = true;
    });
    try {
      for (let o = start; o < end && !over; o += SLICE) z.push(bytes.subarray(o, Math.min(end, o + SLICE)), false);
    } catch {
      /* not valid zlib data: pdf.js decides */
    }
    if (over) return { offset: start, inflated: produced, limit };
    total += produced;
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  return null;
}
