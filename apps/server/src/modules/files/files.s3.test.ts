// The whole file path on S3-compatible storage: a tus upload into a case slot lands in the bucket, the worker
// checks it from there with range reads, and downloads stream ranges back. s3rver is a real S3-protocol server.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser, validEvidenceForm } from '../../testing/factories.ts';
import { startS3TestServer } from '../../infra/storage/s3-test-server.ts';
import { ensureVideoFixtures } from '../../../../../scripts/fixtures/video.ts';
import { readFileSync } from 'node:fs';

let s3: Awaited<ReturnType<typeof startS3TestServer>>;
let srv: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  s3 = await startS3TestServer();
  srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00'), storage: { kind: 's3', s3: s3.config } });
});
afterAll(async () => {
  await srv?.close();
  await s3?.close();
});

describe('files on S3-compatible storage', () => {
  it('uploads into a slot, checks from the bucket and serves ranges', async () => {
    const u = await buildUser(srv.services, 'author', '110000');
    const c = apiClient(srv.app);
    await c.login(u.phone, u.password);
    const id = (await c.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' })).body.id;
    await c.put(`/api/cases/${id}`, { form: validEvidenceForm(u.phone) });
    const video = readFileSync((await ensureVideoFixtures())['good']);
    await new Promise<void>((resolve, reject) => {
      const up = new Upload(video, {
        endpoint: `${srv.url}/api/uploads/`,
        headers: { cookie: c.cookie },
        metadata: { caseId: id, slot: 'video', filename: 'v.mp4' },
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(),
      });
      up.start();
    });
    let file: any;
    await expect
      .poll(async () => {
        file = (await c.get(`/api/cases/${id}/files`)).body.find((s: any) => s.slot === 'video').file;
        return file?.checkStatus;
      }, { timeout: 60_000 })
      .toBe('done');
    const byRule = Object.fromEntries(file.results.map((r: any) => [r.rule, r]));
    expect(byRule['video.resolution'].status).toBe('pass');
    expect(byRule['video.container'].status).toBe('pass');
    const whole = await c.get(`/api/files/${file.id}/content?download=1`);
    expect(createHash('sha256').update(whole.raw).digest('hex')).toBe(createHash('sha256').update(video).digest('hex'));
    const part = await srv.app.inject({ method: 'GET', url: `/api/files/${file.id}/content`, headers: { cookie: c.cookie, range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(Buffer.compare(part.rawPayload, video.subarray(100, 200))).toBe(0);
    expect((await c.get('/api/health')).body.storage).toBe('s3');
  });
});
