// The browser's source of the QR reader's wasm (the `#qr-wasm` port): the copy Vite bundles with the app, found by
// the static `new URL(...)` below (Vite copies the referenced file into the build and rewrites the URL).
import type { QrWasmOptions } from './qr.ts';

export async function loadQrWasm(): Promise<QrWasmOptions | null> {
  const url = new URL('../../../../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', import.meta.url).href;
  return { locateFile: () => url };
}
