// PDF reading for the info form: opens the PDF with pdfjs-dist (no worker thread, no network) and looks
// for red seal-like marks (red pixels in page images, red vector fills/strokes/text) without rendering.
// pdfjs is loaded lazily so a browser bundle can configure its own build and worker (configurePdfjs).
import type { ByteSource } from '../types.ts';
import { findPdfBomb } from './pdf-budget.ts';

/** The subset of the pdfjs-dist module used here. */
export interface PdfjsModule {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
  OPS: Record<string, number>;
  GlobalWorkerOptions: { workerSrc: string };
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfPage {
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  objs: PdfObjs;
  commonObjs: PdfObjs;
  cleanup(): void;
  view: number[];
}
interface PdfObjs {
  get(id: string, cb: (data: unknown) => void): void;
  has(id: string): boolean;
  get(id: string): unknown;
}

export interface PdfjsConfig {
  /** Loads the pdfjs module (default: `pdfjs-dist/legacy/build/pdf.mjs`). */
  load?: () => Promise<PdfjsModule>;
  /** Worker script URL for browsers (self-hosted; never a CDN). In Node no worker is used. */
  workerSrc?: string;
}

let config: PdfjsConfig = {};
let loaded: Promise<PdfjsModule> | undefined;

/** Lets the web app supply its own pdfjs build and a local worker URL. Call before the first check. */
export function configurePdfjs(c: PdfjsConfig): void {
  config = { ...config, ...c };
  loaded = undefined;
}

async function pdfjs(): Promise<PdfjsModule> {
  if (!loaded) {
    loaded = (async () => {
      const mod = config.load ? await config.load() : ((await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfjsModule);
      if (config.workerSrc) mod.GlobalWorkerOptions.workerSrc = config.workerSrc;
      return mod;
    })();
    loaded.catch(() => (loaded = undefined));
  }
  return loaded;
}

export type PdfOpenResult =
  | { ok: true; doc: PdfDocument; numPages: number; mod: PdfjsModule }
  | { ok: false; reason: 'password' | 'invalid' | 'too_large' | 'bomb' | 'error'; detail: string };

export const MAX_PDF_BYTES = 64 * 1024 * 1024;

/** Opens a PDF; never throws. */
export async function openPdf(source: ByteSource): Promise<PdfOpenResult> {
  if (source.size > MAX_PDF_BYTES) return { ok: false, reason: 'too_large', detail: `${source.size}` };
  let mod: PdfjsModule;
  try {
    mod = await pdfjs();
  } catch (e) {
    return { ok: false, reason: 'error', detail: `pdfjs load failed: ${(e as Error).message}` };
  }
  // A plain Uint8Array copy: pdfjs refuses Node Buffers and transfers (detaches) what it is given.
  const data = new Uint8Array(await source.read(0, source.size));
  // pdf.js inflates whole streams in memory: a stream that inflates past the budget is refused before it opens.
  const bomb = findPdfBomb(data);
  if (bomb) return { ok: false, reason: 'bomb', detail: `stream at ${bomb.offset} inflates past ${bomb.limit} bytes` };
  let task: ReturnType<PdfjsModule['getDocument']>;
  try {
    task = mod.getDocument({
    data,
    // No network, no eval, no system fonts, no font loading: we only walk operator lists.
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 0,
    });
  } catch (e) {
    return { ok: false, reason: 'error', detail: String((e as Error)?.message ?? e) };
  }
  try {
    const doc = await task.promise;
    return { ok: true, doc, numPages: doc.numPages, mod };
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as { name?: string })?.name ?? '';
    if (name === 'PasswordException') return { ok: false, reason: 'password', detail: String((e as Error).message) };
    if (name === 'InvalidPDFException') return { ok: false, reason: 'invalid', detail: String((e as Error).message) };
    return { ok: false, reason: 'error', detail: String((e as Error)?.message ?? e) };
  }
}

export interface SealScan {
  /** true: red seal-like mark found; false: none found; null: cannot tell. */
  found: boolean | null;
  pagesScanned: number;
  images: number;
  imagesDecoded: number;
  redPixels: number;
  /** Largest share of strongly red pixels in one image. */
  maxRedShare: number;
  redVectorOps: number;
  pagesWithRed: number[];
}

const FILL_OPS = ['fill', 'eoFill', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke'];
const STROKE_OPS = ['stroke', 'closeStroke', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke'];
const TEXT_OPS = ['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText'];

function isRedHex(hex: unknown): boolean {
  if (typeof hex !== 'string' || !/^#[0-9a-f]{6}$/i.test(hex)) return false;
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return isRedRgb(r, g, b);
}

/** Seal red: a strong red channel well above green and blue (scans fade, so thresholds are loose). */
function isRedRgb(r: number, g: number, b: number): boolean {
  return r >= 140 && r - g >= 60 && r - b >= 50;
}

interface ImageLike {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

function countRed(img: ImageLike): { red: number; sampled: number } | null {
  const { width, height, data, kind } = img;
  if (!data || !width || !height) return null;
  const channels = kind === 3 ? 4 : kind === 2 ? 3 : data.length === width * height * 4 ? 4 : data.length === width * height * 3 ? 3 : 0;
  if (!channels) return { red: 0, sampled: width * height }; // grayscale / 1 bpp: no red
  const total = width * height;
  const stride = Math.max(1, Math.floor(Math.sqrt(total / 1_000_000)));
  let red = 0;
  let sampled = 0;
  for (let y = 0; y < height; y += stride) {
    let o = y * width * channels;
    for (let x = 0; x < width; x += stride, o += stride * channels) {
      sampled++;
      if (channels === 4 && data[o + 3]! < 128) continue;
      if (isRedRgb(data[o]!, data[o + 1]!, data[o + 2]!)) red++;
    }
  }
  return { red, sampled };
}

function getObj(page: PdfPage, id: string, timeoutMs: number): Promise<unknown> {
  const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), timeoutMs);
    try {
      objs.get(id, (data: unknown) => {
        clearTimeout(t);
        resolve(data);
      });
    } catch {
      clearTimeout(t);
      resolve(null);
    }
  });
}

/** Walks the operator lists of the first pages looking for red seal-like marks. */
export async function scanRedSeal(doc: PdfDocument, mod: PdfjsModule, opts: { maxPages?: number; deadline?: number } = {}): Promise<SealScan> {
  const OPS = mod.OPS;
  const fill = new Set(FILL_OPS.map((n) => OPS[n]).filter((x) => x !== undefined));
  const stroke = new Set(STROKE_OPS.map((n) => OPS[n]).filter((x) => x !== undefined));
  const text = new Set(TEXT_OPS.map((n) => OPS[n]).filter((x) => x !== undefined));
  const scan: SealScan = { found: false, pagesScanned: 0, images: 0, imagesDecoded: 0, redPixels: 0, maxRedShare: 0, redVectorOps: 0, pagesWithRed: [] };
  const maxPages = Math.min(doc.numPages, opts.maxPages ?? 20);
  const deadline = opts.deadline ?? Date.now() + 30_000;
  let failures = 0;
  let imageRed = false;
  for (let n = 1; n <= maxPages; n++) {
    if (Date.now() > deadline) {
      failures++;
      break;
    }
    let page: PdfPage;
    let list: { fnArray: number[]; argsArray: unknown[][] };
    try {
      page = await doc.getPage(n);
      list = await page.getOperatorList();
    } catch {
      failures++;
      continue;
    }
    scan.pagesScanned++;
    let fillRed = false;
    let strokeRed = false;
    let pageRed = false;
    const stack: Array<[boolean, boolean]> = [];
    for (let i = 0; i < list.fnArray.length; i++) {
      const fn = list.fnArray[i]!;
      const args = list.argsArray[i] ?? [];
      if (fn === OPS.save) stack.push([fillRed, strokeRed]);
      else if (fn === OPS.restore) [fillRed, strokeRed] = stack.pop() ?? [false, false];
      else if (fn === OPS.setFillRGBColor) fillRed = isRedHex(args[0]);
      else if (fn === OPS.setStrokeRGBColor) strokeRed = isRedHex(args[0]);
      else if (fn === OPS.constructPath) {
        const op = args[0] as number;
        if ((fill.has(op) && fillRed) || (stroke.has(op) && strokeRed)) (scan.redVectorOps++, (pageRed = true));
      } else if (fill.has(fn) && fillRed) (scan.redVectorOps++, (pageRed = true));
      else if (stroke.has(fn) && strokeRed) (scan.redVectorOps++, (pageRed = true));
      else if (text.has(fn) && fillRed) (scan.redVectorOps++, (pageRed = true));
      else if (fn === OPS.paintImageMaskXObject && fillRed) (scan.redVectorOps += 3, (pageRed = true));
      else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) {
        scan.images++;
        const img = (fn === OPS.paintInlineImageXObject ? args[0] : await getObj(page, String(args[0]), 5000)) as ImageLike | null;
        const counted = img ? countRed(img) : null;
        if (!counted) continue;
        scan.imagesDecoded++;
        scan.redPixels += counted.red;
        const share = counted.sampled ? counted.red / counted.sampled : 0;
        if (share > scan.maxRedShare) scan.maxRedShare = share;
        if (counted.red >= 150 && share >= 0.0005) imageRed = pageRed = true;
      }
    }
    if (pageRed) scan.pagesWithRed.push(n);
    try {
      page.cleanup();
    } catch {
      /* ignore */
    }
  }
  const redVector = scan.redVectorOps >= 3;
  if (redVector || imageRed) scan.found = true;
  else if (scan.pagesScanned === 0 || failures > 0 || (scan.images > 0 && scan.imagesDecoded === 0)) scan.found = null;
  else scan.found = false;
  return scan;
}
