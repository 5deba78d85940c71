// Issue 14 items 1 and 4 through the API on a real database, storage and checker: an info form without a red seal
// fails infoform.stamp (a detected rule), which blocks submission until the author explains it; the case reaches the
// province as 待人工复核 and is accepted or returned. The author's signature (infoform.signature) and the call's privacy
// items (courseware.privacy, video.people) are checklist items: 推荐 is refused until each is ticked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { attachDemoFiles } from '../../demo/seed.ts';
import { generateInfoFormPdf } from '../infoform/index.ts';
import { findCall, findCaseType } from '@anli/domain/calls/builtin.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
}, 120_000);
afterAll(async () => srv?.close());

type Client = ReturnType<typeof apiClient>;

/** A 2026 case with every file attached as the demo does (a stamped info form), then an unstamped form in its place. */
async function caseWithUnstampedForm() {
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
  const form = validEvidenceForm(u.phone);
  await c.put(`/api/cases/${id}`, { form });
  expect(await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' } as any, id, () => {})).toBe(true);
  // The stamped form of the demo passes as "seal found" (manual); the platform's own unstamped form fails.
  expect((await finding(c, id, 'infoform_pdf', 'infoform.stamp')).status).toBe('manual');
  const call = findCall('teacher-training-2026')!;
  const plain = await generateInfoFormPdf(call, findCaseType(call, 'evidence-research')!, form);
  const fileId = await srv.services.files.storeFile(u.id, id, 'infoform_pdf', '信息表.pdf', plain, { enqueue: false });
  await srv.services.files.checkStoredFile(fileId);
  return { c, id };
}
async function admin() {
  const u = await buildUser(srv.services, 'province_admin', '110000');
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return c;
}
const finding = async (c: Client, id: string, slot: string, rule: string) =>
  ((await c.get(`/api/cases/${id}/files`)).body as any[]).find((s) => s.slot === slot).file.results.find((r: any) => r.rule === rule);

describe('infoform.stamp: explain → 待人工复核 → accept or return', () => {
  it('an unstamped form blocks until explained; the province sees the explanation and accepts it', async () => {
    const { c, id } = await caseWithUnstampedForm();
    const stamp = await finding(c, id, 'infoform_pdf', 'infoform.stamp');
    expect(stamp).toMatchObject({ status: 'fail', kind: 'detected', gate: 'needs_explanation', blocking: false, explanation: null });
    expect(stamp.message).toContain('加盖单位公章');
    expect(stamp.message).toContain('填写说明');

    const refused = await c.post(`/api/cases/${id}/submit`);
    expect(refused.status).toBe(400);
    const problem = refused.body.fields.find((f: any) => f.path === 'files.infoform_pdf.infoform.stamp');
    expect(problem.message).toContain('案例信息表（PDF，盖章）');
    expect(problem.message).toContain('人工复核');

    const why = '单位公章为蓝色印油（少数民族地区公章），扫描件第 2 页右下角可见。';
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'infoform_pdf', rule: 'infoform.stamp', text: why })).status).toBe(200);
    const submitted = await c.post(`/api/cases/${id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ stateLabel: '待人工复核', manualReview: true });

    const adm = await admin();
    const listed = (await adm.get('/api/province/cases?callId=teacher-training-2026')).body;
    const row = (Array.isArray(listed) ? listed : listed.items).find((x: any) => x.id === id);
    expect(row).toMatchObject({ stateLabel: '待人工复核', manualReview: true });
    expect(await finding(adm, id, 'infoform_pdf', 'infoform.stamp')).toMatchObject({ gate: 'explained', explanation: { text: why, acceptedAt: null } });

    const early = await adm.post(`/api/cases/${id}/recommend`);
    expect(early.status).toBe(400);
    expect(early.body.fields.some((f: any) => f.path === 'files.infoform_pdf.infoform.stamp' && f.message.includes('单位盖章'))).toBe(true);

    expect((await adm.post(`/api/cases/${id}/explanations/accept`, { slot: 'infoform_pdf', rule: 'infoform.stamp' })).status).toBe(200);
    const accepted = await finding(adm, id, 'infoform_pdf', 'infoform.stamp');
    expect(accepted.explanation.acceptedAt).toBeTruthy();
    expect(accepted.explanation.acceptedBy).toMatch(/^province_admin-/);
    expect((await adm.get(`/api/cases/${id}`)).body).toMatchObject({ manualReview: false });
    const events = (await srv.db.query<{ event: string; data: any }>(`select event, data from audit_log where object_id = $1 order by id`, [id]));
    expect(events.some((e) => e.event === 'finding.accept' && e.data?.rule === 'infoform.stamp')).toBe(true);
  }, 240_000);

  it('the province may return the case instead of accepting the explanation', async () => {
    const { c, id } = await caseWithUnstampedForm();
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'infoform_pdf', rule: 'infoform.stamp', text: '已盖章，扫描时为黑白模式。' })).status).toBe(200);
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);
    const adm = await admin();
    const returned = await adm.post(`/api/cases/${id}/return`, { reason: '信息表须为加盖单位公章后的彩色扫描件，请重新扫描上传' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', manualReview: false });
  }, 240_000);
});

describe('checklist: signature and privacy items before 推荐', () => {
  it('推荐 is refused until 作者签名, 课件隐私保护 and 出镜人员 are ticked', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    const user = await c.login(u.phone, u.password);
    const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
    await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
    expect(await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' } as any, id, () => {})).toBe(true);
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);

    const adm = await admin();
    const privacy = await finding(adm, id, 'courseware', 'courseware.privacy');
    expect(privacy).toMatchObject({ status: 'manual', check: null });
    expect(privacy.message).toContain('学生正面画面');
    expect(await finding(adm, id, 'infoform_pdf', 'infoform.signature')).toMatchObject({ status: 'manual', check: null });
    expect((await finding(adm, id, 'video', 'video.people')).message).toContain('学生正脸');

    // Tick every manual item but the three under test.
    const held = new Set(['courseware:courseware.privacy', 'infoform_pdf:infoform.signature', 'video:video.people']);
    const slots = (await adm.get(`/api/cases/${id}/files`)).body as any[];
    for (const s of slots) for (const r of s.file?.results ?? []) {
      if (r.status === 'manual' && !held.has(`${s.slot}:${r.rule}`)) expect((await adm.put(`/api/cases/${id}/checklist`, { slot: s.slot, rule: r.rule, checked: true })).status).toBe(200);
    }
    for (const key of held) {
      const refused = await adm.post(`/api/cases/${id}/recommend`);
      expect(refused.status).toBe(400);
      const messages = refused.body.fields.map((f: any) => f.message).join('\n');
      const [slot, rule] = key.split(':') as [string, string];
      expect(refused.body.fields.map((f: any) => f.path)).toContain(`files.${slot}.${rule}`);
      expect(messages).toMatch(/人工核对项“(作者签名|课件隐私保护|出镜人员)”尚未勾选/);
      expect((await adm.put(`/api/cases/${id}/checklist`, { slot, rule, checked: true })).status).toBe(200);
    }
    const ticked = await finding(adm, id, 'courseware', 'courseware.privacy');
    expect(ticked.check.checkedBy).toMatch(/^province_admin-/);
    const ok = await adm.post(`/api/cases/${id}/recommend`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.state).toBe('province_recommended');
  }, 240_000);
});
