// Who the author is (SPEC §3.4, issue 14 item 5): the first author's row is pre-filled from the account,
// form.first_author compares it with the account's mobile and blocks submission, and form.one_case_per_author (2025)
// holds per person by mobile, whichever account filed the other case — also under concurrent submission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';
import { attachDemoFiles } from '../../demo/seed.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2025-10-15T10:00:00+08:00') });
}, 120_000);
afterAll(async () => srv?.close());

/** An account with a complete 2025 draft naming `mobile` as its (only) author, files attached and checked. */
async function draftNaming(mobile?: string) {
  const u = await buildUser(srv.services, 'author', '110000');
  const form = validAiForm();
  form.authors[0].mobile = mobile ?? u.phone;
  const id = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: u.id, provinceCode: '110000', state: 'draft', form, keepFirstAuthor: true });
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' } as any, id, () => {});
  return { c, id, phone: u.phone, userId: u.id };
}

describe('who the author is', () => {
  it('pre-fills the first author from the account and shows form.first_author', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const created = await c.post('/api/cases', { callId: 'teacher-ai-2025', caseType: 'ai-application' });
    expect(created.body.form.authors[0].mobile).toBe(u.phone);
    expect(created.body.formChecks.find((r: any) => r.rule === 'form.first_author').status).toBe('pass');
    const other = await draftNaming('13912340000');
    const seen = (await other.c.get(`/api/cases/${other.id}`)).body;
    expect(seen.formChecks.find((r: any) => r.rule === 'form.first_author')).toMatchObject({ status: 'fail' });
  });

  it('2025: a second case naming the same person is refused, whichever account files it', async () => {
    const a = await draftNaming();
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).status).toBe(200);
    const b = await draftNaming(a.phone); // another account, the same person as author
    const checks = (await b.c.get(`/api/cases/${b.id}`)).body.formChecks;
    expect(checks.find((r: any) => r.rule === 'form.one_case_per_author').status).toBe('fail');
    expect(checks.find((r: any) => r.rule === 'form.first_author').status).toBe('fail');
    // The only author of a 2025 case is the account holder: another account naming A cannot submit at all.
    const refused = await b.c.post(`/api/cases/${b.id}/submit`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('FIRST_AUTHOR');
    // A second case of A's own (a mode-1 import, say) is refused by mobile at submission.
    const again = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: a.userId, provinceCode: '110000', state: 'draft', form: validAiForm() });
    const user = await a.c.get('/api/auth/me');
    await attachDemoFiles(srv.services, { ...user.body.user, phone: a.phone, sessionId: 'test' } as any, again, () => {});
    const second = await a.c.post(`/api/cases/${again}/submit`);
    expect(second.status, JSON.stringify(second.body)).toBe(409);
    expect(second.body.code).toBe('ONE_CASE_PER_AUTHOR');
    expect(second.body.message).toContain('按手机号识别');
  }, 120_000);

  it('2025: cases naming the same person submitted at once — exactly one goes through', async () => {
    const own = await draftNaming();
    const ids = [own.id];
    for (let i = 0; i < 3; i++) {
      ids.push(await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: own.userId, provinceCode: '110000', state: 'draft', form: validAiForm() }));
    }
    const me = (await own.c.get('/api/auth/me')).body.user;
    for (const id of ids.slice(1)) await attachDemoFiles(srv.services, { ...me, phone: own.phone, sessionId: 'test' } as any, id, () => {});
    const results = await Promise.all(ids.map((id) => own.c.post(`/api/cases/${id}/submit`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
  }, 120_000);

  it('the index of the mobiles named in forms keeps no pending list (each search reads the index alone)', async () => {
    // With fastupdate, every case update's entries wait in a list that each search of the count reads through.
    const [ix] = await srv.db.query<{ reloptions: string[] | null }>(`select reloptions from pg_class where relname = 'cases_form_mobiles'`);
    expect(ix.reloptions).toContain('fastupdate=off');
  });
});
