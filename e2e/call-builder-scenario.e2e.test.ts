// The organiser edits the scenario framework and a group's count in the call builder (a draft copied from the 2025
// call, whose 应用场景 field uses the 附件1 framework): renames a typical scene, adds a micro scene, raises the 平台工具
// and 作者 maxima (their label and help follow), saves, sees the edited scene in the author's form in 预览 and the
// changes named in words; the tab and the editor fit a laptop and a phone.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { copyCallAsDraft } from './helpers/call-builder.ts';
import { e2eServer } from './helpers/fixture.ts';

const ORGANISER = '13900000000';
const NEW_ID = 'teacher-ai-2026-scenes';
const SOURCE_TITLE = '2025 年教师人工智能应用案例征集活动';
const TOOLS = '平台工具（案例中 1-2 个主要平台工具）';
const TOOLS_AFTER = '平台工具（案例中 1-3 个主要平台工具）';

/** How far the page scrolls sideways (0: it does not). */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** Raw keys, English words or true/false in the visible text of a part of the page. */
const RAW = /\b(?:true|false|undefined|null|framework|typicalScenes|microScenes|mainScenes|allowOther|caseTypes|ai-framework)\b|[a-z]+[A-Z][A-Za-z]+/;

/**
 * Opens the “案例类型与表单字段” section (a tab on a laptop, a folded panel on a phone) until the scenario field's editor
 * button shows; retried, as a person would, should the page still be settling after loading.
 */
async function openFieldsSection(page: Page, fieldLabel: string) {
  const button = page.getByRole('button', { name: `编辑“${fieldLabel}”的场景参考` });
  for (let attempt = 0; attempt < 4 && !(await button.isVisible()); attempt++) {
    const wide = (page.viewportSize()?.width ?? 0) > 800;
    if (wide) await page.getByRole('tab', { name: '案例类型与表单字段' }).click();
    else await page.locator('.ant-collapse-header', { hasText: /^案例类型与表单字段$/ }).click();
    await button.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  await button.waitFor({ timeout: 5_000 });
  return button;
}

describe('the scenario framework and group counts in the call builder', () => {
  const env = e2eServer();
  const org = env.session();

  it('rename a typical scene, add a micro scene, raise group maxima → save → preview and changes show them', { timeout: 300_000 }, async () => {
    const o = org.page;
    await o.setViewportSize({ width: 1366, height: 900 });
    await env.login(org, ORGANISER);
    await copyCallAsDraft(o, env.url, { sourceTitle: SOURCE_TITLE, id: NEW_ID, title: '2026 年教师人工智能应用案例征集活动' });

    await openFieldsSection(o, '应用场景');
    // The scenario field's row: the notice's framework until edited.
    await o.getByRole('tabpanel').getByText('5 个主场景，24 个典型场景').waitFor();
    await (await openFieldsSection(o, '应用场景')).click();
    const drawer = o.locator('.ant-drawer-section');
    await drawer.getByText('通知原文', { exact: true }).waitFor();
    await drawer.locator('.ant-collapse-header', { hasText: '主场景：助教' }).click();
    const typical = drawer.getByLabel('主场景 1 典型场景 1 名称');
    expect(await typical.inputValue()).toBe('学情分析');
    await typical.fill('学情诊断');
    const micro = drawer.getByLabel('主场景 1 典型场景 1 微场景');
    await micro.click();
    await micro.pressSequentially('错因归类');
    await micro.press('Enter');
    await drawer.locator('.ant-select-selection-item', { hasText: '错因归类' }).waitFor();
    await drawer.getByText('已修改', { exact: true }).waitFor();
    expect(await drawer.getByLabel('允许填写“其他”').getAttribute('aria-checked')).toBe('true');
    expect(await drawer.innerText()).not.toMatch(RAW);
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-scenario-drawer-1366.png' });
    await drawer.getByRole('button', { name: '完成' }).click();

    // Group counts: the tools' “1-2 个” and a help text's “最多 1 人” follow the new maxima.
    await o.getByLabel(`${TOOLS} 最多`).fill('3');
    await expect.poll(() => o.getByLabel(`字段名称 ${TOOLS_AFTER}`).inputValue()).toBe(TOOLS_AFTER);
    await o.getByLabel('作者信息 填写说明').fill('按贡献排序，最多 1 人');
    await o.getByLabel('作者信息 最多').fill('3');
    await expect.poll(() => o.getByLabel('作者信息 填写说明').inputValue()).toBe('按贡献排序，最多 3 人');
    await o.getByRole('button', { name: '保存草稿' }).click();
    await o.locator('.ant-message').getByText('已保存').waitFor();

    const saved = (await (await o.request.get(`${env.url}/api/org/call-builder/${NEW_ID}`)).json()) as {
      definition: { caseTypes: Array<{ fields: Array<Record<string, any>> }> };
      errors: Array<{ path: string }>;
    };
    expect(saved.errors.filter((e) => e.path.includes('.fields'))).toEqual([]);
    const fields = saved.definition.caseTypes[0]!.fields;
    const scenario = fields.find((f) => f.kind === 'scenario')!;
    expect(scenario.framework[0].typicalScenes[0]).toMatchObject({ name: '学情诊断' });
    expect(scenario.framework[0].typicalScenes[0].microScenes).toContain('错因归类');
    expect(fields.find((f) => f.key === 'tools')).toMatchObject({ max: 3, label: TOOLS_AFTER });
    expect(fields.find((f) => f.key === 'authors')).toMatchObject({ max: 3, help: '按贡献排序，最多 3 人' });

    // The author's form in 预览 offers the renamed scene (with its description) and the new micro scene.
    await o.getByRole('tab', { name: '预览' }).click();
    const preview = o.getByRole('tabpanel');
    await preview.locator('[data-field="tools"]').getByText(TOOLS_AFTER).first().waitFor();
    await preview.locator('[data-field="authors"]').getByText('按贡献排序，最多 3 人').first().waitFor();
    await preview.locator('#field-scenario-main').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="助教"]').click();
    await preview.locator('#field-scenario-typical').click();
    const typicalOption = o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '学情诊断' });
    await typicalOption.waitFor();
    expect(await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').innerText()).not.toContain('学情分析');
    await typicalOption.click();
    await preview.getByText(/应用人工智能对学生课堂行为/).waitFor();
    await preview.locator('#field-scenario-micro').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '错因归类' }).waitFor();
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-scenario-preview-1366.png', fullPage: true });

    // The changes against 2025 name the scene, in words.
    await o.keyboard.press('Escape');
    await o.getByRole('tab', { name: /与来源活动的差异/ }).click();
    const changes = o.getByRole('tabpanel');
    await changes.getByText('案例类型“教师人工智能应用案例” › 字段“应用场景” › 主场景“助教” › 典型场景“学情诊断” › 名称').waitFor();
    await changes.getByText('案例类型“教师人工智能应用案例” › 字段“应用场景” › 主场景“助教” › 典型场景“学情诊断” › 微场景').waitFor();
    expect(await changes.innerText()).not.toMatch(RAW);
  });

  it('the fields tab and the scenario editor fit a laptop and a phone', { timeout: 180_000 }, async () => {
    const o = org.page;
    for (const [w, h] of [[1366, 900], [375, 812]] as const) {
      await o.setViewportSize({ width: w, height: h });
      await o.goto(`${env.url}/org/call-builder/${NEW_ID}`);
      await o.getByText('保存草稿').first().waitFor();
      await openFieldsSection(o, '应用场景');
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-scenario-fields-${w}.png`, fullPage: true });
      await (await openFieldsSection(o, '应用场景')).click();
      const drawer = o.locator('.ant-drawer-section');
      await drawer.getByText('已修改', { exact: true }).first().waitFor();
      await drawer.locator('.ant-collapse-header', { hasText: '主场景：助教' }).click();
      await drawer.getByLabel('主场景 1 典型场景 1 说明').waitFor();
      expect(await overflowX(o)).toBeLessThanOrEqual(0);
      const box = await drawer.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(w);
      // Nothing inside the drawer is wider than the drawer.
      expect(await drawer.evaluate((d) => d.querySelector('.ant-drawer-body')!.scrollWidth - d.querySelector('.ant-drawer-body')!.clientWidth)).toBeLessThanOrEqual(0);
      expect(await drawer.innerText()).not.toMatch(RAW);
      await o.screenshot({ path: `/tmp/anli-e2e-call-builder-scenario-drawer-${w}.png` });
      await drawer.getByRole('button', { name: '完成' }).click();
    }
  });

  it('the category suggestions of a 2026 copy are edited in the same drawer, on a phone too', { timeout: 180_000 }, async () => {
    const o = org.page;
    const created = await o.request.post(`${env.url}/api/org/call-builder`, { data: { sourceCallId: 'teacher-training-2026', id: 'training-2027-scenes', title: '2027 年教师研修专项案例征集', year: 2027 } });
    expect(created.status()).toBe(200);
    await o.setViewportSize({ width: 375, height: 812 });
    await o.goto(`${env.url}/org/call-builder/training-2027-scenes`);
    await o.getByText('保存草稿').first().waitFor();
    await openFieldsSection(o, '案例场景');
    await o.getByText('3 个类别').waitFor();
    await (await openFieldsSection(o, '案例场景')).click();
    const drawer = o.locator('.ant-drawer-section');
    await drawer.locator('.ant-collapse-header', { hasText: '类别：学校案例' }).click();
    const scenes = drawer.getByLabel('类别 2 参考场景');
    await scenes.click();
    await scenes.pressSequentially('AI 支持的集体备课');
    await scenes.press('Enter');
    await drawer.locator('.ant-select-selection-item', { hasText: 'AI 支持的集体备课' }).waitFor();
    expect(await drawer.getByLabel('类别 2 示例 1 标题').inputValue()).toBeTruthy();
    expect(await overflowX(o)).toBeLessThanOrEqual(0);
    expect(await drawer.evaluate((d) => d.querySelector('.ant-drawer-body')!.scrollWidth - d.querySelector('.ant-drawer-body')!.clientWidth)).toBeLessThanOrEqual(0);
    expect(await drawer.innerText()).not.toMatch(RAW);
    await o.screenshot({ path: '/tmp/anli-e2e-call-builder-categories-drawer-375.png' });
    // Back to the notice's text: the copy is dropped again.
    await drawer.getByRole('button', { name: '恢复为通知原文' }).click();
    await o.locator('.ant-popconfirm .ant-btn-primary').click();
    await drawer.getByText('通知原文', { exact: true }).waitFor();
    expect(await drawer.locator('.ant-select-selection-item', { hasText: 'AI 支持的集体备课' }).count()).toBe(0);
  });
});
