// Objects as files under one directory (DATA_DIR/files). The tus file store writes completed uploads into the same
// directory, so the object with key = upload id is the uploaded file itself; `<id>.json` next to it is tus's record.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { ObjectStorage, StoredObject } from './storage.ts';
import { ObjectNotFound, assertKey, assertRange } from './errors.ts';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export function createLocalStorage(dir: string): ObjectStorage {
  const root = path.resolve(dir);
  const ready = fs.mkdir(root, { recursive: true });
  // Awaited by every operation (which then reports the failure); never an unhandled rejection when none runs.
  ready.catch(() => undefined);
  const fileOf = (key: string) => {
    assertKey(key);
    return path.join(root, key);
  };

  async function stat(key: string): Promise<StoredObject | null> {
    await ready;
    try {
      const st = await fs.stat(fileOf(key));
      return st.isFile() ? { size: st.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  return {
    kind: 'local',

    async source(key) {
      await ready;
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(fileOf(key), 'r');
      } catch (err) {
        if (isMissing(err)) throw new ObjectNotFound(key);
        throw err;
      }
      const size = (await handle.stat()).size;
      let closed = false;
      return {
        size,
        name: key,
        async read(offset: number, length: number): Promise<Uint8Array> {
          if (closed) throw new Error('source closed');
          const want = Math.max(0, Math.min(length, size - offset));
          const buf = Buffer.allocUnsafe(want);
          let got = 0;
          while (got < want) {
            const { bytesRead } = await handle.read(buf, got, want - got, offset + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return got === want ? buf : buf.subarray(0, got);
        },
        async close() {
          if (closed) return;
          closed = true;
          await handle.close();
        },
      };
    },

    async stream(key, range) {
      const st = await stat(key);
      if (!st) throw new ObjectNotFound(key);
      assertRange(range, st.size);
      return createReadStream(fileOf(key), range ? { start: range.start, end: range.end } : {}) as Readable;
    },

    stat,

    async delete(key) {
      await ready;
      const file = fileOf(key);
      // The tus record of an upload lives next to it; an object without its bytes has no use for it.
      await Promise.all([fs.rm(file, { force: true }), fs.rm(`${file}.json`, { force: true })]);
    },

    async putFile(key, path) {
      await ready;
      // Generated demo media (hundreds of MB at the notices' 8 Mbps) are linked, not copied, into every demo case;
      // objects are never written in place, so a shared inode is safe. Another file system: copy.
      await fs.link(path, fileOf(key)).catch(() => fs.copyFile(path, fileOf(key)));
    },

    async put(key, body, size) {
      await ready;
      const file = fileOf(key);
      // Written under a temporary name (not a valid key) and renamed, so readers never see half an object.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
        if (size !== undefined && (await fs.stat(tmp)).size !== size) {
          throw new Error(`size mismatch writing ${key}: expected ${size}`);
        }
        await fs.rename(tmp, file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    },
  };
}
