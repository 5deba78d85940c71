// Audit completeness: each kind of event the issue names — logins (success, failure, lock-out), authorization
// failures, transitions, scores, conflict overrides, exports, publications — is performed through the API and its row
// found with time, user, event, outcome and object; phone numbers masked, codes never stored. And the table is
// append-only: UPDATE, DELETE and TRUNCATE fail; only the maintenance role may purge rows older than 180 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: true });
});
afterAll(async () => srv?.close());

const CALL = 'teacher-ai-2025';
interface Row { at: Date; actor_id: string | null; actor_role: string | null; event: string; outcome: string; object_type: string | null; object_id: string | null; data: any; reason: string | null }
async function lastRow(event: string, extra = ''): Promise<Row> {
  const rows = await srv.db.query<Row>(`select * from audit_log where event = $1 ${extra} order by id desc limit 1`, [event]);
  expect(rows.length, `no audit row for ${event}`).toBe(1);
  return rows[0];
}
function complete(r: Row, expected: { actor?: string | null; outcome?: string; objectId?: string }) {
  expect(new Date(r.at).getTime()).toBe(srv.clock.now());
  if (expected.actor !== undefined) expect(r.actor_id).toBe(expected.actor);
  expect(r.outcome).toBe(expected.outcome ?? 'success');
  expect(r.object_type).toBeTruthy();
  if (expected.objectId) expect(r.object_id).toBe(expected.objectId);
  else expect(r.object_id).toBeTruthy();
}

describe('audit completeness', () => {
  it('records logins: success, failure and lock-out, with the phone masked and never the password', async () => {
    const c = apiClient(srv.app);
    const wang = await c.login('13800000001');
    complete(await lastRow('auth.login', `and outcome = 'success'`), { actor: wang.id, objectId: wang.id });
    const bad = apiClient(srv.app);
    for (let i = 0; i < 5; i++) await bad.post('/api/auth/login', { phone: '13800000002', password: 'Wrong-password-9' });
    const failure = await lastRow('auth.login', `and outcome = 'failure'`);
    complete(failure, { outcome: 'failure', objectId: '138****0002' });
    await bad.post('/api/auth/login', { phone: '13800000002', password: 'Demo@2026' });
    complete(await lastRow('auth.login', `and outcome = 'denied'`), { outcome: 'denied', objectId: '138****0002' });
    const all = JSON.stringify(await srv.db.query('select * from audit_log'));
    expect(all).not.toContain('13800000002');
    expect(all).not.toContain('Wrong-password-9');
  });

  it('records authorization failures (403) with the user and the route', async () => {
    const author = apiClient(srv.app);
    const u = await author.login('13800000003');
    expect((await author.get('/api/org/audit')).status).toBe(403);
    complete(await lastRow('auth.forbidden'), { actor: u.id, outcome: 'denied', objectId: 'GET /api/org/audit' });
    const admin = apiClient(srv.app);
    const a = await admin.login('13900000011');
    expect((await admin.post('/api/org/results/publish', { callId: CALL })).status).toBe(403);
    const r = await lastRow('auth.forbidden');
    complete(r, { actor: a.id, outcome: 'denied', objectId: 'POST /api/org/results/publish' });
    expect(r.actor_role).toBe('province_admin');
  });

  it('records transitions, scores, conflict overrides, exports and publications', async () => {
    const org = apiClient(srv.app);
    const o = await org.login('13900000000');
    const admin = apiClient(srv.app);
    const a = await admin.login('13900000011');

    // Transition: 北京 returns 王老师's submitted case.
    const wang = apiClient(srv.app);
    await wang.login('13800000001');
    const submitted = (await wang.get('/api/my/cases')).body.find((c: any) => c.state === 'submitted');
    expect((await admin.post(`/api/cases/${submitted.id}/return`, { reason: '请补充学情数据' })).status).toBe(200);
    const t = await lastRow('case.return');
    complete(t, { actor: a.id, objectId: submitted.id });
    expect(t.reason).toBe('请补充学情数据');

    // Score: the demo expert submits the sheet of the assigned case.
    const expert = apiClient(srv.app);
    const e = await expert.login('13900000099');
    const task = (await expert.get('/api/review/tasks')).body.tasks[0];
    const url = `/api/review/rounds/${task.roundId}/cases/${task.caseId}`;
    const sheet = (await expert.get(url)).body;
    const scores = Object.fromEntries(sheet.rubric.map((k: any) => [k.id, k.weight]));
    const done = await expert.post(`${url}/submit`, { scores, comment: '完整规范' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const sc = await lastRow('review.score_submit');
    complete(sc, { actor: e.id, objectId: task.caseId });

    // Conflict override: the expert declared in conflict with a case, assigned by hand with a reason.
    const author = await buildUser(srv.services, 'author', '320000');
    const conflicted = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: author.id, provinceCode: '320000', state: 'national_review', form: validAiForm(), quotaGroup: 'basic' });
    // In the open round (as opening the round would have put it there).
    await srv.db.query('insert into review_round_cases (round_id, case_id) values ($1, $2)', [task.roundId, conflicted]);
    const expertRow = (await org.get('/api/org/experts?pageSize=200')).body.items.find((x: any) => x.userId === e.id || x.name === '评审专家');
    expect((await org.post(`/api/org/experts/${expertRow.id}/conflicts`, { caseId: conflicted, reason: '同校同事' })).status).toBe(200);
    const override = await org.post(`/api/org/review/rounds/${task.roundId}/assignments`, { caseId: conflicted, expertId: expertRow.id, overrideReason: '本学科专家不足，经组委会同意' });
    expect(override.status, JSON.stringify(override.body)).toBe(200);
    const ov = await lastRow('review.conflict_override');
    complete(ov, { actor: o.id, objectId: conflicted });
    expect(ov.reason).toBe('本学科专家不足，经组委会同意');

    // Exports: province Excel, info form, public results Excel, province certificate ZIP.
    expect((await admin.get(`/api/province/cases.xlsx?callId=${CALL}`)).status).toBe(200);
    complete(await lastRow('export.province_cases'), { actor: a.id });
    expect((await wang.get(`/api/cases/${submitted.id}/info-form.pdf`)).status).toBe(200);
    complete(await lastRow('export.info_form_pdf'), { objectId: submitted.id });

    // Publication: a selected case is published; the call and the case transition are on the record.
    const selected = await buildCase(srv.db, { callId: CALL, caseType: 'ai-application', authorId: author.id, provinceCode: '320000', state: 'selected', form: validAiForm(), quotaGroup: 'basic' });
    expect((await org.post('/api/org/results/publish', { callId: CALL })).status).toBe(200);
    complete(await lastRow('results.publish'), { actor: o.id, objectId: CALL });
    complete(await lastRow('case.publish', `and object_id = '${selected}'`), { actor: o.id, objectId: selected });
    expect((await apiClient(srv.app).get(`/api/results.xlsx?callId=${CALL}`)).status).toBe(200);
    complete(await lastRow('export.public_results'), { actor: null, objectId: CALL });
    const zip = await admin.get(`/api/province/certificates.zip?callId=${CALL}`);
    expect(zip.status).toBe(200);
    complete(await lastRow('export.province_certificates'), { actor: a.id, objectId: CALL });
  });
});

describe('append-only audit table', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, also for the table owner', async () => {
    const before = (await srv.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;
    expect(before).toBeGreaterThan(0);
    await expect(srv.db.query(`update audit_log set outcome = 'success' where outcome = 'failure'`)).rejects.toThrow(/append-only/);
    await expect(srv.db.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(srv.db.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect((await srv.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n).toBe(before);
  });

  it('lets only the maintenance role purge, and only rows older than 180 days', async () => {
    await srv.db.query(`insert into audit_log (at, event, outcome) values (now() - interval '200 days', 'test.old', 'success'), (now() - interval '170 days', 'test.recent', 'success')`);
    const purge = (cutoff: string) =>
      srv.db.tx(async (q) => {
        await q.query('set local role anli_audit_maintenance');
        return q.query<{ event: string }>(`delete from audit_log where at < now() - interval '${cutoff}' returning event`);
      });
    await expect(purge('150 days')).rejects.toThrow(/append-only/);
    expect((await srv.db.query(`select 1 from audit_log where event in ('test.old', 'test.recent')`)).length).toBe(2);
    expect((await purge('180 days')).map((r) => r.event)).toEqual(['test.old']);
    await expect(
      srv.db.tx(async (q) => {
        await q.query('set local role anli_audit_maintenance');
        await q.query(`update audit_log set reason = 'x' where event = 'test.recent'`);
      }),
    ).rejects.toThrow();
  });
});
