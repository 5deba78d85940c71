// Objects in an S3-compatible bucket. The tus S3 store writes completed uploads under key = upload id
// (with `<id>.info` / `<id>.part` beside them), so an uploaded file is readable here by its upload id.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  S3Client,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { ObjectStorage, StoredObject } from './storage.ts';
import type { S3StorageConfig } from './storage-config.ts';
import { ObjectNotFound, assertKey, assertRange } from './errors.ts';

/** Client settings shared with the tus S3 store. */
export function s3ClientConfig(cfg: S3StorageConfig): S3ClientConfig {
  return {
    region: cfg.region,
    endpoint: cfg.endpoint,
    forcePathStyle: cfg.forcePathStyle,
    credentials:
      cfg.accessKeyId && cfg.secretAccessKey
        ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey }
        : undefined,
    // Without this, streamed bodies are sent with aws-chunked framing and trailing checksums,
    // which S3-compatible servers (s3rver, older MinIO) store verbatim: corrupt objects.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchKey' ||
    e?.Code === 'NoSuchKey' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

export function createS3Storage(cfg: S3StorageConfig, client: S3Client = new S3Client(s3ClientConfig(cfg))): ObjectStorage {
  const Bucket = cfg.bucket;

  async function stat(key: string): Promise<StoredObject | null> {
    assertKey(key);
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return { size: Number(head.ContentLength ?? 0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async function getRange(key: string, start: number, end: number) {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: key, Range: `bytes=${start}-${end}` }));
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFound(key);
      throw err;
    }
  }

  return {
    kind: 's3',

    async source(key) {
      const st = await stat(key);
      if (!st) throw new ObjectNotFound(key);
      const size = st.size;
      return {
        size,
        name: key,
        async read(offset: number, length: number): Promise<Uint8Array> {
          const end = Math.min(size, offset + length) - 1;
          if (length <= 0 || offset >= size || end < offset) return new Uint8Array(0);
          const res = await getRange(key, offset, end);
          return res.Body ? await res.Body.transformToByteArray() : new Uint8Array(0);
        },
        async close() {},
      };
    },

    async stream(key, range) {
      assertKey(key);
      if (range) {
        const st = await stat(key);
        if (!st) throw new ObjectNotFound(key);
        assertRange(range, st.size);
      }
      let res: GetObjectCommandOutput;
      try {
        res = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
      } catch (err) {
        if (isNotFound(err)) throw new ObjectNotFound(key);
        throw err;
      }
      // In Node the SDK's body is an http.IncomingMessage (a Readable).
      const body = res.Body;
      if (body instanceof Readable) return body;
      if (!body) return Readable.from([]);
      return Readable.fromWeb(body.transformToWebStream() as never);
    },

    stat,

    async delete(key) {
      assertKey(key);
      // The object and, when it came through tus, its info, incomplete-part and completion-marker objects.
      for (const Key of [key, `${key}.info`, `${key}.part`, `${key}.done`]) {
        try {
          await client.send(new DeleteObjectCommand({ Bucket, Key }));
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    },

    async put(key, body, size) {
      assertKey(key);
      if (size !== undefined) {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: size }));
        return;
      }
      // PutObject needs a length: spool to a temporary file first (never the whole body in memory).
      const tmp = path.join(os.tmpdir(), `anli-put-${randomBytes(8).toString('hex')}`);
      try {
        await pipeline(body, createWriteStream(tmp));
        const { size: len } = await fs.stat(tmp);
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(tmp), ContentLength: len }));
      } finally {
        await fs.rm(tmp, { force: true });
      }
    },
  };
}
