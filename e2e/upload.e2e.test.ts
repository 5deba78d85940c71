// End to end in Chromium: an author picks a generated video and courseware on the case page, the browser checks
// each before sending, uploads it resumably with a progress bar, and the server's check report appears per rule.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { ensureVideoFixtures } from '../scripts/fixtures/video.ts';
import { buildCoursewarePptx } from '../scripts/fixtures/pptx.ts';
import { e2eServer } from './helpers/fixture.ts';

/** Picks a file for a slot, waits for the in-browser report, confirms the upload and waits for the server's results. */
async function uploadInto(page: Page, slot: string, path: string) {
  const card = page.locator(`[data-testid="slot-${slot}"]`);
  await card.locator('input[type=file]').setInputFiles(path);
  const modal = page.locator('.ant-modal').filter({ hasText: '上传前检查' });
  await modal.locator('table').first().waitFor({ timeout: 60_000 }).catch(async (e) => {
    throw new Error(`no pre-check report; the dialog shows: ${await modal.innerText().catch(() => '(no dialog)')}; page errors: ${e}`);
  });
  const precheckText = await modal.innerText();
  await modal.locator('[data-testid="confirm-upload"]').click();
  // The progress bar shows while bytes travel; on loopback a small file may finish first, so the folded results
  // (.ant-collapse) count as well.
  await card.locator('.ant-progress, .ant-collapse').first().waitFor({ timeout: 60_000 }).catch(async () => {
    await page.screenshot({ path: `/tmp/anli-e2e-upload-${slot}-stuck.png`, fullPage: true });
    throw new Error(`upload of ${slot} did not start; the card shows: ${await card.innerText()}`);
  });
  const header = card.getByText('服务器检查结果');
  await header.waitFor({ timeout: 120_000 });
  // Results open by themselves when something fails; a clean report stays folded until clicked.
  if (!(await card.locator(`[data-testid="results-${slot}"]`).isVisible())) await header.click();
  await card.locator(`[data-testid="results-${slot}"]`).waitFor({ timeout: 10_000 }).catch(async () => {
    throw new Error(`no server report for ${slot}; the card shows: ${await card.innerText()}`);
  });
  return { precheckText, card };
}

describe('uploading case files in the browser', () => {
  const env = e2eServer();
  const session = env.session();
  let videoPath: string;
  const deckPath = join(tmpdir(), `anli-e2e-deck-${process.pid}.pptx`);

  beforeAll(async () => {
    videoPath = (await ensureVideoFixtures())['bitrate-5000k'];
    writeFileSync(deckPath, buildCoursewarePptx({ slides: 5, withImages: true }));
  });

  it('checks before sending, shows progress, then the server report per rule', { timeout: 300_000 }, async () => {
    const page = session.page;
    await login(page, env.url, '13800000003');
    const mine = await (await page.request.get(`${env.url}/api/my/cases`)).json();
    const draft = mine.find((c: any) => c.state === 'draft');
    await page.goto(`${env.url}/my/cases/${draft.id}/edit`);
    await page.locator('[data-testid="case-files"]').waitFor();

    // Hold each upload request a moment so the progress bar can be seen on fast loopback.
    await page.route('**/api/uploads/**', async (route) => {
      if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const progressSeen = page.locator('[data-testid="progress-video"]').waitFor({ timeout: 60_000 }).then(() => true);
    // The server may finish checking a small video before the page's first read of the files after the upload; then
    // the page has nothing to wait for and the polling below would not run. That first read is answered as if the
    // check were still running (the server's own answer otherwise), so the page always takes the waiting path: it
    // must then ask the status, see that it changed, and read the real results.
    const before = await (await page.request.get(`${env.url}/api/cases/${draft.id}/files`)).json();
    const videoBefore = before.find((s: any) => s.slot === 'video')?.file?.id ?? null;
    let firstReadOfUpload = true;
    await page.route(`**/api/cases/${draft.id}/files`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const slots = await response.json();
      const file = slots.find((s: any) => s.slot === 'video')?.file;
      if (file && file.id !== videoBefore && firstReadOfUpload) {
        firstReadOfUpload = false;
        if (file.checkStatus === 'done') file.checkStatus = 'running';
      }
      await route.fulfill({ response, json: slots });
    });
    // While the check runs the page asks only where it stands, and reads the full results when that changed.
    const reads: string[] = [];
    page.on('request', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith(`/api/cases/${draft.id}/files`)) reads.push(p.endsWith('/status') ? 'status' : 'files');
    });
    const video = await uploadInto(page, 'video', videoPath);
    expect(reads.indexOf('status'), reads.join(' ')).toBeGreaterThan(-1);
    expect(reads.lastIndexOf('files'), reads.join(' ')).toBeGreaterThan(reads.indexOf('status'));
    expect(await progressSeen).toBe(true);
    await page.unroute('**/api/uploads/**');
    await page.unroute(`**/api/cases/${draft.id}/files`);
    // The browser caught the low bitrate before upload, with the export setting to change.
    expect(video.precheckText).toContain('码率');
    const videoResults = await video.card.locator('[data-testid="results-video"]').innerText();
    expect(videoResults).toContain('视频码率');
    expect(videoResults).toContain('不通过');
    await video.card.locator('[data-testid="video-player"]').waitFor();
    // The player can seek: the server answers range requests for the file it streams.
    const src = await video.card.locator('[data-testid="video-player"]').getAttribute('src');
    const ranged = await page.request.get(`${env.url}${src}`, { headers: { range: 'bytes=1000-1999' } });
    expect(ranged.status()).toBe(206);
    expect((await ranged.body()).length).toBe(1000);

    const deck = await uploadInto(page, 'courseware', deckPath);
    const deckResults = await deck.card.locator('[data-testid="results-courseware"]').innerText();
    expect(deckResults).toContain('超链接');
    expect(await deck.card.innerText()).toContain('检查通过');
    await page.screenshot({ path: '/tmp/anli-e2e-upload.png', fullPage: true });

    const files = await (await page.request.get(`${env.url}/api/cases/${draft.id}/files`)).json();
    expect(files.find((s: any) => s.slot === 'video').file.filename).toMatch(/\.mp4$/);
    expect(files.find((s: any) => s.slot === 'courseware').file.checkStatus).toBe('done');
    expect(session.pageErrors).toEqual([]);
  });
});
