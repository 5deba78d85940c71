// Results in Chromium against the real server: the organiser publishes a selected case (certificates issued) and
// puts it in the library, the author downloads the certificate PDF on 我的证书, and the public verification page
// confirms its number (from the QR code's address and typed by hand) and denies a forged token.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCase, storeSubmittedFile, validAiForm } from '../apps/server/src/testing/factories.ts';
import { MOBILE_IN_TEXT } from '../apps/server/src/testing/phones.ts';
import { login } from './helpers/login.ts';
import { loginWithTotp } from './helpers/totp.ts';
import { e2eServer } from './helpers/fixture.ts';

const PASSWORD = 'Demo@2026';
const ORGANISER = '13900000000';
const WANG = '13800000001';
const CALL = 'teacher-ai-2025';
const TITLE = '人工智能助力初中化学实验安全教育';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const text = content.items.map((it) => ('str' in it ? it.str : '')).join('');
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

describe('results, certificates and verification in the browser', () => {
  // Two-step verification on, as in production: the organiser logs in with the demo TOTP secret.
  const env = e2eServer({ totp: true });
  const org = env.session();
  const author = env.session();
  const visitor = env.session();
  let caseId = '';
  let hasVideo = false;

  beforeAll(async () => {
    const [wang] = await env.server.db.query<{ id: string }>('select id from users where phone = $1', [WANG]);
    caseId = await buildCase(env.server.db, {
      callId: CALL, caseType: 'ai-application', authorId: wang!.id, provinceCode: '110000', state: 'selected',
      form: {
        ...validAiForm(),
        title: TITLE,
        authors: [
          { name: '王老师', unit: '北京市第一中学', position: '一级教师', mobile: '13800000001' },
          { name: '赵老师', unit: '北京市第一中学', position: '二级教师', mobile: '13700000001' },
        ],
      },
    });
    // The video of a demo case (made with ffmpeg when it is installed) becomes this case's video.
    const [demoVideo] = await env.server.db.query<{ object_key: string }>(`select object_key from files where slot = 'video' and is_current limit 1`);
    if (demoVideo) {
      const chunks: Buffer[] = [];
      for await (const c of await env.server.services.storage.stream(demoVideo.object_key)) chunks.push(c as Buffer);
      await storeSubmittedFile(env.server.services, env.server.db, wang!.id, caseId, 'video', '案例视频.mp4', Buffer.concat(chunks));
      hasVideo = true;
    }
  }, 180_000);

  it('organiser publishes → author downloads the certificate → the verification page confirms it', { timeout: 240_000 }, async () => {
    const base = env.url;

    // The organiser publishes the 2025 call's selected case and puts it in the library.
    const o = org.page;
    await loginWithTotp(o, base, env.server.clock, ORGANISER, PASSWORD);
    await o.evaluate((id) => localStorage.setItem('anli.callId', id), CALL);
    await o.goto(`${base}/org/results`);
    await o.getByRole('cell', { name: TITLE }).first().waitFor();
    await o.getByLabel('获奖等级', { exact: true }).fill('典型案例');
    await o.getByLabel(`获奖等级：${TITLE}`).fill('优秀案例');
    await o.getByTestId('publish').click();
    await o.locator('.ant-popconfirm .ant-btn-primary').click();
    await o.getByText('已公布 1 个案例，签发证书 1 张').waitFor();
    await o.getByText('待公布的入选案例（0 个）').waitFor();
    await o.getByRole('switch', { name: `收入案例库：${TITLE}` }).click();
    await o.getByText('已收入案例库').waitFor();

    // The public results page and the library show it, without any phone number.
    const v = visitor.page;
    await v.goto(`${base}/results?callId=${CALL}`);
    await v.getByRole('link', { name: TITLE }).waitFor();
    expect(await v.locator('body').innerText()).toContain('王老师、赵老师');
    await v.goto(`${base}/library`);
    await v.getByRole('link', { name: TITLE }).click();
    await v.getByTestId('library-title').waitFor();
    if (hasVideo) {
      // The public video plays and seeks (range requests on the library's stream).
      const player = v.getByTestId('library-video');
      await expect.poll(() => player.evaluate((el: HTMLVideoElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      const seeked = await player.evaluate(
        (el: HTMLVideoElement) =>
          new Promise<number | null>((resolve) => {
            el.addEventListener('seeked', () => resolve(el.currentTime), { once: true });
            setTimeout(() => resolve(null), 20_000);
            el.currentTime = Math.min(5, el.duration / 2);
          }),
      );
      // Debian's Chromium 156.0.8078.114 (2026-12-06) never finished this seek in headless mode; 156.0.8078.129
      // (2026-12-07) does again, so the walk asks for it again.
      expect(seeked).toBeGreaterThan(1);
      // What the seek needs from the server, checked directly too: a part of the stream from the middle, as 206 with
      // its range.
      const src = await player.evaluate((el: HTMLVideoElement) => el.currentSrc);
      const part = await v.request.get(src, { headers: { range: 'bytes=1000-1999' } });
      expect(part.status()).toBe(206);
      expect(part.headers()['content-range']).toMatch(/^bytes 1000-1999\/\d+$/);
      expect((await part.body()).length).toBe(1000);
    }
    expect(await v.locator('body').innerText()).not.toMatch(MOBILE_IN_TEXT);

    // The author downloads the certificate on 我的证书.
    const a = author.page;
    await login(a, base, WANG);
    await a.getByRole('menuitem', { name: '我的证书' }).click();
    await a.waitForURL('**/my/certificates');
    const number = (await a.getByTestId('certificate-number').first().innerText()).trim();
    expect(number).toMatch(/^ANLI-2025-[0-9A-Z]{3}-\d{6}-[0-9A-Z]$/);
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('certificate-download').first().click()]);
    const pdf = new Uint8Array(await readFile((await download.path())!));
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const t of ['荣誉证书', '王老师', '赵老师', TITLE, '优秀案例', `证书编号：${number}`]) expect(text).toContain(t);

    // The QR code's address (token included) confirms it; so does the number typed by hand.
    const qr = new URL(await env.server.services.certificates.verifyUrl(number));
    await v.goto(`${base}${qr.pathname}${qr.search}`);
    const result = v.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('valid');
    const details = await v.getByTestId('verify-details').innerText();
    for (const t of [number, TITLE, '王老师、赵老师', '北京市第一中学', '优秀案例']) expect(details).toContain(t);

    await v.goto(`${base}/verify`);
    await v.getByLabel('证书编号').fill(number.toLowerCase());
    await v.getByRole('button', { name: '查验' }).click();
    await v.waitForURL('**/verify/**');
    await expect.poll(() => v.getByTestId('verify-result').getAttribute('data-status')).toBe('valid');

    // A forged token is denied.
    await v.goto(`${base}/verify/${number}?t=${'A'.repeat(22)}`);
    await expect.poll(() => v.getByTestId('verify-result').getAttribute('data-status')).toBe('forged');
    await v.getByText('未能验证此证书').waitFor();
    expect([...org.pageErrors, ...author.pageErrors, ...visitor.pageErrors]).toEqual([]);
  });
});
