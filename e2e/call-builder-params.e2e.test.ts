// The organiser edits a call's check parameters in the builder's forms (SPEC §3: thresholds and wording as call data):
// on a draft copied from 2026 the recommended audio bitrate, a report heading's font and the courseware's AI label
// text change; after saving, the preview tells the author the new requirements and the exported definition file holds
// the new values. A contradiction (audio floor above its ceiling) is refused beside its input, in Chinese. The tab is
// looked at on a laptop (1366×900) and a phone (375×812): nothing scrolls sideways, no English words or raw keys.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { copyCallAsDraft } from './helpers/call-builder.ts';
import { e2eServer } from './helpers/fixture.ts';
import { englishWords } from './helpers/page-audit.ts';

const ORGANISER = '13900000000';
const SOURCE_TITLE = '2026 年教师研修专项案例征集';
const NEW_ID = 'params-2027';
const TAB = '附件与检查参数';
/** Keys of the definition that must never be read on screen. */
const RAW_KEYS = /audioBitrate|recommendedBitrate|fpsTolerance|partToleranceS|heading[12]|sizePt|aiLabel|checkParams|literal|appropriate|minS|maxS|\b(true|false)\b/;

async function overflowX(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Opens a section: a tab on a laptop, a folded panel on a phone. */
async function openSection(page: Page, name: string | RegExp) {
  if ((page.viewportSize()?.width ?? 1366) > 800) {
    await page.getByRole('tab', { name }).click();
    return page.getByRole('tabpanel');
  }
  const header = page.locator('.ant-collapse-header', { hasText: name });
  await header.click();
  return page.locator('.ant-collapse-item-active .ant-collapse-panel');
}

describe('check parameters in the call builder', () => {
  const env = e2eServer();
  const org = env.session();

  it('audio bitrate, report heading font and courseware AI label: edited, previewed, exported', { timeout: 300_000 }, async () => {
    const o = org.page;
    await o.setViewportSize({ width: 1366, height: 900 });
    await env.login(org, ORGANISER);
    await copyCallAsDraft(o, env.url, { sourceTitle: SOURCE_TITLE, id: NEW_ID, title: '2027 年检查参数测试活动', documentNo: '教技资〔2027〕9号' });

    const panel = await openSection(o, TAB);
    // Audio bitrates read in kbps (stored in bit/s): 128 → 132.
    const audio = panel.getByLabel('建议音频码率');
    expect(await audio.inputValue()).toBe('128');
    expect(await panel.getByLabel('音频码率下限').inputValue()).toBe('120');
    await audio.fill('132');
    // The first heading's font: 黑体 → 楷体_GB2312, picked from the common fonts.
    const font = panel.getByLabel('一级标题 字体');
    expect(await font.inputValue()).toBe('黑体');
    await font.click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: /^楷体_GB2312$/ }).click();
    await expect.poll(() => font.inputValue()).toBe('楷体_GB2312');
    expect(await panel.getByLabel('一级标题 字号').inputValue()).toBe('16');
    await panel.getByText('即三号').first().waitFor();
    // The courseware's fixed AI label text.
    const label = panel.getByLabel('课件 AI 标注文字');
    expect(await label.inputValue()).toBe('AI生成');
    await label.fill('人工智能生成');
    // A contradiction: the audio floor above its ceiling.
    await panel.getByLabel('音频码率下限').fill('140');
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('.ant-message').getByText(/已保存/).first().waitFor();
    const floorError = 'caseTypes[0].checkParams.video.audioBitrateMin 音频码率下限（140 kbps）高于上限（136 kbps），请调低下限或调高上限';
    await o.locator('[data-testid="definition-errors"]').getByText(floorError).waitFor();
    // Shown beside the input too.
    await panel.locator('.ant-form-item-explain-error', { hasText: '音频码率下限（140 kbps）高于上限' }).first().waitFor();
    await panel.getByLabel('音频码率下限').fill('120');
    await o.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => o.locator('[data-testid="definition-errors"]').count()).toBe(0);
    await panel.screenshot({ path: '/tmp/anli-e2e-call-builder-params-1366.png' });

    // (a) The preview words the author's requirements from the new values.
    const preview = await openSection(o, '预览');
    await preview.getByText('视频码率不低于 8 Mbps（建议 10 Mbps），音频码率 132 kbps').waitFor();
    await preview.getByText('一级标题 楷体_GB2312，三号（16pt），加粗；二级标题 仿宋_GB2312，三号（16pt），加粗').waitFor();
    await preview.getByText('AI 生成的内容须标注“人工智能生成”').waitFor();

    // (b) The exported definition holds them (bit/s, the font, the label rule).
    const res = await o.request.get(`${env.url}/api/org/calls/${NEW_ID}/definition`);
    expect(res.status()).toBe(200);
    const exported = JSON.parse(await res.text());
    const params = exported.caseTypes[0].checkParams;
    expect(params.video.audioBitrateRecommended).toBe(132_000);
    expect(params.video.audioBitrateMin).toBe(120_000);
    expect(params.report.heading1).toEqual({ font: '楷体_GB2312', sizePt: 16, bold: true });
    expect(params.courseware.aiLabel).toEqual({ mode: 'literal', text: '人工智能生成' });
    // The other case type is untouched.
    expect(exported.caseTypes[1].checkParams.courseware.aiLabel).toEqual({ mode: 'literal', text: 'AI生成' });

    // The list of changes names them in words, with units.
    const changes = await openSection(o, /与来源活动的差异/);
    await changes.getByText('案例类型“人机协同循证教研案例” › 检查参数 › 视频 › 建议音频码率').waitFor();
    await changes.getByText('132 kbps').waitFor();
    await changes.getByText('案例类型“人机协同循证教研案例” › 检查参数 › 总结报告 › 一级标题格式 › 字体').waitFor();
    await changes.getByText('案例类型“人机协同循证教研案例” › 检查参数 › 课件 › AI 生成内容标注 › 标注文字').waitFor();
    expect(await changes.innerText()).not.toMatch(RAW_KEYS);
    expect(org.pageErrors).toEqual([]);
  });

  it('the tab fits a laptop and a phone, in Chinese', { timeout: 180_000 }, async () => {
    const o = org.page;
    for (const [w, h] of [[1366, 900], [375, 812]] as const) {
      await o.setViewportSize({ width: w, height: h });
      await o.goto(`${env.url}/org/call-builder/${NEW_ID}`);
      const panel = await openSection(o, TAB);
      await panel.getByLabel('建议音频码率').waitFor();
      // Parts timed: the three rows; the courseware switched to 相应标识 shows its patterns (not saved).
      await panel.locator('[data-testid="video-part-2"]').waitFor();
      await panel.getByText('相应标识', { exact: true }).click();
      await panel.getByLabel('识别规则 1', { exact: true }).waitFor();
      expect(await overflowX(o), `sideways scroll at ${w}px`).toBeLessThanOrEqual(0);
      const words = await panel.innerText();
      expect(englishWords(words), `English words at ${w}px`).toEqual([]);
      expect(words).not.toMatch(RAW_KEYS);
      // The panel alone: a full-page screenshot resizes the window, which folds the tabs back to the first one.
      await panel.screenshot({ path: `/tmp/anli-e2e-call-builder-params-tab-${w}.png` });
    }
    expect(org.pageErrors).toEqual([]);
  });
});
