// Helpers shared by the upload tests and the upload bench: a test policy, a Fastify app with the tus endpoint,
// random files written in a streaming way, SHA-256 of files, and tus-js-client in Node.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Upload as TusClientUpload, type UploadOptions } from 'tus-js-client';
import { UploadRefused, type UploadPolicy } from './upload-policy.ts';
import { registerTusUploads, type TusUploads, type TusUploadsOptions } from './tus.ts';

export interface RecordingPolicy extends UploadPolicy {
  completed: Array<{ id: string; metadata: Record<string, string>; size: number }>;
  terminated: string[];
}

/** Owner = the `x-test-user` header (or `defaultUser` when given); only the owner may touch an upload. */
export function testPolicy(opts: { defaultUser?: string } = {}): RecordingPolicy {
  const userOf = (h: string | string[] | undefined) => (typeof h === 'string' && h ? h : opts.defaultUser);
  const policy: RecordingPolicy = {
    completed: [],
    terminated: [],
    async authorizeCreate(req, metadata) {
      const user = userOf(req.headers['x-test-user']);
      if (!user) throw new UploadRefused(401, '请先登录');
      if (metadata.refuse) throw new UploadRefused(403, '不允许上传此文件');
      return { ownerId: user };
    },
    async authorizeAccess(req, _id, upload) {
      if (userOf(req.headers['x-test-user']) !== upload.ownerId) throw new UploadRefused(404, '上传不存在或无权访问');
    },
    async onComplete(id, metadata, size) {
      policy.completed.push({ id, metadata, size });
    },
    async onTerminated(id) {
      policy.terminated.push(id);
    },
  };
  return policy;
}

export interface TusTestApp {
  app: FastifyInstance;
  uploads: TusUploads;
  origin: string;
  endpoint: string;
  close(): Promise<void>;
}

export async function startTusApp(opts: TusUploadsOptions, port = 0): Promise<TusTestApp> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  const uploads = await registerTusUploads(app, opts);
  await app.listen({ port, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, uploads, origin, endpoint: `${origin}/api/uploads`, close: () => app.close() };
}

/** Writes `size` random bytes to `file` one MiB at a time. */
export async function writeRandomFile(file: string, size: number): Promise<void> {
  const out = createWriteStream(file);
  const block = 1024 * 1024;
  for (let done = 0; done < size; ) {
    const n = Math.min(block, size - done);
    if (!out.write(randomBytes(n))) await once(out, 'drain');
    done += n;
  }
  out.end();
  await once(out, 'finish');
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function sha256Stream(stream: AsyncIterable<unknown>): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface ClientRun {
  upload: TusClientUpload;
  /** Resolves with the upload URL on success; rejects on error. */
  done: Promise<string>;
}

/** Uploads a file with tus-js-client from Node (a file ReadStream: slices are read from disk, never buffered whole). */
export function tusClientUpload(
  file: string,
  endpoint: string,
  opts: Partial<UploadOptions> & {
    user?: string;
    onBytes?: (sent: number, total: number, upload: TusClientUpload) => void;
    /** Wraps the file stream (e.g. to pace it); default: the file as it reads. */
    wrap?: (s: NodeJS.ReadableStream) => NodeJS.ReadableStream;
  } = {},
): ClientRun {
  const { user, onBytes, wrap, ...rest } = opts;
  let upload!: TusClientUpload;
  const done = new Promise<string>((resolve, reject) => {
    const input = createReadStream(file, { highWaterMark: 256 * 1024 });
    upload = new TusClientUpload((wrap ? wrap(input) : input) as any, {
      endpoint,
      retryDelays: [],
      metadata: { filename: 'test.bin', filetype: 'application/octet-stream' },
      headers: user ? { 'x-test-user': user } : {},
      ...rest,
      onProgress: (sent, total) => onBytes?.(sent, total, upload),
      onSuccess: () => resolve(upload.url!),
      onError: reject,
    });
  });
  upload.start();
  return { upload, done };
}
