// The dynamic case form in Chromium: registration with an SMS code, then the 2025 form (one fixed author, the
// 附件1 scenario cascade, live 字 counter over the limit, full validation on submit) and the 2026 studio form's
// select with 其他 and free entry.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { e2eServer } from './helpers/fixture.ts';

const field = (page: Page, path: string) => page.locator(`[data-field="${path}"]`).first();
const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

async function pick(page: Page, container: Locator, label: string) {
  await container.locator('.ant-select').first().click();
  const option = openDropdown(page).locator(`.ant-select-item-option[title="${label}"]`).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

async function newCase(page: Page, callId: string, typeId: string) {
  await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/my/new`);
  await page.locator(`[data-call="${callId}"]`).click();
  await page.locator(`[data-case-type="${typeId}"]`).click();
  await page.getByRole('button', { name: '创建并开始填写' }).click();
  await page.waitForURL('**/my/cases/*/edit');
}

describe('dynamic case form in the browser', () => {
  const env = e2eServer();
  const s = env.session();

  it('registers, then fills the 2025 and 2026 forms with inline validation', { timeout: 240_000 }, async () => {
    const base = env.url;
    const page = s.page;

    // A wrong password gives the server's message.
    await page.goto(`${base}/login`);
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByLabel('密码').fill('Wrong2026x');
    await page.locator('form').getByRole('button', { name: '登录' }).click();
    await page.locator('.ant-alert-error').getByText('手机号或密码错误').waitFor();

    // Registration with the SMS code (the test server keeps messages in memory).
    await page.goto(`${base}/register`);
    await page.getByLabel('手机号').fill('13811112222');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByRole('button', { name: /秒后重发/ }).waitFor();
    const sms = await expect
      .poll(() => (env.server.sender as { sent: Array<{ to: string; text: string }> }).sent.find((m) => m.to === '13811112222'))
      .toBeTruthy()
      .then(() => (env.server.sender as { sent: Array<{ to: string; text: string }> }).sent.find((m) => m.to === '13811112222')!);
    const code = /(\d{4,8})/.exec(sms.text)![1];
    await page.getByPlaceholder('短信验证码').fill(code);
    await page.getByLabel('密码').fill('Teacher2026ok');
    await page.getByLabel('姓名').fill('孙老师');
    await page.getByLabel('所在省份').click();
    await openDropdown(page).locator('.ant-select-item-option[title="河北省"]').click();
    await page.locator('form').getByRole('button', { name: '注册' }).click();
    await page.waitForURL('**/my/cases');
    await page.getByText('还没有案例').waitFor();
    expect(await page.locator('[data-testid="current-user"]').innerText()).toContain('河北省');

    // 2025 form: exactly one author (no add button), the scenario cascade and the summary counter.
    await newCase(page, 'teacher-ai-2025', 'ai-application');
    await field(page, 'authors.0.name').waitFor();
    expect(await page.getByRole('button', { name: /添加作者/ }).count()).toBe(0);
    await pick(page, field(page, 'scenario.main'), '助教');
    await field(page, 'scenario.typical').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option[title="作业设计"]').click();
    await page.getByText('在随堂、课时、单元、分层、合作、跨学科等多样化作业设计中').waitFor();
    await field(page, 'scenario.micro').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option[title="分层作业动态生成"]').click();
    // Choosing 其他 as the main scene asks for a description.
    await pick(page, field(page, 'scenario.main'), '其他');
    await field(page, 'scenario.otherDescription').waitFor();
    // Another main scene clears the typical scene that belonged to 助教.
    await pick(page, field(page, 'scenario.main'), '助学');
    await expect.poll(() => field(page, 'scenario.typical').locator('input').inputValue()).toBe('');

    await field(page, 'summary').locator('textarea').fill('字'.repeat(301));
    await expect.poll(() => field(page, 'summary').innerText()).toContain('不能超过 300 字（当前 301 字）');
    expect(await field(page, 'summary').locator('[data-testid="zi-counter"]').innerText()).toBe('301/300 字');
    await field(page, 'summary').locator('textarea').fill('用 AI 分析学情，3 周完成 2 轮改进。');
    expect(await field(page, 'summary').locator('[data-testid="zi-counter"]').innerText()).toBe('16/300 字');

    // Submitting the half-filled form shows every missing field inline, without calling the server.
    await page.locator('[data-testid="submit-case"]').click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => field(page, 'title').innerText()).toContain('请填写案例名称');
    // The first author's row is filled from the account (form.first_author): its mobile is the registered number.
    expect(await field(page, 'authors.0.mobile').locator('input').inputValue()).toBe('13811112222');
    expect(await field(page, 'scenario.typical').innerText()).toContain('请选择或填写典型场景');
    expect(await field(page, 'domesticTools').innerText()).toContain('请阅读并确认平台工具声明');
    await page.screenshot({ path: '/tmp/anli-e2e-form-2025.png', fullPage: true });

    // Saving keeps the scenario as chosen.
    await pick(page, field(page, 'scenario.main'), '助教');
    await field(page, 'scenario.typical').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option[title="作业设计"]').click();
    await field(page, 'scenario.micro').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option[title="分层作业动态生成"]').click();
    await field(page, 'title').locator('input').fill('AI 助教：分层作业');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('.ant-message').getByText('草稿已保存').waitFor();
    const id = page.url().split('/my/cases/')[1].split('/')[0];
    const saved = await (await page.request.get(`${base}/api/cases/${id}`)).json();
    expect(saved.form.scenario).toMatchObject({ main: '助教', typical: '作业设计', micro: '分层作业动态生成' });

    // 2026 studio form: 工作室类型 其他 with free entry, URL format checked inline.
    await newCase(page, 'teacher-training-2026', 'online-studio');
    await field(page, 'studioType').waitFor();
    await pick(page, field(page, 'studioType'), '其他');
    await field(page, 'studioType').getByLabel('其他（请填写）').fill('名教研员');
    await field(page, 'studioUrl').locator('input').fill('studio.example.cn');
    await expect.poll(() => field(page, 'studioUrl').innerText()).toContain('http://');
    await field(page, 'studioUrl').locator('input').fill('https://studio.example.cn/');
    await field(page, 'studioName').locator('input').fill('孙老师工作室');
    // Ordered authors: add two more (the limit is 3), reorder, remove.
    await field(page, 'authors.0.name').locator('input').fill('孙老师');
    await page.getByRole('button', { name: /添加作者/ }).click();
    await field(page, 'authors.1.name').locator('input').fill('周老师');
    await page.getByRole('button', { name: /添加作者/ }).click();
    await field(page, 'authors.2.name').locator('input').fill('吴老师');
    expect(await page.getByRole('button', { name: /添加作者/ }).isDisabled()).toBe(true);
    await page.locator('[data-group-entry="authors.2"]').getByRole('button', { name: '上移' }).click();
    await expect.poll(() => field(page, 'authors.1.name').locator('input').inputValue()).toBe('吴老师');
    await page.locator('[data-group-entry="authors.0"]').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => field(page, 'authors.0.name').locator('input').inputValue()).toBe('吴老师');
    expect(await field(page, 'authors.1.name').locator('input').inputValue()).toBe('周老师');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('.ant-message').getByText('草稿已保存').last().waitFor();
    const id2 = page.url().split('/my/cases/')[1].split('/')[0];
    const saved2 = await (await page.request.get(`${base}/api/cases/${id2}`)).json();
    expect(saved2.form).toMatchObject({ studioType: '名教研员', studioUrl: 'https://studio.example.cn/', studioName: '孙老师工作室' });
    expect(saved2.form.authors.map((a: { name: string }) => a.name)).toEqual(['吴老师', '周老师']);

    // The draft can be deleted from 我的案例.
    await page.goto(`${base}/my/cases`);
    const draftRow = page.locator('tr.ant-table-row', { hasText: '孙老师工作室' });
    await draftRow.getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.locator('tr.ant-table-row', { hasText: '孙老师工作室' }).count()).toBe(0);

    // Logging out, then 王老师 withdraws his submitted demo case: it goes back to 草稿.
    await page.locator('[data-testid="current-user"]').getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login(\?|$)/);
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.locator('form').getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/my/cases');
    const submitted = page.locator('tr.ant-table-row', { has: page.locator('[data-state="submitted"]') }).first();
    await submitted.getByRole('button', { name: '撤回' }).click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    await page.locator('tr.ant-table-row [data-state="draft"]').first().waitFor();

    expect(s.pageErrors).toEqual([]);
  });
});
