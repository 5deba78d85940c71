// A real S3-protocol server for tests and benches: s3rver (in-process, temp dir, random port) with a small shim
// in front for the multipart calls it lacks and @tus/s3-store needs: ListParts, AbortMultipartUpload and
// ListMultipartUploads. The shim reads s3rver's own on-disk layout (<dir>/<bucket>/._S3rver_uploads/<uploadId>/).
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { S3StorageConfig } from './storage-config.ts';

const require = createRequire(import.meta.url);

export interface S3TestServer {
  endpoint: string;
  config: S3StorageConfig;
  dir: string;
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function sendXml(res: http.ServerResponse, status: number, body: string) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

function noSuchUpload(res: http.ServerResponse, uploadId: string) {
  sendXml(
    res,
    404,
    `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xmlEscape(uploadId)}</UploadId></Error>`,
  );
}

export async function startS3TestServer(opts: { bucket?: string; dir?: string } = {}): Promise<S3TestServer> {
  const bucket = opts.bucket ?? 'anli-test';
  const dir = opts.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'anli-s3rver-')));
  const S3rver = require('s3rver');
  const s3rver = new S3rver({ silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  await s3rver.configureBuckets();
  const s3Handler: http.RequestListener = s3rver.callback();
  const uploadsDir = (b: string) => path.join(dir, b, '._S3rver_uploads');

  async function listParts(res: http.ServerResponse, b: string, key: string, uploadId: string) {
    const updir = path.join(uploadsDir(b), uploadId);
    let names: string[];
    try {
      names = await fs.readdir(updir);
    } catch {
      return noSuchUpload(res, uploadId);
    }
    // A part counts once s3rver wrote its .md5 (written after the bytes), so a part cut off mid-write is not listed.
    const numbers = names
      .filter((n) => /^\d+$/.test(n) && names.includes(`${n}.md5`))
      .map(Number)
      .sort((a, b2) => a - b2);
    const parts: string[] = [];
    for (const n of numbers) {
      const [st, md5] = await Promise.all([fs.stat(path.join(updir, String(n))), fs.readFile(path.join(updir, `${n}.md5`), 'utf8')]);
      parts.push(
        `<Part><PartNumber>${n}</PartNumber><LastModified>${st.mtime.toISOString()}</LastModified><ETag>"${md5.trim()}"</ETag><Size>${st.size}</Size></Part>`,
      );
    }
    sendXml(
      res,
      200,
      `<ListPartsResult><Bucket>${xmlEscape(b)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${xmlEscape(uploadId)}</UploadId>` +
        `<MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
    );
  }

  async function abortUpload(res: http.ServerResponse, uploadId: string, b: string) {
    const updir = path.join(uploadsDir(b), uploadId);
    try {
      await fs.access(updir);
    } catch {
      return noSuchUpload(res, uploadId);
    }
    await fs.rm(updir, { recursive: true, force: true });
    res.writeHead(204).end();
  }

  async function listUploads(res: http.ServerResponse, b: string) {
    let ids: string[] = [];
    try {
      ids = await fs.readdir(uploadsDir(b));
    } catch {
      ids = [];
    }
    const uploads: string[] = [];
    for (const id of ids) {
      try {
        const keyFile = path.join(uploadsDir(b), id, 'key');
        const [key, st] = await Promise.all([fs.readFile(keyFile, 'utf8'), fs.stat(keyFile)]);
        uploads.push(
          `<Upload><Key>${xmlEscape(key)}</Key><UploadId>${xmlEscape(id)}</UploadId><Initiated>${st.mtime.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
        );
      } catch {
        // half-created upload: skip
      }
    }
    sendXml(
      res,
      200,
      `<ListMultipartUploadsResult><Bucket>${xmlEscape(b)}</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${uploads.join('')}</ListMultipartUploadsResult>`,
    );
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const uploadId = url.searchParams.get('uploadId');
    const fail = (err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    };
    if (segs.length >= 2 && uploadId && req.method === 'GET' && !url.searchParams.has('partNumber')) {
      req.resume();
      listParts(res, segs[0], segs.slice(1).join('/'), uploadId).catch(fail);
      return;
    }
    if (segs.length >= 2 && uploadId && req.method === 'DELETE') {
      req.resume();
      abortUpload(res, uploadId, segs[0]).catch(fail);
      return;
    }
    if (segs.length === 1 && req.method === 'GET' && url.searchParams.has('uploads')) {
      req.resume();
      listUploads(res, segs[0]).catch(fail);
      return;
    }
    s3Handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    dir,
    config: {
      endpoint,
      region: 'us-east-1',
      bucket,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        s3rver.logger?.exceptions?.unhandle?.();
        s3rver.logger?.close?.();
      } catch {
        // ignore
      }
      if (!opts.dir) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
