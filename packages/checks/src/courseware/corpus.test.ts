// Robustness and known findings on the real-world corpus (/work/shared/corpus, or $ANLI_CORPUS).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../ooxml/zip.ts';
import type { RuleResult } from '../types.ts';
import { COURSEWARE_RULES, checkCourseware } from './check-courseware.ts';
import { decodeQrFromImageFile } from './qr.ts';
import { buildPptx, makeGradientPng } from '../../../../scripts/fixtures/pptx.ts';

// The shared corpus sits beside the repository (../shared/corpus), or where ANLI_CORPUS points.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CORPUS = process.env.ANLI_CORPUS ?? [join(REPO, '../shared/corpus'), '/work/shared/corpus'].find((p) => existsSync(p)) ?? '';
const PPTX_DIR = join(CORPUS, 'pptx');
const QR_DIR = join(CORPUS, 'qr');
const hasPptx = existsSync(PPTX_DIR);
const hasQr = existsSync(QR_DIR);

async function checkFile(path: string): Promise<Record<string, RuleResult>> {
  const bytes = new Uint8Array(readFileSync(path));
  const results = await checkCourseware(memorySource(bytes, path), { as: 'courseware', params: {}, timeoutMs: 30_000 });
  expect(results.map((r) => r.rule)).toEqual([...COURSEWARE_RULES]);
  return Object.fromEntries(results.map((r) => [r.rule, r]));
}

describe.skipIf(!hasPptx)('PPTX corpus', () => {
  it('gives a full report for every file, without throwing, in bounded time', async () => {
    const files = readdirSync(PPTX_DIR).filter((f) => /\.pptx?$/i.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const t0 = Date.now();
      const r = await checkFile(join(PPTX_DIR, f));
      expect(Date.now() - t0, f).toBeLessThan(15_000);
      expect(r['courseware.format']!.status, f).toBe('pass');
      for (const res of Object.values(r)) expect(res.status, `${f} ${res.rule}: ${res.message}`).not.toBe('error');
    }
  }, 240_000);

  it('pptxtojson-test-2022-11: slide 19 URL, mailto and file link; the slide jump is allowed', async () => {
    const r = await checkFile(join(PPTX_DIR, 'pptxtojson-test-2022-11.pptx'));
    const h = r['courseware.hyperlinks']!;
    expect(h.status).toBe('fail');
    expect(h.details?.slides).toEqual([19]);
    const actual = (h.details!.items as string[]).join('\n');
    expect(actual).toContain('http://g21589.github.io/PPTX2HTML/');
    expect(actual).toContain('mailto:abc@gmail.com');
    expect(actual).toContain('test/%5bContent_Types%5d.xml');
    expect(actual).not.toMatch(/slide1\.xml/);
    expect(h.details?.internalJumps).toBeGreaterThanOrEqual(1);
    expect(r['courseware.urls']!.status).toBe('fail');
    expect(r['courseware.urls']!.details?.slides).toEqual([19]);
  });

  it('pypptx-ext-rels and pypptx-txt-text have hyperlinks', async () => {
    for (const f of ['pypptx-ext-rels.pptx', 'pypptx-txt-text.pptx']) {
      const r = await checkFile(join(PPTX_DIR, f));
      expect(r['courseware.hyperlinks']!.status, f).toBe('fail');
      expect(r['courseware.hyperlinks']!.details?.slides, f).toEqual([1]);
    }
  });

  it("markitdown-test: the chart's SharePoint workbook link", async () => {
    const r = await checkFile(join(PPTX_DIR, 'markitdown-test.pptx'));
    const h = r['courseware.hyperlinks']!;
    expect(h.status).toBe('fail');
    expect(JSON.stringify(h.details?.items)).toMatch(/图表.*sharepoint\.com/);
  });
});

describe.skipIf(!hasQr)('QR corpus', () => {
  const cases = hasQr
    ? readdirSync(QR_DIR)
        .filter((f) => f.endsWith('.png'))
        .map((f) => ({ f, expected: JSON.parse(readFileSync(join(QR_DIR, f.replace(/\.png$/, '.json')), 'utf8')) as { data: string } | null }))
    : [];

  it('finds codes in most photos where jsQR finds one, with the same text', async () => {
    let withCode = 0;
    let found = 0;
    let matched = 0;
    for (const { f, expected } of cases) {
      const texts = await decodeQrFromImageFile(new Uint8Array(readFileSync(join(QR_DIR, f))));
      if (!expected) continue;
      withCode++;
      if (texts.length) found++;
      if (texts.includes(expected.data)) matched++;
    }
    expect(withCode).toBeGreaterThan(20);
    expect(found / withCode).toBeGreaterThanOrEqual(0.8);
    expect(matched / found).toBeGreaterThanOrEqual(0.8);
  }, 120_000);

  it('fails a deck with corpus QR photos on the right slides', async () => {
    const pick = ['cgi.png', 'tattoo-scan.png', 'jsqr-000.png'].filter((f) => existsSync(join(QR_DIR, f)));
    const img = (f: string) => ({ bytes: new Uint8Array(readFileSync(join(QR_DIR, f))), ext: 'png' as const });
    const deck = buildPptx({
      slides: [
        { texts: ['封面'], images: [{ bytes: makeGradientPng(), ext: 'png' }] },
        { texts: ['二'], images: [img(pick[0]!)] },
        { texts: ['三'] },
        { texts: ['四'], images: pick.slice(1).map(img) },
      ],
    });
    const results = await checkCourseware(memorySource(deck), { as: 'courseware', params: {} });
    const q = results.find((r) => r.rule === 'courseware.qrcodes')!;
    expect(q.status).toBe('fail');
    expect(q.details?.slides).toEqual([2, 4]);
    expect(JSON.stringify(q.details?.items)).toContain('norebbo.com');
  }, 60_000);
});
