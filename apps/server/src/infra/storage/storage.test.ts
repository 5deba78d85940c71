import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { ObjectStorage } from './storage.ts';
import { createLocalStorage } from './local-storage.ts';
import { createS3Storage } from './s3-storage.ts';
import { loadStorageConfig } from './storage-config.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';
import { ObjectNotFound } from './errors.ts';

async function collect(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function contract(name: string, make: () => Promise<ObjectStorage>) {
  describe(name, () => {
    let storage: ObjectStorage;
    beforeAll(async () => {
      storage = await make();
    });

    it('puts, stats, reads ranges, streams and deletes', async () => {
      const data = randomBytes(300_000);
      await storage.put('obj_1', Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), data.length);
      expect(await storage.stat('obj_1')).toEqual({ size: data.length });

      const src = await storage.source('obj_1');
      expect(src.size).toBe(data.length);
      expect(Buffer.from(await src.read(1000, 5000)).equals(data.subarray(1000, 6000))).toBe(true);
      // a read past the end returns fewer bytes
      expect(Buffer.from(await src.read(data.length - 10, 100)).equals(data.subarray(data.length - 10))).toBe(true);
      expect((await src.read(data.length, 10)).length).toBe(0);
      await src.close();

      expect((await collect(await storage.stream('obj_1'))).equals(data)).toBe(true);
      const part = await collect(await storage.stream('obj_1', { start: 12345, end: 23456 }));
      expect(part.equals(data.subarray(12345, 23457))).toBe(true);

      await storage.delete('obj_1');
      expect(await storage.stat('obj_1')).toBeNull();
      await expect(storage.source('obj_1')).rejects.toBeInstanceOf(ObjectNotFound);
      await expect(storage.stream('obj_1')).rejects.toBeInstanceOf(ObjectNotFound);
      await storage.delete('obj_1'); // idempotent
    });

    it('puts a stream of unknown length', async () => {
      await storage.put('obj_2', Readable.from(['你好', '世界']));
      expect(await text(await storage.stream('obj_2'))).toBe('你好世界');
      await storage.delete('obj_2');
    });

    it('refuses keys that are not plain ids', async () => {
      for (const key of ['../etc/passwd', 'a/b', '', 'x.json', '..']) {
        await expect(storage.stat(key)).rejects.toBeInstanceOf(ObjectNotFound);
        await expect(storage.put(key, Readable.from(['x']))).rejects.toBeInstanceOf(ObjectNotFound);
      }
    });
  });
}

let tmp: string;
let s3: S3TestServer;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'anli-storage-'));
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

contract('local storage', async () => createLocalStorage(path.join(tmp, 'files')));
contract('S3 storage (s3rver)', async () => createS3Storage(s3.config));

describe('storage config', () => {
  it('is local under DATA_DIR/files without S3_BUCKET', () => {
    expect(loadStorageConfig({ DATA_DIR: '/srv/anli' })).toEqual({ kind: 'local', dir: '/srv/anli/files' });
  });
  it('is S3 with S3_BUCKET', () => {
    const cfg = loadStorageConfig({ S3_BUCKET: 'b', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(cfg).toEqual({
      kind: 's3',
      s3: { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'b', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true },
    });
    const aws = loadStorageConfig({ S3_BUCKET: 'b', S3_REGION: 'cn-north-1', S3_FORCE_PATH_STYLE: 'false' });
    expect(aws.kind === 's3' && aws.s3.forcePathStyle).toBe(false);
  });
});
