// tus endpoint on local storage, against a real Fastify server on a random port, with tus-js-client and raw fetch.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryLocker } from '@tus/server';
import { createLocalStorage } from '../storage/local-storage.ts';
import { sha256File, sha256Stream, startTusApp, testPolicy, tusClientUpload, writeRandomFile, type RecordingPolicy, type TusTestApp } from './tus-test-kit.ts';

const MB = 1024 * 1024;
let tmp: string;
let filesDir: string;
let policy: RecordingPolicy;
let srv: TusTestApp;
let bigFile: string;
let bigHash: string;
const BIG = 24 * MB + 12345;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const tusHeaders = (user = 'alice', extra: Record<string, string> = {}) => ({ 'tus-resumable': '1.0.0', 'x-test-user': user, ...extra });

async function create(length: number, user = 'alice', metadata = `filename ${b64('课件.pptx')}`): Promise<Response> {
  return fetch(srv.endpoint, { method: 'POST', headers: tusHeaders(user, { 'upload-length': String(length), 'upload-metadata': metadata }) });
}
async function createUrl(length: number, user = 'alice'): Promise<string> {
  const res = await create(length, user);
  expect(res.status).toBe(201);
  return new URL(res.headers.get('location')!, srv.origin).href;
}
function patch(url: string, offset: number, body: Buffer, user = 'alice', extra: Record<string, string> = {}) {
  return fetch(url, {
    method: 'PATCH',
    headers: tusHeaders(user, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...extra }),
    body: new Uint8Array(body),
  });
}
const head = (url: string, user = 'alice') => fetch(url, { method: 'HEAD', headers: tusHeaders(user) });
const checksum = (alg: string, data: Buffer) => `${alg} ${createHash(alg).update(data).digest('base64')}`;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'anli-tus-'));
  filesDir = path.join(tmp, 'files');
  policy = testPolicy();
  srv = await startTusApp({ policy, storage: 'local', localDir: filesDir, maxSizeBytes: 64 * MB, expirationMs: 3_600_000 });
  bigFile = path.join(tmp, 'big.bin');
  await writeRandomFile(bigFile, BIG);
  bigHash = await sha256File(bigFile);
});
afterAll(async () => {
  await srv?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('tus uploads (local storage)', () => {
  it('resumes an upload interrupted at a random byte; the stored object is identical', async () => {
    // The cut stays before the last 8 MB chunk: a chunk already on the wire when abort() runs may still complete.
    const cut = Math.floor(BIG * (0.2 + Math.random() * 0.4));
    const first = tusClientUpload(bigFile, srv.endpoint, {
      user: 'alice',
      chunkSize: 8 * MB,
      onBytes: (sent, _t, up) => {
        if (sent >= cut) void up.abort();
      },
    });
    // abort() neither resolves nor rejects: wait until the upload URL exists and the cut point passed
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (first.upload.url && (first.upload as unknown as { _aborted: boolean })._aborted) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    const url = first.upload.url!;
    await new Promise((r) => setTimeout(r, 200)); // let the server settle the cut request
    const h = await head(url);
    const offset = Number(h.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(BIG);
    expect(h.headers.get('upload-expires')).toBeNull(); // HEAD does not carry it; POST/PATCH do
    expect(policy.completed.find((c) => c.id === url.split('/').pop())).toBeUndefined();

    const second = tusClientUpload(bigFile, srv.endpoint, { user: 'alice', chunkSize: 8 * MB, uploadUrl: url });
    await second.done;
    const id = url.split('/').pop()!;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const storage = createLocalStorage(filesDir);
    expect(await storage.stat(id)).toEqual({ size: BIG });
    expect(await sha256Stream(await storage.stream(id))).toBe(bigHash);
    const calls = policy.completed.filter((c) => c.id === id);
    expect(calls).toHaveLength(1);
    expect(calls[0].size).toBe(BIG);
    expect(calls[0].metadata).toMatchObject({ filename: 'test.bin', ownerId: 'alice' });
  });

  it('advertises the extensions, checksum algorithms and max size', async () => {
    const res = await fetch(srv.endpoint, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    expect(res.headers.get('tus-extension')!.split(',')).toEqual(expect.arrayContaining(['creation', 'termination', 'expiration', 'checksum']));
    expect(res.headers.get('tus-checksum-algorithm')).toBe('sha1,sha256,md5');
    expect(res.headers.get('tus-max-size')).toBe(String(64 * MB));
  });

  it('creation: random ids, Upload-Expires, owner in metadata; the policy can refuse with a Chinese message', async () => {
    const res = await create(10);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
    expect(new Date(res.headers.get('upload-expires')!).getTime()).toBeGreaterThan(Date.now());
    const url = new URL(res.headers.get('location')!, srv.origin).href;
    const meta = (await head(url)).headers.get('upload-metadata')!;
    expect(meta).toContain(`ownerId ${b64('alice')}`);
    expect(meta).toContain(`filename ${b64('课件.pptx')}`);

    const refused = await create(10, 'alice', `refuse ${b64('1')}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('不允许上传此文件');
    const anonymous = await fetch(srv.endpoint, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toBe('请先登录');
    // a client cannot choose its owner
    const forged = await create(10, 'alice', `ownerId ${b64('bob')}`);
    const forgedMeta = (await head(new URL(forged.headers.get('location')!, srv.origin).href)).headers.get('upload-metadata')!;
    expect(forgedMeta).toContain(`ownerId ${b64('alice')}`);
    // deferred length is not offered
    const deferred = await fetch(srv.endpoint, { method: 'POST', headers: tusHeaders('alice', { 'upload-defer-length': '1' }) });
    expect(deferred.status).toBe(501);
  });

  it('refuses an upload over the maximum size with 413', async () => {
    const res = await create(64 * MB + 1);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('文件超过大小上限（64 MB）');
    // and a PATCH body larger than the declared length
    const url = await createUrl(10);
    const over = await patch(url, 0, randomBytes(11));
    expect(over.status).toBe(413);
  });

  it('offset mismatch → 409, offset unmoved', async () => {
    const url = await createUrl(100);
    expect((await patch(url, 0, randomBytes(40))).status).toBe(204);
    const res = await patch(url, 10, randomBytes(10));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('上传位置');
    expect((await head(url)).headers.get('upload-offset')).toBe('40');
  });

  it('checksum: a wrong digest → 460 with the offset unmoved; a correct one is accepted', async () => {
    const data = randomBytes(300_000);
    const url = await createUrl(data.length);
    const first = data.subarray(0, 100_000);
    expect((await patch(url, 0, first, 'alice', { 'upload-checksum': checksum('sha256', first) })).status).toBe(204);

    const second = data.subarray(100_000, 200_000);
    const corrupt = Buffer.from(second);
    corrupt[5] ^= 1;
    const bad = await patch(url, 100_000, corrupt, 'alice', { 'upload-checksum': checksum('sha256', second) });
    expect(bad.status).toBe(460);
    expect(await bad.text()).toContain('校验和不匹配');
    expect((await head(url)).headers.get('upload-offset')).toBe('100000');

    for (const [alg, part] of [['sha1', second], ['md5', data.subarray(200_000)]] as const) {
      const offset = alg === 'sha1' ? 100_000 : 200_000;
      const ok = await patch(url, offset, part, 'alice', { 'upload-checksum': checksum(alg, part) });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('upload-offset')).toBe(String(offset + part.length));
    }
    const id = url.split('/').pop()!;
    expect((await fs.readFile(path.join(filesDir, id))).equals(data)).toBe(true);
    expect(policy.completed.filter((c) => c.id === id)).toHaveLength(1);
    expect(bad.statusText).toBe('Checksum Mismatch');
    // no spool files left behind
    expect(await fs.readdir(path.join(filesDir, '.checksum-spool'))).toEqual([]);
  });

  it('checksum: unsupported algorithm → 400; checksum refused for another user before spooling', async () => {
    const url = await createUrl(10);
    const data = randomBytes(10);
    const crc = await patch(url, 0, data, 'alice', { 'upload-checksum': `crc32 ${Buffer.alloc(4).toString('base64')}` });
    expect(crc.status).toBe(400);
    expect(await crc.text()).toContain('不支持的校验算法');
    const other = await patch(url, 0, data, 'mallory', { 'upload-checksum': checksum('sha1', data) });
    expect(other.status).toBe(404);
    const wrongOffset = await patch(url, 3, data, 'alice', { 'upload-checksum': checksum('sha1', data) });
    expect(wrongOffset.status).toBe(409);
    expect((await head(url)).headers.get('upload-offset')).toBe('0');
  });

  it("another user's upload URL is refused for HEAD, PATCH and DELETE", async () => {
    const url = await createUrl(50);
    for (const res of [
      await head(url, 'mallory'),
      await patch(url, 0, randomBytes(50), 'mallory'),
      await fetch(url, { method: 'DELETE', headers: tusHeaders('mallory') }),
    ]) {
      expect(res.status).toBe(404);
    }
    const del = await fetch(url, { method: 'DELETE', headers: tusHeaders('mallory') });
    expect(await del.text()).toBe('上传不存在或无权访问');
    // still there for its owner
    expect((await head(url)).status).toBe(200);
    // unknown ids look the same as foreign ones
    const unknown = await head(`${srv.endpoint}/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    // GET is not a download route
    expect((await fetch(url, { headers: tusHeaders() })).status).toBe(405);
  });

  it('termination deletes the upload and tells the policy', async () => {
    const url = await createUrl(100);
    await patch(url, 0, randomBytes(30));
    const id = url.split('/').pop()!;
    const res = await fetch(url, { method: 'DELETE', headers: tusHeaders() });
    expect(res.status).toBe(204);
    expect((await head(url)).status).toBe(404);
    await expect(fs.stat(path.join(filesDir, id))).rejects.toThrow();
    await expect(fs.stat(path.join(filesDir, `${id}.json`))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(policy.terminated).toContain(id);
  });

  it('a completed upload cannot be terminated through tus', async () => {
    const url = await createUrl(5);
    await patch(url, 0, randomBytes(5));
    const res = await fetch(url, { method: 'DELETE', headers: tusHeaders() });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('已完成的上传不能取消');
  });

  it('onComplete runs exactly once even when the final PATCH is retried', async () => {
    const data = randomBytes(1000);
    const url = await createUrl(data.length);
    const id = url.split('/').pop()!;
    expect((await patch(url, 0, data)).status).toBe(204);
    // the client missed the response and retries the final (now empty) PATCH, twice, concurrently, then HEADs
    const retries = await Promise.all([patch(url, 1000, Buffer.alloc(0)), patch(url, 1000, Buffer.alloc(0))]);
    for (const r of retries) expect([204, 409]).toContain(r.status);
    expect((await head(url)).headers.get('upload-offset')).toBe('1000');
    expect(policy.completed.filter((c) => c.id === id)).toHaveLength(1);
  });
});

describe('the shared locker', () => {
  it('is asked only for requests on an existing upload, not for a creation (whose id no one else knows yet)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anli-tus-lock-'));
    // Stands for the PostgreSQL locker of several API processes: records the uploads it locks.
    const shared = new MemoryLocker();
    const locked: string[] = [];
    const newLock = shared.newLock.bind(shared);
    shared.newLock = (id: string) => {
      locked.push(id);
      return newLock(id);
    };
    const app = await startTusApp({ policy: testPolicy(), storage: 'local', localDir: path.join(dir, 'files'), maxSizeBytes: MB, expirationMs: 3_600_000, locker: shared });
    try {
      const post = (body?: Buffer) =>
        fetch(app.endpoint, {
          method: 'POST',
          headers: tusHeaders('alice', { 'upload-length': '5', ...(body ? { 'content-type': 'application/offset+octet-stream' } : {}) }),
          ...(body ? { body: new Uint8Array(body) } : {}),
        });
      const created = await post();
      expect(created.status).toBe(201);
      const withBody = await post(randomBytes(5)); // creation-with-upload: still a new id
      expect(withBody.status).toBe(201);
      expect(locked).toEqual([]);
      const url = new URL(created.headers.get('location')!, app.origin).href;
      const id = url.split('/').pop()!;
      expect((await patch(url, 0, randomBytes(5))).status).toBe(204);
      // A PATCH sent as POST with X-HTTP-Method-Override is a PATCH and takes the shared lock.
      const url2 = new URL((await post()).headers.get('location')!, app.origin).href;
      const viaOverride = await fetch(url2, {
        method: 'POST',
        headers: tusHeaders('alice', { 'x-http-method-override': 'PATCH', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
        body: new Uint8Array(randomBytes(5)),
      });
      expect(viaOverride.status).toBe(204);
      expect(locked).toEqual([id, url2.split('/').pop()]);
    } finally {
      await app.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tus expiration', () => {
  it('removes expired unfinished uploads (files and records), keeps completed ones, tells the policy', async () => {
    const dir = path.join(tmp, 'expiring');
    const p = testPolicy();
    const s = await startTusApp({ policy: p, storage: 'local', localDir: dir, maxSizeBytes: MB, expirationMs: 300, cleanupIntervalMs: 3_600_000 });
    try {
      const post = (len: number) =>
        fetch(s.endpoint, { method: 'POST', headers: tusHeaders('alice', { 'upload-length': String(len) }) }).then(
          (r) => new URL(r.headers.get('location')!, s.origin).href,
        );
      const unfinished = await post(100);
      const finished = await post(4);
      const send = (url: string, body: Buffer) =>
        fetch(url, { method: 'PATCH', headers: tusHeaders('alice', { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(body) });
      expect((await send(unfinished, randomBytes(10))).status).toBe(204);
      expect((await send(finished, randomBytes(4))).status).toBe(204);
      await new Promise((r) => setTimeout(r, 400));
      expect((await head2(unfinished)).status).toBe(410); // expired, not yet cleaned
      expect(await s.uploads.cleanUpExpired()).toBe(1);
      const id = unfinished.split('/').pop()!;
      expect((await head2(unfinished)).status).toBe(404);
      expect(await fs.readdir(dir)).not.toContain(id);
      expect(p.terminated).toEqual([id]);
      const doneId = finished.split('/').pop()!;
      expect((await createLocalStorage(dir).stat(doneId))?.size).toBe(4);
    } finally {
      await s.close();
    }
    function head2(url: string) {
      return fetch(url, { method: 'HEAD', headers: tusHeaders('alice') });
    }
  });
});

describe('mounting into a Fastify app', () => {
  it('the policy reaches the Fastify request (session user) and JSON routes keep their parser', async () => {
    const Fastify = (await import('fastify')).default;
    const { registerTusUploads, fastifyRequestOf } = await import('./tus.ts');
    const app = Fastify();
    app.decorateRequest('sessionUser', null);
    app.addHook('onRequest', async (req) => {
      (req as unknown as { sessionUser: string | null }).sessionUser = req.headers.cookie === 'sid=1' ? 'u1' : null;
    });
    app.post('/api/echo', async (req) => req.body);
    const seen: Array<string | null> = [];
    await registerTusUploads(app, {
      storage: 'local',
      localDir: path.join(tmp, 'mounted'),
      maxSizeBytes: MB,
      expirationMs: 60_000,
      policy: {
        async authorizeCreate(req) {
          const user = (fastifyRequestOf(req) as unknown as { sessionUser: string | null } | undefined)?.sessionUser ?? null;
          seen.push(user);
          if (!user) throw new (await import('./upload-policy.ts')).UploadRefused(401, '请先登录');
          return { ownerId: user };
        },
        async authorizeAccess() {},
        async onComplete() {},
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const ok = await fetch(`${base}/api/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '3', cookie: 'sid=1' } });
      expect(ok.status).toBe(201);
      const no = await fetch(`${base}/api/uploads/`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '3' } });
      expect(no.status).toBe(401);
      expect(seen).toEqual(['u1', null]);
      const echo = await fetch(`${base}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(await echo.json()).toEqual({ a: 1 });
    } finally {
      await app.close();
    }
  });
});
