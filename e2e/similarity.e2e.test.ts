// 相似度检测 and 场景建议 in Chromium: the organiser scans a call with planted copies and opens the side-by-side
// view with highlighted passages; an author sees scenario suggestions update as the summary is typed.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildCase, buildUser, storeSubmittedFile, validEvidenceForm } from '../apps/server/src/testing/factories.ts';
import { buildDocx } from '../scripts/fixtures/ooxml.ts';
import { frameworkCorpusModel } from '@anli/similarity/synthetic-model.ts';
import { editText, generateReport, shuffleParagraphs } from '@anli/similarity/synthetic.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const CALL = 'teacher-training-2026';

describe('similarity and scenario suggestions in the browser', () => {
  const env = e2eServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00') });
  const s = env.session();

  it('organiser scans a call and compares a planted pair side by side', { timeout: 180_000 }, async () => {
    const model = frameworkCorpusModel();
    const org = await buildUser(env.server.services, 'organiser', null);
    const author = await buildUser(env.server.services, 'author', '110000');
    const report = generateReport(model, 1, 1500);
    const mk = async (title: string, province: string, text: string) => {
      const id = await buildCase(env.server.db, { callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: province, state: 'submitted', form: { ...validEvidenceForm(), title, summary: generateReport(model, title.length * 13, 200) } });
      await storeSubmittedFile(env.server.services, env.server.db, author.id, id, 'report', 'r.docx', buildDocx({ blocks: text.split('\n').map((p) => ({ runs: p })) }));
    };
    await mk('智能批改原案例', '110000', report);
    await mk('智能批改相似案例', '120000', shuffleParagraphs(editText(model, report, 3, 0.1), 4));
    await mk('无关案例', '130000', generateReport(model, 99, 1500));

    const page = s.page;
    await login(page, env.url, org.phone, { password: org.password });
    await page.evaluate((c) => localStorage.setItem('anli.callId', c), CALL);
    await page.goto(`${env.url}/org/similarity`);
    await page.getByText('机器建议，需人工判断').first().waitFor();
    await page.getByRole('button', { name: '开始检测' }).click();
    const row = page.locator('.ant-table-row', { hasText: '智能批改相似案例' });
    await row.waitFor({ timeout: 60_000 });
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('总结报告');
    await row.getByRole('button', { name: '对照查看' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.locator('mark').first().waitFor({ timeout: 15_000 }).catch(async (e) => {
      await page.screenshot({ path: fileURLToPath(new URL('../.cache/similarity-fail.png', import.meta.url)) });
      console.log(await drawer.innerText().catch(() => 'no drawer'));
      throw e;
    });
    expect(await drawer.locator('mark').count()).toBeGreaterThan(4);
    await drawer.getByText('是否构成抄袭请人工判断').waitFor();
    await page.screenshot({ path: fileURLToPath(new URL('../.cache/similarity-pair.png', import.meta.url)) });
    // The case page shows the flag and the scenario fit to the organiser.
    await page.keyboard.press('Escape');
    await row.getByRole('link', { name: '智能批改相似案例' }).click();
    const hints = page.getByTestId('machine-hints');
    await hints.getByText('发现 1 组相似内容', { exact: false }).waitFor();
    await hints.getByText('场景符合度', { exact: false }).waitFor();
    // Scenes are ranked, never given relative percentages (the first would always read 100%).
    await hints.getByText('内容最接近的场景（机器排序）', { exact: false }).waitFor();
    expect(await hints.innerText()).not.toContain('100%');
    expect(s.pageErrors).toEqual([]);
  });

  it('author sees 场景建议 follow the summary', { timeout: 120_000 }, async () => {
    const author = await buildUser(env.server.services, 'author', '310000');
    const page = s.page;
    await page.context().clearCookies();
    await login(page, env.url, author.phone, { password: author.password });
    await page.goto(`${env.url}/my/new`);
    await page.locator('[data-call="teacher-ai-2025"]').click();
    await page.locator('[data-case-type="ai-application"]').click();
    await page.getByRole('button', { name: '创建并开始填写' }).click();
    await page.waitForURL('**/my/cases/*/edit');
    const panel = page.getByTestId('scenario-suggestions');
    await panel.getByText('机器建议，仅供参考', { exact: false }).waitFor();
    await page.locator('[data-field="summary"] textarea').fill('本案例利用国产大模型对学生作文进行智能批改，生成作业评语并给予情感激励反馈，减轻教师批改负担。');
    await panel.getByText('助评 / 作业评价').first().waitFor();
    await panel.getByText('助评 / 作业评价').first().click();
    await page.screenshot({ path: fileURLToPath(new URL('../.cache/scenario-suggestions.png', import.meta.url)) });
    // Clicking fills the scenario field (the author can still change it).
    await page.locator('[data-field="scenario.typical"]').getByText('作业评价').first().waitFor();
    expect(s.pageErrors).toEqual([]);
  });
});
