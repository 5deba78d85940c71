import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { attachDemoFiles } from '../../demo/seed.ts';
import { buildCoursewarePptx } from '../../../../../scripts/fixtures/pptx.ts';
import { TINY_JPEG } from '../../../../../scripts/fixtures/pptx.ts';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { BUILTIN_CALLS, findCaseType } from '@anli/domain/calls/builtin.ts';
import { CHECKER_VERSION, rulesVersionOf } from './file.service.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
});
afterAll(async () => srv?.close());

async function author(province = '110000') {
  const u = await buildUser(srv.services, 'author', province);
  const c = apiClient(srv.app);
  const user = await c.login(u.phone, u.password);
  const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
  await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
  return { c, id, session: { ...user, phone: u.phone, sessionId: 'test' } };
}

/** Uploads bytes through the real tus endpoint with tus-js-client, as the browser does. */
function tusUpload(cookie: string, meta: Record<string, string>, bytes: Buffer, opts: { chunkSize?: number } = {}): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    const up = new Upload(bytes, {
      endpoint: `${srv.url}/api/uploads/`,
      headers: { cookie },
      metadata: meta,
      ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve({ url: up.url! }),
    });
    up.start();
  });
}

async function waitChecked(c: ReturnType<typeof apiClient>, caseId: string, slot: string) {
  for (let i = 0; i < 120; i++) {
    const files = (await c.get(`/api/cases/${caseId}/files`)).body as any[];
    const f = files.find((s) => s.slot === slot)?.file;
    if (f && f.checkStatus === 'done') return f;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`check of ${slot} did not finish`);
}

describe('uploads through tus into a case slot, checked by the background worker', () => {
  it('registers the file, the worker checks it and the results arrive per rule', async () => {
    const { c, id } = await author();
    const deck = Buffer.from(buildCoursewarePptx({ slides: 4, withImages: true }));
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: '课件.pptx' }, deck, { chunkSize: 16 * 1024 });
    const f = await waitChecked(c, id, 'courseware');
    expect(f.filename).toBe('课件.pptx');
    expect(f.size).toBe(deck.length);
    expect(f.results.map((r: any) => r.rule)).toEqual([
      'courseware.format', 'courseware.hyperlinks', 'courseware.urls', 'courseware.qrcodes', 'courseware.contacts', 'courseware.ai_label', 'courseware.logos', 'courseware.privacy',
    ]);
    expect(f.results.find((r: any) => r.rule === 'courseware.format').status).toBe('pass');
    // What the worker stored is what the checker reports for these bytes: status, values, message and details.
    const call = BUILTIN_CALLS.find((x) => x.id === 'teacher-training-2026')!;
    const type = findCaseType(call, 'evidence-research')!;
    const direct = await checkFile(
      memorySource(new Uint8Array(deck), '课件.pptx'),
      { as: 'courseware', params: checkParamsFor(call, type, false), timeoutMs: 60_000 },
    );
    const stored = await srv.db.query<{ rule: string; status: string; actual: unknown; expected: unknown; message: string; details: unknown }>(
      'select rule, status, actual, expected, message, details from check_results where file_id = $1',
      [f.id],
    );
    expect(stored.length).toBe(direct.results.length);
    for (const r of direct.results) {
      expect(stored.find((x) => x.rule === r.rule), r.rule).toEqual({
        rule: r.rule, status: r.status, actual: r.actual ?? null, expected: r.expected ?? null, message: r.message, details: r.details ?? null,
      });
    }
    expect(stored.some((x) => x.details !== null), 'some result carries details').toBe(true);
    // The stored bytes are the uploaded bytes.
    const dl = await c.get(`/api/files/${f.id}/content?download=1`);
    expect(createHash('sha256').update(dl.raw).digest('hex')).toBe(createHash('sha256').update(deck).digest('hex'));
    const audit = await srv.db.query<{ event: string; actor_name: string | null }>(`select event, actor_name from audit_log where object_id = $1 and event = 'file.upload'`, [id]);
    expect(audit).toHaveLength(1);
    // The record names the uploader itself (the case page's history reads no account for it).
    const [owner] = await srv.db.query<{ name: string }>('select u.name from users u join cases c on c.author_id = u.id where c.id = $1', [id]);
    expect(audit[0]!.actor_name).toBe(owner!.name);
    // The case page's history names the attachment the file went into, by the call's label.
    const page = await c.get(`/api/cases/${id}`);
    const uploaded = page.body.history.filter((h: any) => h.event === 'file.upload');
    expect(uploaded.map((h: any) => h.eventLabel)).toEqual(['上传文件：课件（PPT）']);
  });

  it('a second upload into a slot replaces the first: one current file, the first kept as replaced, each recorded', async () => {
    const { c, id } = await author();
    const first = Buffer.from(buildCoursewarePptx({ slides: 2 }));
    const second = Buffer.from(buildCoursewarePptx({ slides: 3 }));
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: '课件一.pptx' }, first);
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: '课件二.pptx' }, second);
    const rows = await srv.db.query<{ id: string; filename: string; is_current: boolean; replaced: boolean }>(
      `select id, filename, is_current, replaced_at is not null as replaced from files where case_id = $1 and slot = 'courseware' order by created_at, filename`,
      [id],
    );
    expect(rows.map((r) => [r.filename, r.is_current, r.replaced])).toEqual([['课件一.pptx', false, true], ['课件二.pptx', true, false]]);
    const records = await srv.db.query<{ data: { fileId: string; replaced: boolean; slot: string; size: number }; at: Date }>(
      `select data, at from audit_log where object_id = $1 and event = 'file.upload' order by id`,
      [id],
    );
    expect(records.map((r) => r.data)).toEqual([
      { slot: 'courseware', fileId: rows[0]!.id, size: first.length, replaced: false },
      { slot: 'courseware', fileId: rows[1]!.id, size: second.length, replaced: true },
    ]);
    // At the platform's clock, as every record.
    expect(new Date(records[0]!.at).getTime()).toBe(srv.clock.now());
    const [upload] = await srv.db.query<{ completed: boolean }>(`select completed_at is not null as completed from uploads where id = (select object_key from files where id = $1)`, [rows[1]!.id]);
    expect(upload!.completed).toBe(true);
    expect((await waitChecked(c, id, 'courseware')).filename).toBe('课件二.pptx');
  });

  it('refuses a submission while a blocking rule fails, naming what to fix', async () => {
    const { c, id, session } = await author();
    expect(await attachDemoFiles(srv.services, session as any, id, () => {})).toBe(true);
    // Replace the video with a JPEG renamed .mp4: the container rule fails and blocks submission.
    await tusUpload(c.cookie, { caseId: id, slot: 'video', filename: '视频.mp4' }, Buffer.from(TINY_JPEG));
    const v = await waitChecked(c, id, 'video');
    const container = v.results.find((r: any) => r.rule === 'video.container');
    expect(container).toMatchObject({ status: 'fail', blocking: true });
    const refused = await c.post(`/api/cases/${id}/submit`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields.some((f: any) => f.path === 'files.video' && f.message.startsWith('案例视频（MP4）：'))).toBe(true);
  });

  it('only the owner may create, resume or cancel an upload; slot limits and states are enforced', async () => {
    const a = await author();
    const b = await author();
    // Another author cannot upload into a's case.
    const intruder = await fetch(`${srv.url}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: b.c.cookie, 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': `caseId ${Buffer.from(a.id).toString('base64')},slot ${Buffer.from('video').toString('base64')}` },
    });
    expect(intruder.status).toBe(404);
    // Over the slot's size limit (report ≤ 50 MB).
    const big = await fetch(`${srv.url}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: a.c.cookie, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(60 * 1024 * 1024), 'Upload-Metadata': `caseId ${Buffer.from(a.id).toString('base64')},slot ${Buffer.from('report').toString('base64')}` },
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('不能超过 50 MB');
    // An upload a started cannot be read or resumed by b, nor by someone logged out.
    const created = await fetch(`${srv.url}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: a.c.cookie, 'Tus-Resumable': '1.0.0', 'Upload-Length': '100', 'Upload-Metadata': `caseId ${Buffer.from(a.id).toString('base64')},slot ${Buffer.from('report').toString('base64')}` },
    });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location')!, srv.url).toString();
    expect((await fetch(url, { method: 'HEAD', headers: { cookie: b.c.cookie, 'Tus-Resumable': '1.0.0' } })).status).toBe(404);
    expect((await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } })).status).toBe(401);
    expect((await fetch(url, { method: 'HEAD', headers: { cookie: a.c.cookie, 'Tus-Resumable': '1.0.0' } })).headers.get('upload-offset')).toBe('0');
    // A submitted case takes no new files.
    await attachDemoFiles(srv.services, a.session as any, a.id, () => {});
    expect((await a.c.post(`/api/cases/${a.id}/submit`)).status).toBe(200);
    const late = await fetch(`${srv.url}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: a.c.cookie, 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': `caseId ${Buffer.from(a.id).toString('base64')},slot ${Buffer.from('report').toString('base64')}` },
    });
    expect(late.status).toBe(409);
  });
});

describe('downloads', () => {
  it('honour range requests and stay inside the scope', async () => {
    const { c, id, session } = await author('110000');
    await attachDemoFiles(srv.services, session as any, id, () => {});
    const video = (await c.get(`/api/cases/${id}/files`)).body.find((s: any) => s.slot === 'video').file;
    const part = await srv.app.inject({ method: 'GET', url: `/api/files/${video.id}/content`, headers: { cookie: c.cookie, range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${video.size}`);
    expect(part.rawPayload.length).toBe(100);
    expect(part.rawPayload.subarray(4, 8).toString()).toBe('ftyp');
    const tail = await srv.app.inject({ method: 'GET', url: `/api/files/${video.id}/content`, headers: { cookie: c.cookie, range: 'bytes=-10' } });
    expect(tail.rawPayload.length).toBe(10);
    const bad = await srv.app.inject({ method: 'GET', url: `/api/files/${video.id}/content`, headers: { cookie: c.cookie, range: `bytes=${video.size + 5}-` } });
    expect(bad.statusCode).toBe(416);
    // The 上海 administrator and another author get 404; the 北京 administrator may fetch it.
    for (const [role, province] of [['province_admin', '310000'], ['author', '110000']] as const) {
      const u = await buildUser(srv.services, role, province);
      const other = apiClient(srv.app);
      await other.login(u.phone, u.password);
      expect((await other.get(`/api/files/${video.id}/content`)).status).toBe(404);
      expect((await other.get(`/api/cases/${id}/files`)).status).toBe(404);
    }
    const bjAdmin = await buildUser(srv.services, 'province_admin', '110000');
    const bj = apiClient(srv.app);
    await bj.login(bjAdmin.phone, bjAdmin.password);
    // A draft is the author's until submitted: the 北京 administrator does not read its files (issue 15 item 5) …
    expect((await bj.get(`/api/files/${video.id}/content`)).status).toBe(404);
    // … and reads the submitted bytes once it is submitted.
    await srv.services.cases.transitionCase(session as any, id, 'submit');
    const ok = await srv.app.inject({ method: 'GET', url: `/api/files/${video.id}/content`, headers: { cookie: bj.cookie, range: 'bytes=0-9' } });
    expect(ok.statusCode).toBe(206);
  });
});

describe('check status (what the case page polls while a check runs)', () => {
  it('names the same slots and files as the full slots, for the author and the province, and nothing outside the scope', async () => {
    const { c, id, session } = await author('110000');
    await attachDemoFiles(srv.services, session as any, id, () => {});
    const asSlots = (slots: any[]) => slots.map((s) => ({ slot: s.slot, fileId: s.file?.id ?? null, checkStatus: s.file?.checkStatus ?? null }));
    const before = (await c.get(`/api/cases/${id}/files`)).body as any[];
    expect((await c.get(`/api/cases/${id}/files/status`)).body).toEqual(asSlots(before));
    // A new courseware file: the status names it at once (its check pending or running, then done).
    const deck = Buffer.from(buildCoursewarePptx({ slides: 2, withImages: false }));
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: '新课件.pptx' }, deck);
    const status = (await c.get(`/api/cases/${id}/files/status`)).body as any[];
    const courseware = status.find((s) => s.slot === 'courseware');
    expect(courseware.fileId).not.toBe(before.find((s) => s.slot === 'courseware').file.id);
    await waitChecked(c, id, 'courseware');
    expect((await c.get(`/api/cases/${id}/files/status`)).body).toEqual(asSlots((await c.get(`/api/cases/${id}/files`)).body));
    // Others: another author, another province's administrator, and the own province's before submission: 404.
    for (const [role, province] of [['author', '110000'], ['province_admin', '310000'], ['province_admin', '110000']] as const) {
      const u = await buildUser(srv.services, role, province);
      const other = apiClient(srv.app);
      await other.login(u.phone, u.password);
      expect((await other.get(`/api/cases/${id}/files/status`)).status).toBe(404);
    }
    // Submitted: the province reads the submitted files' status, as its full slots.
    await srv.services.cases.transitionCase(session as any, id, 'submit');
    const bjAdmin = await buildUser(srv.services, 'province_admin', '110000');
    const bj = apiClient(srv.app);
    await bj.login(bjAdmin.phone, bjAdmin.password);
    const slots = (await bj.get(`/api/cases/${id}/files`)).body as any[];
    expect((await bj.get(`/api/cases/${id}/files/status`)).body).toEqual(asSlots(slots));
    expect(asSlots(slots).every((s) => s.checkStatus === 'done')).toBe(true);
  });
});

describe('duplicates and re-checks', () => {
  it('flags the same file content in two cases to the organiser', async () => {
    const a = await author();
    const b = await author('310000');
    const deck = Buffer.from(buildCoursewarePptx({ slides: 3, withImages: false }));
    await tusUpload(a.c.cookie, { caseId: a.id, slot: 'courseware', filename: 'a.pptx' }, deck);
    await tusUpload(b.c.cookie, { caseId: b.id, slot: 'courseware', filename: 'b.pptx' }, deck);
    await waitChecked(a.c, a.id, 'courseware');
    await waitChecked(b.c, b.id, 'courseware');
    const o = await buildUser(srv.services, 'organiser', null);
    const org = apiClient(srv.app);
    await org.login(o.phone, o.password);
    const dupes = (await org.get('/api/org/duplicates?callId=teacher-training-2026')).body;
    const group = dupes.find((g: any) => g.sha256 === createHash('sha256').update(deck).digest('hex'));
    expect(group.cases.map((x: any) => x.caseId).sort()).toEqual([a.id, b.id].sort());
    expect((await a.c.get('/api/org/duplicates')).status).toBe(403);
    const seen = (await org.get(`/api/cases/${a.id}/files`)).body.find((s: any) => s.slot === 'courseware').file;
    expect(seen.duplicateCases).toBe(1);
  });

  it('checks files again when a call\'s rules version changes', async () => {
    const { c, id } = await author();
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: 'x.pptx' }, Buffer.from(buildCoursewarePptx({ slides: 2, withImages: false })));
    await waitChecked(c, id, 'courseware');
    await srv.services.files.recheckChangedCalls();
    await srv.db.query(`update call_versions set rules_version = 'old' where call_id = 'teacher-training-2026'`);
    await srv.db.query(`update files set checked_rules_version = 'old' where case_id = $1`, [id]);
    // Under the earlier rules the courseware's format had failed: the re-check passes it, and the author is told.
    await srv.db.query(`update check_results set status = 'fail' where rule = 'courseware.format' and file_id in (select id from files where case_id = $1)`, [id]);
    const queued = await srv.services.files.recheckChangedCalls();
    expect(queued).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => (await srv.db.query<{ v: string }>('select checked_rules_version as v from files where case_id = $1', [id]))[0].v, { timeout: 30_000 })
      .toBe(rulesVersionOf(srv.services.calls.requireCall('teacher-training-2026')));
    const notice = async () => (await srv.db.query<{ title: string; body: string }>(`select title, body from notices where case_id = $1 and kind = 'check_changed'`, [id]));
    await expect.poll(async () => (await notice()).length, { timeout: 30_000 }).toBe(1);
    expect((await notice())[0]!.body).toContain('现已通过：课件格式');
    // The same rules again change nothing: no second notice.
    await srv.db.query(`update call_versions set rules_version = 'old' where call_id = 'teacher-training-2026'`);
    await srv.services.files.recheckChangedCalls();
    expect((await notice()).length).toBe(1);
  });

  it('a check again leaves exactly the rules it reported, each with its new finding, and the file done with its hash', async () => {
    const { c, id } = await author();
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: 'x.pptx' }, Buffer.from(buildCoursewarePptx({ slides: 2, withImages: false })));
    await waitChecked(c, id, 'courseware');
    const [{ fileId, sha256 }] = await srv.db.query<{ fileId: string; sha256: string }>(`select id as "fileId", sha256 from files where case_id = $1 and slot = 'courseware' and is_current`, [id]);
    const results = async () => srv.db.query<{ rule: string; status: string; message: string }>('select rule, status, message from check_results where file_id = $1 order by rule', [fileId]);
    const first = await results();
    expect(first.length).toBeGreaterThan(3);
    // A finding of a rule the checks no longer report, and a stored finding that differs from what the check finds.
    await srv.db.query(`insert into check_results (file_id, rule, status, message) values ($1, 'courseware.retired', 'fail', '旧规则')`, [fileId]);
    await srv.db.query(`update check_results set status = 'fail', message = '旧结论' where file_id = $1 and rule = 'courseware.format'`, [fileId]);
    await srv.db.query(`update files set check_status = 'pending', sha256 = null where id = $1`, [fileId]);
    await srv.services.files.checkStoredFile(fileId);
    expect(await results()).toEqual(first);
    expect((await srv.db.query(`select check_status, sha256 from files where id = $1`, [fileId]))[0]).toEqual({ check_status: 'done', sha256 });
  });

  it('stores a re-check\'s findings and the author\'s notice together: a failed notice leaves both for the retry', async () => {
    const { c, id } = await author();
    await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: 'x.pptx' }, Buffer.from(buildCoursewarePptx({ slides: 2, withImages: false })));
    await waitChecked(c, id, 'courseware');
    const [{ fileId }] = await srv.db.query<{ fileId: string }>(`select id as "fileId" from files where case_id = $1 and slot = 'courseware' and is_current`, [id]);
    await srv.db.query(`update files set checked_rules_version = 'old' where id = $1`, [fileId]);
    await srv.db.query(`update check_results set status = 'fail' where rule = 'courseware.format' and file_id = $1`, [fileId]);
    const state = async () => (await srv.db.query<{ v: string; s: string }>(
      `select f.checked_rules_version as v, r.status as s from files f join check_results r on r.file_id = f.id where f.id = $1 and r.rule = 'courseware.format'`, [fileId]))[0];
    await expect(srv.services.files.checkStoredFile(fileId, undefined, async () => { throw new Error('消息服务暂不可用'); })).rejects.toThrow('消息服务暂不可用');
    expect(await state()).toEqual({ v: 'old', s: 'fail' });
    const retry = await srv.services.files.checkStoredFile(fileId, undefined, (q, change) => srv.services.notices.notifyCheckChanged(change, q));
    expect(retry.changed?.cleared).toEqual(['课件格式']);
    expect((await state())!.s).toBe('pass');
    const notices = await srv.db.query(`select 1 from notices where case_id = $1 and kind = 'check_changed'`, [id]);
    expect(notices).toHaveLength(1);
  });
});
