// Chained recommendation in Chromium (demo 市县逐级推荐示例 call): the author picks a county; the 海淀 county
// administrator recommends to the city with a quota counter; the 北京 city administrator passes it to the province and
// issues a county code; the province sees the case and issues a city code.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const SUN_CASE = '小学科学课堂 AI 学情诊断的区域循证教研';

describe('chained recommendation in the browser', () => {
  const env = e2eServer();
  const s = env.session();

  it('author picks a county; county and city recommend up; codes down the chain', { timeout: 240_000 }, async () => {
    const base = env.url;
    const page = s.page;
    page.setDefaultTimeout(60_000);

    // The author: a chained call asks for the county before the draft is created.
    await login(page, base, '13800000004', { fresh: true, landing: '/my/cases' });
    await page.goto(`${base}/my/new`);
    await page.locator('[data-call="chained-example-2026"]').click();
    await page.locator('[data-case-type="evidence-research"]').click();
    await page.getByText('第三步：选择所在的市和区县').waitFor();
    expect(await page.getByRole('button', { name: '创建并开始填写' }).isDisabled()).toBe(true);
    await page.getByTestId('region-picker').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '北京市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '朝阳区' }).click();
    await page.getByRole('button', { name: '创建并开始填写' }).click();
    await page.waitForURL('**/edit');
    await expect.poll(() => page.getByTestId('region-picker').innerText()).toContain('朝阳区');

    // 海淀 county administrator: 孙老师's case waits; recommend it to the city, the counter moves 0/5 → 1/5.
    await login(page, base, '13900000022', { fresh: true, landing: '/region/cases' });
    await page.getByTestId('region-name').getByText('海淀区').waitFor();
    // A municipality is named once (issue 17 item 6: not 北京市 北京市 海淀区).
    expect(await page.getByTestId('region-name').textContent()).toBe('北京市 海淀区');
    const counter = page.locator('[data-testid="quota-level"]');
    await expect.poll(() => counter.getAttribute('data-used')).toBe('0');
    expect(await counter.getAttribute('data-max')).toBe('5');
    const row = page.locator('tr.ant-table-row', { hasText: SUN_CASE });
    await row.getByRole('button', { name: '推荐至市级' }).click();
    await expect.poll(() => counter.getAttribute('data-used')).toBe('1');
    await row.getByText('县级已推荐，待市级审核').waitFor();
    expect(await page.locator('tr.ant-table-row').count()).toBe(1); // the author's new 朝阳 draft is not 海淀's

    // 北京 city administrator: passes it to the province, then issues a code for a county of 北京.
    await login(page, base, '13900000021', { fresh: true, landing: '/region/cases' });
    const cityRow = page.locator('tr.ant-table-row', { hasText: SUN_CASE });
    await cityRow.getByRole('button', { name: '推荐至省级' }).click();
    await cityRow.getByText('市级已推荐，待省级审核').waitFor();
    // On the case page: take it back until the province acts, then recommend it again from there.
    await cityRow.getByRole('link', { name: SUN_CASE }).click();
    await page.getByRole('button', { name: '取消推荐' }).click();
    await page.getByRole('button', { name: '推荐至省级' }).click();
    await page.getByRole('button', { name: '取消推荐' }).waitFor();
    await page.goto(`${base}/region/codes`);
    await page.getByLabel('选择区县').click();
    await page.locator('.ant-select-item-option', { hasText: '朝阳区' }).click();
    await page.getByRole('button', { name: '生成激活码' }).click();
    await expect.poll(async () => (await page.getByTestId('activation-code').innerText()).trim()).toMatch(/^[A-Z0-9]{12}$/);
    await page.getByRole('button', { name: '我已记下' }).click();
    await page.locator('tr.ant-table-row', { hasText: '朝阳区' }).waitFor();

    // The province: sees the case in its list for the chained call, and issues a city code.
    await page.evaluate(() => localStorage.setItem('anli.callId', 'chained-example-2026'));
    await login(page, base, '13900000011', { fresh: true, landing: '/province/cases' });
    await page.locator('tr.ant-table-row', { hasText: SUN_CASE }).getByRole('button', { name: '推荐', exact: true }).waitFor();
    await page.goto(`${base}/province/city-codes`);
    await page.getByLabel('选择市').click();
    await page.locator('.ant-select-item-option', { hasText: '北京市' }).click();
    await page.getByRole('button', { name: '生成激活码' }).click();
    await expect.poll(async () => (await page.getByTestId('activation-code').innerText()).trim()).toMatch(/^[A-Z0-9]{12}$/);
    // 本省统计 on the chained call: a row per city of 北京 with where its cases stand (孙老师's case at the province).
    await page.goto(`${base}/province/dashboard`);
    const cityLine = page.getByTestId('by-city').locator('tr.ant-table-row', { hasText: '北京市' });
    await cityLine.waitFor();
    expect(await cityLine.locator('td').allInnerTexts()).toEqual(['北京市', '1', '0', '0', expect.stringMatching(/^1 \/ \d+$/), expect.stringMatching(/^\d+$/)]);
    await page.screenshot({ path: '/tmp/anli-e2e-chain.png', fullPage: true });
    expect(s.pageErrors).toEqual([]);
  });
});
