// The provincial administrator's other pages in Chromium: 联系人信息表 (validated like the server, with its
// deadline), 征集方式 (mode 1 / mode 2), list filters and the Excel export link carrying them.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const field = (page: Page, path: string) => page.locator(`[data-field="${path}"]`).first();

describe('provincial administrator pages in the browser', () => {
  const env = e2eServer();
  const s = env.session();

  it('contact form, collection mode, filters and export', { timeout: 180_000 }, async () => {
    const base = env.url;
    const page = s.page;
    await login(page, base, '13900000011', { landing: '/province/cases' });
    await page.getByText('尚未提交本省联系人信息表').waitFor();

    // 联系人信息表 (2026): inline format errors, then a successful submission.
    await page.getByRole('link', { name: '去填写' }).click();
    await page.waitForURL('**/province/contact');
    await page.getByText('填报截止').waitFor();
    await page.getByRole('button', { name: '提交联系人信息表' }).click();
    await expect.poll(() => field(page, 'orgName').innerText()).toContain('请填写单位名称');
    await field(page, 'orgName').locator('input').fill('北京市教育委员会');
    await field(page, 'department').locator('input').fill('教师工作处');
    await field(page, 'contactName').locator('input').fill('张老师');
    await field(page, 'position').locator('input').fill('处长');
    await field(page, 'landline').locator('input').fill('010-66490220');
    await field(page, 'mobile').locator('input').fill('1390000');
    await expect.poll(() => field(page, 'mobile').innerText()).toContain('11 位手机号码');
    await field(page, 'mobile').locator('input').fill('13900000111');
    await page.getByRole('button', { name: '提交联系人信息表' }).click();
    await page.getByText(/已于 .* 提交/).waitFor();

    // 征集方式: choose 方式二.
    await page.goto(`${base}/province/mode`);
    await page.getByText('全流程依托本平台').first().click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('当前：方式二').waitFor();

    // 本省案例: the warnings are gone; filters narrow the list and the export link carries them.
    await page.goto(`${base}/province/cases`);
    await page.locator('[data-testid="quota-all"]').waitFor();
    expect(await page.getByText('尚未提交本省联系人信息表').count()).toBe(0);
    expect(await page.getByText('尚未选择本省征集方式').count()).toBe(0);
    await page.locator('tr.ant-table-row').first().waitFor();
    const all = await page.locator('tr.ant-table-row').count();
    expect(all).toBeGreaterThanOrEqual(2);
    await page.getByPlaceholder('搜索案例名称、作者、单位').fill('工作室');
    await page.getByPlaceholder('搜索案例名称、作者、单位').press('Enter');
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    const href = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect(href).toContain('/api/province/cases.xlsx?');
    expect(decodeURIComponent(href!)).toContain('q=工作室');
    const xlsx = await page.request.get(`${base}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheet');
    await page.screenshot({ path: '/tmp/anli-e2e-province.png', fullPage: true });
    expect(s.pageErrors).toEqual([]);
  });
});
