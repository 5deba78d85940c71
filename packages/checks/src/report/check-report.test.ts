import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDocx, buildReportDocx, DOCM_CONTENT_TYPE, OUTLINES, type ReportVariant } from '../../../../scripts/fixtures/ooxml.ts';
import { memorySource } from '../ooxml/zip.ts';
import type { CheckOptions, RuleResult } from '../types.ts';
import { checkReport, extractDocxText, loadDocx } from './index.ts';
import { chineseCounting, formatNumber } from './numbering.ts';

const evidence: CheckOptions = { as: 'report', params: { report: { outline: [...OUTLINES['evidence-research']], maxChars: 3000 } } };
const studio: CheckOptions = { as: 'report', params: { report: { outline: [...OUTLINES['online-studio']], maxChars: 3000 } } };

function byRule(results: RuleResult[]): Record<string, RuleResult> {
  return Object.fromEntries(results.map((r) => [r.rule, r]));
}

async function check(bytes: Uint8Array, opts: CheckOptions = evidence) {
  const results = await checkReport(memorySource(bytes), opts);
  expect(results.map((r) => r.rule)).toEqual([
    'report.format',
    'report.length',
    'report.outline',
    'report.heading1_style',
    'report.heading2_style',
    'report.body_style',
    'report.line_spacing',
    'report.ai_label',
  ]);
  for (const r of results) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  return byRule(results);
}

describe('numbering', () => {
  it('renders Chinese counting', () => {
    expect([1, 2, 10, 11, 20, 21, 100, 101, 110].map((n) => chineseCounting(n))).toEqual(['一', '二', '十', '十一', '二十', '二十一', '一百', '一百零一', '一百一十']);
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(2, 'decimalEnclosedCircle')).toBe('②');
  });
});

describe('checkReport on generated reports', () => {
  const passing: ReportVariant[] = ['pass-direct', 'pass-styles', 'pass-theme', 'pass-numbered'];
  for (const v of passing) {
    for (const [name, opts] of [['evidence-research', evidence], ['online-studio', studio]] as const) {
      it(`${v} (${name}) passes every rule`, async () => {
        const r = await check(buildReportDocx(v, { caseType: name }), opts);
        for (const x of Object.values(r)) expect(x.status, `${x.rule}: ${x.message}`).toBe('pass');
      });
    }
  }

  it('renders auto-numbered headings from the numbering definition', async () => {
    const doc = await loadDocx(memorySource(buildReportDocx('pass-numbered')));
    const labels = doc.paragraphs.filter((p) => p.label).map((p) => p.label + p.text);
    expect(labels.slice(0, 4)).toEqual(['一、案例概述', '二、实施过程', '（一）主要做法', '（二）关键环节']);
    expect(labels).toContain('七、推广建议');
  });

  it('heading1: wrong font, 14 pt, not bold', async () => {
    for (const [v, found] of [['fail-font', '宋体'], ['fail-size', '14pt'], ['fail-bold', '非加粗']] as const) {
      const r = await check(buildReportDocx(v));
      expect(r['report.heading1_style']!.status).toBe('fail');
      expect(r['report.heading1_style']!.message).toContain('7 个一级标题');
      expect(r['report.heading1_style']!.message).toContain(found);
      expect(r['report.heading1_style']!.message).toContain('“二、实施过程”');
      expect(r['report.body_style']!.status).toBe('pass');
    }
  });

  it('an automatic number formatted differently from its heading is named', async () => {
    const bytes = buildDocx({
      numbering: [{ numId: 1, abstractId: 0, levels: [{ fmt: 'chineseCounting', text: '%1、', suff: 'nothing' }] }],
      blocks: [
        { runs: '报告标题' },
        { runs: [{ text: '案例概述', font: '黑体', size: 16, bold: true }], num: { numId: 1 }, mark: { font: '黑体', size: 16, bold: true } },
        { runs: [{ text: '实施过程', font: '黑体', size: 16, bold: true }], num: { numId: 1 }, mark: { font: '宋体', size: 16, bold: true } },
      ],
    });
    const r = await check(bytes);
    expect(r['report.heading1_style']!.status).toBe('fail');
    expect(r['report.heading1_style']!.message).toContain('1 个一级标题');
    expect(r['report.heading1_style']!.message).toContain('自动编号“二、”为 宋体');
  });

  it('仿宋/FangSong instead of 仿宋_GB2312 fails, and the message says to type 仿宋_GB2312 into the font box', async () => {
    const r = await check(buildReportDocx('fail-fangsong'));
    expect(r['report.body_style']!.status).toBe('fail');
    expect(r['report.body_style']!.message).toContain('在字体框中直接输入“仿宋_GB2312”');
    expect(r['report.heading2_style']!.status).toBe('fail');
    expect(r['report.heading2_style']!.message).toContain('仿宋_GB2312');
    expect(r['report.heading1_style']!.status).toBe('pass');
    // The other side: the same report in 仿宋_GB2312 passes both rules.
    const ok = await check(buildReportDocx('pass-direct'));
    expect(ok['report.body_style']!.status).toBe('pass');
    expect(ok['report.heading2_style']!.status).toBe('pass');
  });

  it('styles and spacing are call data: the numbers come from the call and so do the messages', async () => {
    const bigger: CheckOptions = { as: 'report', params: { report: { ...evidence.params.report!, body: { font: '仿宋_GB2312', sizePt: 15 }, lineSpacingPt: 30 } } };
    const r = await check(buildReportDocx('pass-direct'), bigger);
    expect(r['report.body_style']!.status).toBe('fail');
    expect(r['report.body_style']!.expected).toBe('仿宋_GB2312，小三（15pt）');
    expect(r['report.line_spacing']!.status).toBe('fail');
    expect(r['report.line_spacing']!.message).toContain('固定值 30 磅');
  });

  it('report.ai_label: with AI content declared, the literal “AI生成” passes; none, or another wording, fails', async () => {
    const ai: CheckOptions = { ...evidence, params: { ...evidence.params, aiContent: true } };
    const labelled = await check(buildReportDocx('pass-direct', { labelSentence: '图 1 为教师画像示意图（AI生成）。' }), ai);
    expect(labelled['report.ai_label']!.status).toBe('pass');
    const none = await check(buildReportDocx('pass-direct'), ai);
    expect(none['report.ai_label']!.status).toBe('fail');
    expect(none['report.ai_label']!.message).toContain('“AI生成”');
    const other = await check(buildReportDocx('pass-direct', { labelSentence: '本图由人工智能生成。' }), ai);
    expect(other['report.ai_label']!.status).toBe('fail');
    // Not declared: not applicable, passes.
    expect((await check(buildReportDocx('pass-direct')))['report.ai_label']!.status).toBe('pass');
  });

  it('1.5 lines spacing fails with the share of paragraphs', async () => {
    const r = await check(buildReportDocx('fail-spacing'));
    expect(r['report.line_spacing']!.status).toBe('fail');
    expect(r['report.line_spacing']!.message).toMatch(/100%/);
    expect(r['report.line_spacing']!.message).toContain('1.5 倍行距');
  });

  it('length: 3000 passes, 3001 fails, the 附件 section is not counted, tables are', async () => {
    const ok = await check(buildReportDocx('pass-direct', { targetZi: 3000 }));
    expect(ok['report.length']).toMatchObject({ status: 'pass', actual: 3000 });
    const bad = await check(buildReportDocx('fail-length'));
    expect(bad['report.length']).toMatchObject({ status: 'fail', actual: 3001 });
    expect(bad['report.length']!.message).toContain('3001');
    const noTable = await check(buildReportDocx('pass-direct', { targetZi: 3000, table: false }));
    expect(noTable['report.length']!.actual).toBe(3000);
  });

  it('outline: missing and out-of-order headings are named', async () => {
    const missing = await check(buildReportDocx('fail-missing'));
    expect(missing['report.outline']!.status).toBe('fail');
    expect(missing['report.outline']!.message).toContain('缺少：“三、证据采集与分析”');
    const order = await check(buildReportDocx('fail-order'));
    expect(order['report.outline']!.status).toBe('fail');
    expect(order['report.outline']!.message).toContain('顺序不对');
    // The wrong outline for the case type fails too.
    const wrongType = await check(buildReportDocx('pass-direct'), studio);
    expect(wrongType['report.outline']!.status).toBe('fail');
  });

  it('bold is a toggle in styles, absolute in direct formatting', async () => {
    const bytes = buildDocx({
      styles: [
        { id: 'H1', name: 'heading 1', bold: true, font: '黑体', size: 16, outlineLvl: 0 },
        { id: 'Strong', name: 'Strong', type: 'character', bold: true },
      ],
      blocks: [
        { runs: [{ text: '一、案例概述' }], style: 'H1' },
        { runs: [{ text: '二、实施过程', style: 'Strong' }], style: 'H1' },
        { runs: [{ text: '三、证据采集', style: 'Strong', bold: true }], style: 'H1' },
      ],
    });
    const doc = await loadDocx(memorySource(bytes));
    expect(doc.paragraphs.map((p) => p.runs[0]!.props.bold)).toEqual([true, false, true]);
  });

  it('numbering: numStyleLink, shared counters per abstractNum, startOverride, level restart', async () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const lvl = (i: number, fmt: string, text: string) =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="${text}"/></w:lvl>`;
    const numbering =
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>` +
      `<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="HeadList"/></w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="HeadList"/>${lvl(0, 'chineseCounting', '%1、')}${lvl(1, 'chineseCounting', '（%2）')}${lvl(2, 'decimal', '%3.')}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>` +
      `<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>`;
    const p = (ilvl: number, numId: number, text: string) => ({ runs: text, num: { numId, ilvl } });
    const bytes = buildDocx({
      styles: [{ id: 'HeadList', name: 'Head List', type: 'numbering', num: { numId: 1 } }],
      numbering: [{ numId: 9, abstractId: 9, levels: [{ fmt: 'decimal', text: '%1.' }] }],
      extraFiles: { 'word/numbering.xml': strToU8(numbering) },
      blocks: [p(0, 2, 'A'), p(1, 2, 'B'), p(1, 2, 'C'), p(2, 2, 'D'), p(0, 2, 'E'), p(1, 2, 'F'), p(0, 3, 'G'), p(0, 1, 'H')],
    });
    const doc = await loadDocx(memorySource(bytes));
    expect(doc.paragraphs.map((x) => x.label + x.text)).toEqual(['一、A', '（一）B', '（二）C', '1.D', '二、E', '（一）F', '五、G', '六、H']);
  });

  it('text boxes count toward the length once (DrawingML choice, not the VML fallback) and are exempt from styles', async () => {
    const W =
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
    const box = '<w:txbxContent><w:p><w:r><w:t>流程图文字</w:t></w:r></w:p></w:txbxContent>';
    const body =
      `<w:p><w:r><w:t>标题</w:t></w:r></w:p>` +
      `<w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/></w:rPr><w:t>一、案例概述</w:t></w:r></w:p>` +
      `<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t>正文</w:t></w:r>` +
      `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>${box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox>${box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const bytes = buildDocx({ blocks: [], extraFiles: { 'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`) } });
    const r = await check(bytes);
    expect(r['report.length']!.actual).toBe(2 + 6 + 2 + 5);
    expect(r['report.body_style']!.status).toBe('pass');
    expect(r['report.line_spacing']!.status).toBe('pass');
    const paras = await extractDocxText(memorySource(bytes));
    expect(paras.filter((p) => p.inTextBox).map((p) => p.text)).toEqual(['流程图文字']);
  });

  it('extractDocxText gives paragraphs in order with tables flagged', async () => {
    const paras = await extractDocxText(memorySource(buildReportDocx('pass-numbered')));
    expect(paras[0]!.text).toBe('人机协同循证教研案例总结报告');
    expect(paras.some((p) => p.inTable && p.text === '课堂提问质量')).toBe(true);
    expect(paras.some((p) => p.text === '一、案例概述')).toBe(true);
  });
});

describe('report.format and hostile input', () => {
  it('macro-enabled documents fail', async () => {
    const r = await check(buildDocx({ blocks: [{ runs: '一、案例概述' }], mainContentType: DOCM_CONTENT_TYPE }));
    expect(r['report.format']!.status).toBe('fail');
    expect(r['report.format']!.message).toContain('宏');
  });

  it('zero bytes, PNG, PDF, a zip without word/document.xml, a PPTX → fail, never a throw', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /空文件/],
      [png, /图片/],
      [strToU8('%PDF-1.7\n%...'), /PDF/],
      [zipSync({ 'hello.txt': strToU8('hi') }), /ZIP/],
      [zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'ppt/presentation.xml': strToU8('<p/>') }), /PowerPoint/],
    ];
    for (const [bytes, what] of cases) {
      const r = await check(bytes);
      expect(r['report.format']!.status).toBe('fail');
      expect(r['report.format']!.message).toMatch(what);
      expect(r['report.length']!.status).toBe('error');
    }
  });

  it('zip bomb, billion laughs, DOCTYPE, truncated file → error with a Chinese message', async () => {
    const bomb = zipSync(
      { '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), 'word/document.xml': new Uint8Array(40 * 1024 * 1024) },
      { level: 9 },
    );
    expect(bomb.length).toBeLessThan(200 * 1024);
    const laughs = zipSync({
      'word/document.xml': strToU8(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>',
      ),
    });
    const xxe = zipSync({
      'word/document.xml': strToU8('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'),
    });
    const good = buildReportDocx('pass-direct');
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    for (const [bytes, pattern] of [
      [bomb, /安全上限/],
      [laughs, /DOCTYPE/],
      [xxe, /DOCTYPE/],
      [truncated, /损坏|不完整/],
    ] as const) {
      const t0 = performance.now();
      const r = await check(bytes);
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r['report.format']!.status).toBe('error');
      expect(r['report.format']!.message).toMatch(pattern);
    }
  });
});

describe('fuzz', () => {
  it('random byte mutations and truncations never throw and stay bounded', { timeout: 120_000 }, async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000);
    const deflated = buildReportDocx('pass-numbered');
    // A stored (uncompressed) copy so that mutations reach the XML parser and the model.
    const stored = zipSync(Object.fromEntries(Object.entries(unzipSync(deflated)).map(([k, v]) => [k, [v, { level: 0 }]])) as never);
    const statuses = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const base = i % 3 === 0 ? deflated : stored;
      const b = base.slice();
      const n = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < n; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      const cut = i % 10 === 9 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
      const t0 = performance.now();
      const results = await checkReport(memorySource(cut), evidence);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(results).toHaveLength(8);
      for (const r of results) {
        expect(['pass', 'fail', 'warn', 'manual', 'error']).toContain(r.status);
        expect(r.message.length).toBeGreaterThan(0);
        statuses.add(r.status);
      }
    }
    expect(statuses.has('error')).toBe(true);
  });
});

const CORPUS = '/work/shared/corpus/docx';

describe.skipIf(!existsSync(CORPUS))('real-world corpus', () => {
  it('every file gives a full report in bounded time', async () => {
    for (const f of readdirSync(CORPUS)) {
      const t0 = performance.now();
      const r = await check(new Uint8Array(readFileSync(join(CORPUS, f))));
      const ms = performance.now() - t0;
      expect(ms, f).toBeLessThan(5000);
      if (f.endsWith('.doc')) {
        expect(r['report.format']!.status, f).toBe('warn');
        expect(r['report.length']!.status, f).toBe('manual');
      } else if (f.endsWith('.dotx')) {
        expect(r['report.format']!.status, f).toBe('fail');
        expect(r['report.format']!.message).toContain('模板');
      } else {
        expect(r['report.format']!.status, `${f}: ${r['report.format']!.message}`).toBe('pass');
      }
    }
  });

  it('gongwen-out.docx: fonts, sizes and bold are measured', async () => {
    const r = await check(new Uint8Array(readFileSync(join(CORPUS, 'gongwen-out.docx'))));
    // 12 level-1 headings in 黑体 16 pt but not bold; level-2 in 楷体; body in 仿宋 (FangSong).
    expect(r['report.heading1_style']!.status).toBe('fail');
    expect(r['report.heading1_style']!.message).toContain('黑体 16pt（三号） 非加粗');
    expect(r['report.heading2_style']!.message).toContain('楷体');
    expect(r['report.body_style']!.status).toBe('fail');
    expect(r['report.body_style']!.message).toContain('输入“仿宋_GB2312”');
    expect(r['report.length']!.status).toBe('fail');
  });
});

function soffice(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Converts with LibreOffice in a private profile; returns the output bytes or null. */
function convert(bin: string, input: Uint8Array, fromExt: string, to: string): Uint8Array | null {
  const dir = mkdtempSync(join(tmpdir(), 'anli-lo-'));
  try {
    const src = join(dir, `in.${fromExt}`);
    writeFileSync(src, input);
    const out = join(dir, 'out');
    const r = spawnSync(bin, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', out, src], { timeout: 120_000 });
    const file = join(out, `in.${to.split(':')[0]}`);
    return r.status === 0 && existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SOFFICE = soffice();
if (!SOFFICE) console.warn('soffice not installed: skipping the LibreOffice round-trip tests');

describe.skipIf(!SOFFICE)('LibreOffice-made files', () => {
  it('a generated report saved by LibreOffice as .doc: warn, manual without converter, full check with one', { timeout: 180_000 }, async () => {
    const doc = convert(SOFFICE!, buildReportDocx('pass-theme'), 'docx', 'doc');
    expect(doc).not.toBeNull();
    const noTool = await check(doc!);
    expect(noTool['report.format']!.status).toBe('warn');
    expect(noTool['report.outline']!.status).toBe('manual');
    const withTool = await check(doc!, {
      ...evidence,
      tools: { convertLegacy: async (s) => {
        const bytes = await s.read(0, s.size);
        const out = convert(SOFFICE!, bytes, 'doc', 'docx');
        return out ? memorySource(out) : null;
      } },
    });
    expect(withTool['report.format']!.status).toBe('warn');
    for (const rule of ['report.length', 'report.outline', 'report.heading1_style', 'report.heading2_style', 'report.body_style', 'report.line_spacing']) {
      expect(withTool[rule]!.status, `${rule}: ${withTool[rule]!.message}`).toBe('pass');
    }
  });

  it.skipIf(!existsSync(join(CORPUS, 'gongwen-out.docx')))('effective formatting of a real 公文 matches LibreOffice (.doc round trip flattens styles and theme)', { timeout: 180_000 }, async () => {
    const original = new Uint8Array(readFileSync(join(CORPUS, 'gongwen-out.docx')));
    const doc = convert(SOFFICE!, original, 'docx', 'doc');
    const back = doc && convert(SOFFICE!, doc, 'doc', 'docx');
    expect(back).not.toBeNull();
    const key = (p: { runs: Array<{ text: string; props: { eastAsiaFont: string | null; sizeHalfPt: number; bold: boolean } }> }) =>
      [...new Set(p.runs.filter((r) => /[\u4e00-\u9fff]/.test(r.text)).map((r) => `${r.props.eastAsiaFont}/${r.props.sizeHalfPt}/${r.props.bold}`))].sort().join('|');
    const ours = (await loadDocx(memorySource(original))).paragraphs.filter((p) => /[\u4e00-\u9fff]/.test(p.text));
    const lo = new Map((await loadDocx(memorySource(back!))).paragraphs.map((p) => [p.text, p]));
    let same = 0;
    for (const p of ours) if (lo.get(p.text) && key(lo.get(p.text)!) === key(p)) same++;
    expect(ours.length).toBeGreaterThan(90);
    expect(same).toBe(ours.length);
  });

  it.skipIf(!existsSync(CORPUS))('legacy .doc files from the corpus are converted and fully checked', { timeout: 180_000 }, async () => {
    const convertLegacy = async (s: { size: number; read(o: number, l: number): Promise<Uint8Array> }) => {
      const out = convert(SOFFICE!, await s.read(0, s.size), 'doc', 'docx');
      return out ? memorySource(out) : null;
    };
    for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.doc'))) {
      const r = await check(new Uint8Array(readFileSync(join(CORPUS, f))), { ...evidence, tools: { convertLegacy } });
      expect(r['report.format']!.status, f).toBe('warn');
      expect(typeof r['report.length']!.actual, f).toBe('number');
      expect(r['report.outline']!.status, f).toBe('fail');
    }
  });

  it('LibreOffice agrees on a failing report after a .doc → .docx round trip', { timeout: 180_000 }, async () => {
    const doc = convert(SOFFICE!, buildReportDocx('fail-size'), 'docx', 'doc');
    const back = doc && convert(SOFFICE!, doc, 'doc', 'docx');
    expect(back).not.toBeNull();
    const r = await check(back!);
    expect(r['report.format']!.status).toBe('pass');
    expect(r['report.heading1_style']!.status).toBe('fail');
    expect(r['report.heading1_style']!.message).toContain('14pt');
    expect(r['report.body_style']!.status).toBe('pass');
  });
});
