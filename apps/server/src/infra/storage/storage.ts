// Object storage behind one interface: a local folder by default, S3-compatible storage when S3_* is configured.
// Keys are random (the upload id); nothing is addressed by a user-supplied name.
import type { Readable } from 'node:stream';
import type { ByteSource } from '@anli/checks/types.ts';

export interface StoredObject {
  size: number;
}

export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  /** Random-access reads for the checker (range requests on S3). Close it when done. */
  source(key: string): Promise<ByteSource & { close(): Promise<void> }>;
  /** A byte stream of the whole object or an inclusive byte range (downloads, video seeking). */
  stream(key: string, range?: { start: number; end: number }): Promise<Readable>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Writes a whole object from a stream (generated files, restores). */
  put(key: string, body: Readable, size?: number): Promise<void>;
  /** Stores a local file as an object without copying when the storage can (a hard link on local storage). */
  putFile?(key: string, path: string): Promise<void>;
}
