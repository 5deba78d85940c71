// Issue 6 end to end in Chromium against the real server with the demo data:
//  1. one walk from an expert's score to a downloaded certificate: the expert scores an assigned case on the
//     rubric and submits; the organiser sees the aggregate, decides 入选, publishes the results (certificates are
//     issued); the author downloads the PDF on 我的证书 (its text holds the title and the number) and the public
//     verification page confirms the number;
//  2. 省级评审: the 北京 administrator invites an expert of the province (activated with the code), creates a
//     provincial round, opens it and assigns it to that expert, who sees the task marked as a provincial one.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildCase, validAiForm } from '../apps/server/src/testing/factories.ts';
import type { SessionUser } from '../apps/server/src/http/auth.ts';
import type { BrowserSession } from './helpers/browser.ts';
import { login } from './helpers/login.ts';
import { e2eServer, type TestServer as Server } from './helpers/fixture.ts';

const ORGANISER = '13900000000';
const BJ_ADMIN = '13900000011';
const EXPERT = '13900000099';
const WANG = '13800000001';
const CALL = 'teacher-ai-2025';
const TITLE = '数字画像支持初中物理个别化辅导';

const popconfirm = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden)');
const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

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

async function sessionOf(server: Server, phone: string): Promise<SessionUser> {
  const [u] = await server.db.query<{ id: string; phone: string; name: string; role: any; province_code: string | null }>('select * from users where phone = $1', [phone]);
  return { id: u!.id, phone: u!.phone, name: u!.name, role: u!.role, provinceCode: u!.province_code, sessionId: 'e2e' };
}

/** Runs a walk; on failure leaves a screenshot and the page's address and errors as evidence. */
async function withEvidence(s: BrowserSession, name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    await s.page.screenshot({ path: `${tmpdir()}/anli-${name}-failure.png`, fullPage: true }).catch(() => undefined);
    console.log(`${name} failed at`, s.page.url(), s.pageErrors);
    throw e;
  }
}

describe('issue 6 in the browser', () => {
  const env = e2eServer();
  const s = env.session();
  const visitor = env.session();

  beforeAll(async () => {
    // A loaded machine (parallel test files) can take long for one step.
    s.page.setDefaultTimeout(60_000);
    visitor.page.setDefaultTimeout(60_000);
  });

  it('expert scores → organiser selects and publishes → author downloads the certificate → public verification', { timeout: 300_000 }, async () => {
    // Preparation on the record: 王老师's case is recommended by 北京, joins the demo national round when the
    // organiser reopens it, and is assigned by hand to the demo expert (江苏: no conflict with a 北京 case).
    const [wang] = await env.server.db.query<{ id: string }>('select id from users where phone = $1', [WANG]);
    const form = { ...validAiForm(), title: TITLE, authors: [{ name: '王老师', unit: '北京市第一中学', position: '一级教师', mobile: WANG }] };
    const caseId = await buildCase(env.server.db, { callId: CALL, caseType: 'ai-application', authorId: wang!.id, provinceCode: '110000', state: 'province_recommended', form, quotaGroup: 'basic' });
    const org = await sessionOf(env.server, ORGANISER);
    // 北京 has reported its list: only reported lists enter national review (issue 15).
    await env.server.db.query(`insert into province_status (call_id, province_code, locked) values ($1, '110000', true)
      on conflict (call_id, province_code) do update set locked = true`, [CALL]);
    const [round] = await env.server.db.query<{ id: string }>(`select id from review_rounds where call_id = $1 and province_code is null and state = 'open'`, [CALL]);
    expect((await env.server.services.review.openRound(org, round!.id)).moved).toBe(1);
    const [expert] = await env.server.db.query<{ id: string }>('select e.id from experts e join users u on u.id = e.user_id where u.phone = $1', [EXPERT]);
    expect((await env.server.services.review.addAssignment(org, round!.id, { caseId, expertId: expert!.id })).override).toBe(false);

    const page = s.page;
    const base = env.url;
    await withEvidence(s, 'review-to-certificate', async () => {
      // The expert opens the assigned case from 评审任务, scores it on the rubric and submits.
      await login(page, base, EXPERT, { fresh: true });
      await page.waitForURL('**/expert/tasks');
      const task = page.locator('.ant-table-row', { hasText: TITLE });
      await task.getByRole('button', { name: '评分' }).click();
      await page.waitForURL(`**/expert/review/${round!.id}/${caseId}`);
      await page.getByTestId('case-title').waitFor();
      expect(await page.getByTestId('case-title').innerText()).toContain(TITLE);
      expect(await page.content()).not.toContain(WANG);
      const scores: Record<string, string> = { 问题导向: '19', 工具选用: '18', 应用价值: '27', 导向与伦理: '14', 材料规范: '13' }; // 91
      for (const [name, v] of Object.entries(scores)) await page.getByLabel(`${name}得分`).fill(v);
      await page.getByLabel('评语').fill('问题聚焦，数据支撑充分');
      const submitted = page.waitForResponse((r) => r.url().endsWith(`/api/review/rounds/${round!.id}/cases/${caseId}/submit`));
      await page.getByRole('button', { name: '提交评分' }).click();
      await popconfirm(page).getByRole('button', { name: /提\s*交/ }).click();
      expect((await submitted).status()).toBe(200);
      await page.getByText('不能再修改', { exact: false }).waitFor();

      // The organiser sees the aggregate in the round's results and decides 入选.
      await login(page, base, ORGANISER, { fresh: true });
      await page.evaluate((c) => localStorage.setItem('anli.callId', c), CALL);
      await page.goto(`${base}/org/review/${round!.id}`);
      const results = page.waitForResponse((r) => r.url().includes(`/api/org/review/rounds/${round!.id}/results`));
      await page.getByRole('tab', { name: '评审结果与决定' }).click();
      expect((await results).status()).toBe(200);
      const row = page.locator('[role="tabpanel"]:not([aria-hidden="true"]) .ant-table-row', { hasText: TITLE }).first();
      await row.waitFor();
      const rowText = await row.innerText();
      expect(rowText).toContain('1 / 1');
      expect(rowText).toContain('91');
      await row.locator('.ant-checkbox-input').check();
      await page.getByRole('button', { name: '确定入选' }).click();
      await popconfirm(page).getByRole('button', { name: /确\s*定/ }).click();
      // The round is still open (experts may still score): 入选 needs the organiser's reason (issue 15).
      const override = page.locator('.ant-modal').filter({ hasText: '强制执行的理由' });
      await override.getByTestId('override-problems').getByText(/仍在进行中/).waitFor();
      await override.locator('textarea').fill('唯一的专家已提交评分，评审组同意提前确定');
      await override.getByRole('button', { name: '填写理由后强制执行' }).click();
      await page.getByText('已确定 1 个案例入选').waitFor();
      await row.getByText('入选', { exact: true }).waitFor();

      // The organiser publishes the results; certificates are issued with them.
      await page.goto(`${base}/org/results`);
      await page.getByRole('cell', { name: TITLE }).first().waitFor();
      await page.getByLabel(`获奖等级：${TITLE}`).fill('优秀案例');
      const published = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/publish'));
      await page.getByTestId('publish').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      expect((await published).status()).toBe(200);
      await page.getByText('签发证书 1 张', { exact: false }).waitFor();

      // The author downloads the certificate on 我的证书: a PDF with the title and the number.
      await login(page, base, WANG, { fresh: true });
      await page.getByRole('menuitem', { name: '我的证书' }).click();
      await page.waitForURL('**/my/certificates');
      const card = page.locator('[data-testid="certificate-number"]').first();
      await card.waitFor();
      const number = (await card.innerText()).trim();
      expect(number).toMatch(/^ANLI-2025-[0-9A-Z]{3}-\d{6}-[0-9A-Z]$/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('certificate-download').first().click()]);
      const pdf = new Uint8Array(await readFile((await download.path())!));
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
      const text = await pdfText(pdf);
      expect(text).toContain(TITLE);
      expect(text).toContain(number);
      expect(text).toContain('优秀案例');

      // Anyone confirms the number on the public verification page.
      const v = visitor.page;
      await v.goto(`${base}/verify`);
      await v.getByLabel('证书编号').fill(number);
      await v.getByRole('button', { name: '查验' }).click();
      await v.waitForURL('**/verify/**');
      await expect.poll(() => v.getByTestId('verify-result').getAttribute('data-status')).toBe('valid');
      const details = await v.getByTestId('verify-details').innerText();
      expect(details).toContain(number);
      expect(details).toContain(TITLE);
    });

    const [c] = await env.server.db.query<{ state: string }>('select state from cases where id = $1', [caseId]);
    expect(c!.state).toBe('published');
    const audit = await env.server.db.query<{ event: string }>('select event from audit_log where object_id = $1 order by id', [caseId]);
    expect(audit.map((a) => a.event)).toEqual(expect.arrayContaining(['case.start_review', 'review.assign_manual', 'review.score_submit', 'case.select']));
    expect([...s.pageErrors, ...visitor.pageErrors]).toEqual([]);
  });

  it('省级评审: the 北京 administrator invites an expert, creates, opens and assigns a round; that expert sees the provincial task', { timeout: 240_000 }, async () => {
    const page = s.page;
    const base = env.url;
    const name = '北京市 2025 省级评审';
    const expertPhone = '13655550011';
    // A 北京 case submitted to the 2025 call, not yet recommended.
    const [wang] = await env.server.db.query<{ id: string }>('select id from users where phone = $1', [WANG]);
    const form = { ...validAiForm(), title: '智能体辅助小学科学探究教学', authors: [{ name: '王老师', unit: '北京市第一中学', position: '一级教师', mobile: WANG }] };
    const caseId = await buildCase(env.server.db, { callId: CALL, caseType: 'ai-application', authorId: wang!.id, provinceCode: '110000', state: 'submitted', form, quotaGroup: 'basic' });
    await withEvidence(s, 'provincial-round', async () => {
      // 省级评审 → 本省评审专家: invite an expert of the province; the code is shown once.
      await login(page, base, BJ_ADMIN, { fresh: true });
      await page.evaluate((c) => localStorage.setItem('anli.callId', c), CALL);
      await page.goto(`${base}/province/cases`);
      await page.getByRole('menuitem', { name: '省级评审' }).click();
      await page.waitForURL('**/province/review');
      await page.getByRole('button', { name: '本省评审专家' }).click();
      await page.waitForURL('**/province/review/experts');
      await page.getByRole('textbox', { name: '姓名' }).fill('钱专家');
      await page.getByRole('textbox', { name: '手机号' }).fill(expertPhone);
      await page.getByRole('textbox', { name: '工作单位' }).fill('北京市海淀区教师进修学校');
      const invited = page.waitForResponse((r) => r.url().endsWith('/api/province/experts') && r.request().method() === 'POST');
      await page.getByRole('button', { name: /邀请并生成邀请码/ }).click();
      expect((await invited).status()).toBe(200);
      const code = (await page.getByTestId('invitation-code').innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{12}$/);
      await page.getByRole('button', { name: '我已记下' }).click();
      await page.locator('.ant-table-row', { hasText: '钱专家' }).getByText('北京市邀请').waitFor();

      // The expert activates with the code.
      await page.context().clearCookies();
      await page.goto(`${base}/activate-expert`);
      await page.getByLabel('邀请码').fill(code);
      await page.getByLabel('手机号').fill(expertPhone);
      await page.getByLabel('设置密码').fill('Expert2026ok');
      await page.getByRole('button', { name: '激活并登录' }).click();
      await page.waitForURL('**/expert/tasks');
      await page.getByText('暂无评审任务', { exact: false }).waitFor();

      // The administrator creates and opens a round, then assigns it to the province's own expert.
      await login(page, base, BJ_ADMIN, { fresh: true });
      await page.goto(`${base}/province/review`);
      await page.getByLabel('轮次名称').fill(name);
      await page.getByLabel('案例类型').click();
      await openDropdown(page).locator('.ant-select-item-option[title="教师人工智能应用案例"]').click();
      await page.keyboard.press('Escape');
      await page.getByLabel('每个案例专家数').fill('1');
      const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/province/review/rounds'));
      await page.getByRole('button', { name: /创\s*建/ }).click();
      expect((await created).status()).toBe(200);
      const roundRow = page.locator('.ant-table-row', { hasText: name });
      await roundRow.getByRole('button', { name: '开始评审' }).click();
      const opened = page.waitForResponse((r) => r.url().includes('/api/province/review/rounds/') && r.url().endsWith('/open'));
      await popconfirm(page).getByRole('button', { name: /开\s*始/ }).click();
      const openBody = await (await opened).json();
      expect(openBody.round.cases).toBeGreaterThan(0);
      await page.getByText(`本轮共 ${openBody.round.cases} 个案例`).waitFor();
      await roundRow.getByRole('button', { name: '分配与结果' }).click();
      await page.waitForURL(`**/province/review/${openBody.round.id}`);
      await page.getByText('省级评审（北京市）', { exact: false }).waitFor();
      await page.getByLabel('参与分配的专家').click();
      await openDropdown(page).locator('.ant-select-item-option', { hasText: '钱专家' }).click();
      await page.keyboard.press('Escape');
      const assigned = page.waitForResponse((r) => r.url().endsWith(`/api/province/review/rounds/${openBody.round.id}/assign`));
      await page.getByRole('button', { name: '自动分配' }).click();
      const assignBody = await (await assigned).json();
      expect(assignBody.added).toBe(openBody.round.cases);
      await page.getByTestId(`experts-${caseId}`).getByText('钱专家', { exact: false }).waitFor();

      // The expert sees the task, marked as 北京's provincial round, and opens it.
      await page.context().clearCookies();
      await page.goto(`${base}/login`);
      await page.getByLabel('手机号').fill(expertPhone);
      await page.getByLabel('密码').fill('Expert2026ok');
      await page.locator('form').getByRole('button', { name: '登录' }).click();
      await page.waitForURL('**/expert/tasks');
      const task = page.locator('.ant-table-row', { hasText: '智能体辅助小学科学探究教学' });
      await task.waitFor();
      expect(await task.innerText()).toContain(name);
      expect(await task.innerText()).toContain('省级评审（北京市）');
      await task.getByRole('button', { name: '评分' }).click();
      await page.waitForURL(`**/expert/review/${openBody.round.id}/${caseId}`);
      await page.getByTestId('case-title').waitFor();
      for (const [label, v] of Object.entries({ 问题导向: '16', 工具选用: '15', 应用价值: '24', 导向与伦理: '12', 材料规范: '12' })) await page.getByLabel(`${label}得分`).fill(v); // 79
      const submitted = page.waitForResponse((r) => r.url().endsWith(`/api/review/rounds/${openBody.round.id}/cases/${caseId}/submit`));
      await page.getByRole('button', { name: '提交评分' }).click();
      await popconfirm(page).getByRole('button', { name: /提\s*交/ }).click();
      expect((await submitted).status()).toBe(200);

      // The administrator reads the results (advisory, no decisions) and sees the rank beside 本省案例.
      await login(page, base, BJ_ADMIN, { fresh: true });
      await page.goto(`${base}/province/review/${openBody.round.id}`);
      await page.getByRole('tab', { name: '评审结果（仅供参考）' }).click();
      const resultRow = page.locator('[role="tabpanel"]:not([aria-hidden="true"]) .ant-table-row', { hasText: '智能体辅助小学科学探究教学' }).first();
      await resultRow.waitFor();
      expect(await resultRow.innerText()).toContain('79');
      await page.getByText('省级评审结果仅供本省推荐时参考', { exact: false }).waitFor();
      expect(await page.getByRole('button', { name: '确定入选' }).count()).toBe(0);
      await page.goto(`${base}/province/cases`);
      const caseRow = page.locator('.ant-table-row', { hasText: '智能体辅助小学科学探究教学' });
      const advice = caseRow.getByTestId('province-advice');
      await advice.waitFor();
      expect(await advice.innerText()).toMatch(/^第 1\/\d+ 名/);
    });
    // The case stays as it was: a provincial round changes no state.
    const [c] = await env.server.db.query<{ state: string }>('select state from cases where id = $1', [caseId]);
    expect(c!.state).toBe('submitted');
    expect(s.pageErrors).toEqual([]);
  });
});
