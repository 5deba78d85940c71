import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { tickChecklist } from '../../testing/review.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm, validEvidenceForm } from '../../testing/factories.ts';
import { attachDemoFiles } from '../../demo/seed.ts';
import { findCaseInScope, updateCaseForm } from './case.repository.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const BJ = '110000';
const SH = '310000';

beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
});
afterAll(async () => srv?.close());

async function author(province: string) {
  const u = await buildUser(srv.services, 'author', province);
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  return { c, u, session: { ...user, phone: u.phone, sessionId: 'test' } };
}
async function admin(province: string) {
  const u = await buildUser(srv.services, 'province_admin', province);
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return { c, u };
}

describe('author lifecycle through the API (2026, inside the submission phase)', () => {
  it('create → save draft → submit → withdraw → submit → returned → resubmit → recommended', async () => {
    const { c, session, u } = await author(BJ);
    const { c: adm } = await admin(BJ);
    const created = await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body.state).toBe('draft');

    // A half-filled draft saves; an invalid value does not.
    expect((await c.put(`/api/cases/${id}`, { form: { title: '半成品' } })).status).toBe(200);
    const bad = await c.put(`/api/cases/${id}`, { form: { title: '半成品', authors: [{ mobile: '123' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toEqual({ path: 'authors.0.mobile', message: '作者手机号码：请输入 11 位手机号码' });

    // Submitting an incomplete form lists what to fix, fields and missing files alike.
    const incomplete = await c.post(`/api/cases/${id}/submit`);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.fields.length).toBeGreaterThan(3);
    expect(incomplete.body.fields).toContainEqual({ path: 'files.video', message: '请上传案例视频（MP4）' });

    expect((await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) })).status).toBe(200);
    expect(await attachDemoFiles(srv.services, session, id, () => {})).toBe(true);
    expect((await c.post(`/api/cases/${id}/submit`)).body.state).toBe('submitted');
    expect((await c.put(`/api/cases/${id}`, { form: validEvidenceForm() })).status).toBe(409);
    expect((await c.post(`/api/cases/${id}/withdraw`)).body.state).toBe('draft');
    expect((await c.post(`/api/cases/${id}/submit`)).body.state).toBe('submitted');

    expect((await adm.post(`/api/cases/${id}/return`, {})).status).toBe(400);
    const returned = await adm.post(`/api/cases/${id}/return`, { reason: '请补充证据材料' });
    expect(returned.body.state).toBe('returned');
    const seen = await c.get(`/api/cases/${id}`);
    expect(seen.body.returnReason).toBe('请补充证据材料');
    expect(seen.body.history.map((h: any) => h.event).filter((e: string) => e !== 'file.upload')).toEqual(['case.create', 'case.submit', 'case.withdraw', 'case.submit', 'case.return']);
    // The SMS goes through the notices outbox; deliver it now rather than wait for the job.
    await srv.services.notices.deliverDue();
    // The in-process worker may hold the message's lease, so its send can finish just after ours returns.
    await vi.waitFor(() => expect(srv.sender.sent.some((m) => m.template === 'case_returned' && m.text.includes('请补充证据材料'))).toBe(true));

    expect((await c.post(`/api/cases/${id}/withdraw`)).status).toBe(409);
    expect((await c.post(`/api/cases/${id}/submit`)).body.state).toBe('submitted');
    // Before 推荐 the province ticks the manual items of the checklist (SPEC §3).
    await tickChecklist(adm, id);
    const rec = await adm.post(`/api/cases/${id}/recommend`);
    expect(rec.body.state).toBe('province_recommended');
    // Once the province acted, the author can no longer withdraw.
    expect((await c.post(`/api/cases/${id}/withdraw`)).status).toBe(409);
    // Only the province's administrator recommends; an author gets 403.
    expect((await c.post(`/api/cases/${id}/unrecommend`)).status).toBe(403);
    const status = await adm.get('/api/province/status?callId=teacher-training-2026');
    expect(status.body.quota).toEqual([{ groupId: 'all', name: '两类案例合计', used: 1, max: 100 }]);
  });

  it('masks authors\' phone numbers for the provincial administrator but not for the author', async () => {
    const { c, session, u } = await author(BJ);
    const { c: adm } = await admin(BJ);
    const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id;
    await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
    await attachDemoFiles(srv.services, session as any, id, () => {});
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);
    expect((await c.get(`/api/cases/${id}`)).body.form.authors[0].mobile).toBe(u.phone);
    const seen = await adm.get(`/api/cases/${id}`);
    expect(seen.body.form.authors[0].mobile).toBe(`${u.phone.slice(0, 3)}****${u.phone.slice(7)}`);
    expect(seen.body.authorPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});

describe('2025: one case per author', () => {
  it('refuses a second case for the same author in the call, but allows a case in another call', async () => {
    const { c } = await author(SH);
    expect((await c.post('/api/cases', { callId: 'teacher-ai-2025', caseType: 'ai-application' })).status).toBe(200);
    const second = await c.post('/api/cases', { callId: 'teacher-ai-2025', caseType: 'ai-application' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ONE_CASE_PER_AUTHOR');
    expect((await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'online-studio' })).status).toBe(200);
  });

  it('holds under concurrent creation', async () => {
    const { c } = await author(SH);
    const results = await Promise.all(Array.from({ length: 8 }, () => c.post('/api/cases', { callId: 'teacher-ai-2025', caseType: 'ai-application' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });
});

describe('quota under concurrent requests', () => {
  it('50 concurrent recommends for 1 free slot: exactly one succeeds', async () => {
    const { u: a } = await author(SH);
    const { c: adm } = await admin(SH);
    for (let i = 0; i < 49; i++) {
      await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: a.id, provinceCode: SH, state: 'province_recommended', form: validAiForm('高等教育'), quotaGroup: 'voc_higher' });
    }
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: a.id, provinceCode: SH, state: 'submitted', form: validAiForm('职业教育') }));
    }
    // The 2025 recommendation phase is in the past at this clock: open it for the test like the organiser would.
    await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, 'teacher-ai-2025', 'province_recommendation', { forced: 'open' });
    const results = await Promise.all(ids.map((id) => adm.post(`/api/cases/${id}/recommend`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((r) => r.body.code))).toEqual(new Set(['QUOTA_FULL']));
    expect(refused[0].body.message).toBe('职业教育+高等教育推荐名额已满（50/50），请先取消其他案例的推荐');
    const st = await adm.get('/api/province/status?callId=teacher-ai-2025');
    expect(st.body.quota.find((q: any) => q.groupId === 'voc_higher')).toMatchObject({ used: 50, max: 50 });
    // The other group is independent: a 基础教育 case still fits.
    const basic = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: a.id, provinceCode: SH, state: 'submitted', form: validAiForm('小学') });
    expect((await adm.post(`/api/cases/${basic}/recommend`)).status).toBe(200);
    await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, 'teacher-ai-2025', 'province_recommendation', {});
  });
});

describe('saving a draft without a transaction', () => {
  it('writes only if the row is still the version read; saves at once all land, and a submitted case refuses one', async () => {
    const { c, u, session } = await author(BJ);
    const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
    expect((await c.put(`/api/cases/${id}`, { form: { title: '第一稿' } })).status).toBe(200);
    const [row] = await srv.db.query<{ state: string; version: string }>('select state, xmin::text as version from cases where id = $1', [id]);
    const write = { formJson: JSON.stringify({ title: '不该写入' }), title: '不该写入', quotaGroup: null, at: new Date().toISOString(), region: null };
    // Another state, or a write of any kind since the read (here one that changes no saved time): nothing is written.
    expect(await updateCaseForm(srv.db, id, write, { state: 'submitted', version: row!.version })).toBe(false);
    await srv.db.query('update cases set title = title where id = $1', [id]);
    expect(await updateCaseForm(srv.db, id, write, { state: row!.state, version: row!.version })).toBe(false);
    expect((await srv.db.query<{ title: string }>('select title from cases where id = $1', [id]))[0]!.title).toBe('第一稿');
    // The version read now: written.
    const [now] = await srv.db.query<{ version: string }>('select xmin::text as version from cases where id = $1', [id]);
    // The service's read carries that version (else every save would take the locked way).
    expect((await findCaseInScope(srv.db, session as any, id))!.row_version).toBe(now!.version);
    const fresh = { ...write, formJson: JSON.stringify({ title: '第二稿' }), title: '第二稿' };
    expect(await updateCaseForm(srv.db, id, fresh, { state: row!.state, version: now!.version })).toBe(true);
    expect((await srv.db.query<{ title: string }>('select title from cases where id = $1', [id]))[0]!.title).toBe('第二稿');

    // Five saves at once: each answers 200 with its own form, and the case holds one of them.
    const titles = ['甲', '乙', '丙', '丁', '戊'].map((t) => `并发保存${t}`);
    const answers = await Promise.all(titles.map((title) => c.put(`/api/cases/${id}`, { form: { title } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    answers.forEach((a, i) => expect(a.body.form.title).toBe(titles[i]));
    expect(titles).toContain((await srv.db.query<{ title: string }>('select title from cases where id = $1', [id]))[0]!.title);

    // Submitted, the case refuses a save (the state read no longer holds, whichever came first).
    await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
    expect(await attachDemoFiles(srv.services, session as any, id, () => {})).toBe(true);
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);
    const late = await c.put(`/api/cases/${id}`, { form: { title: '提交后的修改' } });
    expect(late.status).toBe(409);
    expect((await srv.db.query<{ state: string }>('select state from cases where id = $1', [id]))[0]!.state).toBe('submitted');
  }, 180_000);
});
