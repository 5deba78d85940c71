// 我的案例 in Chromium on the demo data, at 1366×900 and 375×812: every case's buttons can be seen and pressed without
// scrolling sideways. On a wide screen the 操作 column stays in view at the table's right edge; on a phone each case
// is a card (a seven-column table hid the buttons behind a sideways scroller).
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { e2eServer } from './helpers/fixture.ts';

/** Whether the element lies wholly inside the box (with a pixel of rounding). */
async function inside(el: Locator, box: { x: number; width: number }) {
  const b = (await el.boundingBox())!;
  return b.x >= box.x - 1 && b.x + b.width <= box.x + box.width + 1;
}

async function openMyCases(page: Page, url: string) {
  await page.goto(`${url}/my/cases`);
  await page.getByText('区域教师数字画像建设').first().waitFor();
}

describe('我的案例 at both sizes', () => {
  const env = e2eServer();
  const session = env.session();

  it('shows every case’s buttons in view, in a table on a wide screen and as cards on a phone', { timeout: 300_000 }, async () => {
    const page = session.page;
    await env.login(session, '13800000003');

    await page.setViewportSize({ width: 1366, height: 900 });
    await openMyCases(page, env.url);
    const table = page.locator('.ant-table-container');
    const visible = (await table.boundingBox())!;
    const draftRow = page.locator('tr.ant-table-row', { hasText: '区域教师数字画像建设' });
    for (const name of ['编辑', '查看', '删除']) {
      const button = draftRow.getByRole('button', { name });
      expect(await button.isVisible()).toBe(true);
      expect(await inside(button, visible), `${name} in view`).toBe(true);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    await page.setViewportSize({ width: 375, height: 812 });
    await openMyCases(page, env.url);
    const cards = page.locator('[data-testid="case-card"]');
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('tr.ant-table-row').count()).toBe(0);
    const draft = cards.filter({ hasText: '区域教师数字画像建设' });
    expect(await draft.innerText()).toContain('草稿');
    for (const name of ['编辑', '查看', '删除']) {
      const button = draft.getByRole('button', { name });
      expect(await inside(button, { x: 0, width: 375 }), `${name} in view`).toBe(true);
    }
    await draft.getByRole('button', { name: '编辑' }).click();
    await page.waitForURL('**/my/cases/*/edit');
    await page.goBack();
    await cards.first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
