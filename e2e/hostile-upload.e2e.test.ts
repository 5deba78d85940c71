// End to end in Chromium: hostile files on the case page. A double extension is refused before anything is read or
// sent, with the server's own wording; a program renamed .docx is named as what it is by the browser's pre-check and,
// once sent anyway, by the server's check, which blocks submission.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login } from './helpers/login.ts';
import { ensureHostileFixtures } from '../scripts/fixtures/hostile.ts';
import { e2eServer } from './helpers/fixture.ts';

describe('hostile files on the case page', () => {
  const env = e2eServer();
  const session = env.session();
  const dir = tmpdir();
  const exePath = join(dir, `report-${process.pid}.docx.exe`);
  const renamedPath = join(dir, `a-${process.pid}.exe.docx`);

  beforeAll(async () => {
    const { files } = await ensureHostileFixtures();
    const pe = readFileSync(files.find((f) => f.name === 'exe-as-docx')!.path);
    writeFileSync(exePath, pe);
    writeFileSync(renamedPath, pe);
  });

  it('refuses report.docx.exe at once and names a program renamed .docx, in the browser and on the server', { timeout: 300_000 }, async () => {
    const page = session.page;
    await login(page, env.url, '13800000003');
    const mine = await (await page.request.get(`${env.url}/api/my/cases`)).json();
    const draft = mine.find((c: any) => c.state === 'draft');
    await page.goto(`${env.url}/my/cases/${draft.id}/edit`);
    await page.locator('[data-testid="case-files"]').waitFor();
    const card = page.locator('[data-testid="slot-report"]');

    // Double extension: refused before the pre-check, nothing sent.
    let uploads = 0;
    await page.route('**/api/uploads/**', async (route) => {
      uploads++;
      await route.continue();
    });
    await card.locator('input[type=file]').setInputFiles(exePath);
    const notice = page.locator('.ant-message').getByText('须为 .docx 或 .doc 文件');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain('.exe 文件');
    expect(await page.locator('.ant-modal').filter({ hasText: '上传前检查' }).count()).toBe(0);
    expect(uploads).toBe(0);
    await page.unroute('**/api/uploads/**');

    // A program renamed .docx: the browser's pre-check says what it is; sent anyway, the server says the same.
    await card.locator('input[type=file]').setInputFiles(renamedPath);
    const modal = page.locator('.ant-modal').filter({ hasText: '上传前检查' });
    await modal.locator('table').first().waitFor({ timeout: 60_000 });
    expect(await modal.innerText()).toContain('可执行程序');
    await modal.locator('[data-testid="confirm-upload"]').click();
    await card.getByText('服务器检查结果').waitFor({ timeout: 120_000 });
    await expect.poll(async () => card.innerText(), { timeout: 120_000 }).toContain('以下问题须修改后才能提交');
    expect(await card.innerText()).toContain('可执行程序');
    // The alert names each finding by its rule, linked to its row below (where the whole message is), instead of
    // running the messages together; the results' heading reads as one phrase.
    const alert = card.locator('.ant-alert-error');
    const link = alert.getByRole('link', { name: '报告格式' });
    expect(await link.getAttribute('href')).toBe('#finding-report-report-format');
    expect(await card.locator('#finding-report-report-format').count()).toBe(1);
    expect(await alert.innerText()).not.toContain('；');
    expect(await card.locator('.ant-collapse-header').first().innerText()).toMatch(/服务器检查结果（\d+ 项）/);
    const files = (await (await page.request.get(`${env.url}/api/cases/${draft.id}/files`)).json()) as any[];
    const report = files.find((s) => s.slot === 'report').file;
    expect(report.results.find((r: any) => r.rule === 'report.format')).toMatchObject({ status: 'fail', blocking: true });
  });
});
