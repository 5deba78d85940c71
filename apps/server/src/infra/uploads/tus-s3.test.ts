// The S3 path end to end: s3rver (with the multipart shim) ← @tus/s3-store ← tus endpoint ← tus-js-client,
// interrupted and resumed, then read back through createS3Storage (source() and stream(range)).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createS3Storage } from '../storage/s3-storage.ts';
import { startS3TestServer, type S3TestServer } from '../storage/s3-test-server.ts';
import { sha256File, sha256Stream, startTusApp, testPolicy, tusClientUpload, writeRandomFile, type RecordingPolicy, type TusTestApp } from './tus-test-kit.ts';

const MB = 1024 * 1024;
const SIZE = 20 * MB + 777;
let tmp: string;
let s3: S3TestServer;
let srv: TusTestApp;
let policy: RecordingPolicy;
let file: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'anli-tus-s3-'));
  s3 = await startS3TestServer();
  policy = testPolicy();
  srv = await startTusApp({ policy, storage: 's3', s3: s3.config, maxSizeBytes: 64 * MB, expirationMs: 3_600_000, s3PartSize: 5 * MB });
  file = path.join(tmp, 'src.bin');
  await writeRandomFile(file, SIZE);
});
afterAll(async () => {
  await srv?.close();
  await s3?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const tusHeaders = (extra: Record<string, string> = {}) => ({ 'tus-resumable': '1.0.0', 'x-test-user': 'alice', ...extra });

describe('tus uploads on S3 (s3rver)', () => {
  it('uploads with an interruption at a random byte, resumes, and reads back identical bytes', async () => {
    const cut = Math.floor(SIZE * (0.3 + Math.random() * 0.4));
    let aborted = false;
    const first = tusClientUpload(file, srv.endpoint, {
      user: 'alice',
      chunkSize: 7 * MB,
      onBytes: (sent, _t, up) => {
        if (!aborted && sent >= cut) {
          aborted = true;
          void up.abort();
        }
      },
    });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (aborted && first.upload.url) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => setTimeout(r, 300));
    const url = first.upload.url!;
    const h = await fetch(url, { method: 'HEAD', headers: tusHeaders() });
    expect(h.status).toBe(200);
    const offset = Number(h.headers.get('upload-offset'));
    expect(offset).toBeLessThan(SIZE);

    await tusClientUpload(file, srv.endpoint, { user: 'alice', chunkSize: 7 * MB, uploadUrl: url }).done;
    const id = url.split('/').pop()!;
    const storage = createS3Storage(s3.config);
    expect(await storage.stat(id)).toEqual({ size: SIZE });
    expect(await sha256Stream(await storage.stream(id))).toBe(await sha256File(file));

    const local = await fs.readFile(file);
    const src = await storage.source(id);
    expect(src.size).toBe(SIZE);
    for (const [o, n] of [[0, 100], [5 * MB - 10, 20], [SIZE - 50, 100], [12_345_678, 65_536]]) {
      expect(Buffer.from(await src.read(o, n)).equals(local.subarray(o, o + n))).toBe(true);
    }
    await src.close();
    const chunks: Buffer[] = [];
    for await (const c of await storage.stream(id, { start: 7 * MB - 3, end: 7 * MB + 1000 })) chunks.push(c as Buffer);
    const ranged = Buffer.concat(chunks);
    expect(ranged.equals(local.subarray(7 * MB - 3, 7 * MB + 1001))).toBe(true);

    expect(policy.completed.filter((c) => c.id === id)).toHaveLength(1);
    // a completed upload's HEAD reports the full offset
    const done = await fetch(url, { method: 'HEAD', headers: tusHeaders() });
    expect(done.headers.get('upload-offset')).toBe(String(SIZE));
  });

  it('termination and expiry remove unfinished S3 uploads', async () => {
    const create = async () => {
      const res = await fetch(srv.endpoint, { method: 'POST', headers: tusHeaders({ 'upload-length': String(6 * MB) }) });
      expect(res.status).toBe(201);
      return new URL(res.headers.get('location')!, srv.origin).href;
    };
    const url = await create();
    const part = await fetch(url, {
      method: 'PATCH',
      headers: tusHeaders({ 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
      body: randomBytes(1000),
    });
    expect(part.status).toBe(204);
    const del = await fetch(url, { method: 'DELETE', headers: tusHeaders() });
    expect(del.status).toBe(204);
    expect((await fetch(url, { method: 'HEAD', headers: tusHeaders() })).status).toBe(404);

    // expiry, with a server whose uploads expire at once
    const p = testPolicy();
    const quick = await startTusApp({ policy: p, storage: 's3', s3: s3.config, maxSizeBytes: 64 * MB, expirationMs: 200, cleanupIntervalMs: 3_600_000 });
    try {
      const res = await fetch(quick.endpoint, { method: 'POST', headers: tusHeaders({ 'upload-length': '100' }) });
      const id = res.headers.get('location')!.split('/').pop()!;
      await new Promise((r) => setTimeout(r, 1100)); // s3rver stamps uploads with a one-second clock
      expect(await quick.uploads.cleanUpExpired()).toBeGreaterThanOrEqual(1);
      expect(p.terminated).toContain(id);
      expect(await createS3Storage(s3.config).stat(id)).toBeNull();
    } finally {
      await quick.close();
    }
  });
});
