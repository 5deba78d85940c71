// Notices in Chromium: the 北京 administrator returns a case; the author's bell shows the unread notice, the
// 消息中心 lists it with the reason and marks it read (the bell's count goes down). The organiser's 发布公告 page
// sends an announcement that reaches the administrator's 消息中心; one to everyone is on the public 通知公告 page.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const REASON = '请补充课堂实录视频中的成效与经验部分';

/** The unread count the bell announces (its accessible name says “N 条未读”). */
async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByTestId('notice-bell').getAttribute('aria-label')) ?? '';
  const m = /(\d+) 条未读/.exec(label);
  return m ? Number(m[1]) : 0;
}

describe('notices in the browser', () => {
  const env = e2eServer();
  const author = env.session();
  const admin = env.session();
  const org = env.session();

  it('the bell shows the notice of a returned case and the 消息中心 marks it read', { timeout: 180_000 }, async () => {
    const base = env.url;
    const t = author.page;
    await login(t, base, '13800000001');
    const mine = await (await t.request.get(`${base}/api/my/cases`)).json();
    const target = mine.find((c: { state: string }) => c.state === 'submitted');
    expect(target, 'the demo author has a submitted case').toBeTruthy();
    await t.getByTestId('notice-bell').waitFor();
    const before = await bellCount(t);

    // The 北京 administrator returns it with a reason (from the administrator's signed-in browser session; the
    // 本省案例 page's return dialog is walked through in lifecycle.e2e).
    const a = admin.page;
    await login(a, base, '13900000011');
    const returned = await a.request.post(`${base}/api/cases/${target.id}/return`, { data: { reason: REASON } });
    expect(returned.status()).toBe(200);

    // The author's bell counts it (on the next page the count is fetched again).
    await t.goto(`${base}/my/cases`);
    await expect.poll(() => bellCount(t), { timeout: 20_000 }).toBe(before + 1);
    await t.getByTestId('notice-bell').click();
    await t.waitForURL('**/notices');
    const item = t.getByTestId('notice-item').filter({ hasText: '案例被退回修改' }).first();
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await item.innerText()).toContain(REASON);
    expect(await item.innerText()).toContain(target.title);
    await t.screenshot({ path: '/tmp/anli-e2e-notices.png', fullPage: true });

    await item.getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => item.getAttribute('data-read')).toBe('true');
    await expect.poll(() => bellCount(t)).toBe(before);
    if (before > 0) {
      await t.getByRole('button', { name: '全部标为已读' }).click();
      await expect.poll(() => bellCount(t)).toBe(0);
    }
    expect((await (await t.request.get(`${base}/api/notices/unread-count`)).json()).unread).toBe(0);
    expect(author.pageErrors).toEqual([]);
  });

  it('the organiser\'s announcement reaches the administrators\' 消息中心', { timeout: 180_000 }, async () => {
    const base = env.url;
    const o = org.page;
    await login(o, base, '13900000000');
    await o.goto(`${base}/org/announcements`);
    await o.getByLabel('标题').fill('关于推荐上报的提醒');
    await o.getByLabel('正文').fill('请各省在截止时间前完成推荐上报。');
    await o.getByRole('button', { name: '发布公告' }).click();
    await o.locator('.ant-popover').getByRole('button', { name: '发布' }).click();
    const sent = o.locator('tr', { hasText: '关于推荐上报的提醒' });
    await sent.waitFor();
    expect(await sent.innerText()).toContain('全体省级管理员');
    await o.screenshot({ path: '/tmp/anli-e2e-announcements.png', fullPage: true });

    const a = admin.page;
    await a.goto(`${base}/province/cases`);
    await expect.poll(() => bellCount(a), { timeout: 20_000 }).toBeGreaterThan(0);
    await a.getByTestId('notice-bell').click();
    await a.getByTestId('notice-item').filter({ hasText: '关于推荐上报的提醒' }).first().waitFor();

    // An announcement to everyone is on the public 通知公告 page; one to administrators is not.
    const everyone = await o.request.post(`${base}/api/org/announcements`, { data: { title: '平台维护通知', body: '本周六晚平台维护两小时。', audience: 'everyone' } });
    expect(everyone.status()).toBe(200);
    const visitor = await env.openSession();
    try {
      await visitor.page.goto(`${base}/announcements`);
      await visitor.page.getByTestId('announcement-title').filter({ hasText: '平台维护通知' }).waitFor();
      expect(await visitor.page.getByText('关于推荐上报的提醒').count()).toBe(0);
      expect(visitor.pageErrors).toEqual([]);
    } finally {
      await visitor.close();
    }
    expect(org.pageErrors).toEqual([]);
    expect(admin.pageErrors).toEqual([]);
  });
});
