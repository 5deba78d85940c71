// The public front door in Chromium, on the demo data with its public content (published notices, a finished earlier
// season): a visitor lands on /, not on the login form, sees the calls with phases and deadlines, templates, contacts
// and 通知公告, reads a call's notice and downloads its template, and reaches the earlier season's list, the library
// and a certificate's verification. At phone width nothing scrolls sideways.
import { describe, expect, it } from 'vitest';
import { e2eServer } from './helpers/fixture.ts';

describe('the front door', () => {
  const env = e2eServer({ showcase: true });
  const visitor = env.session();

  it('shows a visitor the calls, their notices and templates, the announcements and the ways in', { timeout: 180_000 }, async () => {
    const base = env.url;
    const v = visitor.page;
    await v.goto(`${base}/`);
    await v.getByRole('heading', { level: 1, name: '全国教师案例征集平台' }).waitFor();
    expect(new URL(v.url()).pathname).toBe('/');
    expect(await v.getByLabel('密码').count()).toBe(0);

    // The open calls with their phases and deadlines, contacts and templates.
    const cards = v.getByTestId('home-call');
    await cards.first().waitFor();
    const ai = cards.filter({ hasText: '教师人工智能应用案例征集活动' }).first();
    const aiText = await ai.innerText();
    for (const t of ['作者填报', '省级推荐上报', '截止', '进行中', '联系方式', 'jsyxmoe@163.com', '模板与附件', '信息表（模板）.docx']) expect(aiText).toContain(t);
    expect(aiText).toMatch(/\d{4}-\d{2}-\d{2} 23:59/);

    // 通知公告: the published notices and the results announcement of the earlier season.
    const items = await v.getByTestId('home-announcement').allInnerTexts();
    expect(items).toContain('2024 年教师人工智能应用案例征集活动结果公布');

    // Every way in is a link to its page.
    for (const [name, path] of [['作者注册', '/register'], ['作者激活', '/activate-author'], ['管理员激活', '/activate'], ['评审专家激活', '/activate-expert']] as const) {
      expect(await v.getByRole('link', { name, exact: true }).first().getAttribute('href')).toBe(path);
    }
    for (const [name, path] of [['证书查验', '/verify'], ['案例库', '/library']] as const) {
      expect(await v.getByRole('link', { name }).first().getAttribute('href')).toBe(path);
    }

    // The call's public page: the notice itself and its template.
    await ai.getByRole('link', { name: '阅读活动通知' }).click();
    await v.waitForURL('**/calls/teacher-ai-2025');
    expect(await v.getByTestId('notice-title').innerText()).toBe('2025 年教师人工智能应用案例征集活动');
    const body = await v.getByTestId('notice-body').innerText();
    for (const t of ['关于开展教师人工智能应用案例征集活动的通知', '教师人工智能应用场景参考框架', '省级推荐']) expect(body).toContain(t);
    const href = await v.getByTestId('notice-attachment').first().getAttribute('href');
    const download = await v.request.get(`${base}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 2).toString()).toBe('PK');

    // The earlier season: its list, the library and a certificate's verification.
    await v.goto(`${base}/`);
    await v.getByRole('link', { name: '入选名单' }).click();
    await v.waitForURL('**/results?callId=teacher-ai-2024-demo');
    await v.getByText('借助国产大模型开展初中数学错题诊断与个性化辅导').first().waitFor();
    await v.goto(`${base}/library`);
    await v.getByTestId('library-item').first().waitFor();
    const [cert] = await env.server.db.query<{ number: string }>(`select number from certificates where call_id = 'teacher-ai-2024-demo' and revoked_at is null order by seq limit 1`);
    expect(cert).toBeTruthy();
    await v.goto(`${base}/verify`);
    await v.getByLabel('证书编号').fill(cert!.number);
    await v.getByRole('button', { name: '查验' }).click();
    await expect.poll(() => v.getByTestId('verify-result').getAttribute('data-status')).toBe('valid');
    expect(visitor.pageErrors).toEqual([]);
  });

  it('fits a phone: no sideways scrolling on the front door and a notice', { timeout: 120_000 }, async () => {
    const v = visitor.page;
    await v.setViewportSize({ width: 375, height: 812 });
    for (const path of ['/', '/calls/teacher-training-2026', '/results']) {
      await v.goto(`${env.url}${path}`);
      await v.waitForLoadState('networkidle');
      expect(await v.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
  });
});
