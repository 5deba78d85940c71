// tus 1.0 resumable uploads under /api/uploads/ (SPEC §5): creation, termination, expiration from @tus/server,
// checksum implemented here in front of it (@tus/server 2.x does not implement it). The platform decides who may
// create or touch an upload and what happens on completion through an UploadPolicy; this layer stays generic.
//
// Storage: local → @tus/file-store in the same directory as createLocalStorage, so a completed upload is the object
// with key = upload id; S3 → @tus/s3-store, object key = upload id, readable with createS3Storage.
//
// Mounting (before app.listen/ready):
//   const storageCfg = loadStorageConfig();                       // DATA_DIR/files or S3_*
//   const storage = createObjectStorage(storageCfg);
//   const uploads = await registerTusUploads(app, { ...tusStorageOptions(storageCfg), policy,
//     maxSizeBytes: 2 * 1024 ** 3, expirationMs: uploadExpirationMs() });   // UPLOAD_EXPIRY_HOURS, default 24 h
//   // the policy gets the raw request; fastifyRequestOf(req)?.user is the session user
//   // uploads.stop() runs on app.close(); completed uploads are storage objects with key = upload id
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Server, ERRORS, EVENTS, MemoryLocker, type Upload } from '@tus/server';
import type { Locker } from '@tus/utils';
import { UploadRefused, type UploadPolicy } from './upload-policy.ts';
import { PlatformFileStore, type PlatformStore } from './tus-stores.ts';
import { handleWithTus, installDirectBodies } from './tus-node-bridge.ts';
import type { S3StorageConfig, StorageConfig } from '../storage/storage-config.ts';

export const UPLOADS_PATH = '/api/uploads';
/** Metadata key under which the owner returned by policy.authorizeCreate is stored. */
export const OWNER_KEY = 'ownerId';
export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256', 'md5'] as const;
export const TUS_VERSION = '1.0.0';
/** Methods a client behind a proxy that blocks them may send as POST with X-HTTP-Method-Override (tus 1.0 MUST). */
const OVERRIDABLE = new Set(['PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'GET', 'POST']);
const PATCH_CONTENT_TYPE = 'application/offset+octet-stream';

/** How long an unfinished upload lives (UPLOAD_EXPIRY_HOURS, default 24); Upload-Expires says the same. */
export function uploadExpirationMs(env: NodeJS.ProcessEnv = process.env): number {
  const h = Number(env.UPLOAD_EXPIRY_HOURS ?? 24);
  return (Number.isFinite(h) && h > 0 ? h : 24) * 3_600_000;
}

export interface TusUploadsOptions {
  policy: UploadPolicy;
  storage: 'local' | 's3';
  /** Local: the directory of createLocalStorage (DATA_DIR/files). */
  localDir?: string;
  s3?: S3StorageConfig;
  /**
   * Largest upload accepted at all (per-slot limits are the policy's business); a function is asked on each upload,
   * so a call revised on the platform with a larger slot takes effect without a restart.
   */
  maxSizeBytes: number | (() => number);
  /** Unfinished uploads expire this long after creation. */
  expirationMs: number;
  /** How often expired uploads are removed; default min(expirationMs, 15 min), at least 1 s. */
  cleanupIntervalMs?: number;
  /** Where PATCH bodies with Upload-Checksum are spooled while hashed; default: `<localDir>/.checksum-spool` for local
   *  storage (same disk as the uploads, never a RAM-backed /tmp), os.tmpdir() for S3. */
  spoolDir?: string;
  /** S3 part size (default 8 MiB, at least 5 MiB). */
  s3PartSize?: number;
  /** Serialises the requests on one upload; default tus's MemoryLocker (one process). Several API processes on one
   *  PostgreSQL server share createPgLocker's. */
  locker?: Locker;
}

/** The storage part of the options from the storage configuration (loadStorageConfig()). */
export function tusStorageOptions(cfg: StorageConfig): Pick<TusUploadsOptions, 'storage' | 'localDir' | 's3'> {
  return cfg.kind === 'local' ? { storage: 'local', localDir: cfg.dir } : { storage: 's3', s3: cfg.s3 };
}

export interface TusUploads {
  readonly server: Server;
  readonly store: PlatformStore;
  /** Removes expired unfinished uploads now (also done by the timer); returns how many were removed. */
  cleanUpExpired(): Promise<number>;
  /** Stops the cleanup timer (also done on app close). */
  stop(): void;
}

const requestOfRaw = new WeakMap<IncomingMessage, FastifyRequest>();
/** The Fastify request behind a raw request given to the policy (for the session: `fastifyRequestOf(req)?.user`). */
export function fastifyRequestOf(raw: IncomingMessage): FastifyRequest | undefined {
  return requestOfRaw.get(raw);
}

/** Thrown tus-style so @tus/server answers with this status and body. */
type TusError = { status_code: number; body: string };
const tusError = (status_code: number, body: string): TusError => ({ status_code, body });
const isTusError = (e: unknown): e is TusError =>
  typeof e === 'object' && e !== null && typeof (e as TusError).status_code === 'number' && typeof (e as TusError).body === 'string';

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${bytes} 字节`;
}

/** Chinese texts for the errors @tus/server raises (tus clients show the response body). */
function chineseErrors(maxSizeBytes: number): Map<TusError, string> {
  return new Map<TusError, string>([
    [ERRORS.MISSING_OFFSET, '上传请求缺少 Upload-Offset'],
    [ERRORS.ABORTED, '上传请求已中断，请重试'],
    [ERRORS.INVALID_TERMINATION, '已完成的上传不能取消'],
    [ERRORS.ERR_LOCK_TIMEOUT, '该文件正在由另一个请求上传，请稍后重试'],
    [ERRORS.INVALID_CONTENT_TYPE, '上传请求的 Content-Type 必须是 application/offset+octet-stream'],
    [ERRORS.FILE_NOT_FOUND, '上传不存在或无权访问'],
    [ERRORS.INVALID_OFFSET, '上传位置与服务器记录不一致，请从服务器记录的位置续传'],
    [ERRORS.FILE_NO_LONGER_EXISTS, '上传已过期或已被删除，请重新上传'],
    [ERRORS.ERR_SIZE_EXCEEDED, '上传的数据超过了声明的文件大小'],
    [ERRORS.ERR_MAX_SIZE_EXCEEDED, `文件超过大小上限（${formatSize(maxSizeBytes)}）`],
    [ERRORS.INVALID_LENGTH, '必须在开始上传时声明文件大小（Upload-Length）'],
    [ERRORS.INVALID_METADATA, '上传的元数据格式不正确'],
    [ERRORS.UNKNOWN_ERROR, '服务器接收文件时出错，请稍后重试'],
    [ERRORS.FILE_WRITE_ERROR, '服务器保存文件时出错，请稍后重试'],
    [ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION, '不支持分段并行上传，请关闭客户端的并行上传'],
    [ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION, '必须在开始上传时声明文件大小'],
    [ERRORS.UNSUPPORTED_EXPIRATION_EXTENSION, '服务器未启用过期清理'],
  ]);
}

/** Spool files left by a process that died while hashing a body (older than an hour, so not a live request's). */
async function removeStaleSpoolFiles(dir: string): Promise<void> {
  const cutoff = Date.now() - 3_600_000;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('tus-checksum-')) continue;
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => null);
    if (st && st.mtimeMs < cutoff) await fs.rm(file, { force: true });
  }
}

function writePlain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, status === 460 ? 'Checksum Mismatch' : undefined, {
    'Tus-Resumable': '1.0.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(buf.length),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(buf);
}

const ID_PATTERN = /^[0-9a-f]{32}$/;
function idFromUrl(url: string | undefined): string | undefined {
  const pathname = (url ?? '').split('?')[0];
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return ID_PATTERN.test(last) ? last : undefined;
}

export async function registerTusUploads(app: FastifyInstance, opts: TusUploadsOptions): Promise<TusUploads> {
  const { policy } = opts;
  const maxSize = () => (typeof opts.maxSizeBytes === 'function' ? opts.maxSizeBytes() : opts.maxSizeBytes);
  // The texts name the current upper limit: rebuilt when it changes.
  let texts = { max: -1, errorsZh: new Map<TusError, string>(), zhByBody: new Map<string, string>() };
  const zhTexts = () => {
    const max = maxSize();
    if (texts.max !== max) {
      const errorsZh = chineseErrors(max);
      texts = { max, errorsZh, zhByBody: new Map([...errorsZh].map(([e, zh]) => [e.body, zh])) };
    }
    return texts;
  };
  const spoolDir =
    opts.spoolDir ?? (opts.storage === 'local' && opts.localDir ? path.join(path.resolve(opts.localDir), '.checksum-spool') : os.tmpdir());
  await fs.mkdir(spoolDir, { recursive: true });
  await removeStaleSpoolFiles(spoolDir);

  let store: PlatformStore;
  if (opts.storage === 'local') {
    if (!opts.localDir) throw new Error('registerTusUploads: localDir is required for local storage');
    const directory = path.resolve(opts.localDir);
    await fs.mkdir(directory, { recursive: true });
    store = new PlatformFileStore({ directory, expirationPeriodInMilliseconds: opts.expirationMs });
  } else {
    if (!opts.s3) throw new Error('registerTusUploads: s3 settings are required for S3 storage');
    // Loaded on demand: the AWS SDK is large and local deployments do not need it.
    const [{ PlatformS3Store }, { s3ClientConfig }] = await Promise.all([import('./tus-s3-store.ts'), import('../storage/s3-storage.ts')]);
    store = new PlatformS3Store({
      bucket: opts.s3.bucket,
      clientConfig: s3ClientConfig(opts.s3),
      expirationPeriodInMilliseconds: opts.expirationMs,
      partSize: opts.s3PartSize,
    });
  }

  const rawOf = (req: { runtime?: { node?: { req?: IncomingMessage } } }): IncomingMessage => req.runtime!.node!.req!;
  const refusal = (err: unknown): never => {
    if (err instanceof UploadRefused) throw tusError(err.status, err.message);
    throw err;
  };

  /** Owner check of an existing upload; unknown ids are 404 before the policy is asked. */
  async function authorizeExisting(raw: IncomingMessage, id: string): Promise<void> {
    const record = await store.getRecord(id);
    if (!record) throw ERRORS.FILE_NOT_FOUND;
    await policy
      .authorizeAccess(raw, id, { ownerId: record.metadata[OWNER_KEY] || null, metadata: record.metadata, size: record.size })
      .catch(refusal);
  }

  // policy.onComplete once per upload: in-flight calls are shared, success is persisted with the upload.
  const completing = new Map<string, Promise<void>>();
  function reportCompletion(upload: Upload): Promise<void> {
    let p = completing.get(upload.id);
    if (!p) {
      p = (async () => {
        if (await store.isCompletionReported(upload.id)) return;
        const metadata: Record<string, string> = {};
        for (const [k, v] of Object.entries(upload.metadata ?? {})) metadata[k] = v ?? '';
        try {
          await policy.onComplete(upload.id, metadata, upload.size ?? upload.offset);
        } catch (err) {
          // Refused on completion (e.g. the case was submitted meanwhile): the bytes are never used, so they go.
          if (err instanceof UploadRefused && err.discard) {
            await store.remove(upload.id).catch((e) => app.log.error({ err: e, uploadId: upload.id }, 'removing a refused upload failed'));
          }
          throw err;
        }
        await store.markCompletionReported(upload);
      })().finally(() => completing.delete(upload.id));
      completing.set(upload.id, p);
    }
    return p;
  }

  store.onExpired = async (id) => {
    await policy.onTerminated?.(id).catch((err) => app.log.error({ err, uploadId: id }, 'onTerminated failed'));
  };

  const creationLocker = new MemoryLocker();
  const server = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    maxSize: () => maxSize(),
    relativeLocation: true,
    // Same-origin application: no CORS headers.
    allowedOrigins: () => false,
    allowedHeaders: ['Upload-Checksum'],
    exposedHeaders: ['Upload-Expires', 'Tus-Checksum-Algorithm'],
    disableTerminationForFinishedUploads: true,
    // A creation's id is made by this request and known to no one else until its answer, so no other request (in any
    // process) can touch that upload meanwhile: the process's own locker is enough, and a shared locker's round trips
    // (take and release: two statements on PostgreSQL) are spent only on the requests that name an existing upload.
    ...(opts.locker ? { locker: (req: Request) => (req.method === 'POST' ? creationLocker : opts.locker!) } : {}),
    namingFunction: () => randomBytes(16).toString('hex'),
    getFileIdFromRequest: (req, lastPath) => (lastPath && ID_PATTERN.test(lastPath) ? lastPath : undefined),
    async onIncomingRequest(req, id) {
      // POST calls this with the id about to be created: creation is authorized in onUploadCreate.
      if (req.method === 'POST') return;
      const raw = rawOf(req as never);
      await authorizeExisting(raw, id);
      if (req.method === 'HEAD') {
        // Recovers a completion whose report was lost (process killed between the last byte and onComplete).
        const upload = await store.getUpload(id).catch(() => null);
        if (upload && upload.size !== undefined && upload.offset === upload.size) {
          await reportCompletion(upload).catch((err) => app.log.error({ err, uploadId: id }, 'onComplete failed'));
        }
      }
    },
    async onUploadCreate(req, upload) {
      if (upload.size === undefined) throw ERRORS.INVALID_LENGTH;
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(upload.metadata ?? {})) if (k !== OWNER_KEY) metadata[k] = v ?? '';
      const { ownerId } = await policy.authorizeCreate(rawOf(req as never), metadata, upload.size).catch(refusal);
      const created = await policy.onCreated?.(upload.id, { ...metadata, [OWNER_KEY]: ownerId }, upload.size).catch(refusal);
      // Older unfinished uploads the new one replaces (beyond the per-slot cap): their bytes go now.
      for (const old of created?.supersede ?? []) {
        await store.remove(old).catch((err) => app.log.warn({ err, uploadId: old }, 'removing a superseded upload failed'));
      }
      return { metadata: { ...metadata, [OWNER_KEY]: ownerId } };
    },
    async onUploadFinish(_req, upload) {
      await reportCompletion(upload).catch((err) => {
        if (err instanceof UploadRefused) throw tusError(err.status, err.message);
        app.log.error({ err, uploadId: upload.id }, 'onComplete failed');
        throw tusError(500, '文件已收到，但登记失败，请稍后重试');
      });
      return {};
    },
    onResponseError(_req, err) {
      const { errorsZh, zhByBody } = zhTexts();
      const zh = errorsZh.get(err as TusError) ?? (isTusError(err) ? zhByBody.get(err.body) : undefined);
      if (zh) return { status_code: (err as TusError).status_code, body: zh };
      if (isTusError(err)) return err;
      app.log.error({ err }, 'tus upload error');
      return { status_code: 500, body: '服务器处理上传时出错，请稍后重试' };
    },
  });

  installDirectBodies(server);

  server.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
    void store.onExpired(id);
  });

  /** tus checksum extension: spool and hash the body, refuse with 460 on mismatch, else replay it into tus. */
  async function patchWithChecksum(req: IncomingMessage, res: ServerResponse, header: string): Promise<void> {
    const m = /^\s*([A-Za-z0-9-]+)\s+([A-Za-z0-9+/=_-]+)\s*$/.exec(header);
    const alg = m?.[1].toLowerCase();
    if (!m || !alg || !(CHECKSUM_ALGORITHMS as readonly string[]).includes(alg)) {
      req.resume();
      return writePlain(res, 400, `不支持的校验算法，可用：${CHECKSUM_ALGORITHMS.join('、')}`);
    }
    const expected = Buffer.from(m[2], 'base64');
    const hash: Hash = createHash(alg);
    if (expected.length !== hash.digest().length) {
      req.resume();
      return writePlain(res, 400, '校验值格式不正确（应为 Base64 编码的摘要）');
    }
    const id = idFromUrl(req.url);
    let limit: number;
    try {
      if (!id) throw ERRORS.FILE_NOT_FOUND;
      if (req.headers['tus-resumable'] !== '1.0.0') return void (await handleWithTus(server, req, res));
      // Check before spooling: no disk for strangers, no spool for a request that will be refused anyway.
      await authorizeExisting(req, id);
      const upload = await store.getUpload(id);
      if (String(upload.offset) !== req.headers['upload-offset']) throw ERRORS.INVALID_OFFSET;
      limit = (upload.size ?? maxSize()) - upload.offset;
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > limit) throw ERRORS.ERR_SIZE_EXCEEDED;
    } catch (err) {
      req.resume();
      const mapped = zhTexts().errorsZh.get(err as TusError) ?? (isTusError(err) ? err.body : null);
      if (!mapped) app.log.error({ err }, 'checksum pre-check failed');
      return writePlain(res, isTusError(err) ? err.status_code : 500, mapped ?? '服务器处理上传时出错，请稍后重试');
    }

    const tmp = path.join(spoolDir, `tus-checksum-${randomBytes(8).toString('hex')}`);
    const digest = createHash(alg);
    let received = 0;
    try {
      try {
        await pipeline(
          req,
          new Transform({
            transform(chunk: Buffer, _enc, cb) {
              received += chunk.length;
              if (received > limit) return cb(Object.assign(new Error('too large'), { tooLarge: true }));
              digest.update(chunk);
              cb(null, chunk);
            },
          }),
          createWriteStream(tmp),
        );
      } catch (err) {
        // Client gone or body too large: nothing of this request is applied.
        if ((err as { tooLarge?: boolean }).tooLarge) {
          writePlain(res, 413, zhTexts().errorsZh.get(ERRORS.ERR_SIZE_EXCEEDED)!, { Connection: 'close' });
        } else res.destroy();
        return;
      }
      if (!digest.digest().equals(expected)) {
        return writePlain(res, 460, '校验和不匹配：数据在传输中损坏，本次上传的数据未被采用，请重试');
      }
      // Replay: the original request (method, URL, headers) with the verified bytes as its body.
      await handleWithTus(server, req, res, createReadStream(tmp));
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async function handle(request: FastifyRequest, res: ServerResponse): Promise<void> {
    const req = request.raw;
    requestOfRaw.set(req, request);
    // tus 1.0: a POST with X-HTTP-Method-Override is the named method (for clients behind proxies that block PATCH
    // or DELETE). The same-origin check already ran on the POST, so the overridden request passed it too.
    const override = req.headers['x-http-method-override'];
    if (typeof override === 'string' && req.method === 'POST') {
      const m = override.trim().toUpperCase();
      if (!OVERRIDABLE.has(m)) {
        req.resume();
        return writePlain(res, 400, `X-HTTP-Method-Override 的值 ${m.slice(0, 20)} 不受支持，可用：PATCH、DELETE、HEAD`);
      }
      req.method = m;
    }
    const method = req.method;
    if (method !== 'OPTIONS' && method !== 'GET') {
      // Every request but OPTIONS names the protocol version; this server speaks 1.0.0 only (412 + Tus-Version).
      const version = req.headers['tus-resumable'];
      if (version !== TUS_VERSION) {
        req.resume();
        return writePlain(
          res,
          412,
          version === undefined ? '请求缺少 Tus-Resumable 请求头，请使用 tus 1.0.0 客户端上传' : `不支持的 tus 协议版本 ${String(version).slice(0, 20)}，本服务器支持 1.0.0`,
          { 'Tus-Version': TUS_VERSION },
        );
      }
    }
    if (method === 'PATCH') {
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== PATCH_CONTENT_TYPE) {
        req.resume();
        return writePlain(res, 415, `上传数据的 Content-Type 必须是 ${PATCH_CONTENT_TYPE}`);
      }
      for (const h of ['upload-offset'] as const) {
        const v = req.headers[h];
        if (v !== undefined && !/^\d{1,16}$/.test(String(v))) {
          req.resume();
          return writePlain(res, 400, 'Upload-Offset 必须是非负整数');
        }
      }
    }
    if (method === 'POST') {
      const len = req.headers['upload-length'];
      if (len !== undefined && !/^\d{1,16}$/.test(String(len))) {
        req.resume();
        return writePlain(res, 400, 'Upload-Length 必须是非负整数');
      }
    }
    if (!['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS', 'GET'].includes(method ?? '')) {
      req.resume();
      return writePlain(res, 405, '上传接口不支持该请求方法', { Allow: 'POST, HEAD, PATCH, DELETE, OPTIONS' });
    }
    if (method === 'GET') {
      // Files are fetched through the attachment routes, which apply the access rules of the case.
      req.resume();
      return writePlain(res, 405, '请通过附件下载接口获取文件', { Allow: 'POST, HEAD, PATCH, DELETE, OPTIONS' });
    }
    if (method === 'OPTIONS') {
      // Let tus answer, then add the checksum algorithms.
      res.setHeader('Tus-Checksum-Algorithm', CHECKSUM_ALGORITHMS.join(','));
    }
    const checksum = req.headers['upload-checksum'];
    if (method === 'PATCH' && typeof checksum === 'string') return patchWithChecksum(req, res, checksum);
    await handleWithTus(server, req, res);
  }

  await app.register(async (scope) => {
    // Upload bodies are streamed by tus: no parser may read them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: { hijack(): void; raw: ServerResponse }) => {
      reply.hijack();
      try {
        await handle(request, reply.raw);
      } catch (err) {
        request.log.error({ err }, 'upload handler failed');
        writePlain(reply.raw, 500, '服务器处理上传时出错，请稍后重试');
      }
    };
    const method = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'OPTIONS'] as const;
    // Declared public for the audience hook: the upload handler itself checks the session, the role and the case (and
    // answers in the tus protocol's own way), before any byte is stored.
    const config = { audience: 'public' as const };
    scope.route({ method: [...method], url: UPLOADS_PATH, exposeHeadRoute: false, config, handler });
    scope.route({ method: [...method], url: `${UPLOADS_PATH}/*`, exposeHeadRoute: false, config, handler });
  });

  const interval = Math.max(1000, opts.cleanupIntervalMs ?? Math.min(opts.expirationMs, 15 * 60_000));
  let running: Promise<number> | null = null;
  const cleanUpExpired = (): Promise<number> => {
    running ??= server.cleanUpExpiredUploads().finally(() => {
      running = null;
    });
    return running;
  };
  const timer =
    opts.expirationMs > 0
      ? setInterval(() => {
          cleanUpExpired().catch((err) => app.log.error({ err }, 'expired upload cleanup failed'));
        }, interval)
      : null;
  timer?.unref();
  const stop = () => {
    if (timer) clearInterval(timer);
  };
  app.addHook('onClose', async () => stop());

  return { server, store, cleanUpExpired, stop };
}
