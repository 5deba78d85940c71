// What blocks submission (SPEC §3, issue 14 item 1), through the API on a real database, storage and checker:
// a measured-rule failure cannot be explained away; a detected-rule failure blocks until explained, then reaches the
// province as 待人工复核, and the province accepts the explanation or returns the case; manual items are a checklist
// the province ticks before 推荐.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { tickChecklist } from '../../testing/review.ts';
import { setChecklistItemAudited } from './file.repository.ts';
import { attachDemoFiles } from '../../demo/seed.ts';
import { buildCoursewarePptx, buildPptx, TINY_JPEG } from '../../../../../scripts/fixtures/pptx.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
}, 120_000);
afterAll(async () => srv?.close());

async function author() {
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
  await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
  expect(await attachDemoFiles(srv.services, { ...user, phone: u.phone, sessionId: 'test' } as any, id, () => {})).toBe(true);
  return { c, id, userId: u.id };
}
async function admin() {
  const u = await buildUser(srv.services, 'province_admin', '110000');
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return { c, id: u.id };
}
/** Replaces a slot's file through the service, as an upload would, and waits for its check. */
async function replace(caseId: string, ownerId: string, slot: string, name: string, bytes: Uint8Array) {
  const fileId = await srv.services.files.storeFile(ownerId, caseId, slot, name, bytes, { enqueue: false });
  await srv.services.files.checkStoredFile(fileId);
}
const finding = async (c: ReturnType<typeof apiClient>, id: string, slot: string, rule: string) =>
  ((await c.get(`/api/cases/${id}/files`)).body as any[]).find((s) => s.slot === slot).file.results.find((r: any) => r.rule === rule);

describe('what blocks submission', () => {
  it('a detected-rule fail blocks until explained; the case reaches the province as 待人工复核; accept, checklist, then 推荐', async () => {
    const { c, id, userId } = await author();
    // A deck with a web address on slide 2: courseware.urls fails (a detected rule).
    const deck = buildPptx({ slides: [{ texts: ['封面：人机协同循证教研', '某某学校 张老师'] }, { texts: ['资源见 www.example-edu.cn/res'] }, { texts: ['谢谢'] }] });
    await replace(id, userId, 'courseware', '课件.pptx', deck);
    const urls = await finding(c, id, 'courseware', 'courseware.urls');
    expect(urls).toMatchObject({ status: 'fail', kind: 'detected', gate: 'needs_explanation', blocking: false, explanation: null });

    const refused = await c.post(`/api/cases/${id}/submit`);
    expect(refused.status).toBe(400);
    const problem = refused.body.fields.find((f: any) => f.path === 'files.courseware.courseware.urls');
    expect(problem.message).toContain('填写说明');

    // Too long, and a rule that passed, are refused; then the explanation is stored and audited.
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'courseware', rule: 'courseware.urls', text: '说'.repeat(301) })).status).toBe(400);
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'courseware', rule: 'courseware.hyperlinks', text: '无' })).status).toBe(409);
    const why = '第 2 页的网址是教材中出版社资源平台的名称截图说明，已与省教研室确认可保留。';
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'courseware', rule: 'courseware.urls', text: why })).status).toBe(200);
    expect(await finding(c, id, 'courseware', 'courseware.urls')).toMatchObject({ gate: 'explained', explanation: { text: why, acceptedAt: null } });

    const submitted = await c.post(`/api/cases/${id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', stateLabel: '待人工复核', manualReview: true });
    // The author cannot change the explanation once submitted.
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'courseware', rule: 'courseware.urls', text: '改' })).status).toBe(409);

    const adm = await admin();
    const listed = (await adm.c.get('/api/province/cases?pageSize=200&callId=teacher-training-2026')).body.items.find((x: any) => x.id === id);
    expect(listed).toMatchObject({ stateLabel: '待人工复核', manualReview: true });
    // The explanation beside the finding, on the province's view of the submitted files.
    expect(await finding(adm.c, id, 'courseware', 'courseware.urls')).toMatchObject({ gate: 'explained', explanation: { text: why, acceptedAt: null } });

    // 推荐 is refused while the explanation waits and the manual items are unticked.
    const early = await adm.c.post(`/api/cases/${id}/recommend`);
    expect(early.status).toBe(400);
    expect(early.body.fields.some((f: any) => f.path === 'files.courseware.courseware.urls' && f.message.includes('人工复核'))).toBe(true);
    expect(early.body.fields.some((f: any) => f.message.includes('人工核对项'))).toBe(true);

    expect((await adm.c.post(`/api/cases/${id}/explanations/accept`, { slot: 'courseware', rule: 'courseware.urls' })).status).toBe(200);
    expect((await adm.c.post(`/api/cases/${id}/explanations/accept`, { slot: 'courseware', rule: 'courseware.urls' })).status).toBe(409);
    const accepted = await finding(adm.c, id, 'courseware', 'courseware.urls');
    expect(accepted.explanation.acceptedAt).toBeTruthy();
    expect(accepted.explanation.acceptedBy).toMatch(/^province_admin-/);
    expect((await adm.c.get(`/api/cases/${id}`)).body).toMatchObject({ stateLabel: '已提交，待省级审核', manualReview: false });

    // The checklist: still refused until every manual item is ticked, then 推荐 goes through.
    const stillRefused = await adm.c.post(`/api/cases/${id}/recommend`);
    expect(stillRefused.status).toBe(400);
    expect(stillRefused.body.fields.every((f: any) => f.message.includes('人工核对项'))).toBe(true);
    // Only manual items of a submitted file can be ticked.
    const notManual = await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.container', checked: true });
    expect(notManual.status).toBe(404);
    expect(notManual.body.message).toContain('人工核对项');
    const noFile = await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'no_such_slot', rule: 'video.people', checked: true });
    expect(noFile.status).toBe(404);
    expect(noFile.body.message).toContain('附件');
    const ticked = await tickChecklist(adm.c, id);
    expect(ticked).toBeGreaterThanOrEqual(3); // video.people, video.synthetic, video.format_declared at least
    const people = await finding(adm.c, id, 'video', 'video.people');
    expect(people.check.checkedBy).toMatch(/^province_admin-/);
    // Unticking one item blocks 推荐 again; ticking it again (twice: the second changes nothing) opens it.
    expect((await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.people', checked: false })).status).toBe(200);
    expect((await finding(adm.c, id, 'video', 'video.people')).check).toBeFalsy();
    expect((await adm.c.post(`/api/cases/${id}/recommend`)).status).toBe(400);
    for (let i = 0; i < 2; i++) expect((await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.people', checked: true })).status).toBe(200);
    expect((await srv.db.query(`select 1 from case_checklist where case_id = $1 and rule = 'video.people'`, [id])).length).toBe(1);
    const ok = await adm.c.post(`/api/cases/${id}/recommend`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.state).toBe('province_recommended');

    const events = (await srv.db.query<{ event: string; actor_id: string }>(`select event, actor_id from audit_log where object_id = $1 order by id`, [id])).map((r) => r.event);
    expect(events).toContain('finding.explain');
    expect(events).toContain('finding.accept');
    expect(events.filter((e) => e === 'checklist.check').length).toBe(ticked + 2);
    expect(events.filter((e) => e === 'checklist.uncheck').length).toBe(1);
    // Each tick's record names the province, the slot, the rule and the submitted file it ticked.
    const [videoFile] = await srv.db.query<{ file_id: string }>(
      `select s.file_id from cases c join submission_files s on s.case_id = c.id and s.submission = c.submission_count and s.slot = 'video' where c.id = $1`, [id],
    );
    const untick = await srv.db.query(`select province_code, data from audit_log where object_id = $1 and event = 'checklist.uncheck'`, [id]);
    expect(untick).toEqual([{ province_code: '110000', data: { slot: 'video', rule: 'video.people', fileId: videoFile!.file_id } }]);
    // Once recommended the case is no longer under review: a tick is refused, and neither stored nor recorded.
    const late = await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.people', checked: false });
    expect(late.status).toBe(409);
    expect((await srv.db.query(`select 1 from case_checklist where case_id = $1 and rule = 'video.people'`, [id])).length).toBe(1);
    expect((await srv.db.query(`select 1 from audit_log where object_id = $1 and event like 'checklist.%'`, [id])).length).toBe(ticked + 3);
  }, 180_000);

  it('the province can return an explained case instead of accepting; the author cannot touch the checklist', async () => {
    const { c, id, userId } = await author();
    await replace(id, userId, 'courseware', '课件.pptx', buildPptx({ slides: [{ texts: ['封面'] }, { texts: ['联系电话 010-66490220'] }] }));
    expect((await c.put(`/api/cases/${id}/explanations`, { slot: 'courseware', rule: 'courseware.contacts', text: '这是活动通知中的公开咨询电话。' })).status).toBe(200);
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);
    expect((await c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.people', checked: true })).status).toBe(403);
    const adm = await admin();
    // The tick is one statement that writes only for a submitted case in the viewer's scope and a manual item of its
    // last submission: another province's administrator, a rule that is not a manual check and a case no longer
    // submitted (below, after the return) each change and record nothing.
    const [row] = await srv.db.query<{ file_id: string }>(
      `select s.file_id from cases c join submission_files s on s.case_id = c.id and s.submission = c.submission_count and s.slot = 'video' where c.id = $1`, [id],
    );
    const other = await buildUser(srv.services, 'province_admin', '120000');
    const tick = (scope: { id: string; role: 'province_admin'; provinceCode: string }, rule: string) =>
      setChecklistItemAudited(
        srv.db,
        scope,
        { caseId: id, slot: 'video', rule, checked: true, by: scope.id, at: new Date().toISOString() },
        { id: scope.id, role: 'province_admin', name: 'x' },
        { event: 'checklist.check', objectType: 'case', objectId: id, data: { slot: 'video', rule } },
      );
    expect(await tick({ id: other.id, role: 'province_admin', provinceCode: '120000' }, 'video.people')).toBe(false);
    expect(await tick({ id: adm.id, role: 'province_admin', provinceCode: '110000' }, 'video.container')).toBe(false);
    expect((await srv.db.query(`select 1 from case_checklist where case_id = $1`, [id])).length).toBe(0);
    expect((await srv.db.query(`select 1 from audit_log where object_id = $1 and event = 'checklist.check'`, [id])).length).toBe(0);
    // A tick that holds names the submitted file in its record.
    expect(await tick({ id: adm.id, role: 'province_admin', provinceCode: '110000' }, 'video.people')).toBe(true);
    const [rec] = await srv.db.query<{ data: Record<string, unknown>; province_code: string }>(`select data, province_code from audit_log where object_id = $1 and event = 'checklist.check'`, [id]);
    expect(rec).toEqual({ data: { slot: 'video', rule: 'video.people', fileId: row!.file_id }, province_code: null });
    expect((await srv.db.query(`select file_id from case_checklist where case_id = $1`, [id]))).toEqual([{ file_id: row!.file_id }]);
    const returned = await adm.c.post(`/api/cases/${id}/return`, { reason: '课件中不得出现联系方式，请删除后重新提交' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', manualReview: false });
    expect((await adm.c.put(`/api/cases/${id}/checklist`, { slot: 'video', rule: 'video.people', checked: true })).status).toBe(409);
    // After return the author may replace the explanation or fix the file.
    await replace(id, userId, 'courseware', '课件.pptx', buildCoursewarePptx({ slides: 3 }));
    expect((await finding(c, id, 'courseware', 'courseware.contacts')).status).toBe('pass');
    expect((await c.post(`/api/cases/${id}/submit`)).status).toBe(200);
  }, 180_000);

  it('a measured-rule failure cannot be explained away', async () => {
    const { c, id, userId } = await author();
    await replace(id, userId, 'video', '视频.mp4', TINY_JPEG);
    const container = await finding(c, id, 'video', 'video.container');
    expect(container).toMatchObject({ status: 'fail', kind: 'measured', gate: 'blocks', blocking: true });
    const r = await c.put(`/api/cases/${id}/explanations`, { slot: 'video', rule: 'video.container', text: '我确认视频没有问题' });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('不能以说明代替修改');
    const refused = await c.post(`/api/cases/${id}/submit`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields.some((f: any) => f.path === 'files.video' && f.message.includes('案例视频'))).toBe(true);
  }, 180_000);

  it('each slot states its requirements from the call data', async () => {
    const { c, id } = await author();
    const slots = (await c.get(`/api/cases/${id}/files`)).body as any[];
    const video = slots.find((s) => s.slot === 'video').requirements.join('\n');
    expect(video).toContain('1920×1080');
    expect(video).toContain('25 fps');
    expect(video).toContain('不低于 8 Mbps');
    expect(video).toContain('7–10 分钟');
    const report = slots.find((s) => s.slot === 'report').requirements.join('\n');
    expect(report).toContain('不超过 3000 字');
    expect(report).toContain('仿宋_GB2312，三号（16pt）');
    expect(report).toContain('固定值 28 磅');
  }, 180_000);
});
