// The API process keeps the sessions it read for a few seconds (session-cache.ts). These tests show that it does keep
// them (a row removed behind its back is still served), and that every way a session ends reaches it at once: in the
// process through the repository, from another process through PostgreSQL's NOTIFY, and that while the listening
// connection is down nothing kept is trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { hashToken } from '../../http/auth.ts';
import { announceSessionChange, createSessionCache, parseSessionChange, SESSION_CHANNEL } from './session-cache.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

const onPostgres = !!process.env.TEST_DATABASE_URL;
const sessionIdOf = (cookie: string) => hashToken(cookie.slice(cookie.indexOf('=') + 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signedIn() {
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  expect((await c.get('/api/auth/me')).status).toBe(200); // read once: now kept
  return { u, c, sid: sessionIdOf(c.cookie) };
}

/** Polls until the request is refused; fails after `ms`. */
async function refusedWithin(c: ReturnType<typeof apiClient>, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const status = (await c.get('/api/auth/me')).status;
    if (status === 401) return;
    if (Date.now() > end) throw new Error(`still ${status} after ${ms} ms`);
    await sleep(20);
  }
}

describe('sessions kept by the API process', () => {
  it('keeps a session it read: a row removed without telling anyone is still served until it is announced', async () => {
    const { c, sid } = await signedIn();
    await srv.db.query('delete from sessions where id = $1', [sid]);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    // A change announced through the repository's path reaches the cache at once.
    await srv.db.tx((q) => announceSessionChange(q, [`s:${sid}`]));
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('退出登录, a password change and a disabled account end kept sessions at once', async () => {
    const a = await signedIn();
    const cookie = a.c.cookie;
    expect((await a.c.post('/api/auth/logout')).status).toBe(200);
    // The old cookie, sent again, is gone from the cache as from the table.
    expect((await srv.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);

    const b = await signedIn();
    const other = apiClient(srv.app);
    await other.login(b.u.phone, b.u.password);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    const changed = await b.c.post('/api/account/password', { currentPassword: b.u.password, newPassword: 'N3w-Passw0rd!x' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401); // the other session ended with the change
    expect((await b.c.get('/api/auth/me')).status).toBe(200); // the one that changed it stays

    const d = await signedIn();
    const org = await buildUser(srv.services, 'organiser', null);
    const oc = apiClient(srv.app);
    await oc.login(org.phone, org.password);
    const off = await oc.post(`/api/org/users/${d.u.id}/disabled`, { disabled: true, reason: '测试停用' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await d.c.get('/api/auth/me')).status).toBe(401);
  });

  it.skipIf(!onPostgres)('a session ended by another process is refused as soon as its NOTIFY arrives', async () => {
    const { c, sid } = await signedIn();
    // What another API process's repository does: the delete and the announcement, in one transaction on its own
    // connection; nothing reaches this process's cache but the NOTIFY.
    await srv.db.query(`with d as (delete from sessions where id = $1 returning id) select pg_notify($2, 's:' || id) from d`, [sid, SESSION_CHANNEL]);
    await refusedWithin(c, 3000); // the cache keeps rows 10 s: only the NOTIFY can end it this soon
  });

  it.skipIf(!onPostgres)('while the listening connection is down nothing kept is trusted, and after it is back rows are kept again', async () => {
    const { c, sid } = await signedIn();
    // The connection listening for session changes (the upload locker listens on another), once its LISTEN has
    // completed: the server shows an idle connection's last statement.
    const listeners = () =>
      srv.db.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and application_name like '%-listen'
           and state = 'idle' and query = $1`,
        [`listen ${SESSION_CHANNEL}`],
      );
    const [before] = await listeners();
    expect(before).toBeDefined();
    await srv.db.query('select pg_terminate_backend($1)', [before!.pid]);
    // A change this process can no longer hear about: the session is removed with no announcement at all.
    await srv.db.query('delete from sessions where id = $1', [sid]);
    // The connection comes back by itself (a new backend) …
    const end = Date.now() + 10_000;
    for (;;) {
      const now = await listeners();
      if (now.length && now[0]!.pid !== before!.pid) break;
      if (Date.now() > end) throw new Error('the listening connection did not come back');
      await sleep(50);
    }
    // … and the kept row was dropped when the connection was lost, not served.
    expect((await c.get('/api/auth/me')).status).toBe(401);
    await sleep(200); // the LISTEN's answer reaching this process, which then trusts its cache again
    const fresh = await signedIn();
    await srv.db.query('delete from sessions where id = $1', [fresh.sid]);
    expect((await fresh.c.get('/api/auth/me')).status).toBe(200); // kept again
  });
});

describe('the cache itself', () => {
  const row = (userId: string) => ({ userId, phone: '13800000000', name: '张老师', role: 'author' as const, provinceCode: '110000', disabled: false, stage: 'full' as const, expiresAt: 1e13, lastSeenAt: 0 });

  it('keeps rows for ttl, forgets a session or all of a user, refuses a row read before a change', () => {
    const cache = createSessionCache({ ttlMs: 1000, listening: true });
    try {
      let g = cache.generation();
      cache.put('s1', row('u1'), g, 0);
      cache.put('s2', row('u1'), g, 0);
      cache.put('s3', row('u2'), g, 0);
      expect(cache.get('s1', 999)?.userId).toBe('u1');
      expect(cache.get('s1', 1000)).toBeUndefined(); // too old
      cache.forget('u:u1');
      expect(cache.get('s2', 10)).toBeUndefined();
      expect(cache.get('s3', 10)?.userId).toBe('u2');
      // A row read from the database before a change was announced is not kept (it may predate the change).
      g = cache.generation();
      cache.forget('s:elsewhere');
      cache.put('s4', row('u3'), g, 10);
      expect(cache.get('s4', 11)).toBeUndefined();
      // Off while not listening, and emptied when it stops.
      cache.setListening(false);
      expect(cache.get('s3', 10)).toBeUndefined();
      cache.put('s5', row('u4'), cache.generation(), 10);
      expect(cache.size).toBe(0);
    } finally {
      cache.close();
    }
  });

  it('reads only the payloads it sends', () => {
    expect(parseSessionChange('s:abc123')).toBe('s:abc123');
    expect(parseSessionChange('u:0b6c2a1e-8d7f-4c1e-9a39-1b2c3d4e5f60')).toBe('u:0b6c2a1e-8d7f-4c1e-9a39-1b2c3d4e5f60');
    expect(parseSessionChange('x:1')).toBeNull();
    expect(parseSessionChange('s:')).toBeNull();
    expect(parseSessionChange(undefined)).toBeNull();
  });
});
