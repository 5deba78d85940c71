import type { ByteSource } from '../types.ts';

/**
 * A browser `File`/`Blob` (or Node's global Blob) as a ByteSource. Pure web API: `slice()` +
 * `arrayBuffer()` reads only the requested range, so a 2 GB file is never loaded whole.
 */
export class BlobSource implements ByteSource {
  readonly size: number;
  readonly name?: string;
  constructor(private readonly blob: Blob, name?: string) {
    this.size = blob.size;
    this.name = name ?? (typeof (blob as { name?: unknown }).name === 'string' ? (blob as File).name : undefined);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0) {
      throw new RangeError(`invalid read(${offset}, ${length})`);
    }
    const start = Math.min(offset, this.size);
    const end = Math.min(this.size, start + length);
    if (end <= start) return new Uint8Array(0);
    return new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
  }
}

export function blobSource(blob: Blob, name?: string): ByteSource {
  return new BlobSource(blob, name);
}
