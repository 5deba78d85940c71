import type { ByteSource } from '../types.ts';

/** In-memory bytes as a ByteSource (tests, small uploads already in memory). */
export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name?: string,
  ) {
    this.size = bytes.byteLength;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0) {
      throw new RangeError(`invalid read(${offset}, ${length})`);
    }
    const start = Math.min(offset, this.size);
    const end = Math.min(this.size, start + length);
    return this.bytes.subarray(start, end);
  }
}

export function memorySource(bytes: Uint8Array, name?: string): ByteSource {
  return new MemorySource(bytes, name);
}
