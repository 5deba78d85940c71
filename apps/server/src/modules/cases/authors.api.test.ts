// Who the author is (SPEC §3.4, issue 14 item 5): the first author's row is pre-filled from the account,
// form.first_author compares it with the account's mobile, and form.one_case_per_author (2025) holds per person by
// mobile, whichever account filed the other case — also when two accounts submit at the same moment.
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
  const id = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: u.id, provinceCode: '110000', state: 'draft', form });
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' } as any, id, () => {});
  return { c, id, phone: u.phone };
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
    expect((await b.c.get(`/api/cases/${b.id}`)).body.formChecks.find((r: any) => r.rule === 'form.one_case_per_author').status).toBe('fail');
    const refused = await b.c.post(`/api/cases/${b.id}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ONE_CASE_PER_AUTHOR');
    expect(refused.body.message).toContain('按手机号识别');
  }, 120_000);

  it('2025: five accounts submitting cases naming the same person at once — exactly one goes through', async () => {
    const person = '13912345601';
    const drafts = [];
    for (let i = 0; i < 5; i++) drafts.push(await draftNaming(person));
    const results = await Promise.all(drafts.map((d) => d.c.post(`/api/cases/${d.id}/submit`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  }, 120_000);
});
