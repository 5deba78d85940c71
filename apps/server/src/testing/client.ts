// A tiny API client over app.inject that keeps the session cookie, for service-level tests.
import type { FastifyInstance } from 'fastify';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  raw: Buffer;
}

export function apiClient(app: FastifyInstance) {
  let cookie = '';
  async function call<T = any>(method: string, url: string, payload?: unknown): Promise<ApiResponse<T>> {
    const res = await app.inject({ method: method as any, url, payload: payload as any, headers: cookie ? { cookie } : {} });
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) cookie = first.split(';')[0].endsWith('=') ? '' : first.split(';')[0];
    let body: any = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json')) body = res.json();
    return { status: res.statusCode, body, headers: res.headers, raw: res.rawPayload };
  }
  return {
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, payload: unknown = {}) => call<T>('POST', url, payload),
    put: <T = any>(url: string, payload: unknown = {}) => call<T>('PUT', url, payload),
    del: <T = any>(url: string) => call<T>('DELETE', url),
    /** Logs in; an account with a second factor needs `totpCode` (see modules/accounts/totp.ts totpAt). */
    async login(phone: string, password = 'Demo@2026', totpCode?: string) {
      const r = await call('POST', '/api/auth/login', { phone, password });
      if (r.status !== 200) throw new Error(`login ${phone} failed: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.body.next === 'enrol') throw new Error(`login ${phone}: the account must enrol TOTP first`);
      if (r.body.next === 'totp') {
        if (!totpCode) throw new Error(`login ${phone}: the account asks for a TOTP code`);
        const t = await call('POST', '/api/auth/totp', { code: totpCode });
        if (t.status !== 200) throw new Error(`login ${phone} TOTP failed: ${t.status} ${JSON.stringify(t.body)}`);
        return t.body.user;
      }
      return r.body.user;
    },
    get cookie() {
      return cookie;
    },
  };
}
