// Issue 8: the hostile upload corpus (scripts/fixtures/hostile.ts) through the real upload path — tus-js-client →
// the tus endpoint → registerUpload → the file.check job on the queue → check results — of a test server with the
// deep-check tools of this machine (ffmpeg when installed, bounded). For every file: it is refused, either when the
// upload is created (name) or by a failing blocking rule of its slot with a Chinese message saying what to do, the
// check job finishes (no crash: status 'done', not 'error'), nothing is left passing, and submission names the
// problem. The server stays up and keeps checking, and the process's memory stays within a bound while the bombs
// go through (a watchdog samples RSS). A hang shows as this file's test timeout, never as a timing assertion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { buildCoursewarePptx } from '../../../../../scripts/fixtures/pptx.ts';
import { ensureHostileFixtures, hasFfmpeg, HOSTILE_FIXTURE_DIR, type HostileFile } from '../../../../../scripts/fixtures/hostile.ts';
import { findCall, findCaseType } from '@anli/domain/calls/builtin.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let files: HostileFile[] = [];
let skipped: string[] = [];

beforeAll(async () => {
  ({ files, skipped } = await ensureHostileFixtures());
  if (skipped.length) console.warn(`ffmpeg missing: hostile MP4 fixtures skipped: ${skipped.join(', ')}`);
  // deepChecks: the tools of this machine (ffmpeg, LibreOffice when installed), as in production.
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00'), deepChecks: true });
}, 300_000);
afterAll(async () => srv?.close());

const SLOTS = findCaseType(findCall('teacher-training-2026')!, 'evidence-research')!.attachments;
const slotDef = (slot: string) => SLOTS.find((s) => s.slot === slot)!;

async function newCase() {
  const u = await buildUser(srv.services, 'author', '110000');
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id as string;
  await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
  return { c, id };
}

type TusOutcome = { ok: true; uploadId: string } | { ok: false; status: number; body: string };

/** Uploads bytes through the real tus endpoint with tus-js-client, as the browser does. */
function tusUpload(cookie: string, meta: Record<string, string>, bytes: Buffer): Promise<TusOutcome> {
  return new Promise((resolve) => {
    const up = new Upload(bytes, {
      endpoint: `${srv.url}/api/uploads/`,
      headers: { cookie },
      metadata: meta,
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [],
      onError: (err) => {
        const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } }).originalResponse;
        resolve({ ok: false, status: res?.getStatus() ?? 0, body: res?.getBody() ?? String(err) });
      },
      onSuccess: () => resolve({ ok: true, uploadId: up.url!.split('/').pop()! }),
    });
    up.start();
  });
}

/** Waits until the check job of the file stored under this upload has finished (done or error). */
async function waitCheck(uploadId: string) {
  for (;;) {
    const [f] = await srv.db.query<{ id: string; check_status: string }>('select id, check_status from files where object_key = $1', [uploadId]);
    if (f && (f.check_status === 'done' || f.check_status === 'error')) return f;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const CJK = /[\u4e00-\u9fff]/;

describe('hostile files through the real upload path', () => {
  it('refuses every file with a Chinese message, finishes every check, passes none, and stays up within a memory bound', async () => {
    // Watchdog: peak resident memory of this process (server, worker and test) while the corpus goes through.
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const watchdog = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const outcomes: string[] = [];
    try {
      const pending: Array<{ f: HostileFile; caseId: string; c: ReturnType<typeof apiClient>; uploadId: string }> = [];
      for (const f of files) {
        const { c, id } = await newCase();
        const res = await tusUpload(c.cookie, { caseId: id, slot: f.slot, filename: f.filename }, readFileSync(f.path));
        if (f.refusedAt === 'upload') {
          expect(res.ok, `${f.name} should be refused at upload`).toBe(false);
          if (!res.ok) {
            expect([400, 415]).toContain(res.status);
            expect(res.body, f.name).toMatch(CJK);
            expect(res.body, f.name).toMatch(/请/);
            outcomes.push(`${f.name}: upload ${res.status} ${res.body}`);
          }
          // Nothing was stored for the slot.
          const rows = await srv.db.query('select 1 from files where case_id = $1', [id]);
          expect(rows, f.name).toHaveLength(0);
          continue;
        }
        expect(res.ok, `${f.name} upload: ${JSON.stringify(res)}`).toBe(true);
        if (res.ok) pending.push({ f, caseId: id, c, uploadId: res.uploadId });
      }

      for (const { f, caseId, c, uploadId } of pending) {
        const row = await waitCheck(uploadId);
        // The job finished normally (a crash in the checker would leave 'error').
        expect(row.check_status, f.name).toBe('done');
        const results = await srv.db.query<{ rule: string; status: string; message: string }>('select rule, status, message from check_results where file_id = $1', [row.id]);
        expect(results.length, f.name).toBeGreaterThan(0);
        // Not passing: the expected blocking rule fails or errors, with a Chinese message saying what to do.
        const slot = slotDef(f.slot);
        expect(slot.blocking, `${f.name}: ${f.rule} blocks ${f.slot}`).toContain(f.rule);
        const hit = results.find((r) => r.rule === f.rule);
        expect(hit, `${f.name}: no ${f.rule}`).toBeDefined();
        expect(['fail', 'error'], `${f.name}: ${f.rule} is ${hit!.status} (${hit!.message})`).toContain(hit!.status);
        expect(hit!.message, f.name).toMatch(CJK);
        expect(hit!.message, f.name).toMatch(/请/);
        // The case page shows it as blocking, and submission is refused naming it.
        const shown = (await c.get(`/api/cases/${caseId}/files`)).body.find((s: any) => s.slot === f.slot).file;
        expect(shown.checkStatus).toBe('done');
        expect(shown.results.find((r: any) => r.rule === f.rule)).toMatchObject({ blocking: true });
        const submit = await c.post(`/api/cases/${caseId}/submit`);
        expect(submit.status, f.name).toBe(400);
        const fields = submit.body.fields.filter((x: any) => x.path === `files.${f.slot}`).map((x: any) => x.message as string);
        expect(fields, f.name).toContain(`${slot.label}：${hit!.message}`);
        // Every reason given for the slot tells the author what to do.
        for (const m of fields) expect(m, f.name).toMatch(/请/);
        outcomes.push(`${f.name}: ${f.rule}=${hit!.status} ${hit!.message}`);
      }
    } finally {
      clearInterval(watchdog);
    }
    expect(outcomes).toHaveLength(files.length);
    console.info(`hostile corpus: ${files.length} files, peak RSS growth ${Math.round((peak - baseline) / 2 ** 20)} MiB`);
    // The zip bombs inflate to 1 GiB each, 60 MiB × 200 overlapping entries, a 900 M-pixel image (3.6 GB as RGBA):
    // with the budgets in place the process — server, test and the check workers' heaps — grows by less than one of
    // them would take.
    expect(peak - baseline, `peak RSS grew by ${Math.round((peak - baseline) / 2 ** 20)} MiB`).toBeLessThan(1024 * 2 ** 20);
    // No hostile file is left passing anywhere.
    const passing = await srv.db.query<{ filename: string }>(
      `select f.filename from files f where not exists (select 1 from check_results r where r.file_id = f.id and r.status in ('fail', 'error'))`,
    );
    expect(passing).toEqual([]);

    // Still up, still checking: a clean deck uploaded after the corpus passes its format rule.
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    const { c, id } = await newCase();
    const ok = await tusUpload(c.cookie, { caseId: id, slot: 'courseware', filename: '课件.pptx' }, Buffer.from(buildCoursewarePptx({ slides: 3, withImages: true })));
    expect(ok.ok).toBe(true);
    const row = await waitCheck((ok as { uploadId: string }).uploadId);
    expect(row.check_status).toBe('done');
    const [format] = await srv.db.query<{ status: string }>(`select status from check_results where file_id = $1 and rule = 'courseware.format'`, [row.id]);
    expect(format!.status).toBe('pass');
    // And a real MP4 gets its deep audio check: ffmpeg (a bounded subprocess) called from the check worker.
    if (hasFfmpeg()) {
      const clip = await tusUpload(c.cookie, { caseId: id, slot: 'video', filename: '视频.mp4' }, readFileSync(join(HOSTILE_FIXTURE_DIR, 'base-1.mp4')));
      expect(clip.ok).toBe(true);
      const v = await waitCheck((clip as { uploadId: string }).uploadId);
      expect(v.check_status).toBe('done');
      const [clarity] = await srv.db.query<{ status: string; message: string }>(`select status, message from check_results where file_id = $1 and rule = 'audio.clarity'`, [v.id]);
      expect(['pass', 'warn'], clarity!.message).toContain(clarity!.status);
    }
  }, 600_000);
});
