import type { ByteSource } from '../types.ts';

export interface HttpRangeSourceOptions {
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>;
  /** Custom fetch (tests, instrumented clients). Defaults to the global fetch. */
  fetch?: typeof fetch;
  name?: string;
}

/**
 * Reads a remote file with HTTP Range requests (works in the browser and in Node ≥ 18).
 * The size comes from a HEAD request (Content-Length) or, when HEAD is refused, from the
 * Content-Range of a one-byte GET. A server that ignores Range (200 instead of 206) is
 * rejected rather than silently downloading the whole file.
 */
export class HttpRangeSource implements ByteSource {
  private constructor(
    private readonly url: string,
    readonly size: number,
    private readonly opts: HttpRangeSourceOptions,
    readonly name?: string,
  ) {}

  static async open(url: string, opts: HttpRangeSourceOptions = {}): Promise<HttpRangeSource> {
    const f = opts.fetch ?? fetch;
    let size: number | null = null;
    try {
      const head = await f(url, { method: 'HEAD', headers: opts.headers });
      const len = head.ok ? Number(head.headers.get('content-length')) : NaN;
      if (Number.isSafeInteger(len) && len >= 0) size = len;
    } catch {
      // fall through to the ranged GET below
    }
    if (size === null) {
      const res = await f(url, { headers: { ...opts.headers, Range: 'bytes=0-0' } });
      const cr = res.headers.get('content-range');
      await res.body?.cancel().catch(() => undefined);
      const m = cr ? /\/(\d+)\s*$/.exec(cr) : null;
      if (res.status !== 206 || !m) throw new Error(`${url}: server does not support range requests (status ${res.status})`);
      size = Number(m[1]);
    }
    const name = opts.name ?? decodeURIComponent(new URL(url, 'http://x/').pathname.split('/').pop() ?? '');
    return new HttpRangeSource(url, size, opts, name || undefined);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0) {
      throw new RangeError(`invalid read(${offset}, ${length})`);
    }
    const start = Math.min(offset, this.size);
    const end = Math.min(this.size, start + length);
    if (end <= start) return new Uint8Array(0);
    const f = this.opts.fetch ?? fetch;
    const res = await f(this.url, { headers: { ...this.opts.headers, Range: `bytes=${start}-${end - 1}` } });
    if (res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`range request failed: status ${res.status}`);
    }
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf.byteLength !== end - start) throw new Error(`range request returned ${buf.byteLength} bytes, expected ${end - start}`);
    return buf;
  }
}

export function httpRangeSource(url: string, opts?: HttpRangeSourceOptions): Promise<HttpRangeSource> {
  return HttpRangeSource.open(url, opts);
}
