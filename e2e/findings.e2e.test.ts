// What blocks submission, in Chromium (SPEC §3, issue 14 item 1): the author's submit dialog lists the blocking
// finding with a link to it; the author explains it beside the finding and submits; the case reaches the province as
// 待人工复核 with the explanation beside the finding, and the administrator confirms it there. Each slot states its
// requirements (from the call data) beside the upload button.
import { beforeAll, describe, expect, it } from 'vitest';
import { attachDemoFiles } from '../apps/server/src/demo/seed.ts';
import { validEvidenceForm } from '../apps/server/src/testing/factories.ts';
import { buildPptx } from '../scripts/fixtures/pptx.ts';
import { login } from './helpers/login.ts';
import { e2eServer } from './helpers/fixture.ts';

const TEACHER = '13800000001';
const BEIJING_ADMIN = '13900000011';

describe('explaining a detected finding, in the browser', () => {
  const env = e2eServer();
  const teacher = env.session();
  const admin = env.session();
  let caseId: string;

  beforeAll(async () => {
    // A complete case whose courseware shows a web address on slide 2 (courseware.urls fails: a detected rule).
    const [u] = await env.server.db.query<{ id: string; phone: string; name: string; role: any; province_code: string }>('select id, phone, name, role, province_code from users where phone = $1', [TEACHER]);
    const owner = { id: u!.id, phone: u!.phone, name: u!.name, role: u!.role, provinceCode: u!.province_code, sessionId: 'e2e' };
    const s = (env.server as any).services;
    caseId = (await s.cases.create(owner, { callId: 'teacher-training-2026', caseType: 'evidence-research' })).id;
    await s.cases.update(owner, caseId, { ...validEvidenceForm(TEACHER), title: '网址说明测试案例' });
    expect(await attachDemoFiles(s, owner as any, caseId, () => {})).toBe(true);
    const deck = buildPptx({ slides: [{ texts: ['封面', '作者'] }, { texts: ['资源见 www.example-edu.cn/res'] }, { texts: ['谢谢'] }] });
    await s.files.checkStoredFile(await s.files.storeFile(owner.id, caseId, 'courseware', '课件.pptx', deck, { enqueue: false }));
  }, 180_000);

  it('blocks with a linked finding, takes the 说明, and the province confirms it', { timeout: 240_000 }, async () => {
    const base = env.url;
    const t = teacher.page;
    await login(t, base, TEACHER);
    await t.goto(`${base}/my/cases/${caseId}/edit`);
    // The requirements beside the upload buttons, from the call data.
    await expect.poll(() => t.locator('[data-testid="requirements-video"]').innerText()).toContain('不低于 8 Mbps');
    expect(await t.locator('[data-testid="requirements-report"]').innerText()).toContain('仿宋_GB2312');
    await t.screenshot({ path: '/tmp/seedrules-edit-1366.png', fullPage: true });
    // The call's page when starting a case: the notice's contacts and the templates, from the call data.
    await t.goto(`${base}/my/new`);
    await t.locator('[data-call="teacher-training-2026"]').click();
    await t.locator('[data-case-type="evidence-research"]').click();
    const facts = t.locator('[data-testid="call-facts"]');
    await expect.poll(() => facts.innerText()).toContain('康晓宇、王聚');
    await expect.poll(() => t.locator('[data-testid="template-report-evidence-research"]').count()).toBe(1);
    expect(await facts.innerText()).toContain('jsyxmoe@163.com');
    await t.screenshot({ path: '/tmp/seedrules-newcase-1366.png', fullPage: true });
    await t.setViewportSize({ width: 375, height: 812 });
    // The layout follows the new width on its next render (the menu moves into a drawer): wait for it.
    await expect.poll(() => t.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await t.screenshot({ path: '/tmp/seedrules-newcase-375.png', fullPage: true });
    await t.setViewportSize({ width: 1366, height: 900 });
    await t.goto(`${base}/my/cases/${caseId}/edit`);
    await t.locator('[data-testid="submit-case"]').waitFor();

    await t.locator('[data-testid="submit-case"]').click();
    await t.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    const dialog = t.getByRole('dialog', { name: '暂不能提交：以下问题须先处理' });
    await dialog.waitFor();
    const link = dialog.getByRole('link', { name: /课件（PPT）：.*网址/ });
    await link.waitFor();
    await t.screenshot({ path: '/tmp/seedrules-blockers-1366.png' });
    await link.click();
    await dialog.waitFor({ state: 'hidden' });
    const box = t.locator('[data-testid="explain-courseware-courseware.urls"]');
    await expect.poll(() => box.isVisible()).toBe(true);
    await box.fill('第 2 页的网址是教材中出版社资源平台名称的截图说明，已与省教研室确认可保留。');
    await t.locator('[data-testid="save-explain-courseware-courseware.urls"]').click();
    await t.locator('.ant-message').getByText('说明已保存').waitFor();

    await t.locator('[data-testid="submit-case"]').click();
    await t.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: '确定' }).click();
    await t.waitForURL(`**/cases/${caseId}`);
    await expect.poll(() => t.locator('[data-state="submitted"]').first().innerText()).toContain('待人工复核');

    const a = admin.page;
    await login(a, base, BEIJING_ADMIN);
    await a.goto(`${base}/cases/${caseId}`);
    const accept = a.locator('[data-testid="accept-courseware-courseware.urls"]');
    await accept.waitFor();
    expect(await a.getByText('作者说明：第 2 页的网址').first().isVisible()).toBe(true);
    await a.screenshot({ path: '/tmp/seedrules-review-1366.png', fullPage: true });
    await accept.click();
    await a.locator('.ant-message').getByText('已确认作者的说明').waitFor();
    await expect.poll(() => a.getByText('说明已确认').count()).toBeGreaterThan(0);
    await a.setViewportSize({ width: 375, height: 812 });
    await a.screenshot({ path: '/tmp/seedrules-review-375.png', fullPage: true });
    // No sideways scrolling on a phone: the results tables scroll inside their cards.
    await expect.poll(() => a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const [row] = await env.server.db.query<{ accepted_by: string }>(`select accepted_by from finding_explanations where case_id = $1`, [caseId]);
    expect(row!.accepted_by).toBeTruthy();
  });
});
