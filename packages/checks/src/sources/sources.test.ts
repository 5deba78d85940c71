import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../node/file-source.ts';
import type { ByteSource } from '../types.ts';
import { BlobSource } from './blob-source.ts';
import { HttpRangeSource } from './http-range-source.ts';
import { MemorySource } from './memory-source.ts';

const bytes = new Uint8Array(100_000).map((_, i) => (i * 31 + 7) & 255);
let server: Server;
let url = '';
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.headers.range ?? ''}`);
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': bytes.length, 'accept-ranges': 'bytes' }).end();
      return;
    }
    const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
    if (!m) {
      res.writeHead(200, { 'content-length': bytes.length }).end(Buffer.from(bytes));
      return;
    }
    const a = Number(m[1]);
    const b = Math.min(bytes.length - 1, Number(m[2]));
    res.writeHead(206, { 'content-range': `bytes ${a}-${b}/${bytes.length}`, 'content-length': b - a + 1 }).end(Buffer.from(bytes.subarray(a, b + 1)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/dir/clip.mp4`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function contract(src: ByteSource) {
  expect(src.size).toBe(bytes.length);
  expect([...(await src.read(0, 4))]).toEqual([...bytes.subarray(0, 4)]);
  expect([...(await src.read(99_990, 100))]).toEqual([...bytes.subarray(99_990)]);
  expect((await src.read(bytes.length, 10)).length).toBe(0);
  expect((await src.read(123, 0)).length).toBe(0);
  await expect(src.read(-1, 4)).rejects.toThrow(RangeError);
}

describe('byte sources', () => {
  it('MemorySource', () => contract(new MemorySource(bytes)));
  it('BlobSource', () => contract(new BlobSource(new Blob([bytes]))));
  it('HttpRangeSource reads ranges only', async () => {
    requests = [];
    const src = await HttpRangeSource.open(url);
    expect(src.name).toBe('clip.mp4');
    await contract(src);
    expect(requests[0]).toBe('HEAD ');
    expect(requests.slice(1).every((r) => r.startsWith('GET bytes='))).toBe(true);
  });
  it('HttpRangeSource refuses a server that ignores Range', async () => {
    const fakeFetch = (async () => new Response(new Uint8Array(10), { status: 200, headers: { 'content-length': '10' } })) as typeof fetch;
    const src = await HttpRangeSource.open('http://x/y.mp4', { fetch: fakeFetch });
    await expect(src.read(0, 4)).rejects.toThrow(/status 200/);
  });
  it('FileSource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anli-src-'));
    const p = join(dir, 'a.bin');
    writeFileSync(p, bytes);
    const src = await openFileSource(p);
    try {
      await contract(src);
      expect(src.name).toBe('a.bin');
      expect(src.path).toBe(p);
    } finally {
      await src.close();
    }
  });
});
