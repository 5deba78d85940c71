// Feeds Node requests to @tus/server without its srvx adapter's body conversion. @tus/server 2.x turns the request
// body into a web ReadableStream (Readable.toWeb) and back (Readable.fromWeb) before the store sees it; per 64 KiB
// chunk that round trip costs a large share of the throughput of a 1 GB upload. Here the handlers get a minimal
// request whose body is a marker carrying the Node stream, and writeToStore of the PATCH and POST handlers pipes that
// Node stream straight into the store (the same logic as BaseHandler.writeToStore, minus the conversion).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ERRORS, StreamLimiter, type Server, type Upload } from '@tus/server';

const NODE_BODY = Symbol('anli.nodeBody');
type BodyMarker = { [NODE_BODY]: Readable };
type Context = { signal: AbortSignal; abort(): void; cancel(): void };
type WritingHandler = {
  store: { write(stream: Readable, id: string, offset: number): Promise<number> };
  writeToStore(body: unknown, upload: Upload, maxFileSize: number, context: Context): Promise<number>;
};

/** Makes the PATCH and POST handlers of `server` write marker bodies from the Node stream directly. */
export function installDirectBodies(server: Server): void {
  for (const method of ['PATCH', 'POST'] as const) {
    const handler = server.handlers[method] as unknown as WritingHandler;
    const original = handler.writeToStore.bind(handler);
    handler.writeToStore = (body, upload, maxFileSize, context) => {
      const node = (body as BodyMarker | null)?.[NODE_BODY];
      return node ? writeNodeStream(handler, node, upload, maxFileSize, context) : original(body, upload, maxFileSize, context);
    };
  }
}

async function writeNodeStream(handler: WritingHandler, source: Readable, upload: Upload, maxFileSize: number, context: Context) {
  if (context.signal.aborted) throw ERRORS.ABORTED;
  // A proxy between the request and the store: an abort ends the proxy (what arrived is kept) without destroying
  // the request, so the client still gets an answer.
  const proxy = new PassThrough();
  let sourceError: unknown;
  let hasSourceError = false;
  const onError = (err: unknown) => {
    sourceError = err;
    hasSourceError = true;
    source.unpipe(proxy);
    if (!context.signal.aborted) proxy.destroy(err as Error);
  };
  // The client went away before the end of the body: keep what arrived, like an abort.
  const onClose = () => {
    if (!source.readableEnded) context.abort();
  };
  const onAbort = () => {
    source.unpipe(proxy);
    if (!proxy.destroyed) proxy.end();
  };
  source.on('error', onError);
  source.once('close', onClose);
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // pipeline's result is the last stage's: the new offset returned by the store
    const run = pipeline as unknown as (...stages: unknown[]) => Promise<number>;
    return await run(source.pipe(proxy), new StreamLimiter(maxFileSize), async (stream: Readable) =>
      handler.store.write(stream, upload.id, upload.offset),
    );
  } catch (err) {
    source.unpipe(proxy);
    const isAbort = err instanceof Error && err.name === 'AbortError';
    throw (hasSourceError && err === sourceError) || isAbort ? ERRORS.ABORTED : err;
  } finally {
    source.off('error', onError);
    source.off('close', onClose);
    context.signal.removeEventListener('abort', onAbort);
  }
}

/** Handles one Node request with @tus/server; `body` defaults to the request itself. */
export async function handleWithTus(server: Server, req: IncomingMessage, res: ServerResponse, body: Readable = req): Promise<void> {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].charCodeAt(0) !== 58) headers.append(raw[i], raw[i + 1]);
  const method = req.method ?? 'GET';
  const request = {
    method,
    url: `http://localhost${req.url?.startsWith('/') ? req.url : '/'}`,
    headers,
    body: method === 'GET' || method === 'HEAD' ? null : ({ [NODE_BODY]: body } satisfies BodyMarker),
    // what @tus/server and the hooks use to reach the Node request
    runtime: { name: 'node', node: { req, res } },
  };
  const response = await server.handleWeb(request as unknown as Request);
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    out[k] = v;
  });
  let payload = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  // Errors @tus/server writes itself (header validation) bypass onResponseError: they are answered in Chinese here.
  if (response.status >= 400 && payload && !/[\u4e00-\u9fff]/.test(payload.toString('utf8'))) {
    payload = Buffer.from(chineseTusText(payload.toString('utf8')), 'utf8');
    out['content-length'] = String(payload.length);
    out['content-type'] = 'text/plain; charset=utf-8';
  }
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, out);
  res.end(payload);
}

/** The Chinese text of an English error body of @tus/server ("Invalid upload-length", "Not found" …). */
export function chineseTusText(body: string): string {
  const invalid = /^Invalid ([\w\s-]+)/.exec(body.trim());
  if (invalid) {
    const names = invalid[1].trim().split(/\s+/);
    if (names.includes('upload-metadata')) return '上传的元数据（Upload-Metadata）格式不正确：应为“键 Base64值”并以逗号分隔';
    return `请求头 ${names.join('、')} 的格式不正确，请使用 tus 1.0.0 客户端上传`;
  }
  if (/^Not found/i.test(body.trim())) return '上传接口不存在或不支持该请求';
  if (/Tus-Resumable/i.test(body)) return '请求缺少 Tus-Resumable 请求头，请使用 tus 1.0.0 客户端上传';
  return '上传请求无法处理，请检查后重试';
}
