// A server killed (SIGKILL) in the middle of a PATCH, restarted on the same directory: the upload resumes
// where the disk says it stopped and the stored file is identical to the source.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Transform } from 'node:stream';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStorage } from '../storage/local-storage.ts';
import { sha256File, sha256Stream, tusClientUpload, writeRandomFile } from './tus-test-kit.ts';

const MB = 1024 * 1024;
const SIZE = 32 * MB + 4321;
const childScript = fileURLToPath(new URL('./tus-child-server.ts', import.meta.url));
let tmp: string;
let file: string;
const children: ChildProcess[] = [];

function startChild(dir: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: { ...process.env, UPLOAD_DIR: dir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, origin: `http://127.0.0.1:${m[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'anli-tus-kill-'));
  file = path.join(tmp, 'src.bin');
  await writeRandomFile(file, SIZE);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('server killed mid-upload', () => {
  it('resumes after SIGKILL during a PATCH and a restart on the same directory', async () => {
    const dir = path.join(tmp, 'files');
    const a = await startChild(dir);
    const cut = Math.floor(SIZE * (0.25 + Math.random() * 0.5));
    let killed = false;
    // The source is paced (256 KB every 10 ms), so the kill lands while bytes are still on their way even on a fast,
    // idle machine, where an unpaced 32 MB PATCH can finish before the signal arrives.
    const first = tusClientUpload(file, `${a.origin}/api/uploads`, {
      user: 'alice',
      // A generic stream needs its size and a finite chunk. tus-js-client buffers a chunk before sending it, so the
      // chunks are kept small (2 MB): the paced source then holds back what the server has not yet received.
      uploadSize: SIZE,
      chunkSize: 2 * MB,
      wrap: (s) =>
        s.pipe(
          new Transform({
            transform(chunk, _enc, cb) {
              setTimeout(() => cb(null, chunk), 10);
            },
          }),
        ),
      onBytes: (sent) => {
        if (!killed && sent >= cut) {
          killed = true;
          a.child.kill('SIGKILL');
        }
      },
    });
    await expect(first.done).rejects.toBeTruthy();
    expect(killed).toBe(true);
    await new Promise<void>((r) => (a.child.exitCode !== null || a.child.signalCode !== null ? r() : a.child.once('exit', () => r())));
    const uploadPath = new URL(first.upload.url!).pathname;

    const b = await startChild(dir);
    const url = `${b.origin}${uploadPath}`;
    const h = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', 'x-test-user': 'alice' } });
    expect(h.status).toBe(200);
    const offset = Number(h.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(SIZE);

    await tusClientUpload(file, `${b.origin}/api/uploads`, { user: 'alice', uploadUrl: url }).done;
    const id = uploadPath.split('/').pop()!;
    const storage = createLocalStorage(dir);
    expect(await storage.stat(id)).toEqual({ size: SIZE });
    expect(await sha256Stream(await storage.stream(id))).toBe(await sha256File(file));
    b.child.kill('SIGTERM');
  });
});
