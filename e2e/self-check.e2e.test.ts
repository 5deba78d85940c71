// 文件自检 in Chromium: the checker runs in the browser on a local file (never uploaded) and shows its report.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { launchSession, type BrowserSession } from './helpers/browser.ts';

const CORPUS = '/work/shared/corpus';
const distIndex = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));

type Server = Awaited<ReturnType<typeof startTestServer>>;

async function runCheck(page: Page, kind: string, file: string) {
  await page.locator('.ant-radio-button-wrapper', { hasText: kind }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: '开始检查' }).click();
  await page.locator('[data-testid="check-report"] tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
}

async function statusOf(page: Page, rule: string): Promise<string> {
  const row = page.locator('[data-testid="check-report"] tbody tr.ant-table-row', { hasText: rule }).first();
  return row.locator('.ant-tag').first().innerText();
}

describe.skipIf(!existsSync(CORPUS))('文件自检 in the browser', () => {
  let server: Server;
  let s: BrowserSession;
  const uploads: string[] = [];

  beforeAll(async () => {
    if (!existsSync(distIndex)) throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does)');
    server = await startTestServer({ demo: false });
    s = await launchSession();
    s.page.on('request', (r) => {
      if (r.method() !== 'GET') uploads.push(`${r.method()} ${r.url()}`);
    });
  });

  afterAll(async () => {
    await s?.close();
    await server?.close();
  });

  it('checks a video and a courseware file without uploading them', { timeout: 180_000 }, async () => {
    const page = s.page;
    await page.goto(`${server.url}/self-check`);
    await page.getByText('文件只在本机读取，不会上传').waitFor();

    await runCheck(page, '视频', `${CORPUS}/mp4/mp4ff-h264_1080p.mp4`);
    expect(await statusOf(page, 'video.container')).toBe('通过');
    // A short clip fails the 2026 duration rule (7–10 minutes).
    expect(await statusOf(page, 'video.duration')).toBe('不通过');
    await page.screenshot({ path: '/tmp/anli-e2e-selfcheck-video.png', fullPage: true });

    await runCheck(page, '课件', `${CORPUS}/pptx/pptxtojson-test-2022-11.pptx`);
    expect(await statusOf(page, 'courseware.hyperlinks')).toBe('不通过');

    expect(uploads).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
