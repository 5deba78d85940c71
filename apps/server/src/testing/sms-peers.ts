// Local stand-ins for the two SMS gateways, for tests: HTTP servers the official SDKs are pointed at. Each verifies
// the request's signature with the gateway's documented algorithm — Alibaba Cloud's V3 signature
// (ACS3-HMAC-SHA256: canonical request of method, path, sorted RFC 3986 query, signed headers and the body's SHA-256,
// HMAC-SHA256 with the AccessKey secret) and Tencent Cloud's TC3-HMAC-SHA256 (canonical request, credential scope
// date/service/tc3_request, key derived by HMAC chain from "TC3" + SecretKey) — and answers with the gateway's
// documented bodies: success, per-number errors, flow control, signature errors, server errors. A test scripts what
// a phone number gets; every request is recorded with whether its signature verified.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const sha256hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What the gateway answers for a phone number: success, or one of its documented errors. */
export type PeerReply = 'ok' | { code: string; message: string; http?: number };

export interface PeerRequest {
  phone: string;
  signName: string;
  template: string;
  /** Alibaba: the TemplateParam JSON; Tencent: the positional TemplateParamSet. */
  params: Record<string, string> | string[];
  verified: boolean;
  /** What the gateway answered. */
  reply: string;
}

interface Peer {
  url: string;
  port: number;
  requests: PeerRequest[];
  /** Replies per phone, used in order; the last one repeats. Unscripted phones get 'ok'. */
  script(phone: string, ...replies: PeerReply[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function startPeer(handle: (req: IncomingMessage, body: Buffer, res: ServerResponse, next: (phone: string) => PeerReply) => void): Promise<Peer> {
  const scripts = new Map<string, PeerReply[]>();
  const requests: PeerRequest[] = [];
  const next = (phone: string): PeerReply => {
    const list = scripts.get(phone);
    if (!list?.length) return 'ok';
    return list.length > 1 ? list.shift()! : list[0]!;
  };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    handle(req, body, res, next);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        requests,
        script: (phone, ...replies) => scripts.set(phone, replies),
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

// ---------- Alibaba Cloud ----------

/** RFC 3986 percent-encoding as the V3 signature requires (space %20, * %2A, ~ kept). */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The V3 canonical query string: every parameter decoded, re-encoded, sorted by name. */
function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      const k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      const v = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1));
      return [rfc3986(k), rfc3986(v)] as const;
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Alibaba Cloud's answer to a request it cannot authenticate (HTTP 400/404 with Code, Message, RequestId, HostId). */
const aliyunAuthError = (res: ServerResponse, status: number, code: string, message: string) =>
  json(res, status, { RequestId: randomUUID().toUpperCase(), HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` });

/** Verifies an ACS3-HMAC-SHA256 request; returns the reason it fails, or null. */
export function verifyAcs3(req: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, body: Buffer, keys: Record<string, string>, seenNonces: Set<string>, now = Date.now()): { code: string; message: string; status: number } | null {
  const auth = String(req.headers.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { status: 400, code: 'IncompleteSignature', message: 'The request signature does not conform to Aliyun standards.' };
  const [, keyId, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const secret = keys[keyId];
  if (!secret) return { status: 404, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
  const names = signedHeaders.split(';');
  const header = (n: string) => { const v = req.headers[n]; return Array.isArray(v) ? v.join(',') : v; };
  // Every x-acs-* header, host and content-type (when present) must be signed; names sorted and lower case.
  const mustSign = Object.keys(req.headers).filter((h) => h.startsWith('x-acs-') || h === 'host' || h === 'content-type');
  for (const h of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', ...mustSign]) {
    if (!names.includes(h)) return { status: 400, code: 'IncompleteSignature', message: `The header ${h} must be signed.` };
  }
  if (names.join(';') !== [...names].sort().join(';')) return { status: 400, code: 'IncompleteSignature', message: 'SignedHeaders must be sorted.' };
  const payloadHash = sha256hex(body);
  if (header('x-acs-content-sha256') !== payloadHash) return { status: 400, code: 'InvalidParameter.ContentSHA256', message: 'The x-acs-content-sha256 does not match the body.' };
  const date = Date.parse(String(header('x-acs-date')));
  if (!Number.isFinite(date) || Math.abs(now - date) > 15 * 60_000) return { status: 400, code: 'InvalidTimeStamp.Expired', message: 'Specified time stamp or date value is expired.' };
  const nonce = String(header('x-acs-signature-nonce'));
  if (seenNonces.has(nonce)) return { status: 400, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' };
  const [path, query = ''] = req.url.split('?') as [string, string?];
  const canonicalHeaders = names.map((n) => `${n}:${String(header(n) ?? '').trim()}\n`).join('');
  const canonicalRequest = [req.method.toUpperCase(), path || '/', canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256hex(canonicalRequest)}`;
  const expected = createHmac('sha256', secret).update(stringToSign).digest('hex');
  if (!sameHex(expected, signature)) {
    return { status: 400, code: 'SignatureDoesNotMatch', message: `Specified signature does not match our calculation. The string to sign is: ${stringToSign}` };
  }
  seenNonces.add(nonce);
  return null;
}

/** An Alibaba Cloud SendSms endpoint (V3 signature, action in x-acs-action, parameters in the query). */
export async function startAliyunPeer(keys: Record<string, string>): Promise<Peer> {
  const nonces = new Set<string>();
  let peer: Peer;
  peer = await startPeer((req, body, res, next) => {
    const failure = verifyAcs3({ method: req.method!, url: req.url!, headers: req.headers }, body, keys, nonces);
    const q = new URL(req.url!, 'http://x').searchParams;
    const phone = q.get('PhoneNumbers') ?? '';
    const record = (reply: string, verified: boolean) => peer.requests.push({
      phone, signName: q.get('SignName') ?? '', template: q.get('TemplateCode') ?? '', params: JSON.parse(q.get('TemplateParam') || '{}'), verified, reply,
    });
    if (failure) {
      record(failure.code, false);
      return aliyunAuthError(res, failure.status, failure.code, failure.message);
    }
    if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25') {
      record('InvalidAction', true);
      return aliyunAuthError(res, 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    }
    const reply = next(phone);
    const requestId = randomUUID().toUpperCase();
    if (reply === 'ok') {
      record('OK', true);
      return json(res, 200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: requestId });
    }
    record(reply.code, true);
    // Business errors come back as HTTP 200 with the code; server trouble as 5xx.
    json(res, reply.http ?? 200, { Code: reply.code, Message: reply.message, RequestId: requestId });
  });
  return peer;
}

// ---------- Tencent Cloud ----------

/** Verifies a TC3-HMAC-SHA256 request; returns the Tencent error code and message, or null. */
export function verifyTc3(req: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, body: Buffer, keys: Record<string, string>, service: string, now = Date.now()): { code: string; message: string } | null {
  const auth = String(req.headers.authorization ?? '');
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization header format is invalid.' };
  const [, secretId, date, svc, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string];
  const secretKey = keys[secretId];
  if (!secretKey) return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found, please ensure that your SecretId is correct.' };
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300) return { code: 'AuthFailure.SignatureExpire', message: 'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.' };
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || svc !== service) {
    return { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated because of exceeding request size limit, please use new signature method `TC3-HMAC-SHA256`.' };
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('content-type')) return { code: 'AuthFailure.InvalidAuthorization', message: 'SignedHeaders must contain content-type and host.' };
  // The real service is reached on the default port, where Host carries no port; this peer listens on a random one.
  const value = (n: string) => String(req.headers[n] ?? '').trim().toLowerCase();
  const canonicalHeaders = names.map((n) => `${n}:${n === 'host' ? value(n).replace(/:\d+$/, '') : value(n)}\n`).join('');
  const [path, query = ''] = req.url.split('?') as [string, string?];
  const canonicalRequest = [req.method.toUpperCase(), path || '/', query, canonicalHeaders, signedHeaders, sha256hex(body)].join('\n');
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256hex(canonicalRequest)}`;
  const kSigning = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  if (!sameHex(expected, signature)) return { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated. Please check your signature is correct.' };
  return null;
}

/** A Tencent Cloud SMS endpoint (API 2021-01-11, TC3 signature, JSON body). Its host name is sms.localhost. */
export async function startTencentPeer(keys: Record<string, string>): Promise<Peer> {
  let peer: Peer;
  peer = await startPeer((req, body, res, next) => {
    const requestId = randomUUID();
    let payload: { PhoneNumberSet?: string[]; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] } = {};
    try { payload = JSON.parse(body.toString('utf8') || '{}'); } catch { /* answered below as a parse failure */ }
    const phone = (payload.PhoneNumberSet?.[0] ?? '').replace(/^\+86/, '');
    const record = (reply: string, verified: boolean) => peer.requests.push({
      phone, signName: payload.SignName ?? '', template: payload.TemplateId ?? '', params: payload.TemplateParamSet ?? [], verified, reply,
    });
    const failure = verifyTc3({ method: req.method!, url: req.url!, headers: req.headers }, body, keys, 'sms');
    // Tencent answers request-level errors with HTTP 200 and {"Response": {"Error": {...}, "RequestId"}}.
    if (failure) {
      record(failure.code, false);
      return json(res, 200, { Response: { Error: { Code: failure.code, Message: failure.message }, RequestId: requestId } });
    }
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') {
      record('InvalidAction', true);
      return json(res, 200, { Response: { Error: { Code: 'InvalidAction', Message: 'The action is not found.' }, RequestId: requestId } });
    }
    const reply = next(phone);
    if (reply !== 'ok' && reply.http) {
      record(reply.code, true);
      return json(res, reply.http, { Response: { Error: { Code: reply.code, Message: reply.message }, RequestId: requestId } });
    }
    record(reply === 'ok' ? 'Ok' : reply.code, true);
    json(res, 200, {
      Response: {
        SendStatusSet: [{
          SerialNo: reply === 'ok' ? `5000:${Date.now()}${Math.floor(Math.random() * 1e6)}` : '',
          PhoneNumber: payload.PhoneNumberSet?.[0] ?? '',
          Fee: reply === 'ok' ? 1 : 0,
          SessionContext: '',
          Code: reply === 'ok' ? 'Ok' : reply.code,
          Message: reply === 'ok' ? 'send success' : reply.message,
          IsoCode: 'CN',
        }],
        RequestId: requestId,
      },
    });
  });
  return peer;
}

/** An agent that connects every request to the local peer: the SDK signs for sms.localhost, nothing leaves the host. */
export function localAgent(): http.Agent {
  return new http.Agent({
    keepAlive: false,
    lookup: ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
      if (opts?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as never,
  });
}
