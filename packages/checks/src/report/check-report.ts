// Summary report check (SPEC §3.3): format, length, outline, heading/body styles and line spacing.
//
// Decisions worth knowing:
// - Paragraph roles: tables, text boxes, the 附件 section (from the first paragraph starting with 附件
//   after the first level-1 heading) and the title lines before the first level-1 heading are exempt from
//   the style rules; all but 附件 count toward the length (automatic numbers are not counted, as in Word).
// - Headings: a typed or automatic "一、" (≤ 40 字) is level 1 and "（一）" (≤ 60 字) level 2, whatever the
//   style; otherwise outline level 0/1 or a 标题 1/2 (heading 1/2) style. TOC paragraphs are ignored.
// - A paragraph's verdict uses its text-bearing runs (fonts only for runs with CJK text) plus its
//   automatic number, which Word draws with the paragraph mark's formatting and the level's rPr.
// - report.line_spacing covers body paragraphs (not headings), as SPEC §3.3 says.
import { countZi } from '@anli/domain/text.ts';
import { REPORT_DEFAULTS, describeStyle, matchesAiLabel, type TextStyle } from '@anli/domain/rule-params.ts';
import type { ByteSource, CheckOptions, RuleResult, RuleStatus } from '../types.ts';
import { OoxmlError } from '../ooxml/errors.ts';
import { openZip } from '../ooxml/zip.ts';
import { DOCM_MAIN, DOTM_MAIN, DOTX_MAIN, loadDocxFromArchive, type DocxParagraph, type LoadedDocx } from './docx.ts';
import { describeSize } from './fonts.ts';
import { describeKind, sniffKind } from './sniff.ts';
import { isToolError } from '../tool-error.ts';
import { describeForeign } from '../foreign.ts';

export const REPORT_RULES = [
  'report.format',
  'report.length',
  'report.outline',
  'report.heading1_style',
  'report.heading2_style',
  'report.body_style',
  'report.line_spacing',
  'report.ai_label',
] as const;

const DEFAULT_MAX_CHARS = 3000;
const TEMPLATE_HINT = '建议使用平台提供的报告模板。';

function result(rule: string, status: RuleStatus, actual: unknown, expected: unknown, message: string, details?: Record<string, unknown>): RuleResult {
  return details ? { rule, status, actual, expected, message, details } : { rule, status, actual, expected, message };
}

const EXPECTED = { format: 'Word 文档（.docx）' };

/** The call's report numbers and words, with today's values where the call leaves one out. */
interface ReportNumbers {
  heading1: TextStyle;
  heading2: TextStyle;
  body: TextStyle;
  lineSpacingPt: number;
  aiLabel: string;
  maxChars: number;
  outline: string[] | undefined;
}
function reportNumbers(options?: CheckOptions): ReportNumbers {
  const r = options?.params.report;
  return {
    heading1: r?.heading1 ?? REPORT_DEFAULTS.heading1,
    heading2: r?.heading2 ?? REPORT_DEFAULTS.heading2,
    body: r?.body ?? REPORT_DEFAULTS.body,
    lineSpacingPt: r?.lineSpacingPt ?? REPORT_DEFAULTS.lineSpacingPt,
    aiLabel: r?.aiLabel ?? REPORT_DEFAULTS.aiLabel,
    maxChars: r?.maxChars ?? DEFAULT_MAX_CHARS,
    outline: r?.outline,
  };
}
const spacingExpected = (N: ReportNumbers) => `固定值 ${N.lineSpacingPt} 磅`;
const aiExpected = (N: ReportNumbers) => `声明含 AI 生成内容时，报告中标注“${N.aiLabel}”`;

function ruleExpected(rule: string, N: ReportNumbers): unknown {
  switch (rule) {
    case 'report.length': return `≤ ${N.maxChars} 字`;
    case 'report.outline': return N.outline ?? null;
    case 'report.heading1_style': return describeStyle(N.heading1);
    case 'report.heading2_style': return describeStyle(N.heading2);
    case 'report.body_style': return describeStyle(N.body);
    case 'report.line_spacing': return spacingExpected(N);
    case 'report.ai_label': return aiExpected(N);
    default: return null;
  }
}

function othersWith(status: RuleStatus, message: string, options?: CheckOptions): RuleResult[] {
  const N = reportNumbers(options);
  return REPORT_RULES.slice(1).map((rule) => {
    if (rule === 'report.ai_label' && !options?.params.aiContent) return aiNotApplicable(N);
    return result(rule, status, null, ruleExpected(rule, N), message);
  });
}

function aiNotApplicable(N: ReportNumbers): RuleResult {
  return result('report.ai_label', 'pass', '未声明含 AI 生成内容', aiExpected(N), `作者未声明含 AI 生成内容，本项不适用；如报告中有 AI 生成的内容，请在申报时声明，并在报告中标注“${N.aiLabel}”。`, { applicable: false });
}

/** Checks a summary report. Never throws: unreadable input gives `error` results with a Chinese message. */
export async function checkReport(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<RuleResult[]>((resolve) => {
    timer = setTimeout(() => {
      const msg = '报告检查超时，文件可能过大或结构异常，请精简后重新上传；如仍失败请联系管理员。';
      resolve([result('report.format', 'error', null, EXPECTED.format, msg), ...othersWith('error', msg, options)]);
    }, timeoutMs);
  });
  try {
    return await Promise.race([checkReportInner(source, options), timeout]);
  } catch (e) {
    const msg = e instanceof OoxmlError ? e.message : '报告文件读取失败，请用 Word 或 WPS 另存为 .docx 后重新上传。';
    return [result('report.format', 'error', null, EXPECTED.format, msg), ...othersWith('error', msg, options)];
  } finally {
    clearTimeout(timer);
  }
}

async function checkReportInner(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  const kind = await sniffKind(source);
  if (kind === 'ole-word') {
    let converted: ByteSource | null = null;
    let why = '';
    if (options.tools?.convertLegacy) {
      converted = await options.tools.convertLegacy(source, 'docx').catch((e: unknown) => {
        why = isToolError(e) ? `（本次自动转换未完成：${e.chinese}）` : '';
        return null;
      });
    }
    if (!converted) {
      return [
        result('report.format', 'warn', '旧版 Word 文档（.doc）', EXPECTED.format, `报告为旧版 .doc 格式${why}，请用 Word 或 WPS 另存为 .docx 后重新上传。`),
        ...othersWith('manual', '旧版 .doc 文件无法自动转换检查，需人工核对；建议另存为 .docx 后重新上传以便自动检查。', options),
      ];
    }
    const rest = await checkDocxContent(converted, options, true);
    return [
      result('report.format', 'warn', '旧版 Word 文档（.doc）', EXPECTED.format, '报告为旧版 .doc 格式，已自动转换后检查；请尽量另存为 .docx 后上传。'),
      ...rest.slice(1),
    ];
  }
  if (kind !== 'zip') {
    const what = (kind === 'unknown' ? await describeForeign(source) : null) ?? describeKind(kind);
    const msg =
      kind === 'ole-encrypted'
        ? '报告文件设置了打开密码（已加密），无法检查，请取消密码后另存为 .docx 重新上传。'
        : `上传的文件是${what}，不是 Word 文档；总结报告须为 Word 格式（.docx），请另存为 .docx 后重新上传。`;
    return [result('report.format', 'fail', what, EXPECTED.format, msg), ...othersWith('error', '文件不是 Word 文档，无法检查此项；请另存为 .docx 后重新上传。', options)];
  }
  return checkDocxContent(source, options, false);
}

async function checkDocxContent(source: ByteSource, options: CheckOptions, converted: boolean): Promise<RuleResult[]> {
  let archive: Awaited<ReturnType<typeof openZip>>;
  try {
    archive = await openZip(source, { maxEntries: 5000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 });
  } catch (e) {
    const msg = e instanceof OoxmlError ? e.message : '文件无法读取，请用 Word 或 WPS 另存为 .docx 后重新上传。';
    return [result('report.format', 'error', null, EXPECTED.format, msg), ...othersWith('error', msg, options)];
  }
  const isWord = archive.has('word/document.xml') || archive.names().some((n) => /^word\/.+\.xml$/i.test(n));
  if (!isWord) {
    let what = 'ZIP 压缩包';
    if (archive.has('ppt/presentation.xml')) what = 'PowerPoint 演示文稿';
    else if (archive.has('xl/workbook.xml')) what = 'Excel 工作簿';
    else if (archive.has('content.xml') && archive.has('mimetype')) what = 'OpenDocument 文档';
    return [
      result('report.format', 'fail', what, EXPECTED.format, `上传的文件是${what}，不是 Word 文档；总结报告须为 Word 格式（.docx），请另存为 .docx 后重新上传。`),
      ...othersWith('error', '文件不是 Word 文档，无法检查此项；请另存为 .docx 后重新上传。', options),
    ];
  }
  let doc: LoadedDocx;
  try {
    doc = await loadDocxFromArchive(archive);
  } catch (e) {
    const msg = e instanceof OoxmlError ? e.message : 'Word 文档内容无法读取，请用 Word 或 WPS 重新保存为 .docx 后上传。';
    return [result('report.format', 'error', null, EXPECTED.format, msg), ...othersWith('error', msg, options)];
  }
  const format = formatResult(doc, converted);
  return [format, ...analyseReport(doc, options)];
}

function formatResult(doc: LoadedDocx, converted: boolean): RuleResult {
  if (doc.hasMacros || doc.contentType === DOCM_MAIN || doc.contentType === DOTM_MAIN) {
    return result('report.format', 'fail', '启用宏的 Word 文档（.docm）', EXPECTED.format, '报告包含宏（启用宏的 .docm 文档），出于安全原因不予接收；请另存为不含宏的 Word 文档（.docx）后重新上传。');
  }
  if (doc.contentType === DOTX_MAIN) {
    return result('report.format', 'fail', 'Word 模板（.dotx）', EXPECTED.format, '上传的是 Word 模板文件（.dotx），请用模板新建文档并另存为 .docx 后重新上传。');
  }
  if (converted) return result('report.format', 'warn', '旧版 Word 文档（.doc）', EXPECTED.format, '报告为旧版 .doc 格式，已自动转换后检查；请尽量另存为 .docx 后上传。');
  return result('report.format', 'pass', 'Word 文档（.docx）', EXPECTED.format, '报告为 Word 文档（.docx），格式符合要求。');
}

// ---------------------------------------------------------------------------------------------
// Paragraph classification

const CN_NUM = '[一二三四五六七八九十百〇零]+';
const LEVEL1_TEXT = new RegExp(`^${CN_NUM}\\s*[、，,.．]`);
const LEVEL2_TEXT = new RegExp(`^[（(]\\s*${CN_NUM}\\s*[)）]`);
const CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]|[\u{20000}-\u{3FFFF}]/u;
const SPACES = /[\s\u3000\u00a0]+/g;
/** Characters Word draws with the East Asian font only under w:hint="eastAsia". */
const SHARED = /[\u2018\u2019\u201C\u201D\u2014\u2026\u00B7]/;

function usesEastAsianFont(text: string, hint: boolean): boolean {
  return CJK.test(text) || (hint && SHARED.test(text));
}

export type ParagraphRole = 'title' | 'heading1' | 'heading2' | 'body' | 'table' | 'textbox' | 'attachment' | 'toc' | 'empty';

export interface ClassifiedParagraph {
  p: DocxParagraph;
  role: ParagraphRole;
  /** Label + text, whitespace trimmed. */
  display: string;
}

function headingLevelOf(p: DocxParagraph, display: string): 1 | 2 | null {
  const compact = display.replace(SPACES, '');
  const zi = countZi(compact);
  if (LEVEL1_TEXT.test(compact) && zi <= 40) return 1;
  if (LEVEL2_TEXT.test(compact) && zi <= 60) return 2;
  if (zi > 60) return null;
  if (p.outlineLvl === 0 || p.headingStyleLevel === 1) return 1;
  if (p.outlineLvl === 1 || p.headingStyleLevel === 2) return 2;
  return null;
}

/** Assigns each paragraph its role for the style rules (SPEC §3.3 exemptions). */
export function classifyParagraphs(paragraphs: DocxParagraph[]): ClassifiedParagraph[] {
  const out: ClassifiedParagraph[] = paragraphs.map((p) => {
    const display = (p.label + p.text).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    let role: ParagraphRole = 'body';
    if (!display) role = 'empty';
    else if (p.inTable) role = 'table';
    else if (p.inTextBox) role = 'textbox';
    else if (p.styleName && /^(toc|目录)\s*\d*$/i.test(p.styleName.trim())) role = 'toc';
    else {
      const lvl = headingLevelOf(p, display);
      if (lvl === 1) role = 'heading1';
      else if (lvl === 2) role = 'heading2';
    }
    return { p, role, display };
  });
  // Title lines: everything before the first level-1 heading. Prefer a heading with a typed or
  // numbered Chinese numeral, so a title styled as 标题 1 stays a title.
  let first = out.findIndex((c) => c.role === 'heading1' && LEVEL1_TEXT.test(c.display.replace(SPACES, '')));
  if (first < 0) first = out.findIndex((c) => c.role === 'heading1');
  if (first < 0) {
    // No level-1 heading at all: treat the first non-empty paragraph as the title.
    first = out.findIndex((c) => c.role !== 'empty' && c.role !== 'table' && c.role !== 'textbox');
    if (first >= 0) {
      out[first]!.role = 'title';
      first = first + 1;
    } else first = 0;
  }
  for (let i = 0; i < first; i++) if (out[i]!.role !== 'empty' && out[i]!.role !== 'table') out[i]!.role = 'title';
  // 附件 section: from the first paragraph (outside tables) that starts with 附件, after the first heading.
  for (let i = first; i < out.length; i++) {
    const c = out[i]!;
    if (!c.p.inTable && !c.p.inTextBox && /^附\s*件/.test(c.display)) {
      for (let j = i; j < out.length; j++) if (out[j]!.role !== 'empty') out[j]!.role = 'attachment';
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules

function quote(text: string, max = 24): string {
  const t = text.replace(SPACES, ' ').trim();
  const chars = [...t];
  return `“${chars.length > max ? chars.slice(0, max).join('') + '…' : t}”`;
}

function analyseReport(doc: LoadedDocx, options: CheckOptions): RuleResult[] {
  const classified = classifyParagraphs(doc.paragraphs);
  const N = reportNumbers(options);
  const req = (what: string, s: TextStyle, extra: Partial<StyleRequirement> = {}): StyleRequirement => ({
    what,
    font: s.font,
    sizeHalfPt: Math.round(s.sizePt * 2),
    bold: s.bold,
    expected: describeStyle(s),
    ...extra,
  });
  return [
    lengthRule(classified, N.maxChars),
    outlineRule(classified, N.outline),
    styleRule('report.heading1_style', classified.filter((c) => c.role === 'heading1'), req('一级标题', N.heading1)),
    styleRule('report.heading2_style', classified.filter((c) => c.role === 'heading2'), req('二级标题', N.heading2, { noneStatus: 'pass' })),
    styleRule('report.body_style', classified.filter((c) => c.role === 'body'), req('正文段落', N.body)),
    spacingRule(classified.filter((c) => c.role === 'body'), N),
    options.params.aiContent ? aiLabelRule(classified, N) : aiNotApplicable(N),
  ];
}

/** report.ai_label: with AI-generated content declared, some paragraph (or table cell) carries the literal label. */
function aiLabelRule(classified: ClassifiedParagraph[], N: ReportNumbers): RuleResult {
  const hits = classified.filter((c) => matchesAiLabel(c.display, { mode: 'literal', text: N.aiLabel }));
  if (hits.length) {
    return result('report.ai_label', 'pass', `${hits.length} 处标注“${N.aiLabel}”`, aiExpected(N), `报告中已找到 ${hits.length} 处“${N.aiLabel}”标注，如${quote(hits[0]!.display)}。`, { paragraphs: hits.slice(0, 10).map((c) => c.p.index) });
  }
  return result(
    'report.ai_label',
    'fail',
    `未找到“${N.aiLabel}”`,
    aiExpected(N),
    `作者声明案例含 AI 生成的内容，但报告中没有找到“${N.aiLabel}”标注（须为这几个字；“由人工智能生成”等其他说法不算）。请在报告中使用了 AI 生成内容（文字、图表、图片等）的位置注明“${N.aiLabel}”后重新上传。`,
  );
}

function lengthRule(classified: ClassifiedParagraph[], maxChars: number): RuleResult {
  let zi = 0;
  for (const c of classified) {
    if (c.role === 'attachment') continue;
    zi += countZi(c.p.text);
  }
  const hasAttachment = classified.some((c) => c.role === 'attachment');
  const scope = hasAttachment ? '正文（不含附件）' : '正文';
  if (zi <= maxChars) {
    return result('report.length', 'pass', zi, `≤ ${maxChars} 字`, `${scope}共 ${zi} 字，未超过 ${maxChars} 字。`);
  }
  return result(
    'report.length',
    'fail',
    zi,
    `≤ ${maxChars} 字`,
    `${scope}共 ${zi} 字，超过上限 ${maxChars} 字（多 ${zi - maxChars} 字，按 Word“字数统计”口径，表格计入）。请精简正文后重新上传${hasAttachment ? '' : '；支撑材料可放在“附件”部分，不计入字数'}。`,
    { hasAttachment },
  );
}

function normTitle(s: string): string {
  return s
    .replace(SPACES, '')
    .replace(new RegExp(`^(?:${CN_NUM}\\s*[、，,.．]|[（(]\\s*${CN_NUM}\\s*[)）])`), '')
    .replace(/[：:。．.、，,；;！!？?“”"'‘’（）()《》【】\-—_·]/g, '');
}

function lisIndices(seq: number[]): Set<number> {
  // Longest strictly increasing subsequence; returns the positions in `seq` that belong to it.
  const n = seq.length;
  const len = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (seq[j]! < seq[i]! && len[j]! + 1 > len[i]!) {
        len[i] = len[j]! + 1;
        prev[i] = j;
      }
  let best = -1;
  for (let i = 0; i < n; i++) if (best < 0 || len[i]! > len[best]!) best = i;
  const keep = new Set<number>();
  for (let i = best; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

function outlineRule(classified: ClassifiedParagraph[], outline: string[] | undefined): RuleResult {
  const found = classified.filter((c) => c.role === 'heading1').map((c) => c.display.replace(SPACES, ''));
  if (!outline || outline.length === 0) {
    return result('report.outline', 'manual', found, null, '本活动未配置报告提纲，需人工核对一级标题。');
  }
  const expectedTitles = outline.map(normTitle);
  const matched: Array<{ heading: string; index: number }> = [];
  const extras: string[] = [];
  const used = new Set<number>();
  for (const h of found) {
    const t = normTitle(h);
    let idx = expectedTitles.findIndex((e, i) => !used.has(i) && e === t);
    if (idx < 0) idx = expectedTitles.findIndex((e, i) => !used.has(i) && t.length > 0 && (t.includes(e) || e.includes(t)));
    if (idx < 0) extras.push(h);
    else {
      used.add(idx);
      matched.push({ heading: h, index: idx });
    }
  }
  const missing = outline.filter((_, i) => !used.has(i));
  const keep = lisIndices(matched.map((m) => m.index));
  const outOfOrder = matched.filter((_, i) => !keep.has(i)).map((m) => m.heading);
  // Numerals: the n-th matched heading should carry the expected numeral.
  const wrongNumeral: string[] = [];
  for (const m of matched) {
    const want = outline[m.index]!.replace(SPACES, '').match(new RegExp(`^${CN_NUM}`))?.[0];
    const got = m.heading.match(new RegExp(`^${CN_NUM}`))?.[0];
    if (want && got && want !== got && !outOfOrder.includes(m.heading)) wrongNumeral.push(`${quote(m.heading)}应为“${outline[m.index]}”`);
  }
  const problems: string[] = [];
  if (found.length === 0) problems.push('未识别到任何一级标题（形如“一、案例概述”）');
  if (missing.length) problems.push(`缺少：${missing.map((m) => `“${m}”`).join('、')}`);
  if (outOfOrder.length) problems.push(`顺序不对：${outOfOrder.map((h) => quote(h)).join('、')}`);
  if (wrongNumeral.length) problems.push(`序号不对：${wrongNumeral.join('；')}`);
  const expectedText = outline.join(' ');
  if (problems.length) {
    return result(
      'report.outline',
      'fail',
      found,
      outline,
      `一级标题与要求的提纲不一致——${problems.join('；')}。要求依次为：${expectedText}。请按提纲调整一级标题后重新上传${extras.length ? `（另有提纲外的一级标题：${extras.map((h) => quote(h)).join('、')}）` : ''}。`,
      { missing, outOfOrder, extras },
    );
  }
  if (extras.length) {
    return result(
      'report.outline',
      'warn',
      found,
      outline,
      `提纲要求的一级标题齐全且顺序正确，但另有提纲外的一级标题：${extras.map((h) => quote(h)).join('、')}。请确认是否需要按提纲合并到相应部分。`,
      { extras },
    );
  }
  return result('report.outline', 'pass', found, outline, `一级标题齐全且顺序正确（共 ${found.length} 个）。`);
}

interface StyleRequirement {
  what: string;
  font: string;
  sizeHalfPt: number;
  bold?: boolean;
  expected: string;
  /** Status when no paragraph is covered (default manual). */
  noneStatus?: RuleStatus;
}

interface ParagraphVerdict {
  c: ClassifiedParagraph;
  level: 'ok' | 'warn' | 'fail';
  found: string;
}

type Run = DocxParagraph['runs'][number];

function describeRuns(runs: Run[], req: StyleRequirement): string {
  const fonts: string[] = [];
  const sizes: string[] = [];
  const bolds: string[] = [];
  for (const r of runs) {
    if (!r.text.trim()) continue;
    if (usesEastAsianFont(r.text, r.props.eastAsiaHint)) {
      const f = r.props.eastAsiaFont ?? '未设置字体';
      if (!fonts.includes(f)) fonts.push(f);
    }
    const s = describeSize(r.props.sizeHalfPt);
    if (!sizes.includes(s)) sizes.push(s);
    const b = r.props.bold ? '加粗' : '非加粗';
    if (!bolds.includes(b)) bolds.push(b);
  }
  const parts = [fonts.join('/'), sizes.join('/')];
  if (req.bold !== undefined) parts.push(bolds.join('/'));
  return parts.filter(Boolean).join(' ');
}

/**
 * A font whose name the required one extends (仿宋 for 仿宋_GB2312): a different font that looks alike on
 * screen, so authors pick it by mistake. It fails like any other font, with a message naming the difference.
 */
function isLookalike(found: string | null | undefined, required: string): boolean {
  return !!found && found !== required && required.startsWith(found);
}

function judgeRuns(runs: Run[], req: StyleRequirement): ParagraphVerdict['level'] {
  let level: ParagraphVerdict['level'] = 'ok';
  for (const r of runs) {
    if (!r.text.trim()) continue;
    if (usesEastAsianFont(r.text, r.props.eastAsiaHint) && r.props.eastAsiaFont !== req.font) level = 'fail';
    if (r.props.sizeHalfPt !== req.sizeHalfPt) level = 'fail';
    if (req.bold !== undefined && r.props.bold !== req.bold) level = 'fail';
  }
  return level;
}

/** Whether a run of the paragraph uses a look-alike of the required font (for the message). */
function usesLookalike(c: ClassifiedParagraph, req: StyleRequirement): string | null {
  for (const r of c.p.runs) {
    if (r.text.trim() && usesEastAsianFont(r.text, r.props.eastAsiaHint) && isLookalike(r.props.eastAsiaFont, req.font)) return r.props.eastAsiaFont;
  }
  return null;
}

const RANK = { ok: 0, warn: 1, fail: 2 } as const;

/** Verdict of one paragraph from its text runs and, when numbered automatically, its numbering label. */
function judge(c: ClassifiedParagraph, req: StyleRequirement): ParagraphVerdict {
  const textLevel = judgeRuns(c.p.runs, req);
  const labelRun: Run | null = c.p.label.trim() && c.p.labelProps ? { text: c.p.label, props: c.p.labelProps } : null;
  const labelLevel = labelRun ? judgeRuns([labelRun], req) : 'ok';
  const level = RANK[labelLevel] > RANK[textLevel] ? labelLevel : textLevel;
  if (level === 'ok') return { c, level, found: '' };
  let found = textLevel !== 'ok' || !labelRun ? describeRuns(c.p.runs, req) : '';
  if (labelRun && labelLevel !== 'ok') {
    const l = `自动编号“${c.p.label.trim()}”为 ${describeRuns([labelRun], req)}`;
    found = found ? `${found}，${l}` : l;
  }
  return { c, level, found };
}

function styleRule(rule: string, covered: ClassifiedParagraph[], req: StyleRequirement): RuleResult {
  if (covered.length === 0) {
    const status = req.noneStatus ?? 'manual';
    return result(
      rule,
      status,
      `未识别到${req.what}`,
      req.expected,
      status === 'pass' ? `报告中未使用${req.what}，无需检查。` : `未识别到${req.what}，无法自动检查格式，需人工核对（要求：${req.expected}）。`,
    );
  }
  const verdicts = covered.map((c) => judge(c, req));
  const fails = verdicts.filter((v) => v.level === 'fail');
  const warns = verdicts.filter((v) => v.level === 'warn');
  const examples = (list: ParagraphVerdict[]) =>
    list
      .slice(0, 3)
      .map((v) => `${quote(v.c.display)}为 ${v.found}`)
      .join('；') + (list.length > 3 ? ` 等` : '');
  const details = {
    offending: [...fails, ...warns].slice(0, 20).map((v) => ({ paragraph: v.c.p.index, text: v.c.display.slice(0, 60), found: v.found, level: v.level })),
  };
  if (fails.length) {
    const lookalike = fails.map((v) => usesLookalike(v.c, req)).find((f) => f);
    const fontHint = lookalike
      ? `其中“${lookalike}”与要求的“${req.font}”不是同一种字体（名称相近，屏幕上看起来相似）：请选中这些文字，在字体框中直接输入“${req.font}”（不要从列表中选“${lookalike}”）。`
      : '';
    return result(
      rule,
      'fail',
      `${covered.length} 个${req.what}中 ${fails.length} 个不符`,
      req.expected,
      `${fails.length} 个${req.what}格式不符：${examples(fails)}；要求 ${req.expected}。${fontHint}请修改后重新上传，${TEMPLATE_HINT}`,
      details,
    );
  }
  if (warns.length) {
    return result(rule, 'warn', `${covered.length} 个${req.what}中 ${warns.length} 个需确认`, req.expected, `${warns.length} 个${req.what}需确认：${examples(warns)}。`, details);
  }
  return result(rule, 'pass', `${covered.length} 个${req.what}均符合`, req.expected, `${covered.length} 个${req.what}格式均符合要求（${req.expected}）。`);
}

function describeSpacing(p: DocxParagraph): string {
  const { line, lineRule } = p.spacing;
  if (line == null) return '单倍行距（默认）';
  if (lineRule === 'exact') return `固定值 ${line / 20} 磅`;
  if (lineRule === 'atLeast') return `最小值 ${line / 20} 磅`;
  const m = line / 240;
  if (m === 1) return '单倍行距';
  if (m === 1.5) return '1.5 倍行距';
  if (m === 2) return '2 倍行距';
  return `多倍行距 ${Math.round(m * 100) / 100}`;
}

function spacingRule(body: ClassifiedParagraph[], N: ReportNumbers): RuleResult {
  const want = spacingExpected(N);
  if (body.length === 0) {
    return result('report.line_spacing', 'manual', '未识别到正文段落', want, `未识别到正文段落，无法自动检查行距，需人工核对（要求：${want}）。`);
  }
  const twips = N.lineSpacingPt * 20;
  const off = body.filter((c) => !(c.p.spacing.lineRule === 'exact' && c.p.spacing.line != null && Math.abs(c.p.spacing.line - twips) <= 2));
  if (off.length === 0) {
    return result('report.line_spacing', 'pass', `${body.length} 段正文均为${want}`, want, `${body.length} 段正文行距均为${want}。`);
  }
  const share = Math.round((off.length / body.length) * 1000) / 10;
  const examples = off
    .slice(0, 3)
    .map((c) => `${quote(c.display, 16)}为${describeSpacing(c.p)}`)
    .join('；');
  return result(
    'report.line_spacing',
    'fail',
    `${off.length}/${body.length} 段（${share}%）行距不符`,
    want,
    `共 ${body.length} 段正文，其中 ${off.length} 段（${share}%）行距不是${want}，例如${examples}${off.length > 3 ? ' 等' : ''}。请选中正文，在“段落”设置中将行距设为“${want}”后重新上传，${TEMPLATE_HINT}`,
    { share: off.length / body.length, offParagraphs: off.slice(0, 20).map((c) => c.p.index) },
  );
}
