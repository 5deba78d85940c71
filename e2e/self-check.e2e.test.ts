// 文件自检 in Chromium: the checker runs in the browser on a local file (never uploaded) and shows its report.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eServer } from './helpers/fixture.ts';
import { generateInfoFormDocx } from '../apps/server/src/modules/infoform/infoform.docx.ts';
import { generateInfoFormPdf } from '../apps/server/src/modules/infoform/infoform.pdf.ts';
import { EVIDENCE_FORM } from '../apps/server/src/modules/infoform/infoform.fixtures.ts';
import { BUILTIN_CALLS, findCaseType } from '@anli/domain/calls/builtin.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';

const CACHE = fileURLToPath(new URL('../.cache/fixtures/infoform', import.meta.url));

/** The platform's own info form (PDF) and the same form's Word file printed to PDF by LibreOffice (cached by content). */
async function infoFormPdfs(): Promise<Array<{ name: string; path: string; bytes: Uint8Array }>> {
  const call = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;
  const type = findCaseType(call, 'evidence-research')!;
  mkdirSync(CACHE, { recursive: true });
  const generated = await generateInfoFormPdf(call, type, EVIDENCE_FORM);
  const genPath = join(CACHE, 'generated.pdf');
  writeFileSync(genPath, generated);
  const docx = await generateInfoFormDocx(call, type, EVIDENCE_FORM);
  const loPath = join(CACHE, `libreoffice-${createHash('sha256').update(docx).digest('hex').slice(0, 12)}.pdf`);
  if (!existsSync(loPath)) {
    const work = mkdtempSync(join(tmpdir(), 'anli-lo-'));
    try {
      writeFileSync(join(work, '信息表.docx'), docx);
      execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, '信息表.docx')], { timeout: 180_000, stdio: 'ignore' });
      writeFileSync(loPath, readFileSync(join(work, '信息表.pdf')));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return [
    { name: 'generated', path: genPath, bytes: generated },
    { name: 'libreoffice', path: loPath, bytes: new Uint8Array(readFileSync(loPath)) },
  ];
}

const CORPUS = '/work/shared/corpus';


async function runCheck(page: Page, kind: string, file: string) {
  await page.locator('.ant-radio-button-wrapper', { hasText: kind }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: '开始检查' }).click();
  await page.locator('[data-testid="check-report"] tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
}

async function statusOf(page: Page, rule: string): Promise<string> {
  const row = page.locator(`[data-testid="check-report"] tbody tr.ant-table-row[data-row-key="${rule}"]`).first();
  return row.locator('.ant-tag').first().innerText();
}

describe.skipIf(!existsSync(CORPUS))('文件自检 in the browser', () => {
  const env = e2eServer({ demo: false });
  const s = env.session();
  const uploads: string[] = [];

  beforeAll(async () => {
    s.page.on('request', (r) => {
      if (r.method() !== 'GET') uploads.push(`${r.method()} ${r.url()}`);
    });
  });

  it('checks a video and a courseware file without uploading them', { timeout: 180_000 }, async () => {
    const page = s.page;
    await page.goto(`${env.url}/self-check`);
    await page.getByText('文件只在本机读取，不会上传').waitFor();

    await runCheck(page, '视频', `${CORPUS}/mp4/mp4ff-h264_1080p.mp4`);
    expect(await statusOf(page, 'video.container')).toBe('通过');
    // A short clip fails the 2026 duration rule (7–10 minutes).
    expect(await statusOf(page, 'video.duration')).toBe('不通过');
    await page.screenshot({ path: '/tmp/anli-e2e-selfcheck-video.png', fullPage: true });

    await runCheck(page, '课件', `${CORPUS}/pptx/pptxtojson-test-2022-11.pptx`);
    expect(await statusOf(page, 'courseware.hyperlinks')).toBe('不通过');

    expect(uploads).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('reads info-form PDFs in the browser (the generated one and a LibreOffice print) with the server\'s result', { timeout: 300_000 }, async () => {
    const page = s.page;
    await page.goto(`${env.url}/self-check`);
    await page.getByText('文件只在本机读取，不会上传').waitFor();
    const call = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;
    const type = findCaseType(call, 'evidence-research')!;
    for (const pdf of await infoFormPdfs()) {
      await runCheck(page, '信息表', pdf.path);
      const rows = page.locator('[data-testid="check-report"] tbody tr.ant-table-row');
      const shown: Record<string, string> = {};
      for (const row of await rows.all()) shown[(await row.getAttribute('data-row-key'))!] = await row.locator('.ant-tag').first().innerText();
      // The server's (authoritative) check of the same bytes with the same rules.
      const server = await checkFile(memorySource(pdf.bytes, `${pdf.name}.pdf`), { as: 'infoform', params: checkParamsFor(call, type, false), timeoutMs: 120_000 });
      const expected = Object.fromEntries(server.results.map((r) => [r.rule, ({ pass: '通过', fail: '不通过', warn: '警告', manual: '人工核查', error: '无法读取' } as const)[r.status]]));
      expect(shown, pdf.name).toEqual(expected);
      expect(shown['infoform.pdf'], pdf.name).toBe('通过');
      expect(await page.getByText('读取出错').count()).toBe(0);
    }
    expect(s.pageErrors).toEqual([]);
  });
});
