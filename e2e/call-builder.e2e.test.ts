// The organiser builds next year's call in Chromium: copy 2026, change a word limit and the video bitrate floor, save,
// preview, open; an author then creates a case under the new call and the form shows the new limit. The builder's
// pages are also looked at on a laptop (1366×900) and a phone (375×812).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { launchSession, type BrowserSession } from './helpers/browser.ts';
import { login } from './helpers/login.ts';

const distIndex = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));
const ORGANISER = '13900000000';
const AUTHOR = '13800000003';
const NEW_ID = 'teacher-training-2027';
const SOURCE_TITLE = '2026 年教师研修专项案例征集';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const field = (page: Page, path: string) => page.locator(`[data-field="${path}"]`).first();

/** No element wider than the window (nothing to scroll sideways except inside tables). */
async function overflowX(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the call builder in the browser', () => {
  let server: Server;
  let org: BrowserSession;
  let author: BrowserSession;

  let sampleVideo: string;

  beforeAll(async () => {
    if (!existsSync(distIndex)) throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does)');
    // A 4 s 1080p sample at a constant 7 Mbps: under 2026's 8 Mbps floor, over the new call's 6 Mbps.
    sampleVideo = join(mkdtempSync(join(tmpdir(), 'anli-builder-')), 'sample-7mbps.mp4');
    execFileSync('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=25:d=4', '-f', 'lavfi', '-i', 'anoisesrc=r=48000:a=0.1:d=4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-b:v', '7M', '-minrate', '7M', '-maxrate', '7M', '-bufsize', '2M',
      '-x264-params', 'nal-hrd=cbr:force-cfr=1', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-shortest', '-movflags', '+faststart', sampleVideo,
    ]);
    server = await startTestServer();
    org = await launchSession();
    author = await launchSession();
  });

  afterAll(async () => {
    await org?.close();
    await author?.close();
    await server?.close();
  });

  it('copy 2026 → change a word limit and the bitrate floor → preview → open; the author sees the new limit', { timeout: 240_000 }, async () => {
    const base = server.url;
    const o = org.page;
    await o.setViewportSize({ width: 1366, height: 900 });
    await login(o, base, ORGANISER);
    await o.goto(`${base}/org/call-builder`);
    await o.getByRole('button', { name: `复制 ${SOURCE_TITLE}`, exact: true }).click();
    const dialog = o.getByRole('dialog');
    await dialog.getByLabel('活动编号').fill(NEW_ID);
    await dialog.getByLabel('活动名称').fill('2027 年教师研修专项案例征集');
    await dialog.getByLabel('文号').fill('教技资〔2027〕1号');
    await dialog.getByRole('button', { name: '创建草稿' }).click();
    await o.waitForURL(`**/org/call-builder/${NEW_ID}`);
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-edit-1366.png', fullPage: true });

    // The word limit of the summary (案例简介) of the first case type, and the video bitrate floor.
    await o.getByRole('tab', { name: '案例类型与表单字段' }).click();
    const limit = o.getByLabel('案例简介 字数上限');
    await limit.fill('280');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-fields-1366.png', fullPage: true });
    await o.getByRole('tab', { name: '附件与检查参数' }).click();
    const floor = o.getByLabel('视频码率下限');
    await floor.fill('6');
    // Size limits read in GB where they are whole GB: the video's 2 GB, never 2048 MB.
    expect(await o.getByLabel('案例视频（MP4） 大小上限', { exact: true }).inputValue()).toBe('2');
    expect(await o.locator('.ant-select', { has: o.getByLabel('案例视频（MP4） 大小上限的单位') }).innerText()).toBe('GB');
    expect(await o.getByRole('tabpanel').innerText()).not.toContain('2048');

    // Dates are picked with the date picker (YYYY-MM-DD, Beijing dates).
    await o.getByRole('tab', { name: '阶段与日期（北京时间）' }).click();
    const end = o.getByLabel('作者报送 截止日期');
    await end.click();
    await end.fill('2027-08-28');
    await end.press('Enter');
    await expect.poll(() => end.inputValue()).toBe('2027-08-28');
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('.ant-message').getByText('已保存').waitFor();

    // The list of changes against 2026 names both, in words.
    await o.getByRole('tab', { name: /与来源活动的差异/ }).click();
    const changes = o.getByRole('tabpanel');
    await changes.getByText('案例类型“人机协同循证教研案例” › 字段“案例简介” › 字数上限').waitFor();
    await changes.getByText('案例类型“人机协同循证教研案例” › 检查参数 › 视频 › 最低码率').waitFor();
    await changes.getByText('2027-08-28').waitFor();

    // The preview renders the author's form and slot requirements with the new numbers.
    await o.getByRole('tab', { name: '预览' }).click();
    const preview = o.getByRole('tabpanel');
    expect(await preview.locator('[data-field="summary"] [data-testid="zi-counter"]').innerText()).toBe('0/280 字');
    await preview.getByText('视频码率不低于 6 Mbps').waitFor();
    // The checker runs in the browser on a sample file against the draft's rules: 7 Mbps passes the new floor.
    await preview.getByLabel('上传位').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="案例视频（MP4）"]').click();
    const chooser = o.waitForEvent('filechooser');
    await preview.getByRole('button', { name: '选择样例文件' }).click();
    await (await chooser).setFiles(sampleVideo);
    await preview.getByRole('button', { name: '开始检查' }).click();
    const bitrateRow = o.locator('[data-testid="sample-report"]').locator('[data-row-key="video.bitrate"], [data-rule="video.bitrate"]').first();
    await bitrateRow.waitFor({ timeout: 60_000 });
    expect(await bitrateRow.innerText()).toContain('通过');
    expect(await bitrateRow.innerText()).not.toContain('不通过');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-preview-1366.png', fullPage: true });

    // A broken rubric is shown beside its field and stops opening until fixed.
    await o.getByRole('tab', { name: '评分标准' }).click();
    const weight = o.getByRole('tabpanel').getByLabel('指标 1 分值');
    const original = await weight.inputValue();
    await weight.fill(String(Number(original) - 5));
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('[data-testid="definition-errors"]').getByText(/caseTypes\[0\]\.rubric 权重之和须为 100（当前 95）/).waitFor();
    await weight.fill(original);
    // The same rubric editor as 评分标准: a sub-indicator is added with its own name and scoring points.
    const subs = await o.getByRole('tabpanel').getByLabel(/^指标 1 二级指标 \d+ 名称$/).count();
    await o.getByRole('tabpanel').getByRole('button', { name: '添加二级指标' }).first().click();
    await o.getByLabel(`指标 1 二级指标 ${subs + 1} 名称`).fill('数据来源清晰');
    await o.getByLabel(`指标 1 二级指标 ${subs + 1} 评分要点`).fill('注明每项数据的来源');
    await o.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => o.locator('[data-testid="definition-errors"]').count()).toBe(0);
    await o.locator('.ant-message').getByText('已保存').first().waitFor();

    // Saved: after a reload the sub-indicator is there, and the list of changes names it in words.
    await o.reload();
    await o.getByRole('tab', { name: '评分标准' }).click();
    expect(await o.getByLabel(`指标 1 二级指标 ${subs + 1} 名称`).inputValue()).toBe('数据来源清晰');
    expect(await o.getByLabel(`指标 1 二级指标 ${subs + 1} 评分要点`).inputValue()).toBe('注明每项数据的来源');
    await o.getByRole('tab', { name: /与来源活动的差异/ }).click();
    const changed = o.getByRole('tabpanel');
    await changed.getByText('数据来源清晰').first().waitFor();
    const changesText = await changed.innerText();
    for (const raw of ['{"', '["', 'true', 'false', '{callTitle}', '{award}']) expect(changesText).not.toContain(raw);

    // The certificate sentence is edited and previewed in words: no {callTitle} or {award} on the page.
    await o.getByRole('tab', { name: '证书' }).click();
    expect(await o.getByLabel('证书文字').inputValue()).toContain('〔活动名称〕');
    expect(await o.getByTestId('statement-preview').innerText()).toContain('2027 年教师研修专项案例征集');
    const body = await o.locator('body').innerText();
    expect(body).not.toContain('{callTitle}');
    expect(body).not.toContain('{award}');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-certificate-1366.png', fullPage: true });

    await o.getByRole('button', { name: '开放', exact: true }).click();
    await o.locator('.ant-modal-confirm').getByRole('button', { name: '开放' }).click();
    await o.locator('.ant-message').getByText('活动已开放').waitFor();
    await o.getByText('已开放 · 第 1 版').waitFor();

    // The author, in the new call's submission window, creates a case: the form has the new limit.
    server.clock.set(Date.parse('2027-07-01T10:00:00+08:00'));
    const a = author.page;
    await login(a, base, AUTHOR);
    await a.goto(`${base}/my/new`);
    await a.locator(`[data-call="${NEW_ID}"]`).click();
    await a.locator('[data-case-type="evidence-research"]').click();
    await a.getByRole('button', { name: '创建并开始填写' }).click();
    await a.waitForURL('**/my/cases/*/edit');
    await field(a, 'summary').locator('textarea').fill('字'.repeat(281));
    expect(await field(a, 'summary').locator('[data-testid="zi-counter"]').innerText()).toBe('281/280 字');
    await expect.poll(() => field(a, 'summary').innerText()).toContain('不能超过 280 字');
  });

  it('the builder pages fit a laptop and a phone', { timeout: 120_000 }, async () => {
    const o = org.page;
    // The server's clock moved into 2027 for the author: the organiser's earlier session has ended since.
    await login(o, server.url, ORGANISER, { fresh: true });
    for (const [w, h] of [[1366, 900], [375, 812]] as const) {
      await o.setViewportSize({ width: w, height: h });
      await o.goto(`${server.url}/org/call-builder`);
      await o.getByText('2027 年教师研修专项案例征集').first().waitFor();
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-list-${w}.png`, fullPage: true });
      await o.goto(`${server.url}/org/call-builder/${NEW_ID}`);
      await o.getByText('保存为新版本').waitFor();
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-edit-${w}.png`, fullPage: true });
    }
  });
});
