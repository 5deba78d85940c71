// Issue 15: one whole season in Chromium on the demo data, every step through the pages a person uses, from the
// province to the certificate: 北京's administrator ticks the checklist, recommends 王老师's 2026 case and reports the
// list; the organiser opens a national round (outside the national phase: with a reason), assigns the demo expert,
// who scores on the 2026 rubric; the organiser decides 入选 (round still open: with a reason) and publishes; the author
// downloads a certificate issued by the 组委会 naming the case 入围. Every page passed is read at 1366×900 and
// 375×812 and fails on raw ids, rule ids, true/false, English words or sideways scrolling.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { auditPage, englishWords } from './helpers/page-audit.ts';
import { e2eServer } from './helpers/fixture.ts';

const CALL = 'teacher-training-2026';
const TITLE = '基于课堂AI分析的初中数学循证教研实践';
const BJ_ADMIN = '13900000011';
const ORGANISER = '13900000000';
const EXPERT = '13900000099';
const WANG = '13800000001';
const ROUND = '2026 国家级评审（全流程）';
const popconfirm = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden)');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('');
  }
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

describe('a whole season in the browser, province → certificate', () => {
  const env = e2eServer({ demo: true });
  const s = env.session();
  const read: string[] = [];

  /**
   * Reads the page as its person does, at both widths: no raw ids, rule ids, booleans or English words, nothing
   * scrolling sideways. `ready` waits for the page's content after a reload at the other width.
   */
  async function look(name: string, ready: (page: Page) => Promise<unknown>) {
    const page = s.page;
    for (const [width, height] of [[1366, 900], [375, 812]] as const) {
      if (page.viewportSize()?.width !== width) {
        await page.setViewportSize({ width, height });
        await page.reload();
      }
      await ready(page);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.waitForTimeout(200);
      await page.screenshot({ path: `/tmp/anli-walk-${name}-${width}.png`, fullPage: true });
      const a = await auditPage(page, name);
      const text = await page.evaluate(() => document.body.innerText);
      expect(a.badWords, `${name} at ${width}`).toEqual([]);
      const english = englishWords(text);
      const where = text.split('\n').filter((l) => english.some((w) => l.includes(w))).slice(0, 8).join(' | ');
      expect(english, `${name} at ${width}: English on screen in “${where}”`).toEqual([]);
      expect(a.overflowX, `${name} at ${width}: ${a.wideElements.join(', ')}`).toBe(0);
      read.push(`${name}@${width}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.reload();
    await ready(page);
  }

  beforeAll(async () => {
    s.page.setDefaultTimeout(60_000);
  });

  it('province recommends and reports → national round → expert scores → 入选 → published → certificate', { timeout: 600_000 }, async () => {
    const page = s.page;
    const base = env.url;
    const [c] = await env.server.db.query<{ id: string; state: string }>(`select id, state from cases where call_id = $1 and form->>'title' = $2`, [CALL, TITLE]);
    expect(c?.state).toBe('submitted');
    const caseId = c!.id;
    try {
      // 1. 北京: the list, the case page with its checklist ticked, 推荐, 推荐上报.
      await login(page, base, BJ_ADMIN, { fresh: true });
      await page.evaluate((id) => localStorage.setItem('anli.callId', id), CALL);
      await page.goto(`${base}/province/cases`);
      const row = () => page.locator('tr.ant-table-row', { hasText: TITLE });
      await look('province-cases', () => row().waitFor());
      await row().getByRole('link', { name: TITLE }).click();
      await page.waitForURL(`**/cases/${caseId}`);
      const unchecked = page.locator('[data-testid^="checklist-"] input[type="checkbox"]:not(:checked)');
      await look('province-case', () => page.locator('[data-testid^="checklist-"]').first().waitFor());
      for (let left = await unchecked.count(); left > 0; left = await unchecked.count()) {
        await unchecked.first().click();
        await expect.poll(() => unchecked.count()).toBe(left - 1);
      }
      await page.goto(`${base}/province/cases`);
      await row().getByRole('button', { name: '推荐', exact: true }).click();
      await row().locator('[data-state="province_recommended"]').waitFor();
      await page.getByRole('button', { name: '推荐上报' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确认上报' }).click();
      await page.locator('[data-testid="locked-banner"]').waitFor();
      await look('province-reported', () => page.locator('[data-testid="locked-banner"]').waitFor());

      // 2. The organiser creates the national round and opens it; the national phase of 2026 is not open in the
      // demo, so opening asks for a reason. The demo expert is assigned automatically.
      await login(page, base, ORGANISER, { fresh: true });
      await page.evaluate((id) => localStorage.setItem('anli.callId', id), CALL);
      await page.goto(`${base}/org/review`);
      await page.getByLabel('轮次名称').fill(ROUND);
      await page.getByLabel('案例类型').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="人机协同循证教研案例"]').click();
      await page.keyboard.press('Escape');
      await page.getByLabel('每个案例专家数').fill('1');
      await page.getByRole('button', { name: /创\s*建/ }).click();
      const roundRow = page.locator('.ant-table-row', { hasText: ROUND });
      await roundRow.getByRole('button', { name: '开始评审' }).click();
      await popconfirm(page).getByRole('button', { name: /开\s*始/ }).click();
      const openOverride = page.locator('.ant-modal').filter({ hasText: '强制执行的理由' });
      await openOverride.locator('textarea').fill('组委会决定提前开始本年度国家级评审');
      await openOverride.getByRole('button', { name: '填写理由后强制执行' }).click();
      await page.getByText('1 个案例进入国家级评审').waitFor();
      await roundRow.getByRole('button', { name: '自动分配' }).click();
      await page.getByText('新增 1 个分配').waitFor();
      await look('org-review', () => roundRow.waitFor());
      await roundRow.getByRole('button', { name: '分配与结果' }).click();
      await page.waitForURL('**/org/review/*');
      const roundId = page.url().split('/').pop()!;
      await look('org-round', () => page.getByTestId(`experts-${caseId}`).waitFor());

      // 3. The expert scores on the 2026 rubric beside the case.
      await login(page, base, EXPERT, { fresh: true });
      await page.waitForURL('**/expert/tasks');
      const task = () => page.locator('.ant-table-row, [data-testid="task-card"]', { hasText: TITLE }).first();
      await look('expert-tasks', () => task().waitFor());
      await task().getByRole('button', { name: '评分' }).click();
      await page.waitForURL(`**/expert/review/${roundId}/${caseId}`);
      await look('expert-score', () => page.getByTestId('case-title').waitFor());
      const inputs = page.locator('input[aria-label$="得分"]');
      const n = await inputs.count();
      expect(n).toBeGreaterThan(2);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const max = Number(await inputs.nth(i).getAttribute('aria-valuemax'));
        const v = Math.max(0, max - 1);
        total += v;
        await inputs.nth(i).fill(String(v));
      }
      await page.getByLabel('评语').fill('问题真实，证据链完整，改进效果有数据支撑');
      await page.getByRole('button', { name: '提交评分' }).click();
      await popconfirm(page).getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('不能再修改', { exact: false }).waitFor();

      // 4. The organiser reads the results (one expert: the raw mean, and the page says why) and decides 入选 while
      // the round is still open: with a reason.
      await login(page, base, ORGANISER, { fresh: true });
      await page.evaluate((id) => localStorage.setItem('anli.callId', id), CALL);
      await page.goto(`${base}/org/review/${roundId}`);
      await page.getByRole('tab', { name: '评审结果与决定' }).click();
      const resultRow = () => page.locator('[role="tabpanel"]:not([aria-hidden="true"]) .ant-table-row', { hasText: TITLE }).first();
      await resultRow().waitFor();
      expect(await resultRow().innerText()).toContain(String(total));
      await page.getByTestId('normalisation-note').waitFor();
      await resultRow().locator('.ant-checkbox-input').check();
      await page.getByRole('button', { name: '确定入选' }).click();
      await popconfirm(page).getByRole('button', { name: /确\s*定/ }).click();
      const decideOverride = page.locator('.ant-modal').filter({ hasText: '强制执行的理由' });
      await decideOverride.getByTestId('override-problems').waitFor();
      await decideOverride.locator('textarea').fill('唯一的专家已提交评分，评审组同意提前确定');
      await decideOverride.getByRole('button', { name: '填写理由后强制执行' }).click();
      await page.getByText('已确定 1 个案例入选').waitFor();
      await page.reload();
      await page.getByRole('tab', { name: '评审结果与决定' }).click();
      await look('org-results-decided', async (p) => {
        await p.getByRole('tab', { name: '评审结果与决定' }).click();
        await resultRow().getByText('入选', { exact: true }).waitFor();
      });

      // 5. Publication (outside the national phase: with a reason); certificates are issued with it.
      await page.goto(`${base}/org/results`);
      // A table row on a laptop, a card (its title a link) on a phone.
      await look('org-publish', () => page.locator('td, .ant-list-item', { hasText: TITLE }).first().waitFor());
      // The first answer asks for the override (409, the national phase is not open); the second, with the reason, publishes.
      const first = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/publish'));
      await page.getByTestId('publish').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      expect((await first).status()).toBe(409);
      const publishOverride = page.locator('.ant-modal').filter({ hasText: '强制执行的理由' });
      await publishOverride.getByTestId('override-problems').waitFor();
      await publishOverride.locator('textarea').fill('组委会审定后提前发布');
      const published = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/publish'));
      await publishOverride.getByRole('button', { name: '填写理由后强制执行' }).click();
      expect((await published).status()).toBe(200);
      await page.getByText('签发证书 1 张', { exact: false }).waitFor();

      // 6. The author sees the result and downloads the certificate: issued by the 组委会, naming the case 入围.
      await login(page, base, WANG, { fresh: true });
      await page.goto(`${base}/my/cases`);
      await look('author-cases', () => page.locator('tr.ant-table-row, [data-testid="case-card"]', { hasText: TITLE }).first().waitFor());
      await page.goto(`${base}/my/certificates`);
      const card = page.getByTestId('certificate-number').first();
      await look('author-certificates', () => card.waitFor());
      const number = (await card.innerText()).trim();
      expect(number).toMatch(/^ANLI-2026-/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('certificate-download').first().click()]);
      const text = await pdfText(new Uint8Array(await readFile((await download.path())!)));
      expect(text).toContain(TITLE);
      expect(text).toContain(number);
      expect(text).toContain('全国师生数字素养提升实践活动（第三十届教师活动）组委会');
      expect(text).toContain('入围');

      // 7. Anyone reads the published list.
      await page.context().clearCookies();
      await page.goto(`${base}/results`);
      await look('public-results', () => page.getByText(TITLE).first().waitFor());
    } catch (e) {
      await page.screenshot({ path: '/tmp/anli-walk-failure.png', fullPage: true }).catch(() => undefined);
      console.log('season walk failed at', page.url(), 'after', read.join(' '), s.pageErrors);
      throw e;
    }
    const [after] = await env.server.db.query<{ state: string }>('select state from cases where id = $1', [caseId]);
    expect(after!.state).toBe('published');
    const events = (await env.server.db.query<{ event: string }>('select event from audit_log where object_id = $1 order by id', [caseId])).map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(['case.recommend', 'case.start_review', 'review.score_submit', 'case.select']));
    expect(read.length).toBeGreaterThanOrEqual(20);
    expect(s.pageErrors).toEqual([]);
  });
});
