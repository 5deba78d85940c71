import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../ooxml/zip.ts';
import { checkCourseware } from '../courseware/check-courseware.ts';
import { buildPptx } from '../../../../scripts/fixtures/pptx.ts';
import { detectLibreOffice, parsePnm, runBounded, whichSync } from './libreoffice.ts';

const soffice = whichSync('soffice');
const pdftoppm = whichSync('pdftoppm');
if (!soffice) console.warn('soffice not installed: LibreOffice tests skipped (apt-get install libreoffice-impress libreoffice-writer)');

describe('parsePnm and runBounded', () => {
  it('parses P6 and P5', () => {
    const p6 = new Uint8Array([...new TextEncoder().encode('P6\n# c\n2 1\n255\n'), 255, 0, 0, 0, 0, 255]);
    const img = parsePnm(p6);
    expect([img.width, img.height]).toEqual([2, 1]);
    expect([...img.data]).toEqual([255, 0, 0, 255, 0, 0, 255, 255]);
    const p5 = parsePnm(new Uint8Array([...new TextEncoder().encode('P5 1 1 255\n'), 7]));
    expect([...p5.data]).toEqual([7, 7, 7, 255]);
    expect(() => parsePnm(new TextEncoder().encode('P6 2 2 255\n'))).toThrow();
  });

  it('kills the whole process group on timeout', async () => {
    const t0 = Date.now();
    const r = await runBounded('sh', ['-c', 'sleep 30 & sleep 30'], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('gives no ports when soffice is missing', () => {
    const none = detectLibreOfficeWithout();
    expect(none).toEqual({});
  });
});

function detectLibreOfficeWithout() {
  const old = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    return detectLibreOffice();
  } finally {
    process.env.PATH = old;
  }
}

describe.skipIf(!soffice)('LibreOffice adapter', () => {
  const deck = buildPptx({
    slides: [
      { texts: ['第一页', '电话 13812345678'], background: 'FF0000' },
      { texts: ['第二页 www.example.com'] },
      { texts: [{ text: '最后一页', hyperlink: 'https://x.example.com' }], background: '0000FF' },
    ],
  });

  it('checks a .ppt made by soffice: format warns and every other rule runs on the conversion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anli-lo-test-'));
    try {
      writeFileSync(join(dir, 'deck.pptx'), deck);
      const r = await runBounded(
        soffice!,
        [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'ppt', '--outdir', dir, join(dir, 'deck.pptx')],
        { timeoutMs: 120_000, env: { ...process.env, HOME: dir } },
      );
      expect(r.code, r.stderr).toBe(0);
      const ppt = new Uint8Array(readFileSync(join(dir, 'deck.ppt')));
      expect([...ppt.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
      const results = await checkCourseware(memorySource(ppt, 'deck.ppt'), {
        as: 'courseware',
        params: {},
        tools: detectLibreOffice(),
        timeoutMs: 120_000,
      });
      const by = Object.fromEntries(results.map((x) => [x.rule, x]));
      expect(by['courseware.format']!.status).toBe('warn');
      expect(by['courseware.format']!.details?.converted).toBe(true);
      expect(by['courseware.hyperlinks']!.status).toBe('fail');
      expect(by['courseware.hyperlinks']!.details?.slides).toEqual([3]);
      expect(by['courseware.urls']!.details?.slides).toEqual([2]);
      expect(by['courseware.contacts']!.details?.slides).toEqual([1]);
      expect(by['courseware.qrcodes']!.status).toBe('pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(!pdftoppm)('renders the first and last slide', async () => {
    // A private temp root, so other test files' temp dirs (made in parallel) do not count.
    const root = mkdtempSync(join(tmpdir(), 'anli-lotest-'));
    const ports = detectLibreOffice({ tmpRoot: root });
    const img = await ports.renderEdgeSlides!(memorySource(deck, 'deck.pptx'));
    expect(img).not.toBeNull();
    for (const im of [img!.first, img!.last]) {
      expect(im.width).toBe(480);
      expect(im.height).toBe(270);
      expect(im.data.length).toBe(480 * 270 * 4);
    }
    // First slide red, last slide blue (background colours of the fixture).
    expect([...img!.first.data.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect([...img!.last.data.subarray(0, 3)]).toEqual([0, 0, 255]);
    // Temp dirs are removed.
    expect(readdirSync(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 180_000);

  it('resolves null for garbage instead of throwing', async () => {
    const ports = detectLibreOffice({ timeoutMs: 60_000 });
    const out = await ports.convertLegacy!(memorySource(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'x.ppt'), 'pptx');
    expect(out).toBeNull();
  }, 120_000);
});
