import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS } from '@anli/domain/calls/builtin.ts';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { generateInfoFormDocx } from './infoform.docx.ts';
import { AI_FORM, EVIDENCE_FORM, STUDIO_FORM } from './infoform.fixtures.ts';
import { buildInfoFormLayout } from './infoform.layout.ts';
import { generateInfoFormPdf } from './infoform.pdf.ts';

function caseType(id: string): { call: CallDef; type: CaseTypeDef } {
  for (const call of BUILTIN_CALLS) {
    const type = call.caseTypes.find((t) => t.id === id);
    if (type) return { call, type };
  }
  throw new Error(`no case type ${id}`);
}

interface Case {
  id: string;
  title: string;
  form: Record<string, unknown>;
  /** Values written as text. */
  values: string[];
  /** Options that must appear ticked, e.g. ☑初中. */
  ticked: string[];
  /** Options that must appear unticked. */
  unticked: string[];
  authors: string[];
  summary: string;
}

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

const names = (form: Record<string, unknown>) => (form.authors as { name: string }[]).map((a) => a.name);

const CASES: Case[] = [
  {
    id: 'ai-application',
    title: '教师人工智能应用案例信息表',
    form: AI_FORM,
    values: [...strings(AI_FORM.title), ...strings(AI_FORM.authors), '物理', '国家中小学智慧教育平台', '豆包教育智能体', '学情分析', '知识薄弱点诊断、学情报告生成'],
    ticked: ['初中', '网页', '完全免费', '移动端APP', '有限免费', '助教'],
    unticked: ['小学', '高中', '助学', '小程序', '完全付费'],
    authors: names(AI_FORM),
    summary: AI_FORM.summary as string,
  },
  {
    id: 'evidence-research',
    title: '人机协同循证教研案例信息表',
    form: EVIDENCE_FORM,
    values: [...strings(EVIDENCE_FORM.title), ...strings(EVIDENCE_FORM.authors), 'AI 助力课堂分析改进', '课堂提问质量诊断', '智慧教育平台课堂分析系统', '讯飞星火'],
    ticked: ['区域案例', '网页', '完全免费', 'PC端应用程序', '有限免费'],
    unticked: ['学校案例', '教师案例'],
    authors: names(EVIDENCE_FORM),
    summary: EVIDENCE_FORM.summary as string,
  },
  {
    id: 'online-studio',
    title: '名师线上工作室研修案例信息表',
    form: STUDIO_FORM,
    values: [
      ...strings(STUDIO_FORM.studioName),
      ...strings(STUDIO_FORM.studioUrl),
      ...strings(STUDIO_FORM.theme),
      ...strings(STUDIO_FORM.authors),
      ...strings(STUDIO_FORM.subjectArea),
      '同意推荐。',
    ],
    ticked: ['省级', '名师'],
    unticked: ['国家级', '市级', '县级', '名校长', '名班主任', '其他'],
    authors: names(STUDIO_FORM),
    summary: STUDIO_FORM.summary as string,
  },
];

const squash = (s: string) => s.replace(/\s+/g, '');
const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '');

async function documentXml(bytes: Uint8Array): Promise<string> {
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toContain('[Content_Types].xml');
  return strFromU8(files['word/document.xml']!);
}

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('') + '\n';
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text };
}

/** BaseFont names of every font dictionary, and whether each descriptor carries an embedded font file. */
async function pdfFonts(bytes: Uint8Array): Promise<{ names: string[]; embedded: boolean[] }> {
  const doc = await PDFDocument.load(bytes);
  const names: string[] = [];
  const embedded: boolean[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.get(PDFName.of('Type')) === PDFName.of('Font')) names.push(String(obj.get(PDFName.of('BaseFont'))));
    if (obj.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
      embedded.push(obj.has(PDFName.of('FontFile2')) || obj.has(PDFName.of('FontFile3')) || obj.has(PDFName.of('FontFile')));
    }
  }
  return { names, embedded };
}

/** The generated files stay here for a look (pdftoppm renders page 1 next to them). */
const outDir = join(tmpdir(), 'anli-infoform-test');
mkdirSync(outDir, { recursive: true });
const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.each(CASES)('信息表 $id', (c) => {
  const { call, type } = caseType(c.id);

  it('Word: title, every value, ticked boxes, 宋体 5号, A4', async () => {
    const bytes = await generateInfoFormDocx(call, type, c.form);
    const xml = await documentXml(bytes);
    const text = xmlText(xml);
    expect(text).toContain(c.title);
    for (const v of c.values) expect(text, v).toContain(v);
    expect(text).toContain(c.summary);
    for (const o of c.ticked) expect(text, `☑${o}`).toContain(`☑${o}`);
    for (const o of c.unticked) expect(text, `☐${o}`).toContain(`☐${o}`);
    expect(xml).toMatch(/w:eastAsia="宋体"/);
    expect(xml).toContain('<w:sz w:val="21"/>');
    // Every run of the table is 5号.
    const table = xml.slice(xml.indexOf('<w:tbl>'), xml.lastIndexOf('</w:tbl>'));
    const sizes = new Set([...table.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => m[1]));
    expect([...sizes]).toEqual(['21']);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(1);
    expect(xml).toContain('作者签名：');
    expect(xml).toContain('年　　月　　日');
    writeFileSync(join(outDir, `${c.id}.docx`), bytes);
  });

  it('PDF: text extracts, fonts embedded as subsets, small file', async () => {
    const bytes = await generateInfoFormPdf(call, type, c.form);
    expect(bytes.byteLength).toBeLessThan(200 * 1024);
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBe(1);
    const flat = squash(text);
    expect(flat).toContain(c.title);
    for (const a of c.authors) expect(flat).toContain(a);
    for (const v of c.values) expect(flat, v).toContain(squash(v));
    expect(flat).toContain(squash(c.summary));
    const fonts = await pdfFonts(bytes);
    expect(fonts.names.length).toBeGreaterThan(0);
    for (const n of fonts.names) expect(n).toMatch(/^\/[A-Z]{6}\+NotoSerifSC-/);
    expect(fonts.embedded.length).toBeGreaterThan(0);
    expect(fonts.embedded.every(Boolean)).toBe(true);
    const file = join(outDir, `${c.id}.pdf`);
    writeFileSync(file, bytes);
    if (hasPdftoppm) {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(outDir, c.id)]);
      const png = readdirSync(outDir).find((f) => f.startsWith(`${c.id}-`) && f.endsWith('.png'));
      expect(png).toBeDefined();
      expect(statSync(join(outDir, png!)).size).toBeGreaterThan(5000);
    }
  });
});

describe('信息表 layout details', () => {
  it('counts the ticks: one per chosen option', async () => {
    const counts: Record<string, number> = { 'ai-application': 6, 'evidence-research': 5, 'online-studio': 2 };
    for (const c of CASES) {
      const { call, type } = caseType(c.id);
      const text = xmlText(await documentXml(await generateInfoFormDocx(call, type, c.form)));
      expect((text.match(/☑/g) ?? []).length, c.id).toBe(counts[c.id]);
    }
  });

  it('2026 forms keep three ordered author rows and the 共享提示 line', async () => {
    const { call, type } = caseType('online-studio');
    const layout = buildInfoFormLayout(call, type, STUDIO_FORM);
    const header = layout.rows.findIndex((r) => r.cells.some((c) => c.rowSpan === 4));
    expect(header).toBeGreaterThan(0);
    const authorRows = layout.rows.slice(header + 1, header + 4);
    expect(authorRows).toHaveLength(3);
    const text = xmlText(await documentXml(await generateInfoFormDocx(call, type, STUDIO_FORM)));
    expect(text.indexOf('周雅琴')).toBeLessThan(text.indexOf('刘思远'));
    expect(text).toContain('共享提示：同意将案例结集出版');
  });

  it('a value outside the options ticks 其他 and names it', async () => {
    const { call, type } = caseType('online-studio');
    const text = xmlText(await documentXml(await generateInfoFormDocx(call, type, { ...STUDIO_FORM, studioType: '名教研员' })));
    expect(text).toContain('☑其他（名教研员）');
    expect(text).toContain('☐名师');
  });

  it('an empty form still renders (blank boxes, no values)', async () => {
    for (const c of CASES) {
      const { call, type } = caseType(c.id);
      const docx = xmlText(await documentXml(await generateInfoFormDocx(call, type, {})));
      expect(docx).toContain(c.title);
      expect(docx).not.toContain('☑');
      const pdf = await pdfText(await generateInfoFormPdf(call, type, {}));
      expect(squash(pdf.text)).toContain(c.title);
    }
  });

  it('a long summary breaks onto a second PDF page and loses nothing', async () => {
    const { call, type } = caseType('ai-application');
    const summary = (AI_FORM.summary as string).repeat(6);
    const bytes = await generateInfoFormPdf(call, type, { ...AI_FORM, summary });
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBe(2);
    expect(squash(text)).toContain(squash(summary));
    expect(squash(text)).toContain('单位（盖章）');
    expect(bytes.byteLength).toBeLessThan(200 * 1024);
  });

  it('a case type without its own layout gets a plain table from its fields', async () => {
    const { call, type } = caseType('evidence-research');
    const custom: CaseTypeDef = { ...type, id: 'custom-type', name: '自定义案例' };
    const xml = xmlText(await documentXml(await generateInfoFormDocx(call, custom, EVIDENCE_FORM)));
    expect(xml).toContain('自定义案例信息表');
    expect(xml).toContain('王建国');
    expect(xml).toContain('☑区域案例');
    const pdf = await pdfText(await generateInfoFormPdf(call, custom, EVIDENCE_FORM));
    expect(squash(pdf.text)).toContain(squash(EVIDENCE_FORM.summary as string));
  });

  it('the font file is read once and reused', async () => {
    const { call, type } = caseType('ai-application');
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await generateInfoFormPdf(call, type, AI_FORM);
    // Three documents well under the time of re-reading and re-parsing 30 MB of fonts each time.
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(existsSync(outDir)).toBe(true);
  });
});
