// The tus data stores with what the platform needs on top of @tus/file-store and @tus/s3-store:
// - the stored record of an upload (owner, metadata) without touching its bytes,
// - a persistent "completion was reported" marker, so policy.onComplete runs once per upload across retries and restarts,
// - expiry that never removes a completed upload and reports each removed id (FileStore.deleteExpired compares the
//   declared size with the offset saved at creation, which is always 0: it would delete completed files too).
import { FileStore } from '@tus/file-store';
import { ERRORS, type DataStore, type Upload } from '@tus/server';
import { FileKvStore, type KvStore } from '@tus/utils';

export interface UploadRecord {
  metadata: Record<string, string>;
  size: number | null;
  creationDate: string | null;
}

export interface PlatformStore extends DataStore {
  getRecord(id: string): Promise<UploadRecord | null>;
  isCompletionReported(id: string): Promise<boolean>;
  markCompletionReported(upload: Upload): Promise<void>;
  /** Called with each upload id removed by `deleteExpired`. */
  onExpired: (id: string) => Promise<void>;
}

/** Extensions we advertise: no deferred length (the policy needs the size up front), plus checksum (done in tus.ts). */
export const TUS_EXTENSIONS = ['creation', 'creation-with-upload', 'termination', 'expiration', 'checksum'];

export function cleanMetadata(m: Record<string, string | null> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = v ?? '';
  return out;
}

export function isExpired(creationDate: string | null | undefined, expirationMs: number, now: number): boolean {
  if (!creationDate || expirationMs <= 0) return false;
  return now > new Date(creationDate).getTime() + expirationMs;
}

type StoredJson = {
  size?: number;
  metadata?: Record<string, string | null>;
  creation_date?: string;
  completionReported?: boolean;
};

/**
 * The upload records (JSON files beside the bytes) read through a per-process copy: one upload's requests read its
 * record five or six times (owner check, offset, completion marker), and each read was a file opened, read and
 * closed. Measured with the API alone on a core (`BENCH_ROUTES=1 BENCH_ROUTE_ONLY=upload`, two rounds): 10.1 / 7.5 ms of
 * API CPU per upload with the files, 8.2 / 6.9 with this copy, 6.7 / 6.7 with no files at all (tus's memory store).
 * Writes go to the file first, then to the copy. What a record holds does not change after creation (size, owner,
 * metadata, creation date), except the completion marker, whose only use is to run the idempotent completion once:
 * another process's newer marker seen late here runs it once more, harmlessly. A record removed by another process
 * stays here until evicted, but its bytes are gone, so the upload answers "no longer exists" all the same.
 */
export class CachedKvStore<T> implements KvStore<T> {
  private readonly copies = new Map<string, string>();

  constructor(
    private readonly inner: KvStore<T>,
    private readonly max = 10_000,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const copy = this.copies.get(key);
    // A fresh object every time: callers may change what they got before writing it back.
    if (copy !== undefined) return JSON.parse(copy) as T;
    const value = await this.inner.get(key);
    if (value !== undefined) this.keep(key, JSON.stringify(value));
    return value;
  }

  async set(key: string, value: T): Promise<void> {
    await this.inner.set(key, value);
    this.keep(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.copies.delete(key);
    await this.inner.delete(key);
  }

  async list(): Promise<string[]> {
    return this.inner.list ? this.inner.list() : [...this.copies.keys()];
  }

  private keep(key: string, json: string) {
    this.copies.delete(key);
    if (this.copies.size >= this.max) this.copies.delete(this.copies.keys().next().value!); // the least recently kept
    this.copies.set(key, json);
  }
}

export class PlatformFileStore extends FileStore implements PlatformStore {
  onExpired: (id: string) => Promise<void> = async () => {};

  constructor(opts: { directory: string; expirationPeriodInMilliseconds: number }) {
    super({ ...opts, configstore: new CachedKvStore(new FileKvStore(opts.directory)) });
    this.extensions = [...TUS_EXTENSIONS];
  }

  async getRecord(id: string): Promise<UploadRecord | null> {
    const rec = (await this.configstore.get(id)) as StoredJson | undefined;
    if (!rec) return null;
    return { metadata: cleanMetadata(rec.metadata), size: rec.size ?? null, creationDate: rec.creation_date ?? null };
  }

  async isCompletionReported(id: string): Promise<boolean> {
    const rec = (await this.configstore.get(id)) as StoredJson | undefined;
    return rec?.completionReported === true;
  }

  async markCompletionReported(upload: Upload): Promise<void> {
    const rec = (await this.configstore.get(upload.id)) as StoredJson | undefined;
    if (!rec) return;
    await this.configstore.set(upload.id, { ...rec, offset: upload.size, completionReported: true } as never);
  }

  override async deleteExpired(): Promise<number> {
    const expiration = this.getExpiration();
    if (expiration <= 0 || !this.configstore.list) return 0;
    const now = Date.now();
    let removed = 0;
    for (const id of await this.configstore.list()) {
      let upload: Upload;
      try {
        upload = await this.getUpload(id);
      } catch (err) {
        if (err === ERRORS.FILE_NO_LONGER_EXISTS) {
          // record without bytes: drop the record
          await this.configstore.delete(id).catch(() => {});
        }
        continue;
      }
      const complete = upload.size !== undefined && upload.offset === upload.size;
      if (complete || !isExpired(upload.creation_date, expiration, now)) continue;
      try {
        await this.remove(id);
      } catch {
        continue; // removed concurrently
      }
      removed++;
      await this.onExpired(id);
    }
    return removed;
  }
}

