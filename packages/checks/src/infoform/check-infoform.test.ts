import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zlibSync } from 'fflate';
import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildDocx, buildInfoformDocx } from '../../../../scripts/fixtures/ooxml.ts';
import { memorySource } from '../ooxml/zip.ts';
import type { CheckOptions, RuleResult } from '../types.ts';
import { checkInfoform } from './index.ts';

const opts: CheckOptions = { as: 'infoform', params: { infoform: { summaryMaxChars: 350 } } };

async function run(bytes: Uint8Array, o: CheckOptions = opts, name?: string): Promise<Record<string, RuleResult>> {
  const results = await checkInfoform(memorySource(bytes, name), o);
  for (const r of results) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  return Object.fromEntries(results.map((r) => [r.rule, r]));
}

// --- tiny PNG encoder for test images -------------------------------------------------------
const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  out.set(strToU8(type), 4);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (1 + width * 3) + 1 + x * 3);
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/** A "scan": grey paper with dark text lines, optionally a red seal ring. */
function scanPng(withSeal: boolean): Uint8Array {
  return png(600, 800, (x, y) => {
    const d = Math.hypot(x - 420, y - 600);
    if (withSeal && d > 70 && d < 80) return [215, 40, 45];
    if (y % 40 < 4 && x > 60 && x < 540) return [40, 40, 40];
    return [235, 235, 230];
  });
}

async function pdfWith(draw: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await draw(doc);
  return doc.save();
}

describe('infoform PDF', () => {
  it('vector red seal → manual; none → fail that says what to do and that it can be explained', async () => {
    const sealed = await pdfWith(async (d) => {
      const p = d.addPage([595, 842]);
      p.drawText('Info form', { x: 50, y: 780, size: 18, color: rgb(0, 0, 0) });
      p.drawCircle({ x: 420, y: 200, size: 60, borderColor: rgb(0.85, 0.1, 0.1), borderWidth: 4 });
      p.drawText('SEAL', { x: 400, y: 195, size: 14, color: rgb(0.85, 0.1, 0.1) });
      p.drawRectangle({ x: 405, y: 230, width: 30, height: 10, color: rgb(0.85, 0.1, 0.1) });
    });
    const r1 = await run(sealed);
    expect(r1['infoform.pdf']!.status).toBe('pass');
    expect(r1['infoform.stamp']).toMatchObject({ status: 'manual' });
    expect(r1['infoform.stamp']!.message).toContain('检测到疑似红色印章');

    const plain = await pdfWith(async (d) => {
      const p = d.addPage([595, 842]);
      p.drawText('Info form', { x: 50, y: 780, size: 18, color: rgb(0, 0, 0) });
      p.drawRectangle({ x: 50, y: 100, width: 400, height: 2, color: rgb(0, 0, 0.6) });
    });
    const r2 = await run(plain);
    expect(r2['infoform.pdf']!.status).toBe('pass');
    expect(r2['infoform.stamp']!.status).toBe('fail');
    expect(r2['infoform.stamp']!.message).toContain('未检测到红色公章');
    expect(r2['infoform.stamp']!.message).toContain('加盖单位公章');
    expect(r2['infoform.stamp']!.message).toContain('填写说明');
    // The signature is never judged by the machine: a manual item on both PDFs.
    for (const r of [r1, r2]) {
      expect(r['infoform.signature']).toMatchObject({ status: 'manual', expected: '作者声明栏有作者本人签名和日期' });
      expect(r['infoform.signature']!.message).toContain('签名');
    }
  });

  it('scanned page images: red seal found in pixels, grey scan → fail', async () => {
    for (const [seal, status] of [[true, 'manual'], [false, 'fail']] as const) {
      const bytes = await pdfWith(async (d) => {
        const img = await d.embedPng(scanPng(seal));
        const p = d.addPage([595, 842]);
        p.drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
      });
      const r = await run(bytes);
      expect(r['infoform.stamp']!.status, r['infoform.stamp']!.message).toBe(status);
    }
  });

  it('broken and truncated PDFs fail with a message', async () => {
    const r = await run(strToU8('%PDF-1.7\nthis is not really a pdf'));
    expect(['fail', 'error']).toContain(r['infoform.pdf']!.status);
    expect(r['infoform.stamp']!.status).toBe('manual');
    expect(r['infoform.signature']).toMatchObject({ status: 'manual' });
    expect(r['infoform.signature']!.message).toContain('无法查看作者签名');
  });
});

describe('infoform Word', () => {
  it('summary within and over the limit', async () => {
    const ok = await run(buildInfoformDocx('本案例'.repeat(100) + '字'.repeat(50)));
    expect(ok['infoform.word']!.status).toBe('pass');
    expect(ok['form.summary_length']).toMatchObject({ status: 'pass', actual: 350 });
    const bad = await run(buildInfoformDocx('研'.repeat(351)));
    expect(bad['form.summary_length']).toMatchObject({ status: 'fail', actual: 351 });
    expect(bad['form.summary_length']!.message).toContain('超过上限 350 字');
    const y2025 = await run(buildInfoformDocx('研'.repeat(301)), { as: 'infoform', params: { infoform: { summaryMaxChars: 300 } } });
    expect(y2025['form.summary_length']!.status).toBe('fail');
  });

  it('finds 案例概述 and 案例内容简介 labels; no label → manual; empty → fail', async () => {
    const studio = await run(buildInfoformDocx('工作室围绕作业设计开展研修。', { label: '案例概述', instruction: false }));
    expect(studio['form.summary_length']).toMatchObject({ status: 'pass', actual: 14 });
    const ai = await run(buildInfoformDocx('简介文字', { label: '案例内容简介' }));
    expect(ai['form.summary_length']).toMatchObject({ status: 'pass', actual: 4 });
    const none = await run(buildDocx({ blocks: [{ runs: '没有表格的文档' }] }));
    expect(none['form.summary_length']!.status).toBe('manual');
    const empty = await run(buildInfoformDocx(''));
    expect(empty['form.summary_length']!.status).toBe('fail');
  });

  it('hostile or wrong files → fail/error, never a throw', async () => {
    const cases = [new Uint8Array(0), strToU8('hello'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
    for (const b of cases) {
      const r = await checkInfoform(memorySource(b, 'x.docx'), opts);
      expect(r).toHaveLength(1);
      expect(r[0]!.status).toBe('fail');
    }
  });
});

const PDFS = '/work/shared/corpus/pdf';
describe.skipIf(!existsSync(PDFS))('PDF corpus', () => {
  it('every PDF gives a report in bounded time; the encrypted one fails', { timeout: 120_000 }, async () => {
    for (const f of readdirSync(PDFS)) {
      const t0 = performance.now();
      const r = await run(new Uint8Array(readFileSync(join(PDFS, f))));
      expect(performance.now() - t0, f).toBeLessThan(20_000);
      expect(r['infoform.stamp'], f).toBeDefined();
      if (f.includes('password')) {
        expect(r['infoform.pdf']!.status).toBe('fail');
        expect(r['infoform.pdf']!.message).toContain('密码');
      } else {
        expect(r['infoform.pdf']!.status, f).toBe('pass');
      }
    }
  });
});

const DOCS = '/work/shared/corpus/docx';
describe.skipIf(!existsSync(DOCS))('Word corpus as info forms', () => {
  it('every Word file gives infoform.word and form.summary_length without throwing', { timeout: 120_000 }, async () => {
    for (const f of readdirSync(DOCS)) {
      const r = await run(new Uint8Array(readFileSync(join(DOCS, f))));
      expect(r['infoform.word'], f).toBeDefined();
      expect(r['form.summary_length'], f).toBeDefined();
      if (f.endsWith('.docx')) expect(r['infoform.word']!.status, f).toBe('pass');
    }
  });
});

describe('PDF fuzz', () => {
  it('mutated PDFs never throw', { timeout: 120_000 }, async () => {
    const base = await pdfWith(async (d) => {
      const p = d.addPage([595, 842]);
      p.drawText('Info form', { x: 50, y: 780, size: 18, color: rgb(0, 0, 0) });
      p.drawCircle({ x: 420, y: 200, size: 60, borderColor: rgb(0.85, 0.1, 0.1), borderWidth: 4 });
      const img = await d.embedPng(scanPng(true));
      p.drawImage(img, { x: 0, y: 0, width: 100, height: 140 });
    });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000);
    for (let i = 0; i < 40; i++) {
      const b = base.slice();
      for (let k = 0; k < 1 + Math.floor(rand() * 6); k++) b[8 + Math.floor(rand() * (b.length - 8))] = Math.floor(rand() * 256);
      const cut = i % 5 === 4 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
      const results = await checkInfoform(memorySource(cut, 'form.pdf'), opts);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(['pass', 'fail', 'warn', 'manual', 'error']).toContain(r.status);
    }
  });
});

const SOFFICE = (() => {
  const r = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
})();
if (!SOFFICE) console.warn('soffice not installed: skipping the LibreOffice PDF test');

describe.skipIf(!SOFFICE)('LibreOffice-made info form PDF', () => {
  it('exports the Word form to PDF: readable, no seal → fail', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anli-lo-'));
    try {
      writeFileSync(join(dir, 'form.docx'), buildInfoformDocx('本案例依托平台开展研修。'));
      const r = spawnSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'form.docx')], { timeout: 120_000 });
      expect(r.status).toBe(0);
      const res = await run(new Uint8Array(readFileSync(join(dir, 'form.pdf'))));
      expect(res['infoform.pdf']!.status).toBe('pass');
      expect(res['infoform.stamp']!.status).toBe('fail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
