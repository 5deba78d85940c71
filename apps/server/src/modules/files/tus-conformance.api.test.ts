// tus 1.0 conformance for clients other than our own (issue 18 item 9) and the caps on open uploads (item 3), against
// the real platform with a hand-written client (fetch, no tus library): X-HTTP-Method-Override, 412 + Tus-Version for
// another protocol version, 415 for a PATCH of the wrong Content-Type, Chinese error bodies, Upload-Expires matching
// the configured expiry; open uploads capped per slot (the oldest is superseded, its bytes gone) and per author
// (refused, counted under a lock so parallel creations cannot pass together); expired uploads cleaned.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';

const CALL = 'teacher-training-2026';
const EXPIRY_MS = 5 * 3_600_000;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie = '';
let caseId = '';
let authorId = '';

beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00'), uploadExpirationMs: EXPIRY_MS });
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  authorId = (await c.login(u.phone, u.password)).id;
  cookie = c.cookie;
  caseId = (await c.post('/api/cases', { callId: CALL, caseType: 'evidence-research' })).body.id;
});
afterAll(async () => srv?.close());

const tus = (method: string, path: string, headers: Record<string, string> = {}, body?: Uint8Array) =>
  fetch(`${srv.url}${path}`, { method, headers: { cookie, ...headers }, body: body as BodyInit | undefined });

async function create(slot = 'report', length = 100): Promise<{ res: Response; path: string }> {
  const res = await tus('POST', '/api/uploads/', {
    'Tus-Resumable': '1.0.0', 'Upload-Length': String(length),
    'Upload-Metadata': `caseId ${b64(caseId)},slot ${b64(slot)}${slot === 'report' ? `,filename ${b64('总结报告.docx')}` : ''}`,
  });
  const loc = res.headers.get('location');
  return { res, path: loc ? new URL(loc, srv.url).pathname : '' };
}

describe('tus 1.0 conformance', () => {
  it('gives Upload-Expires = creation + the configured expiry', async () => {
    const before = Date.now();
    const { res } = await create();
    expect(res.status).toBe(201);
    const expires = Date.parse(res.headers.get('upload-expires')!);
    // HTTP dates have whole seconds.
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + EXPIRY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + EXPIRY_MS);
  });

  it('honours X-HTTP-Method-Override on POST (PATCH, HEAD and DELETE)', async () => {
    const { path } = await create('report', 4);
    const patched = await tus('POST', path, {
      'X-HTTP-Method-Override': 'PATCH', 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream',
    }, new Uint8Array([1, 2]));
    expect(patched.status).toBe(204);
    expect(patched.headers.get('upload-offset')).toBe('2');
    const head = await tus('POST', path, { 'X-HTTP-Method-Override': 'HEAD', 'Tus-Resumable': '1.0.0' });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('2');
    const del = await tus('POST', path, { 'X-HTTP-Method-Override': 'DELETE', 'Tus-Resumable': '1.0.0' });
    expect(del.status).toBe(204);
    expect((await tus('HEAD', path, { 'Tus-Resumable': '1.0.0' })).status).toBeGreaterThanOrEqual(404);
  });

  it('answers 412 with Tus-Version to another protocol version, and to none', async () => {
    const { path } = await create('report', 4);
    for (const v of ['0.2.2', '2.0.0', null]) {
      const h: Record<string, string> = v ? { 'Tus-Resumable': v } : {};
      const r = await tus('HEAD', path, h);
      expect(r.status).toBe(412);
      expect(r.headers.get('tus-version')).toBe('1.0.0');
      const p = await tus('PATCH', path, { ...h, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1]));
      expect(p.status).toBe(412);
      expect(hasChinese(await p.text())).toBe(true);
    }
    // OPTIONS needs no version and lists what the server speaks.
    const o = await tus('OPTIONS', '/api/uploads/');
    expect(o.status).toBeLessThan(300);
    expect(o.headers.get('tus-version')).toContain('1.0.0');
  });

  it('answers 415 to a PATCH of another Content-Type, with a Chinese body', async () => {
    const { path } = await create('report', 4);
    for (const type of ['application/json', 'text/plain', null]) {
      const r = await tus('PATCH', path, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', ...(type ? { 'Content-Type': type } : {}) }, new Uint8Array([1]));
      expect(r.status).toBe(415);
      expect(await r.text()).toMatch(/Content-Type 必须是 application\/offset\+octet-stream/);
    }
  });

  it('answers every error in Chinese', async () => {
    const { path } = await create('report', 4);
    const cases: Array<[string, string, Record<string, string>, Uint8Array?]> = [
      ['PATCH', path, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '3', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1])],
      ['PATCH', path, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': 'x', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1])],
      ['PATCH', path, { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1])],
      ['HEAD', '/api/uploads/0123456789abcdef0123456789abcdef', { 'Tus-Resumable': '1.0.0' }],
      ['PATCH', '/api/uploads/0123456789abcdef0123456789abcdef', { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1])],
      ['POST', '/api/uploads/', { 'Tus-Resumable': '1.0.0' }],
      ['POST', '/api/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': 'abc' }],
      ['POST', '/api/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': 'caseId !!!' }],
      ['POST', path, { 'Tus-Resumable': '1.0.0', 'X-HTTP-Method-Override': 'TRACE' }],
      ['GET', path, { 'Tus-Resumable': '1.0.0' }],
    ];
    for (const [method, p, h, body] of cases) {
      const r = await tus(method, p, h, body);
      expect(r.status, `${method} ${JSON.stringify(h)}`).toBeGreaterThanOrEqual(400);
      if (method !== 'HEAD') expect(hasChinese(await r.text()), `${method} ${JSON.stringify(h)} → ${r.status}`).toBe(true);
    }
  });
});

describe('open uploads per author and per slot', () => {
  it('supersedes the oldest open upload of a slot and removes its bytes', async () => {
    await srv.db.query(`update uploads set terminated_at = now() where owner_id = $1 and completed_at is null`, [authorId]);
    const first = await create('courseware', 10);
    await create('courseware', 10);
    const third = await create('courseware', 10);
    expect(third.res.status).toBe(201);
    const id = first.path.split('/').pop()!;
    expect(existsSync(join(srv.dataDir, 'files', id))).toBe(false);
    const [row] = await srv.db.query<{ ended_reason: string }>('select ended_reason from uploads where id = $1', [id]);
    expect(row.ended_reason).toBe('superseded');
    const again = await tus('PATCH', first.path, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array([1]));
    expect(again.status).toBeGreaterThanOrEqual(404);
  });

  it('caps open uploads per author, also when 25 are created at once', async () => {
    await srv.db.query(`update uploads set terminated_at = now() where owner_id = $1 and completed_at is null`, [authorId]);
    // Five slots of the case × up to two open each would allow 10; one more case adds slots.
    const other = (await apiClientWith(cookie).post('/api/cases', { callId: CALL, caseType: 'online-studio' })).body.id as string;
    const slots = ['report', 'courseware', 'video', 'infoform_pdf', 'infoform_word'];
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        tus('POST', '/api/uploads/', {
          'Tus-Resumable': '1.0.0', 'Upload-Length': '10',
          'Upload-Metadata': `caseId ${b64(i % 2 ? other : caseId)},slot ${b64(slots[i % 5])}`,
        }),
      ),
    );
    const created = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 429);
    expect(created).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(await refused[0].text()).toMatch(/上限 10 个/);
    const [{ n }] = await srv.db.query<{ n: number }>(
      'select count(*)::int as n from uploads where owner_id = $1 and completed_at is null and terminated_at is null', [authorId],
    );
    expect(n).toBeLessThanOrEqual(10);
  });

  it('cleans expired uploads: bytes removed, the row closed', async () => {
    await srv.db.query(`update uploads set terminated_at = now() where owner_id = $1 and completed_at is null`, [authorId]);
    const { path } = await create('video', 10);
    const id = path.split('/').pop()!;
    expect(existsSync(join(srv.dataDir, 'files', id))).toBe(true);
    // Age the upload past the expiry in the store's record (through the store: it keeps a copy of what it wrote).
    type Records = { get(k: string): Promise<any>; set(k: string, v: unknown): Promise<void> };
    const records = (srv.uploads as unknown as { store: { configstore: Records } }).store.configstore;
    const rec = await records.get(id);
    rec.creation_date = new Date(Date.now() - EXPIRY_MS - 60_000).toISOString();
    await records.set(id, rec);
    expect(JSON.parse(readFileSync(join(srv.dataDir, 'files', `${id}.json`), 'utf8')).creation_date).toBe(rec.creation_date);
    const removed = await srv.uploads.cleanUpExpired();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(srv.dataDir, 'files', id))).toBe(false);
    const [row] = await srv.db.query<{ terminated_at: Date | null }>('select terminated_at from uploads where id = $1', [id]);
    expect(row.terminated_at).not.toBeNull();
  });
});

function apiClientWith(c: string) {
  return {
    post: async (url: string, body: unknown) => {
      const r = await fetch(`${srv.url}${url}`, { method: 'POST', headers: { cookie: c, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    },
  };
}
