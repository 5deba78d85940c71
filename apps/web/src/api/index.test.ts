import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, downloads, queryString, setUnauthorizedHandler } from './index.ts';

function respond(status: number, body: unknown) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('sends JSON with credentials and returns the parsed body', async () => {
    const f = respond(200, { user: { id: 'u1', name: '王老师' } });
    const r = await api.login('13800000001', 'pw');
    expect(r.user.name).toBe('王老师');
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/auth/login');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('include');
    expect(JSON.parse(String(init?.body))).toEqual({ phone: '13800000001', password: 'pw' });
  });

  it('turns an error response into ApiError with code, message and field errors', async () => {
    respond(400, { code: 'VALIDATION', message: '还有 1 处需要完善', fields: [{ path: 'authors.0.mobile', message: '请输入 11 位手机号码' }] });
    const e = await api.submitCase('c1').catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'VALIDATION', message: '还有 1 处需要完善' });
    expect(e.fields).toEqual([{ path: 'authors.0.mobile', message: '请输入 11 位手机号码' }]);
  });

  it('gives a Chinese message when the body is not the error shape', async () => {
    respond(502, undefined);
    const e = await api.myCases().catch((x) => x);
    expect(e).toMatchObject({ status: 502, code: 'HTTP_502', message: '服务器出错，请稍后再试', fields: [] });
  });

  it('reports a network failure as ApiError 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const e = await api.me().catch((x) => x);
    expect(e).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('signals an ended session on 401 outside /auth, not for a failed login', async () => {
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('401'));
    respond(401, { code: 'UNAUTHENTICATED', message: '请先登录' });
    await api.myCases().catch(() => {});
    await api.login('13800000001', 'x').catch(() => {});
    setUnauthorizedHandler(null);
    expect(seen).toEqual(['401']);
  });

  it('builds query strings and download links from the defined filters only', () => {
    expect(queryString({ callId: 'c', state: undefined, q: '', caseType: 't' })).toBe('?callId=c&caseType=t');
    expect(queryString({})).toBe('');
    expect(downloads.provinceCasesXlsx({ callId: 'teacher-ai-2025', q: '数学' })).toBe('/api/province/cases.xlsx?callId=teacher-ai-2025&q=%E6%95%B0%E5%AD%A6');
    expect(downloads.infoFormPdf('abc')).toBe('/api/cases/abc/info-form.pdf');
  });
});
