// Lists that page (issue 17 item 3) in Chromium: the organiser's 全部案例 with 1,500 extra cases shows the server's
// total as “共 N 条” with thousands separators, page 2 is loaded from the server (not sliced in the browser), a column
// sort and the search go to the server, and the table never widens the page at 375 px.
import { beforeAll, describe, expect, it } from 'vitest';
import { insertBulkCases } from '../apps/server/src/testing/bulk-cases.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const ORGANISER = '13900000000';
const EXTRA = 1_500;

describe('a paged table in the browser', () => {
  const env = e2eServer();
  const org = env.session();

  beforeAll(async () => {
    const [author] = await env.server.db.query<{ id: string }>(`select id from users where role = 'author' order by phone limit 1`);
    // The same extra cases in each call the page may open on.
    await insertBulkCases(env.server.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorIds: [author!.id], provinces: ['110000', '310000'], n: EXTRA });
    await insertBulkCases(env.server.db, { callId: 'teacher-training-2026', caseType: 'evidence-research', authorIds: [author!.id], provinces: ['110000', '310000'], n: EXTRA });
  }, 300_000);

  it('全部案例: 共 N 条 from the server, page 2, sort and search on the server', { timeout: 240_000 }, async () => {
    const p = org.page;
    const listed = (pred: (u: URL) => boolean) =>
      p.waitForResponse((r) => {
        const u = new URL(r.url());
        return u.pathname === '/api/org/cases' && r.request().method() === 'GET' && pred(u);
      });
    await login(p, env.url, ORGANISER);
    const first = listed((u) => (u.searchParams.get('page') ?? '1') === '1');
    await p.goto(`${env.url}/org/cases`);
    const body1 = await (await first).json();
    expect(body1.total).toBeGreaterThanOrEqual(EXTRA);
    const shown = `共 ${body1.total.toLocaleString('zh-CN')} 条`;
    expect(shown).toMatch(/共 \d,\d{3} 条/);
    await p.getByText(shown).waitFor();
    const rows = p.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(body1.pageSize);
    expect((await rows.first().locator('td').first().innerText()).trim()).toBe(body1.items[0].title);

    // Page 2 comes from the server.
    const second = listed((u) => u.searchParams.get('page') === '2');
    await p.locator('.ant-pagination-item-2').click();
    const body2 = await (await second).json();
    expect(body2.page).toBe(2);
    await expect.poll(async () => (await rows.first().locator('td').first().innerText()).trim()).toBe(body2.items[0].title);
    expect(body2.items[0].id).not.toBe(body1.items[0].id);

    // Sorting by 案例名称 asks the server, back on page 1.
    const sorted = listed((u) => u.searchParams.get('sort') === 'title');
    await p.locator('.ant-table-thead th', { hasText: '案例名称' }).click();
    const body3 = await (await sorted).json();
    expect(body3.page).toBe(1);
    const titles = body3.items.map((c: any) => c.title);
    expect(titles).toEqual([...titles].sort());

    // The search is a server filter: ten cases 批量案例 00010…00019.
    const searched = listed((u) => u.searchParams.get('q') === '批量案例 0001');
    await p.getByLabel('搜索案例').fill('批量案例 0001');
    await p.getByLabel('搜索案例').press('Enter');
    const body4 = await (await searched).json();
    expect(body4.total).toBe(10);
    await p.getByText('共 10 条').waitFor();

    // At 375 px the page does not scroll sideways (the table scrolls inside its own box).
    await p.setViewportSize({ width: 375, height: 812 });
    await p.waitForTimeout(300);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
