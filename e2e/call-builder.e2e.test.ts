// The organiser builds next year's call in Chromium, entirely through the UI: copy 2026, change a word limit (the
// help text follows), raise the video bitrate floor, change a quota and two rubric weights (still summing to 100), add
// a form field, save, preview, open. An author then fills and submits a case under the new call (the new field
// filled); a video whose bitrate is above 2026's floor but below the new one is flagged by the checker in the browser
// and on the server. The builder's pages are also looked at on a laptop (1366×900) and a phone (375×812).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { e2eServer, type TestServer as Server } from './helpers/fixture.ts';

const ORGANISER = '13900000000';
const AUTHOR = '13800000003';
const NEW_ID = 'teacher-training-2027';
const SOURCE_TITLE = '2026 年教师研修专项案例征集';

const field = (page: Page, path: string) => page.locator(`[data-field="${path}"]`).first();
const NEW_FIELD = '所在区县';

/** Opens an antd Select inside `container` and clicks the option with exactly this label (retried like a person would). */
async function pick(page: Page, container: Locator, label: string) {
  const select = container.locator('.ant-select').first();
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await select.innerText()).includes(label)) break;
    const option = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`).first();
    if (!(await option.isVisible())) await select.click();
    await option.waitFor({ state: 'visible' });
    await option.click();
    await expect.poll(() => select.innerText(), { timeout: 3_000 }).toContain(label).catch(() => {});
  }
  await expect.poll(() => select.innerText()).toContain(label);
}

/** No element wider than the window (nothing to scroll sideways except inside tables). */
async function overflowX(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The demo's generated, checked files for every slot of the case (server-side, as lifecycle.e2e does). */
async function attachDemoFiles(server: Server, page: Page, caseId: string) {
  const { attachDemoFiles: attach } = await import('../apps/server/src/demo/seed.ts');
  const { user } = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const owner = { id: user.id, phone: user.phone, name: user.name, role: user.role, provinceCode: user.provinceCode, sessionId: 'e2e' };
  expect(await attach((server as unknown as { services: Parameters<typeof attach>[0] }).services, owner, caseId, (m) => console.warn(m))).toBe(true);
}

describe('the call builder in the browser', () => {
  const env = e2eServer();
  const org = env.session();
  const author = env.session();

  let sampleVideo: string;

  beforeAll(async () => {
    // A 4 s 1080p sample at a constant 8.2 Mbps (measures ≈ 8.15): over 2026's 8 Mbps floor, under the new call's
    // 8.3 Mbps. (The demo files attached before submitting carry an 8.5 Mbps video, ≈ 8.45, which passes both.)
    sampleVideo = join(mkdtempSync(join(tmpdir(), 'anli-builder-')), 'sample-8200k.mp4');
    execFileSync('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=25:d=4', '-f', 'lavfi', '-i', 'anoisesrc=r=48000:a=0.1:d=4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-b:v', '8200k', '-minrate', '8200k', '-maxrate', '8200k', '-bufsize', '2M',
      '-x264-params', 'nal-hrd=cbr:force-cfr=1', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-shortest', '-movflags', '+faststart', sampleVideo,
    ]);
  }, 600_000);

  it('copy 2026 → change a word limit, the bitrate floor, a quota, rubric weights, add a field → preview → open → an author submits', { timeout: 420_000 }, async () => {
    const base = env.url;
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
    expect(await o.getByLabel('案例简介 填写说明').inputValue()).toContain('不超过 350 字');
    await limit.fill('280');
    // The help text the author reads follows the new limit.
    await expect.poll(() => o.getByLabel('案例简介 填写说明').inputValue()).toContain('不超过 280 字');
    expect(await o.getByLabel('案例简介 填写说明').inputValue()).not.toContain('350');
    // A new required one-line field, named by the organiser.
    await o.getByRole('button', { name: '添加单行文字字段' }).click();
    await o.getByLabel('字段名称 新字段').fill(NEW_FIELD);
    await o.getByLabel(`${NEW_FIELD} 必填`).click();
    await o.getByLabel(`${NEW_FIELD} 字数上限`).fill('30');
    await o.getByLabel(`${NEW_FIELD} 填写说明`).fill('填写学校所在的区县，不超过 30 字');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-fields-1366.png', fullPage: true });
    await o.getByRole('tab', { name: '附件与检查参数' }).click();
    const floor = o.getByLabel('视频码率下限');
    expect(await floor.inputValue()).toBe('8');
    await floor.fill('8.3');
    // Size limits read in GB where they are whole GB: the video's 2 GB, never 2048 MB.
    expect(await o.getByLabel('案例视频（MP4） 大小上限', { exact: true }).inputValue()).toBe('2');
    expect(await o.locator('.ant-select', { has: o.getByLabel('案例视频（MP4） 大小上限的单位') }).innerText()).toBe('GB');
    expect(await o.getByRole('tabpanel').innerText()).not.toContain('2048');

    // The quota: each province may recommend 80 instead of 100.
    await o.getByRole('tab', { name: '名额' }).click();
    expect(await o.getByLabel('每省推荐上限').inputValue()).toBe('100');
    await o.getByLabel('每省推荐上限').fill('80');
    // 北京 gets its own cap of 60 (a per-province override).
    await o.getByLabel('两类案例合计 添加单独名额的省份').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="北京市"]').click();
    await o.getByLabel('北京市 两类案例合计 单独名额').fill('60');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-quota-1366.png', fullPage: true });

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
    await changes.getByText(NEW_FIELD).first().waitFor();
    const savedDetail = await (await o.request.get(`${base}/api/org/call-builder/${NEW_ID}`)).json();
    const changedPaths: string[] = savedDetail.changes.map((c: { path: string }) => c.path);
    expect(changedPaths).toContain('quota.groups[0].max');
    expect(changedPaths).toContain('caseTypes[0].checkParams.video.minBitrate');
    const newField = savedDetail.definition.caseTypes[0].fields.find((f: { label: string }) => f.label === NEW_FIELD);
    expect(newField).toMatchObject({ kind: 'text', required: true, maxChars: 30 });
    const newKey: string = newField.key;
    expect(savedDetail.definition.quota.groups[0].max).toBe(80);
    expect(savedDetail.definition.quota.groups[0].provinceMax).toEqual({ '110000': 60 });
    await changes.getByText('北京市 60 件').waitFor();
    expect(savedDetail.definition.caseTypes[0].checkParams.video.minBitrate).toBe(8_300_000);

    // The preview renders the author's form and slot requirements with the new numbers.
    await o.getByRole('tab', { name: '预览' }).click();
    const preview = o.getByRole('tabpanel');
    expect(await preview.locator('[data-field="summary"] [data-testid="zi-counter"]').innerText()).toBe('0/280 字');
    expect(await preview.locator('[data-field="summary"]').innerText()).toContain('不超过 280 字');
    expect(await preview.locator(`[data-field="${newKey}"]`).innerText()).toContain(NEW_FIELD);
    await preview.getByText(/视频码率不低于 8\.3 Mbps/).waitFor();
    // The checker runs in the browser on a sample file against the draft's rules: 8.2 Mbps fails the new floor.
    await preview.getByLabel('上传位').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="案例视频（MP4）"]').click();
    const chooser = o.waitForEvent('filechooser');
    await preview.getByRole('button', { name: '选择样例文件' }).click();
    await (await chooser).setFiles(sampleVideo);
    await preview.getByRole('button', { name: '开始检查' }).click();
    const bitrateRow = o.locator('[data-testid="sample-report"]').locator('[data-row-key="video.bitrate"], [data-rule="video.bitrate"]').first();
    await bitrateRow.waitFor({ timeout: 60_000 });
    expect(await bitrateRow.innerText()).toContain('不通过');
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-preview-1366.png', fullPage: true });

    // A broken rubric is shown beside its field and stops opening until fixed.
    await o.getByRole('tab', { name: '评分标准' }).click();
    const weight = o.getByRole('tabpanel').getByLabel('指标 1 分值');
    const original = await weight.inputValue();
    await weight.fill(String(Number(original) - 5));
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('[data-testid="definition-errors"]').getByText(/caseTypes\[0\]\.rubric 权重之和须为 100（当前 95）/).waitFor();
    // Five points move from indicator 1 to indicator 2: the sum is 100 again.
    const weight2 = o.getByRole('tabpanel').getByLabel('指标 2 分值');
    const original2 = await weight2.inputValue();
    await weight2.fill(String(Number(original2) + 5));
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
    const opened = (await (await o.request.get(`${base}/api/org/call-builder/${NEW_ID}`)).json()).definition;
    expect(opened.caseTypes[0].rubric[0].weight).toBe(Number(original) - 5);
    expect(opened.caseTypes[0].rubric[1].weight).toBe(Number(original2) + 5);
    expect(opened.quota.groups[0].max).toBe(80);

    // From the opened call, its notice: the notice page opens on the new call (the calls list reloaded), and the
    // organiser writes and publishes it.
    await o.getByRole('button', { name: '编写活动通知' }).click();
    await o.waitForURL('**/org/notices');
    await expect.poll(() => o.getByLabel('选择活动').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain('2027');
    await o.getByLabel('通知标题').fill('关于开展2027年教师研修专项案例征集活动的通知');
    await o.getByLabel('通知正文').fill('各省、自治区、直辖市教育厅（教委）：现将有关事项通知如下。');
    await o.getByRole('button', { name: '保存', exact: true }).click();
    await o.locator('.ant-message').getByText('通知已保存').waitFor();
    await o.getByRole('button', { name: '发布通知' }).click();
    await o.locator('.ant-message').getByText('通知已发布').waitFor();
    const notice = await (await o.request.get(`${base}/api/public/calls/${NEW_ID}/notice`)).json();
    expect(notice.title).toBe('关于开展2027年教师研修专项案例征集活动的通知');
    await o.goto(`${base}/org/call-builder/${NEW_ID}`);
    await o.getByText('已开放 · 第 1 版').waitFor();

    // The author, in the new call's submission window, creates a case: the form has the new limit.
    env.server.clock.set(Date.parse('2027-07-01T10:00:00+08:00'));
    const a = author.page;
    await login(a, base, AUTHOR);
    await a.goto(`${base}/my/new`);
    await a.locator(`[data-call="${NEW_ID}"]`).click();
    await a.locator('[data-case-type="evidence-research"]').click();
    await a.getByRole('button', { name: '创建并开始填写' }).click();
    await a.waitForURL('**/my/cases/*/edit');
    const caseId = a.url().split('/my/cases/')[1].split('/')[0];
    await field(a, 'summary').locator('textarea').fill('字'.repeat(281));
    expect(await field(a, 'summary').locator('[data-testid="zi-counter"]').innerText()).toBe('281/280 字');
    await expect.poll(() => field(a, 'summary').innerText()).toContain('不能超过 280 字');
    expect(await field(a, 'summary').innerText()).toContain('不超过 280 字');

    // The author fills every field, the new one too.
    await field(a, 'title').locator('input').fill('人机协同循证教研：AI 课堂观察助力青年教师成长');
    await pick(a, field(a, 'category'), '教师案例');
    await field(a, 'authors.0.name').locator('input').fill('陈老师');
    await field(a, 'authors.0.unit').locator('input').fill('上海市第一中学');
    await field(a, 'authors.0.position').locator('input').fill('一级教师');
    await field(a, 'authors.0.mobile').locator('input').fill(AUTHOR);
    await field(a, 'scenario.typical').locator('input').fill('AI 支持的教师个性化发展');
    await a.keyboard.press('Escape');
    await field(a, 'tools.0.name').locator('input').fill('国家中小学智慧教育平台');
    await pick(a, field(a, 'tools.0.type'), '网页');
    await pick(a, field(a, 'tools.0.fee'), '完全免费');
    await field(a, 'summary').locator('textarea').fill(
      '针对青年教师课堂提问质量不高的问题，教研组使用 AI 课堂观察工具采集师生话语与提问类型数据，形成个人课堂画像，教研员与教师据此共同制定改进计划并循环验证。',
    );
    await pick(a, field(a, 'aiContent'), '否');
    await field(a, 'declaration').locator('input[type=checkbox]').check();
    await field(a, 'recordingForm').locator('input[type=checkbox]').check();
    await field(a, 'privacy').locator('input[type=checkbox]').check();
    await field(a, 'videoParts').locator('input').fill('0:00，1:05，6:05');
    await field(a, 'unitOpinion').locator('textarea').fill('同意推荐。');
    await field(a, 'consent').locator('input[type=checkbox]').check();
    expect(await field(a, newKey).innerText()).toContain(NEW_FIELD);
    await field(a, newKey).locator('input').fill('浦东新区');
    await a.getByRole('button', { name: '保存草稿' }).click();
    await a.locator('.ant-message').getByText('草稿已保存').waitFor();
    const saved = await (await a.request.get(`${base}/api/cases/${caseId}`)).json();
    expect(saved.form[newKey]).toBe('浦东新区');

    // The 8.2 Mbps video: the browser's pre-check flags the bitrate against the new 8.3 Mbps floor…
    const card = a.locator('[data-testid="slot-video"]');
    await card.locator('input[type=file]').setInputFiles(sampleVideo);
    const pre = a.locator('.ant-modal').filter({ hasText: '上传前检查' });
    const preRow = pre.locator('[data-row-key="video.bitrate"], [data-rule="video.bitrate"]').first();
    await preRow.waitFor({ timeout: 90_000 });
    expect(await preRow.innerText()).toContain('不通过');
    expect(await preRow.innerText()).toContain('8.3 Mbps');
    await pre.locator('[data-testid="confirm-upload"]').click();
    // …and so does the server's check of the uploaded file.
    await card.getByText('服务器检查结果').waitFor({ timeout: 180_000 });
    if (!(await card.locator('[data-testid="results-video"]').isVisible())) await card.getByText('服务器检查结果').click();
    const serverRow = card.locator('[data-testid="results-video"]').locator('[data-row-key="video.bitrate"], [data-rule="video.bitrate"]').first();
    await serverRow.waitFor({ timeout: 30_000 });
    expect(await serverRow.innerText()).toContain('不通过');
    const files = await (await a.request.get(`${base}/api/cases/${caseId}/files`)).json();
    const videoFile = files.find((x: { slot: string }) => x.slot === 'video').file;
    const bitrate = videoFile.results.find((r: { rule: string }) => r.rule === 'video.bitrate');
    expect(bitrate.status).toBe('fail');
    // Above 2026's 8 Mbps floor: only the new call's floor refuses it.
    expect(Number(bitrate.actual)).toBeGreaterThan(8_000_000);
    expect(Number(bitrate.actual)).toBeLessThan(8_300_000);
    await a.screenshot({ path: '/tmp/anli-e2e-call-builder-author-1366.png', fullPage: true });

    // The files a passing case needs (the demo's generated set, its video at 8.5 Mbps) replace the flagged one;
    // the author then submits through the UI.
    await attachDemoFiles(env.server, a, caseId);
    await a.reload();
    await a.locator('[data-testid="submit-case"]').click();
    const ok = a.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' });
    await ok.waitFor({ state: 'visible' });
    await ok.click();
    await a.waitForURL(`**/cases/${caseId}`);
    await a.locator('[data-state="submitted"]').first().waitFor();
    const submitted = await (await a.request.get(`${base}/api/cases/${caseId}`)).json();
    expect(submitted.state).toBe('submitted');
    expect(submitted.callId).toBe(NEW_ID);
    expect(submitted.form[newKey]).toBe('浦东新区');
    expect(author.pageErrors).toEqual([]);
  });

  it('case types: copy one under a new id, edit its authors\' columns, remove it again', { timeout: 180_000 }, async () => {
    const o = org.page;
    await login(o, env.url, ORGANISER, { fresh: true });
    await o.setViewportSize({ width: 1366, height: 900 });
    await o.goto(`${env.url}/org/call-builder`);
    await o.getByRole('button', { name: `复制 ${SOURCE_TITLE}`, exact: true }).click();
    const dialog = o.getByRole('dialog');
    await dialog.getByLabel('活动编号').fill('types-2027');
    await dialog.getByLabel('活动名称').fill('案例类型测试活动');
    await dialog.getByLabel('文号').fill('教技资〔2027〕2号');
    await dialog.getByRole('button', { name: '创建草稿' }).click();
    await o.waitForURL('**/org/call-builder/types-2027');
    await o.getByRole('tab', { name: '案例类型与表单字段' }).click();
    await o.getByRole('button', { name: '复制为新案例类型' }).click();
    // The copy is the one being edited: a new id and name.
    expect(await o.getByLabel('案例类型编号').inputValue()).toBe('evidence-research-2');
    await o.getByLabel('案例类型名称').fill('人机协同循证教研案例（乡村学校）');
    // The authors' columns of the copy: one relabelled, one added, at most 2 authors.
    const authors = o.locator('tr[data-row-key="authors"]').first();
    await authors.locator('.ant-table-row-expand-icon').click();
    const subs = o.locator('[data-testid="subfields-authors"]');
    await subs.getByLabel(/子字段 1 名称$/).fill('作者姓名');
    await subs.getByRole('button', { name: '添加子字段' }).click();
    await subs.getByLabel(/子字段 5 名称$/).fill('任教学科');
    await o.getByLabel(/^作者信息.* 最多$/).fill('2');
    expect(await overflowX(o)).toBeLessThanOrEqual(0);
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-types-1366.png', fullPage: true });
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('.ant-message').getByText('已保存').waitFor();
    expect(await o.locator('[data-testid="definition-errors"]').count()).toBe(0);
    let def = (await (await o.request.get(`${env.url}/api/org/call-builder/types-2027`)).json()).definition;
    expect(def.caseTypes.map((t: { id: string }) => t.id)).toEqual(['evidence-research', 'online-studio', 'evidence-research-2']);
    const copied = def.caseTypes[2];
    expect(copied.name).toBe('人机协同循证教研案例（乡村学校）');
    const group = copied.fields.find((f: { key: string }) => f.key === copied.authorsField);
    expect(group.max).toBe(2);
    expect(group.fields.map((f: { label: string }) => f.label)).toEqual(['作者姓名', '工作单位', '职称/职务', '手机号码', '任教学科']);
    // The original is untouched.
    expect(def.caseTypes[0].fields.find((f: { key: string }) => f.key === 'authors').fields[0].label).toBe('姓名');

    // Removed again (a draft's type without cases).
    await o.getByRole('button', { name: '删除此案例类型' }).click();
    await o.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '删除' }).click();
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('.ant-message').getByText('已保存').first().waitFor();
    await expect.poll(async () => (await (await o.request.get(`${env.url}/api/org/call-builder/types-2027`)).json()).definition.caseTypes.length).toBe(2);
    def = (await (await o.request.get(`${env.url}/api/org/call-builder/types-2027`)).json()).definition;
    expect(def.caseTypes.map((t: { id: string }) => t.id)).toEqual(['evidence-research', 'online-studio']);

    // On a phone: the case type buttons and a group's sub-fields fit the width (the field table scrolls inside itself).
    await o.setViewportSize({ width: 375, height: 812 });
    await o.reload();
    await o.locator('.ant-collapse-header', { hasText: /^案例类型与表单字段$/ }).click();
    await o.getByRole('button', { name: '复制为新案例类型' }).waitFor();
    await o.locator('tr[data-row-key="authors"]').first().locator('.ant-table-row-expand-icon').click();
    await o.locator('[data-testid="subfields-authors"]').waitFor();
    expect(await overflowX(o)).toBeLessThanOrEqual(0);
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-types-375.png', fullPage: true });
  });

  it('the builder pages fit a laptop and a phone', { timeout: 120_000 }, async () => {
    const o = org.page;
    // The server's clock moved into 2027 for the author: the organiser's earlier session has ended since.
    await login(o, env.url, ORGANISER, { fresh: true });
    for (const [w, h] of [[1366, 900], [375, 812]] as const) {
      await o.setViewportSize({ width: w, height: h });
      await o.goto(`${env.url}/org/call-builder`);
      await o.getByText('2027 年教师研修专项案例征集').first().waitFor();
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-list-${w}.png`, fullPage: true });
      await o.goto(`${env.url}/org/call-builder/${NEW_ID}`);
      await o.getByText('保存为新版本').waitFor();
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-edit-${w}.png`, fullPage: true });
      // The quota section with its per-province override (a tab on a laptop, a folded panel on a phone).
      if (w > 800) await o.getByRole('tab', { name: '名额' }).click();
      else await o.locator('.ant-collapse-header', { hasText: /^名额$/ }).click();
      await o.getByLabel('北京市 两类案例合计 单独名额').waitFor();
      expect(await o.getByLabel('北京市 两类案例合计 单独名额').inputValue()).toBe('60');
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-quota-${w}.png`, fullPage: true });
    }
  });
});
