// A province's own author deadline in Chromium (issue 14 item 6): the 北京 administrator sets it on its 征集方式与截止时间
// page in Beijing time, and the author's pages (我的案例 countdown, the returned case's page) show the new date. The
// demo's moved dates carry the demo label, and the 2025 provincial phase is shown as the organiser's setting.
import { describe, expect, it } from 'vitest';
import { beijingDate, defaultResubmitUntil, formatBeijing } from '@anli/domain/deadline.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

describe('a province sets its own author deadline and the author sees it', () => {
  const env = e2eServer();
  const s = env.session();
  /** The author deadline the first test sets (Beijing wall-clock). */
  let wanted = '';

  it('the 北京 administrator sets the date; 李老师\'s list and returned case follow it', { timeout: 240_000 }, async () => {
    const base = env.url;
    const page = s.page;
    wanted = `${beijingDate(env.server.clock.now() + 10 * 24 * 3600_000)} 18:00:00`;

    // The front door: the 2025 provincial phase is the organiser's setting, the demo's moved dates say so.
    await page.goto(`${base}/`);
    await page.locator('[data-testid="organiser-set"]').first().waitFor();
    expect(await page.locator('[data-testid="demo-moved"]').count()).toBeGreaterThan(0);

    await login(page, base, '13900000011');
    await page.evaluate(() => localStorage.setItem('anli.callId', 'teacher-training-2026'));
    await page.goto(`${base}/province/mode`);
    const card = page.locator('[data-testid="author-deadline-card"]');
    await card.waitFor();
    // Nothing set yet: the recommendation deadline applies (moved for the demo, and labelled so).
    await card.getByText('本省未另设，按推荐上报截止').waitFor();
    // 北京 has not chosen 方式一 or 方式二 for 2026: the card names neither.
    expect(await card.innerText()).not.toMatch(/方式[一二]：/);
    expect(await card.locator('[data-testid="demo-moved"]').count()).toBeGreaterThan(0);

    const input = card.locator('[data-testid="author-deadline-picker"] input, input[placeholder="选择日期和时间（北京时间）"]').first();
    await input.click();
    await input.fill(wanted);
    await input.press('Enter');
    const ok = page.locator('.ant-picker-dropdown:visible').getByRole('button', { name: /确\s*定|OK/ });
    if (await ok.count()) await ok.first().click();
    await card.locator('[data-testid="author-deadline-save"]').click();
    await expect.poll(() => card.locator('[data-testid="author-deadline-effective"]').innerText()).toBe(wanted);
    await card.getByText('本省设定').first().waitFor();

    // The author of 北京's returned 2026 case: the list's countdown and the case page follow the province's date.
    await login(page, base, '13800000002', { fresh: true });
    await page.goto(`${base}/my/cases`);
    const mine = page.locator('[data-testid="my-deadlines"]');
    await mine.waitFor();
    await expect.poll(() => mine.locator('[data-testid="my-deadline-at"]').first().innerText()).toBe(wanted);
    expect(await mine.innerText()).toContain('本省设定');
    expect(await mine.innerText()).toMatch(/还剩 (9|10) 天/);
    await page.getByRole('link', { name: '李老师初中语文名师线上工作室' }).first().click();
    await page.locator('[data-testid="case-deadline"]').waitFor();
    expect(await page.locator('[data-testid="case-deadline-at"]').innerText()).toBe(wanted);
    expect(await page.locator('[data-testid="case-deadline"]').innerText()).toContain('重新提交截止');

    // form.first_author: with another person's mobile first, the submit dialog says why and links to the field.
    await page.getByRole('button', { name: '修改后重新提交' }).click();
    await page.locator('[data-testid="submit-case"]').waitFor();
    expect(await page.locator('[data-testid="case-deadline-at"]').innerText()).toBe(wanted);
    const mobile = page.locator('[data-field="authors.0.mobile"] input').first();
    await mobile.fill('13911112222');
    await page.locator('[data-testid="submit-case"]').click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    const dialog = page.getByRole('dialog', { name: '暂不能提交：以下问题须先处理' });
    await dialog.waitFor();
    const link = dialog.getByRole('link', { name: /第一作者的手机号须为提交账号的手机号（138\*{4}0002）/ });
    await link.waitFor();
    await link.click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('[data-field="authors.0.mobile"]').first().innerText()).toContain('第一作者的手机号须为提交账号的手机号');
  });

  it('after the author deadline, 本省案例\'s 退回 offers the resubmission date the server gives', { timeout: 120_000 }, async () => {
    const base = env.url;
    const page = s.page;
    // An hour after the author deadline the first test set (18:00, 10 days on), the recommendation still open.
    env.server.clock.set(Date.parse(`${wanted.replace(' ', 'T')}+08:00`) + 3600_000);
    await login(page, base, '13900000011', { fresh: true });
    await page.evaluate(() => localStorage.setItem('anli.callId', 'teacher-training-2026'));
    const status = await page.evaluate(async () => (await fetch('/api/province/status?callId=teacher-training-2026')).json());
    const rec = status.phases.find((p: { id: string }) => p.id === 'province_recommendation');
    const recEnd = Date.parse(`${rec.end.slice(0, 19).replace(' ', 'T')}+08:00`) + 999;
    const expected = formatBeijing(defaultResubmitUntil(env.server.clock.now(), recEnd));

    await page.goto(`${base}/province/cases`);
    const row = page.locator('tr', { hasText: '基于课堂AI分析的初中数学循证教研实践' });
    await row.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-testid="resubmit-until"]').waitFor();
    expect(await dialog.locator('[data-testid="resubmit-until"] input').inputValue()).toBe(expected);
    await dialog.getByRole('button', { name: '取消' }).click();
  });
});
