// The organiser's 活动模板 page in Chromium against the real server: a report template that fails its own rules is
// refused with the check's findings in Chinese; a good one replaces the template (upload progress, then the new name),
// and the call's download link serves the new file. The 评分标准 page names the 2025 rubric as the organiser's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportDocx } from '../scripts/fixtures/ooxml.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const ORGANISER = '13900000000';
const CALL = 'teacher-training-2026';
const TEMPLATE = 'report-evidence-research';

describe('活动模板 in the browser', () => {
  const env = e2eServer();
  const org = env.session();
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'anli-templates-'));
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a template that fails its rules, then replaces it with a good one', { timeout: 180_000 }, async () => {
    const base = env.url;
    const p = org.page;
    await login(p, base, ORGANISER);
    await p.evaluate((id) => localStorage.setItem('anli.callId', id), CALL);
    // From the menu, as a person gets there.
    await p.goto(`${base}/org/overview`);
    await p.getByRole('menuitem', { name: '活动模板' }).click();
    await p.waitForURL('**/org/templates');
    const row = p.getByTestId(`template-row-${TEMPLATE}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('人机协同循证教研案例');
    const original = await row.getByTestId(`download-${TEMPLATE}`).innerText();

    const bad = join(dir, '报告模板（仿宋）.docx');
    writeFileSync(bad, buildReportDocx('fail-fangsong', { caseType: 'evidence-research' }));
    await row.locator('input[type=file]').setInputFiles(bad);
    const refused = p.getByTestId('template-refused');
    await refused.waitFor({ timeout: 60_000 });
    const text = await refused.innerText();
    expect(text).toContain('“报告模板（仿宋）.docx”未被采用');
    expect(text).toContain('模板未通过文件检查');
    expect(text).toContain('正文格式：');
    expect(text).toContain('仿宋_GB2312');
    expect(text).not.toMatch(/report\.|body_style|undefined|null/);
    expect(await row.getByTestId(`download-${TEMPLATE}`).innerText()).toBe(original);

    const goodBytes = buildReportDocx('pass-styles', { caseType: 'evidence-research' });
    const good = join(dir, '循证教研报告模板（组委会版）.docx');
    writeFileSync(good, goodBytes);
    await row.locator('input[type=file]').setInputFiles(good);
    await p.getByText('已替换总结报告模板（人机协同循证教研案例）').waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId(`download-${TEMPLATE}`).innerText()).toContain('循证教研报告模板（组委会版）.docx');
    expect(await refused.count()).toBe(0);
    const href = await row.getByTestId(`download-${TEMPLATE}`).getAttribute('href');
    const dl = await p.request.get(`${base}${href}`);
    expect(dl.status()).toBe(200);
    expect(Buffer.compare(await dl.body(), Buffer.from(goodBytes))).toBe(0);
    expect(org.pageErrors).toEqual([]);
  });

  it('names the 2025 rubric as the organiser\'s own; once the demo round has opened it cannot be edited', { timeout: 120_000 }, async () => {
    const p = org.page;
    await p.evaluate(() => localStorage.setItem('anli.callId', 'teacher-ai-2025'));
    await p.goto(`${env.url}/org/rubrics`);
    await p.getByRole('menuitem', { name: '评分标准' }).waitFor();
    await p.getByText('组委会自定评分标准（通知未公布）').first().waitFor();
    await p.getByText('评审轮次“2025 国家级评审（演示）”已开始，评分标准不能再修改').waitFor();
    expect(await p.getByTestId('edit-rubric-ai-application').count()).toBe(0);
  });

  it('edits the 2025 rubric before a round opens: the sum is checked as it is typed, then saved', { timeout: 120_000 }, async () => {
    // Before the review: the demo's 2025 round back to 未开始.
    await env.server.db.query(`update review_rounds set state = 'draft', opened_at = null where call_id = 'teacher-ai-2025'`);
    const p = org.page;
    await p.goto(`${env.url}/org/rubrics`);
    await p.getByTestId('edit-rubric-ai-application').click();
    const editor = p.getByTestId('rubric-editor-ai-application');
    await editor.waitFor();
    // A weight off by 5: the total turns red and saving is refused before it reaches the server.
    const first = editor.getByLabel('指标 1 分值', { exact: true });
    const was = Number(await first.inputValue());
    await first.fill(String(was - 5));
    await first.blur();
    await expect.poll(() => p.getByTestId('rubric-total').innerText()).toContain('分值合计 95 分（须为 100 分）');
    expect(await editor.innerText()).toContain('各项指标分值合计须为 100 分，当前合计 95 分');
    expect(await editor.getByRole('button', { name: '保存评分标准' }).isDisabled()).toBe(true);
    await first.fill(String(was));
    await first.blur();
    await editor.getByLabel('指标 1 名称', { exact: true }).fill('问题导向与场景（组委会修订）');
    await expect.poll(() => p.getByTestId('rubric-total').innerText()).toBe('分值合计 100 分');
    await editor.getByRole('button', { name: '保存评分标准' }).click();
    await p.locator('.ant-popconfirm').getByRole('button', { name: '保存' }).click();
    await p.getByText('已保存“教师人工智能应用案例”的评分标准').waitFor();
    await p.getByText('问题导向与场景（组委会修订）').first().waitFor();
    await p.getByText('最近修改').waitFor();
    const saved = (await (await p.request.get(`${env.url}/api/calls/teacher-ai-2025/rubrics`)).json())[0];
    expect(saved.rubric[0]).toMatchObject({ name: '问题导向与场景（组委会修订）', weight: was });
    expect(org.pageErrors).toEqual([]);
  });
});
