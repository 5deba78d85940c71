// QR code detection in embedded images, with zxing-wasm's reader (ZXing-C++ compiled to WebAssembly).
// The wasm must never be fetched from a CDN: where it comes from is a port (`#qr-wasm`, package.json imports): in Node
// the installed package's file is read (src/node/qr-wasm.ts), in the browser the copy Vite bundles with the app is
// located (qr-wasm-browser.ts); `configureQrWasm` overrides either.
// Image files (PNG, JPEG, GIF, BMP) are decoded inside the wasm (stb_image); their header dimensions are checked
// here first so a decompression bomb is never decoded.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { RgbaImage } from '../types.ts';
import { loadQrWasm } from '#qr-wasm';

export interface QrWasmOptions {
  /** The bytes of `zxing_reader.wasm` (Node, tests, offline apps). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Emscripten `locateFile` hook: where the browser fetches `zxing_reader.wasm` from (a self-hosted URL). */
  locateFile?: (path: string, prefix: string) => string;
}

let configured = false;
let nodeSetup: Promise<boolean> | null = null; // the platform default, loaded once

/** Sets where the zxing reader wasm comes from. Call once before the first check in the browser. */
export function configureQrWasm(opts: QrWasmOptions): void {
  const overrides: Record<string, unknown> = {};
  if (opts.wasmBinary) {
    const b = opts.wasmBinary;
    overrides.wasmBinary = b instanceof Uint8Array ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b;
  }
  // Always give a locateFile so zxing-wasm's default (a CDN) is never used.
  overrides.locateFile = opts.locateFile ?? ((path: string, prefix: string) => prefix + path);
  prepareZXingModule({ overrides, fireImmediately: false });
  configured = true;
  nodeSetup = null;
  loaded = null;
}

let loaded: Promise<boolean> | null = null;

/**
 * Makes sure the reader's wasm is loaded from a local source: the configured one, or the default of the platform
 * this runs on (the `#qr-wasm` port: the installed package's file in Node, the copy bundled with the app in the
 * browser). False when it cannot be loaded; never fetches a CDN.
 */
export async function ensureQrReady(): Promise<boolean> {
  if (!configured) {
    nodeSetup ??= loadQrWasm().then(
      (opts) => {
        if (!opts) return false;
        configureQrWasm(opts);
        return true;
      },
      () => false,
    );
    if (!(await nodeSetup)) return false;
  }
  loaded ??= prepareZXingModule({ fireImmediately: true }).then(
    () => true,
    () => {
      loaded = null;
      return false;
    },
  );
  return loaded;
}

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'tiff' | 'emf' | 'wmf' | 'svg' | 'unknown';

export interface ImageHeader {
  format: ImageFormat;
  width: number | null;
  height: number | null;
}

/** Formats the reader decodes itself. */
export const DECODABLE_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'gif', 'bmp']);

function u16be(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
}
function u16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function i32le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

/** Image format and pixel dimensions from the file header, without decoding. */
export function sniffImage(b: Uint8Array): ImageHeader {
  const none = (format: ImageFormat): ImageHeader => ({ format, width: null, height: null });
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { format: 'png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the markers to the first SOFn.
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) {
        o++;
        continue;
      }
      const m = b[o + 1]!;
      if (m === 0xff) {
        o++;
        continue;
      }
      if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
        o += 2;
        continue;
      }
      const len = u16be(b, o + 2);
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
        return { format: 'jpeg', height: u16be(b, o + 5), width: u16be(b, o + 7) };
      }
      if (m === 0xd9 || m === 0xda) break;
      o += 2 + len;
    }
    return none('jpeg');
  }
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) {
    return { format: 'gif', width: u16le(b, 6), height: u16le(b, 8) };
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    return { format: 'bmp', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) {
    return none('webp');
  }
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))) {
    return none('tiff');
  }
  if (b.length >= 44 && b[0] === 0x01 && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[40] === 0x20 && b[41] === 0x45) {
    return none('emf');
  }
  if (b.length >= 4 && ((b[0] === 0xd7 && b[1] === 0xcd && b[2] === 0xc6 && b[3] === 0x9a) || (b[0] === 0x01 && b[1] === 0x00 && b[2] === 0x09 && b[3] === 0x00))) {
    return none('wmf');
  }
  const head = new TextDecoder().decode(b.subarray(0, Math.min(b.length, 512)));
  if (/<svg[\s>]/i.test(head) || (/^\s*<\?xml/.test(head) && /<svg/i.test(head))) return none('svg');
  return none('unknown');
}

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'MicroQRCode', 'rMQRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 8,
};

/** Texts of the QR codes in an image file (PNG/JPEG/GIF/BMP bytes). Throws when the image cannot be decoded. */
export async function decodeQrFromImageFile(bytes: Uint8Array): Promise<string[]> {
  if (!(await ensureQrReady())) throw new QrUnavailableError();
  const results = await readBarcodes(bytes, READER_OPTIONS);
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** Texts of the QR codes in a decoded RGBA image. */
export async function decodeQrFromRgba(image: RgbaImage): Promise<string[]> {
  if (!(await ensureQrReady())) throw new QrUnavailableError();
  const results = await readBarcodes(
    { data: image.data, width: image.width, height: image.height, colorSpace: 'srgb' } as unknown as ImageData,
    READER_OPTIONS,
  );
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** The reader's wasm is not available (browser without configureQrWasm, or it failed to load). */
export class QrUnavailableError extends Error {
  constructor() {
    super('二维码识别组件未加载');
    this.name = 'QrUnavailableError';
  }
}
