// Node-only adapter: a file on disk as a ByteSource. Core code never imports node:*.
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../types.ts';

export class FileSource implements ByteSource {
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    /** Absolute or relative path of the file; Node tools (ffmpeg) use it instead of copying bytes. */
    readonly path: string,
    readonly name: string,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new Error(`${path} is not a regular file`);
      return new FileSource(fh, st.size, path, basename(path));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0) {
      throw new RangeError(`invalid read(${offset}, ${length})`);
    }
    const start = Math.min(offset, this.size);
    const want = Math.max(0, Math.min(this.size, start + length) - start);
    const buf = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(buf, got, want - got, start + got);
      if (bytesRead === 0) break; // file shrank under us
      got += bytesRead;
    }
    return got === want ? buf : buf.subarray(0, got);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

export function openFileSource(path: string): Promise<FileSource> {
  return FileSource.open(path);
}
