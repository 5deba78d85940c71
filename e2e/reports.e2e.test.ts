// The organiser's 统计看板 and the 全部案例 导出 Excel button in Chromium: the dashboard shows the per-province bars
// and table, and the downloaded workbook (read with exceljs) holds the rows of the filtered list on screen.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../apps/server/src/testing/client.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

describe('organiser dashboard and export in the browser', () => {
  const env = e2eServer();
  const s = env.session();

  it('统计看板 shows each province; 导出 Excel downloads the filtered list', { timeout: 180_000 }, async () => {
    const base = env.url;
    const page = s.page;
    await login(page, base, '13900000000', { landing: '/org/**' });

    const org = apiClient(env.server.app);
    await org.login('13900000000');
    await page.goto(`${base}/org/dashboard`);
    await page.getByText('各省提交数').waitFor();
    // The call on screen is the one the dashboard's export link carries.
    const exportHref = (await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href'))!;
    const dash = (await org.get(exportHref.replace('/api/org/dashboard.xlsx', '/api/org/dashboard'))).body;
    const bars = page.getByTestId('province-submitted');
    for (const p of dash.provinces.filter((x: any) => x.submitted > 0)) {
      await expect.poll(() => bars.innerText()).toContain(p.provinceName);
    }
    // 32 rows in the province table.
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(32);

    // 全部案例 searched for 北京, then 导出 Excel: the workbook's rows are the list's rows.
    await page.goto(`${base}/org/cases`);
    await page.getByPlaceholder('搜索案例名称、作者、单位').fill('北京');
    await page.getByPlaceholder('搜索案例名称、作者、单位').press('Enter');
    const link = page.getByRole('link', { name: /导出 Excel/ });
    await expect.poll(async () => (await link.getAttribute('href')) ?? '').toContain(`q=${encodeURIComponent('北京')}`);
    const href = (await link.getAttribute('href'))!;
    const list = (await org.get(href.replace('/api/org/cases.xlsx?', '/api/org/cases?pageSize=200&'))).body.items;
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as any);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('案例名称');
    const titles = (ws.getColumn(2).values as unknown[]).slice(2).map(String);
    expect(titles).toEqual(list.map((c: any) => c.title));
    expect(titles.length).toBeGreaterThan(0);
    expect((ws.getColumn(8).values as unknown[]).slice(2)).toEqual(list.map((c: any) => c.provinceName));
    expect(s.pageErrors).toEqual([]);
  });
});
