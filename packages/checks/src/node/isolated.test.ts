// The checker in a worker thread: same reports as in-process, hard bounds on time and heap that hold even while a
// parser is busy in synchronous work, tool ports and their ToolErrors proxied to the parent, the parent's event loop
// free meanwhile. The bounds are exercised with inputs that really overrun them (not with sleeps).
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportDocx } from '../../../../scripts/fixtures/ooxml.ts';
import { buildCoursewarePptx } from '../../../../scripts/fixtures/pptx.ts';
import { ensureHostileFixtures } from '../../../../scripts/fixtures/hostile.ts';
import { checkFile } from '../index.ts';
import { memorySource } from '../ooxml/zip.ts';
import { ToolError } from '../tool-error.ts';
import { IsolatedChecker } from './isolated.ts';

const checkers: IsolatedChecker[] = [];
const make = (o?: ConstructorParameters<typeof IsolatedChecker>[0]) => {
  const c = new IsolatedChecker(o);
  checkers.push(c);
  return c;
};
afterAll(async () => {
  for (const c of checkers) await c.close();
});

/** A deck whose first slide holds `n` text shapes (≈ 90 bytes of XML each). */
function bigDeck(n: number): Uint8Array {
  const files = unzipSync(buildCoursewarePptx({ slides: 2, withImages: false }));
  files['ppt/slides/slide1.xml'] = strToU8(
    '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>' +
      '<p:sp><p:txBody><a:p><a:r><a:t>www.example.com 13812345678</a:t></a:r></a:p></p:txBody></p:sp>'.repeat(n) +
      '</p:spTree></p:cSld></p:sld>',
  );
  return zipSync(files, { level: 6 });
}

/** A report whose body holds `n` paragraphs. */
function bigReport(n: number): Uint8Array {
  const files = unzipSync(buildReportDocx('pass-direct'));
  files['word/document.xml'] = strToU8(
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:p><w:r><w:t>一、案例概述　测试段落</w:t></w:r></w:p>'.repeat(n) +
      '</w:body></w:document>',
  );
  return zipSync(files, { level: 6 });
}

describe('IsolatedChecker', () => {
  it.each([
    ['sent whole', undefined],
    ['read by message', 0],
  ])('gives the same reports as the in-process checker on the hostile corpus, reusing its worker (files %s)', async (_, inlineMaxBytes) => {
    const iso = make({ inlineMaxBytes });
    const { files } = await ensureHostileFixtures();
    const AS = { report: 'report', courseware: 'courseware', video: 'video', infoform_pdf: 'infoform', infoform_word: 'infoform' } as const;
    for (const f of files.filter((x) => x.size < 2 << 20)) {
      const bytes = new Uint8Array(readFileSync(f.path));
      const options = { as: AS[f.slot], params: { video: { maxDurationS: 600 } }, timeoutMs: 60_000 };
      const inside = await iso.check(memorySource(bytes, f.filename), options);
      const here = await checkFile(memorySource(bytes, f.filename), options);
      expect(inside.results.map((r) => [r.rule, r.status, r.message]), f.name).toEqual(here.results.map((r) => [r.rule, r.status, r.message]));
    }
    expect(iso.workers).toBe(1);
  }, 300_000);

  it('terminates a check stuck in synchronous parsing at its time bound, and the parent thread stays responsive', async () => {
    const iso = make({ graceMs: 300 });
    const deck = bigDeck(200_000); // ≈ 18 MB of slide XML: parsing alone takes seconds in one synchronous call
    let ticks = 0;
    const watchdog = setInterval(() => ticks++, 20);
    const report = await iso.check(memorySource(deck, '课件.pptx'), { as: 'courseware', params: {}, timeoutMs: 200 });
    clearInterval(watchdog);
    expect(report.verdict).toBe('fail');
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ rule: 'courseware.format', status: 'error' });
    expect(report.results[0]!.message).toContain('已被终止');
    expect(report.results[0]!.message).toContain('请');
    expect(ticks).toBeGreaterThan(0);
    expect(iso.workers).toBe(0); // the stuck worker is gone
    // The next check gets a fresh worker.
    const ok = await iso.check(memorySource(buildCoursewarePptx({ slides: 2, withImages: false }), '课件.pptx'), { as: 'courseware', params: {}, timeoutMs: 60_000 });
    expect(ok.results.find((r) => r.rule === 'courseware.format')!.status).toBe('pass');
  }, 120_000);

  it('ends a check that overruns its heap cap with a Chinese message; the same cap handles a normal file', async () => {
    const iso = make({ maxHeapMb: 96 });
    const fine = await iso.check(memorySource(buildReportDocx('pass-direct'), '报告.docx'), { as: 'report', params: { report: { outline: ['一、案例概述'], maxChars: 3000 } }, timeoutMs: 60_000 });
    expect(fine.results[0]).toMatchObject({ rule: 'report.format', status: 'pass' });
    const huge = await iso.check(memorySource(bigReport(400_000), '报告.docx'), { as: 'report', params: { report: { outline: ['一、案例概述'], maxChars: 3000 } }, timeoutMs: 120_000 });
    expect(huge.results).toHaveLength(1);
    expect(huge.results[0]).toMatchObject({ rule: 'report.format', status: 'error' });
    expect(huge.results[0]!.message).toContain('占用内存超过上限（96 MB）');
    expect(huge.results[0]!.message).toContain('请');
  }, 180_000);

  it('proxies tool ports, including a ToolError from a bounded subprocess', async () => {
    const iso = make();
    const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const ppt = new Uint8Array([...OLE, ...new Array(504).fill(0), ...[...'PowerPoint Document'].flatMap((c) => [c.charCodeAt(0), 0]), ...new Array(512).fill(0)]);
    const calls: string[] = [];
    const report = await iso.check(memorySource(ppt, '课件.ppt'), {
      as: 'courseware',
      params: {},
      timeoutMs: 60_000,
      tools: {
        convertLegacy: async (src, to) => {
          calls.push(`${src.name}→${to}`);
          throw new ToolError('libreoffice', 'timeout', 120_000);
        },
      },
    });
    expect(calls).toEqual(['课件.ppt→pptx']);
    const format = report.results.find((r) => r.rule === 'courseware.format')!;
    expect(format.status).toBe('warn');
    expect(format.message).toContain('文档转换程序运行超过 120 秒，已被终止');
    // A conversion that works: the worker reads the converted bytes back through the parent.
    const converted = buildCoursewarePptx({ slides: 3, withImages: false });
    const ok = await iso.check(memorySource(ppt, '课件.ppt'), {
      as: 'courseware',
      params: {},
      timeoutMs: 60_000,
      tools: { convertLegacy: async () => memorySource(converted, '课件.pptx') },
    });
    expect(ok.results.find((r) => r.rule === 'courseware.format')!.details).toMatchObject({ legacy: true, converted: true });
  }, 120_000);
});
