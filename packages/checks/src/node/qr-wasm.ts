// Node's source of the QR reader's wasm (the `#qr-wasm` port, chosen by the "node" condition of package.json
// imports): the bytes of the file in the installed zxing-wasm package.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { QrWasmOptions } from '../courseware/qr.ts';

export async function loadQrWasm(): Promise<QrWasmOptions | null> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = await readFile(path);
  return { wasmBinary: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
