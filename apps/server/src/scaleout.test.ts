// Scale-out: 2 API processes (main.ts, WORKER=false) and 2 worker processes (worker-main.ts) against one PostgreSQL
// database and one S3 server, started with the variables of deploy/anli.env.example. A submission goes through both
// APIs alternately — registration, session, tus upload split across processes, submission, recommendation — and the
// check jobs are run by the worker processes, both of them when several are queued.
// Needs a PostgreSQL server (TEST_DATABASE_URL): PGlite belongs to a single process.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './infra/db/db.ts';
import { openTestDb } from './testing/test-db.ts';
import { startS3TestServer, type S3TestServer } from './infra/storage/s3-test-server.ts';
import { totpAt } from './modules/accounts/totp.ts';
import { accountsService } from './modules/accounts/accounts.service.ts';
import { memorySender } from './infra/sender.ts';
import { systemClock } from './infra/clock.ts';
import { validAiForm, validEvidenceForm } from './testing/factories.ts';
import { generateInfoFormDocx, generateInfoFormPdf } from './modules/infoform/index.ts';
import { demoCourseware, makeDemoVideo } from './demo/demo-files.ts';
import { withDemoSeal } from './demo/stamp.ts';
import { findCaseType, BUILTIN_CALLS } from '@anli/domain/calls/builtin.ts';
import { beijingDate } from '@anli/domain/deadline.ts';
import { createJobQueue } from './infra/jobs/queue.ts';
import { deploymentEnv, exampleEnvKeys, freePort, httpSession, REPO, startProcess, tusMetadata, tusUploadAcross, waitHealthy, type AnliProcess, type HttpSession } from './testing/processes.ts';

const onPostgres = !!process.env.TEST_DATABASE_URL;
if (!onPostgres) {
  console.warn('scaleout.test.ts skipped: needs TEST_DATABASE_URL (a PostgreSQL server); several processes cannot share one PGlite database.');
}

const PASSWORD = 'Scale0ut!2026';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe.skipIf(!onPostgres)('2 API + 2 worker processes on one PostgreSQL and one S3 store', () => {
  let db: Db;
  let s3: S3TestServer;
  const procs: AnliProcess[] = [];
  let api: [string, string];
  let apiProcs: AnliProcess[];
  let workerProcs: AnliProcess[];
  const dataDirs: string[] = [];
  /** Accounts made as an operator would, straight in the shared database. */
  const accounts = () => accountsService({ db, clock: systemClock, sender: memorySender(), sessionIdleMs: 3600_000, sessionMaxMs: 3600_000 } as any);

  beforeAll(async () => {
    db = await openTestDb();
    s3 = await startS3TestServer({ bucket: 'anli-scaleout' });
    const env = deploymentEnv({
      DATABASE_URL: db.url!,
      DATABASE_POOL_SIZE: '5',
      S3_BUCKET: s3.config.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.config.region,
      S3_ACCESS_KEY_ID: s3.config.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
      COOKIE_SECURE: 'true',
      PUBLIC_URL: 'https://anli.example.cn',
      NODE_ENV: 'production',
      // The processes are reached directly here; the proxy addresses of the example would be trusted the same way.
      TRUST_PROXY: '127.0.0.1',
      CERTIFICATE_SECRET: randomBytes(32).toString('hex'),
      JOB_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      // A minute, so that only the announcement between the processes can end a kept session within the test.
      SESSION_CACHE_SECONDS: '60',
    });
    const ports = [await freePort(), await freePort()];
    apiProcs = ports.map((port, i) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'anli-scaleout-api-'));
      dataDirs.push(dir);
      // As deploy/systemd/anli-api@.service: PORT per instance, WORKER=false.
      return startProcess(`api${i + 1}`, 'apps/server/src/main.ts', { ...env, PORT: String(port), HOST: '127.0.0.1', WORKER: 'false', DATA_DIR: dir, JOB_POLL_SECONDS: '0.5',
        // The SMS gateway is outside our control: here the API's log stands in for it (the dev flag that logs codes).
        LOG_MESSAGE_CODES: 'true' });
    });
    procs.push(...apiProcs);
    api = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
    await Promise.all(apiProcs.map((p, i) => waitHealthy(api[i]!, p)));
    // As deploy/systemd/anli-worker@.service: WORKER_ID per instance.
    workerProcs = ['worker-a', 'worker-b'].map((id) => startProcess(id, 'apps/server/src/worker-main.ts', { ...env, WORKER_ID: id, JOB_POLL_SECONDS: '0.5' }));
    procs.push(...workerProcs);
    await Promise.all(workerProcs.map((w) => w.waitFor(/Anli worker worker-[ab] started/, 90_000)));
  }, 240_000);

  afterAll(async () => {
    for (const p of procs) await p.stop(5_000).catch(() => {});
    await s3?.close();
    await db?.close();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  it('uses every variable of the example configuration', () => {
    expect(exampleEnvKeys()).toEqual(expect.arrayContaining(['DATABASE_URL', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']));
  });

  it('serves through deploy/Caddyfile, and keeps an upload whole when two processes get PATCHes for it at once', async () => {
    const [A, B] = api;
    const phone = '13622220099';
    await accounts().createUser({ phone, password: PASSWORD, name: '并发上传老师', role: 'author', provinceCode: '110000' });
    await db.query(`insert into call_phase_overrides (call_id, phase_id, end_date) values ('teacher-training-2026', 'submission', $1) on conflict do nothing`, [
      beijingDate(Date.now() + 30 * 86_400_000),
    ]);

    // The example proxy, as shipped (the admin endpoint off so that a test needs no fixed port), in front of both APIs.
    const caddy = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => existsSync(p));
    expect(caddy, 'caddy is needed (npm run test:deps installs it)').toBeTruthy();
    const dir = mkdtempSync(path.join(tmpdir(), 'anli-caddy-'));
    dataDirs.push(dir);
    writeFileSync(path.join(dir, 'Caddyfile'), `{\n\tadmin off\n}\n${readFileSync(path.join(REPO, 'deploy/Caddyfile'), 'utf8')}`);
    const proxyPort = await freePort();
    const proxy = `http://127.0.0.1:${proxyPort}`;
    const child = spawn(caddy!, ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, ANLI_SITE: proxy, ANLI_UPSTREAMS: api.map((b) => new URL(b).host).join(' ') },
      stdio: 'ignore',
    });
    try {
      let health: any = null;
      for (let i = 0; i < 100 && !health; i++) {
        health = await fetch(`${proxy}/api/health`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
        if (!health) await new Promise((r) => setTimeout(r, 200));
      }
      expect(health).toMatchObject({ ok: true, db: 'postgres', storage: 's3' });
      const author = httpSession();
      expect((await author.post(proxy, '/api/auth/login', { phone, password: PASSWORD })).status).toBe(200);
      const created = await author.post(proxy, '/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const caseId = created.body.id as string;
      const call = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;
      const docx = await generateInfoFormDocx(call, findCaseType(call, 'evidence-research')!, validEvidenceForm());
      const meta = tusMetadata({ caseId, slot: 'infoform_word', filename: '信息表.docx' });
      const up = await author.call(proxy, 'POST', '/api/uploads/', undefined, { 'tus-resumable': '1.0.0', 'upload-length': String(docx.length), 'upload-metadata': meta });
      expect(up.status).toBe(201);
      const location = new URL(up.headers.get('location')!, proxy).pathname;

      // A browser's PATCH stalls on API 1 halfway; the browser retries the same bytes on API 2 (another connection,
      // another process). The lock in PostgreSQL makes API 1 let go before API 2 writes: never two writers at once.
      const half = Math.floor(docx.length / 2);
      const tusHeaders = { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', cookie: author.cookie };
      let stall!: () => void;
      const stalled = new Promise<void>((r) => (stall = r));
      const slowBody = new ReadableStream<Uint8Array>({
        async start(c) {
          c.enqueue(docx.subarray(0, half));
          await stalled;
          c.enqueue(docx.subarray(half));
          c.close();
        },
      });
      const first = fetch(A + location, { method: 'PATCH', headers: tusHeaders, body: slowBody, duplex: 'half' } as RequestInit)
        .then((r) => r.status)
        .catch(() => 0);
      // API 1 has the lock and is writing the first half.
      for (let i = 0; i < 100; i++) {
        if ((await db.query('select 1 from upload_locks where upload_id = $1', [location.split('/').pop()])).length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const second = await fetch(B + location, { method: 'PATCH', headers: tusHeaders, body: docx as unknown as BodyInit }).then((r) => r.status);
      // API 2 was answered while API 1's request was still stalled: API 1 must have ended it (let go of the lock)
      // before API 2 went on. With a lock per process, API 1 would still be waiting for the rest of its body.
      const firstEndedEarly = await Promise.race([first.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
      stall();
      const firstStatus = await first;
      expect(firstEndedEarly, `first PATCH ${firstStatus}, second ${second}`).toBe(true);
      // At most one of the two PATCHes from offset 0 can have been applied.
      expect([firstStatus, second].filter((st) => st === 204).length, `first ${firstStatus}, second ${second}`).toBeLessThanOrEqual(1);
      // The browser resumes as tus does: HEAD for the offset, PATCH the rest (through the proxy).
      const head = await author.call(proxy, 'HEAD', location, undefined, { 'tus-resumable': '1.0.0' });
      const offset = Number(head.headers.get('upload-offset'));
      if (offset < docx.length) {
        const rest = await author.call(proxy, 'PATCH', location, docx.subarray(offset), { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' });
        expect(rest.status, String(rest.body)).toBe(204);
      }
      // The stored file is the author's file, byte for byte.
      let file: any;
      for (let i = 0; i < 100 && !file; i++) {
        file = (await author.get(proxy, `/api/cases/${caseId}/files`)).body.find((s: any) => s.slot === 'infoform_word')?.file;
        if (!file) await new Promise((r) => setTimeout(r, 100));
      }
      const stored = new Uint8Array(await (await fetch(`${proxy}/api/files/${file.id}/content`, { headers: { cookie: author.cookie } })).arrayBuffer());
      expect(Buffer.from(stored).equals(Buffer.from(docx))).toBe(true);
      expect(await db.query('select 1 from upload_locks')).toHaveLength(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);

  it('runs a submission through both APIs and both workers', async () => {
    const [A, B] = api;
    // Both processes serve the same database and bucket.
    for (const base of api) expect((await (await fetch(`${base}/api/health`)).json())).toMatchObject({ ok: true, db: 'postgres', storage: 's3' });

    // Staff accounts, as an operator would create them.
    const orgPhone = '13911110000';
    const admPhone = '13911110011';
    await accounts().createUser({ phone: orgPhone, password: PASSWORD, name: '组委会', role: 'organiser' });
    await accounts().createUser({ phone: admPhone, password: PASSWORD, name: '北京市管理员', role: 'province_admin', provinceCode: '110000' });
    // Staff sign in with a second factor where the platform asks for one: give them an enrolled authenticator.
    await db.query('update users set totp_secret = $1 where phone = any($2)', [TOTP_SECRET, [orgPhone, admPhone]]);
    const staffLogin = async (s: HttpSession, base: string, phone: string) => {
      const login = await s.post(base, '/api/auth/login', { phone, password: PASSWORD });
      expect(login.body?.next, JSON.stringify(login.body)).toBe('totp');
      const r = await s.post(base, '/api/auth/totp', { code: totpAt(TOTP_SECRET, Date.now()) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((await s.get(base === A ? B : A, '/api/auth/me')).status).toBe(200);
    };

    // The organiser (on API 2) opens the 2025 call's submission and recommendation phases.
    const org = httpSession();
    await staffLogin(org, B, orgPhone);
    const until = beijingDate(Date.now() + 30 * 86_400_000);
    for (const phase of ['submission', 'province_recommendation']) {
      const r = await org.put(A, `/api/org/calls/teacher-ai-2025/phases/${phase}`, { end: until });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    // Registration: the code is requested on API 1 (its log is the SMS gateway here), used on API 2.
    const author = httpSession();
    const phone = '13622220001';
    expect((await author.post(A, '/api/auth/sms-code', { phone })).status).toBe(200);
    const code = (await apiProcs[0]!.waitFor(/验证码为 ?(\d{6})/)).at(1)!;
    const reg = await author.post(B, '/api/auth/register', {
      phone, code, password: PASSWORD, name: '扩展测试老师', provinceCode: '110000', city: '北京市', county: '海淀区', unitName: '北京市海淀实验小学',
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    // The session made by API 2 is valid on API 1 (sessions live in the database).
    expect((await author.get(A, '/api/auth/me')).body.user).toMatchObject({ role: 'author', provinceCode: '110000' });

    // A case created on API 1, its form saved on API 2.
    const created = await author.post(A, '/api/cases', { callId: 'teacher-ai-2025', caseType: 'ai-application' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const caseId = created.body.id as string;
    const form = validAiForm('初中', phone); // the first author submits (form.first_author)
    expect((await author.put(B, `/api/cases/${caseId}`, { form })).status).toBe(200);

    // Files: created on one process, bytes sent to the other (the video in two PATCHes, one per process).
    const call = BUILTIN_CALLS.find((c) => c.id === 'teacher-ai-2025')!;
    const type = findCaseType(call, 'ai-application')!;
    const video = await makeDemoVideo(20);
    expect(video, 'ffmpeg is needed to make the test video').toBeTruthy();
    const files: Array<[string, string, Uint8Array, string[]]> = [
      ['infoform_pdf', '信息表.pdf', await withDemoSeal(await generateInfoFormPdf(call, type, form)), [A, B]],
      ['infoform_word', '信息表.docx', await generateInfoFormDocx(call, type, form), [B, A]],
      ['courseware', '课件.pptx', await demoCourseware(), [A, B]],
      ['video', '案例视频.mp4', new Uint8Array(readFileSync(video!)), [A, B, A]],
    ];
    expect(files.map((f) => f[0]).sort()).toEqual(type.attachments.map((a) => a.slot).sort());
    for (const [slot, filename, bytes, bases] of files) {
      await tusUploadAcross(author, bases, bytes, { caseId, slot, filename });
    }

    // The checks run in the worker processes; API 2 shows their results.
    const deadline = Date.now() + 120_000;
    let slots: any[] = [];
    for (;;) {
      slots = (await author.get(B, `/api/cases/${caseId}/files`)).body;
      if (slots.every((s) => s.file?.checkStatus === 'done' || s.file?.checkStatus === 'error')) break;
      if (Date.now() > deadline) throw new Error(`checks not finished: ${JSON.stringify(slots.map((s) => [s.slot, s.file?.checkStatus]))}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(slots.map((s) => [s.slot, s.file.checkStatus])).toEqual(files.map((f) => [f[0], 'done']).sort((a, b) => type.attachments.findIndex((x) => x.slot === a[0]) - type.attachments.findIndex((x) => x.slot === b[0])));
    const byRule = Object.fromEntries(slots.find((s) => s.slot === 'video').file.results.map((r: any) => [r.rule, r.status]));
    expect(byRule['video.container']).toBe('pass');
    expect(byRule['video.resolution']).toBe('pass');

    // Every check job was completed by a worker process (the API processes run none: WORKER=false).
    const caseFiles = slots.map((s) => s.file.id as string);
    const jobs = await db.query<{ worker: string | null }>(
      `select output->>'worker' as worker from pgboss.job where name = 'file.check' and state = 'completed' and data->>'fileId' = any($1)
       union all select output->>'worker' from pgboss.archive where name = 'file.check' and state = 'completed' and data->>'fileId' = any($1)`,
      [caseFiles],
    );
    expect(jobs).toHaveLength(4);
    for (const j of jobs) expect(['worker-a', 'worker-b']).toContain(j.worker);

    // Submitted on API 1, recommended by the province on API 2.
    const submitted = await author.post(A, `/api/cases/${caseId}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    const adm = httpSession();
    await staffLogin(adm, A, admPhone);
    const listed = await adm.get(B, '/api/province/cases?callId=teacher-ai-2025');
    expect(listed.status).toBe(200);
    // The province ticks the checklist of manual items first (issue 14), on API 1; then recommends on API 2.
    const checklist = (await adm.get(A, `/api/cases/${caseId}/files`)).body as Array<{ slot: string; file: { results: Array<{ rule: string; status: string }> } | null }>;
    for (const sl of checklist) {
      for (const r of sl.file?.results ?? []) {
        if (r.status !== 'manual') continue;
        const ticked = await adm.put(A, `/api/cases/${caseId}/checklist`, { slot: sl.slot, rule: r.rule, checked: true });
        expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
      }
    }
    const rec = await adm.post(B, `/api/cases/${caseId}/recommend`);
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.state).toBe('province_recommended');
    // Seen the same from API 1, with the audit trail written by both processes.
    const seen = await author.get(A, `/api/cases/${caseId}`);
    expect(seen.body.state).toBe('province_recommended');
    const events = await db.query<{ event: string }>(`select event from audit_log where object_id = $1 order by id`, [caseId]);
    expect(events.map((e) => e.event).filter((e) => e.startsWith('case.'))).toEqual(['case.create', 'case.submit', 'case.recommend']);

    // Several jobs queued at once are shared: re-check the four files twice over; both workers take some.
    const queue = await createJobQueue(db, { onError: () => {} });
    await queue.start();
    try {
      const fileIds = slots.map((s) => s.file.id as string);
      const sent = await Promise.all([...fileIds, ...fileIds, ...fileIds].map((fileId) => queue.send('file.check', { fileId })));
      const end = Date.now() + 120_000;
      let outputs: Array<{ worker: string | null; state: string }> = [];
      for (;;) {
        outputs = await db.query(`select output->>'worker' as worker, state from pgboss.job where id = any($1::uuid[])`, [sent]);
        if (outputs.length === sent.length && outputs.every((o) => o.state === 'completed')) break;
        if (Date.now() > end) throw new Error(`re-checks not finished: ${JSON.stringify(outputs)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(new Set(outputs.map((o) => o.worker))).toEqual(new Set(['worker-a', 'worker-b']));
    } finally {
      await queue.stop({ graceful: false });
    }
    // The re-checks changed nothing the author sees (handlers are idempotent).
    const again = (await author.get(A, `/api/cases/${caseId}/files`)).body;
    expect(again.map((s: any) => [s.slot, s.file.checkStatus, s.file.results.length])).toEqual(slots.map((s) => [s.slot, 'done', s.file.results.length]));

    // 退出登录 on API 2 ends the session on API 1 at once, though API 1 keeps the sessions it read for a minute: the
    // logout reaches it through PostgreSQL's NOTIFY.
    expect((await author.get(A, '/api/auth/me')).status).toBe(200);
    const cookie = author.cookie;
    expect((await author.post(B, '/api/auth/logout')).status).toBe(200);
    const end = Date.now() + 3000;
    for (;;) {
      const status = (await fetch(`${A}/api/auth/me`, { headers: { cookie } })).status;
      if (status === 401) break;
      if (Date.now() > end) throw new Error(`API 1 still accepts the ended session (${status})`);
      await new Promise((r) => setTimeout(r, 20));
    }

    // Clean shutdown of every process on SIGTERM.
    for (const p of procs) expect(await p.stop(), p.name).toEqual({ code: 0, signal: null });
  }, 300_000);
});
