// The organiser's pages in Chromium against the real server: an activation code issued and used to activate a
// provincial administrator, a per-province extension added and removed, a phase forced closed, a reported list
// unlocked from the overview, a case disqualified with a reason, and the audit log showing it all.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const PASSWORD = 'Demo@2026';
const ORGANISER = '13900000000';
const SHANGHAI_ADMIN = '13900000031';
const CALL_2025 = 'teacher-ai-2025';
const CALL_2025_TITLE = '2025 年教师人工智能应用案例征集活动';

/** Picks an option of the antd Select that follows the form label `label` inside `scope`. */
async function pickInDialog(page: Page, label: string, option: string) {
  const item = page.getByRole('dialog').locator('.ant-form-item', { hasText: label });
  await item.locator('.ant-select').click();
  const opt = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).first();
  await opt.waitFor({ state: 'visible' });
  await opt.click();
}

async function typeDate(page: Page, label: string, date: string) {
  const input = page.getByRole('dialog').locator('.ant-form-item', { hasText: label }).locator('input');
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('organiser pages in the browser', () => {
  const env = e2eServer();
  const org = env.session();
  const newcomer = env.session();

  it('activation code, extensions, phases, unlock, disqualify, audit', { timeout: 240_000 }, async () => {
    const base = env.url;
    const o = org.page;
    await login(o, base, ORGANISER);
    await o.waitForURL('**/org/overview');

    // 1. Issue an activation code for 天津 and activate a provincial administrator with it.
    await o.goto(`${base}/org/codes`);
    await o.locator('.ant-select').first().click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="天津市"]').click();
    await o.getByRole('button', { name: '生成激活码' }).click();
    const code = (await o.locator('[data-testid="activation-code"]').innerText()).trim();
    expect(code.length).toBeGreaterThan(6);
    await o.getByRole('button', { name: '我已记下' }).click();
    await o.locator('tr', { hasText: '天津市' }).getByText('未使用').waitFor();

    const n = newcomer.page;
    await n.goto(`${base}/activate`);
    await n.getByLabel('激活码').fill(code);
    await n.getByLabel('手机号').fill('13900000012');
    await n.getByLabel('密码').fill('Tianjin2026ok');
    await n.getByLabel('姓名').fill('天津市管理员');
    await n.getByRole('button', { name: '激活并登录' }).click();
    await n.waitForURL('**/province/cases');
    expect(await n.locator('[data-testid="current-user"]').innerText()).toContain('天津市');
    await o.reload();
    await o.locator('tr', { hasText: '天津市' }).getByText('已使用').waitFor();

    // 2. Add an extension of 作者报送 for 天津, see it listed, delete it.
    await o.goto(`${base}/org/calls`);
    await o.getByRole('tab', { name: '分省延期' }).click();
    await o.getByRole('button', { name: '新增延期' }).click();
    await pickInDialog(o, '省份', '天津市');
    await o.getByRole('dialog').locator('.ant-form-item', { hasText: '阶段' }).locator('.ant-select').click();
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '作者报送' }).click();
    const future = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);
    await typeDate(o, '新的截止日期', future);
    await o.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    const extRow = o.locator('tr.ant-table-row', { hasText: '天津市' });
    await extRow.getByText(future).waitFor({ timeout: 10_000 }).catch(async (e) => {
      await o.screenshot({ path: '/tmp/anli-e2e-org-ext-fail.png', fullPage: true });
      throw e;
    });
    await extRow.getByRole('button', { name: '删除' }).click();
    await o.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => o.locator('tr.ant-table-row', { hasText: '天津市' }).count()).toBe(0);

    // 3. Force the 国家级推荐 phase open from the phases table.
    await o.getByRole('tab', { name: '阶段与截止时间' }).click();
    const phaseRow = o.locator('tr.ant-table-row', { hasText: '国家级推荐' });
    await phaseRow.getByRole('button', { name: '编辑' }).click();
    await pickInDialog(o, '开放状态', '强制开放');
    await o.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await phaseRow.getByText('强制开放').waitFor();
    await o.screenshot({ path: '/tmp/anli-e2e-org-phases.png', fullPage: true });

    // 4. 上海 reports its 2025 list (through the API); the organiser unlocks it from the overview.
    const sh = await newcomer.context.request.post(`${base}/api/auth/logout`);
    expect(sh.ok()).toBe(true);
    const li = await newcomer.context.request.post(`${base}/api/auth/login`, { data: { phone: SHANGHAI_ADMIN, password: PASSWORD } });
    expect(li.status(), await li.text()).toBe(200);
    // The demo has 上海's 2025 list reported already (its case is in national review); reporting again is refused.
    const rep = await newcomer.context.request.post(`${base}/api/province/report`, { data: { callId: CALL_2025 } });
    expect([200, 409], await rep.text()).toContain(rep.status());
    await o.goto(`${base}/org/overview`);
    await o.locator('.ant-card-extra .ant-select').click();
    await o.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${CALL_2025_TITLE}"]`).click();
    const shRow = o.locator('tr', { hasText: '上海市' });
    await shRow.getByText('已上报').waitFor();
    await shRow.getByRole('button', { name: '解锁' }).click();
    const unlocked = o.waitForResponse((r) => r.url().includes('/api/org/provinces/310000/unlock') && r.request().method() === 'POST');
    // Unlocking asks for a reason (audited).
    const dialog = o.locator('.ant-modal').filter({ hasText: '解锁原因' });
    await dialog.locator('textarea').fill('上海市申请调整推荐名单');
    await dialog.getByRole('button', { name: '确认解锁' }).click();
    expect((await unlocked).status()).toBe(200);
    await shRow.getByText('未上报').waitFor();

    // 5. Disqualify a case with a reason from its page.
    await o.goto(`${base}/org/cases`);
    const caseLink = o.locator('tr.ant-table-row a').first();
    const title = await caseLink.innerText();
    await caseLink.click();
    await o.waitForURL('**/cases/*');
    await o.getByRole('button', { name: '取消资格' }).click();
    await o.getByRole('dialog').locator('textarea').fill('经核查存在抄袭');
    await o.getByRole('dialog').getByRole('button', { name: '取消资格' }).click();
    await o.locator('[data-state="disqualified"]').first().waitFor();
    await o.getByText('原因：经核查存在抄袭').first().waitFor();

    // 6. The audit log lists the unlock and the disqualification.
    await o.goto(`${base}/org/audit`);
    await o.locator('tr', { hasText: '解锁推荐名单' }).first().waitFor();
    await o.locator('tr', { hasText: '经核查存在抄袭' }).first().waitFor();
    await o.screenshot({ path: '/tmp/anli-e2e-org-audit.png', fullPage: true });
    await o.locator('.ant-select', { hasText: '事件' }).click();
    await o.keyboard.type('取消资格');
    await o.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="取消资格"]').click();
    await expect.poll(() => o.locator('tr.ant-table-row').count()).toBe(1);
    expect(await o.locator('tr.ant-table-row').innerText()).toContain('经核查存在抄袭');
    expect(title.length).toBeGreaterThan(0);
    expect(org.pageErrors).toEqual([]);
    expect(newcomer.pageErrors).toEqual([]);
  });
});
