// Info form check (SPEC §3.4): a PDF (readable, stamped, signed) or a Word file (readable, summary length).
import { countZi } from '@anli/domain/text.ts';
import type { ByteSource, CheckOptions, RuleResult, RuleStatus } from '../types.ts';
import { OoxmlError } from '../ooxml/errors.ts';
import { loadDocx, type DocxDocument } from '../report/docx.ts';
import { describeKind, sniffKind } from '../report/sniff.ts';
import { openPdf, scanRedSeal, type PdfOpenResult } from './pdf.ts';
import { toolReason } from '../tool-error.ts';
import { describeForeign } from '../foreign.ts';

function result(rule: string, status: RuleStatus, actual: unknown, expected: unknown, message: string, details?: Record<string, unknown>): RuleResult {
  return details ? { rule, status, actual, expected, message, details } : { rule, status, actual, expected, message };
}

/** Checks an info form upload. Never throws. */
export async function checkInfoform(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = Date.now() + Math.max(1000, timeoutMs - 2000);
  const timeout = new Promise<RuleResult[]>((resolve) => {
    timer = setTimeout(
      () => resolve([result(guessRule(source), 'error', null, null, '信息表检查超时，文件可能过大或结构异常，请重新导出后上传；如仍失败请联系管理员。')]),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([inner(source, options, deadline), timeout]);
  } catch (e) {
    const msg = e instanceof OoxmlError ? e.message : '信息表文件读取失败，请重新导出后上传。';
    return [result(guessRule(source), 'error', null, null, msg)];
  } finally {
    clearTimeout(timer);
  }
}

function guessRule(source: ByteSource): string {
  return /\.pdf$/i.test(source.name ?? '') ? 'infoform.pdf' : 'infoform.word';
}

async function inner(source: ByteSource, options: CheckOptions, deadline: number): Promise<RuleResult[]> {
  const kind = await sniffKind(source);
  if (kind === 'pdf') return checkPdf(source, deadline);
  if (kind === 'zip') return checkWord(source, options);
  if (kind === 'ole-word') return checkLegacyWord(source, options);
  const what = (kind === 'unknown' ? await describeForeign(source) : null) ?? describeKind(kind);
  const msg =
    kind === 'ole-encrypted'
      ? '信息表文件设置了打开密码（已加密），无法读取，请取消密码后重新上传。'
      : `上传的文件是${what}，不是 PDF 或 Word 文档。信息表须分别上传盖章扫描的 PDF 和 Word 版本，请重新上传。`;
  return [result(guessRule(source), 'fail', what, 'PDF 或 Word 文档', msg)];
}

// ---------------------------------------------------------------------------------------------
// PDF

const SIGNATURE_EXPECTED = '作者声明栏有作者本人签名和日期';

/**
 * infoform.signature (SPEC §3.4): whether the author signed and dated the form only a person can judge (a scan of
 * handwriting), so it is always a manual item: the province ticks it on its checklist before 推荐, experts see it.
 */
function signatureResult(readable: boolean): RuleResult {
  return result(
    'infoform.signature',
    'manual',
    readable ? '需人工确认' : '未能自动检查',
    SIGNATURE_EXPECTED,
    readable
      ? '请人工确认：信息表“作者声明”栏有作者本人的手写签名（多位作者的须每人签名）并填写了日期。作者请在打印的信息表上签名、写明日期，盖章后扫描上传。'
      : 'PDF 无法打开，无法查看作者签名，需人工确认：信息表“作者声明”栏须有作者本人签名和日期。',
  );
}

/** infoform.stamp when no red seal is found: a detected rule, so the fail can be explained to the province. */
export const NO_SEAL_MESSAGE =
  '未检测到红色公章。请在打印的信息表“推荐单位意见/所在单位意见”栏加盖单位公章，彩色扫描后重新上传。如已盖章（例如只能黑白扫描或印章颜色较浅），可在本项检查结果下填写说明，由省级管理员人工复核。';

async function checkPdf(source: ByteSource, deadline: number): Promise<RuleResult[]> {
  const withSignature = async (r: Promise<RuleResult[]>, readable: boolean) => [...(await r), signatureResult(readable)];
  const opened = await openPdf(source);
  if (!opened.ok) return withSignature(unopened(source, opened.reason), false);
  return withSignature(checkOpenedPdf(opened, deadline), true);
}

async function unopened(source: ByteSource, reason: Extract<PdfOpenResult, { ok: false }>['reason']): Promise<RuleResult[]> {
  const stampUnknown = result('infoform.stamp', 'manual', null, '加盖单位公章', 'PDF 无法打开，无法检查公章，需人工确认。');
  switch (reason) {
    case 'password':
      return [
        result('infoform.pdf', 'fail', '已加密（需要密码）', '可读取的 PDF', '信息表 PDF 设置了打开密码，无法查看，请取消密码后重新导出上传。'),
        stampUnknown,
      ];
    case 'too_large':
      return [result('infoform.pdf', 'fail', `${Math.round(source.size / 1048576)} MB`, '≤ 64 MB', '信息表 PDF 过大，请降低扫描分辨率（如 200–300 dpi）后重新上传。'), stampUnknown];
    case 'bomb':
      return [
        result('infoform.pdf', 'fail', '内部数据解压后超过安全上限', '可读取的 PDF', '信息表 PDF 内部数据解压后超过安全上限（疑似异常文件），已拒绝处理。请重新扫描或用常用软件导出 PDF 后上传。'),
        stampUnknown,
      ];
    case 'invalid':
      return [result('infoform.pdf', 'fail', '文件已损坏', '可读取的 PDF', '信息表 PDF 已损坏或不完整，无法打开，请重新扫描或导出后上传。'), stampUnknown];
    default:
      return [result('infoform.pdf', 'error', null, '可读取的 PDF', '信息表 PDF 读取出错，请重新导出后上传；如仍失败请联系管理员。'), stampUnknown];
  }
}

async function checkOpenedPdf(opened: Extract<PdfOpenResult, { ok: true }>, deadline: number): Promise<RuleResult[]> {
  const { doc, numPages, mod } = opened;
  try {
    const pdfResult = result('infoform.pdf', 'pass', `PDF，${numPages} 页`, '可读取的 PDF', `信息表 PDF 可正常打开（共 ${numPages} 页）。`);
    let stamp: RuleResult;
    try {
      const scan = await scanRedSeal(doc, mod, { maxPages: 5, deadline });
      const details = { ...scan };
      if (scan.found === true) {
        stamp = result(
          'infoform.stamp',
          'manual',
          `检测到疑似红色印章（第 ${scan.pagesWithRed.join('、')} 页）`,
          '加盖单位公章',
          `检测到疑似红色印章（第 ${scan.pagesWithRed.join('、')} 页），需人工确认是否为推荐单位公章。`,
          details,
        );
      } else if (scan.found === false) {
        stamp = result('infoform.stamp', 'fail', '未检测到红色印章', '加盖单位公章', NO_SEAL_MESSAGE, details);
      } else {
        stamp = result('infoform.stamp', 'manual', '无法判断', '加盖单位公章', '无法自动判断 PDF 是否盖章，需人工确认。', details);
      }
    } catch {
      stamp = result('infoform.stamp', 'manual', '无法判断', '加盖单位公章', '无法自动判断 PDF 是否盖章，需人工确认。');
    }
    return [pdfResult, stamp];
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Word

async function checkWord(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  let doc: DocxDocument;
  try {
    doc = await loadDocx(source, { maxEntries: 5000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 });
  } catch (e) {
    const msg = e instanceof OoxmlError ? e.message : '信息表 Word 文件无法读取，请用 Word 或 WPS 重新保存为 .docx 后上传。';
    const status: RuleStatus = e instanceof OoxmlError && (e.code === 'zip_format' || e.code === 'zip_entry_missing') ? 'fail' : 'error';
    return [
      result('infoform.word', status, '无法读取', '可读取的 Word 文档', msg),
      result('form.summary_length', 'manual', null, summaryExpected(options), 'Word 信息表无法读取，简介字数需人工核对。'),
    ];
  }
  // The package's main part must be a Word body: a PowerPoint or Excel file renamed .docx is not an info form.
  if (!/^word\//i.test(doc.mainPart.replace(/^\/+/, ''))) {
    const what = /^ppt\//i.test(doc.mainPart) ? 'PowerPoint 演示文稿' : /^xl\//i.test(doc.mainPart) ? 'Excel 工作簿' : '其他 Office 文件';
    return [
      result('infoform.word', 'fail', what, '可读取的 Word 文档', `上传的文件是${what}，不是 Word 文档。请上传 Word 版信息表（.docx）。`),
      result('form.summary_length', 'manual', null, summaryExpected(options), 'Word 信息表无法读取，简介字数需人工核对。'),
    ];
  }
  if (doc.hasMacros) {
    return [
      result('infoform.word', 'fail', '启用宏的 Word 文档（.docm）', '可读取的 Word 文档', '信息表包含宏（启用宏的 .docm 文档），出于安全原因不予接收；请另存为不含宏的 Word 文档（.docx）后重新上传。'),
      summaryRule(doc, options),
    ];
  }
  return [
    result('infoform.word', 'pass', 'Word 文档（.docx）', '可读取的 Word 文档', '信息表 Word 文件可正常读取。'),
    summaryRule(doc, options),
  ];
}

async function checkLegacyWord(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  let why = '';
  const converted = options.tools?.convertLegacy
    ? await options.tools.convertLegacy(source, 'docx').catch((e: unknown) => {
        why = toolReason(e);
        return null;
      })
    : null;
  if (converted) {
    try {
      const doc = await loadDocx(converted);
      return [
        result('infoform.word', 'pass', '旧版 Word 文档（.doc）', '可读取的 Word 文档', '信息表为旧版 .doc 格式，已转换读取；建议另存为 .docx。'),
        summaryRule(doc, options),
      ];
    } catch {
      /* fall through */
    }
  }
  return [
    result('infoform.word', 'pass', '旧版 Word 文档（.doc）', '可读取的 Word 文档', '信息表为旧版 .doc 格式，建议另存为 .docx 后上传。'),
    result('form.summary_length', 'manual', null, summaryExpected(options), `旧版 .doc 文件无法自动统计简介字数${why}，需人工核对。`),
  ];
}

function summaryExpected(options: CheckOptions): string | null {
  const max = options.params.infoform?.summaryMaxChars;
  return max ? `≤ ${max} 字` : null;
}

const LABEL = /(简介|概述)/;
const SPACES = /[\s\u3000\u00a0]+/g;

/** Lines of the notice's own instructions inside the value cell: "（…不超过 350 字。）", "注：…". */
function isInstruction(line: string): boolean {
  const t = line.replace(SPACES, '');
  if (!t) return true;
  if (/^注[:：]/.test(t)) return true;
  if (/^[（(].*[)）]$/.test(t) && /(不超过|字|简明扼要|概述本案例)/.test(t)) return true;
  return false;
}

export interface SummaryFound {
  label: string;
  text: string;
  where: 'table' | 'paragraph';
}

/** Finds the summary (简介/概述) in an info form: the cell after a label cell, or a "案例简介：…" paragraph. */
export function findSummary(doc: DocxDocument): SummaryFound | null {
  for (const table of doc.tables) {
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r]!;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c]!;
        const firstLine = cell.split('\n').find((l) => l.trim()) ?? '';
        const label = firstLine.replace(SPACES, '');
        if (!LABEL.test(label) || countZi(label) > 12) continue;
        // The label cell itself may hold the text below the label.
        const rest = cell.split('\n').slice(cell.split('\n').indexOf(firstLine) + 1).filter((l) => !isInstruction(l));
        let value = '';
        const valueCells = row.slice(c + 1);
        for (const v of valueCells) {
          if (value) break;
          value = v.split('\n').filter((l) => !isInstruction(l)).join('\n');
        }
        if (!value && rest.length) value = rest.join('\n');
        // A label spanning the whole row: the summary is in the next row.
        if (!value && valueCells.length === 0 && r + 1 < table.rows.length) {
          const next = table.rows[r + 1]!.join('\n');
          value = next.split('\n').filter((l) => !isInstruction(l)).join('\n');
        }
        return { label, text: value.trim(), where: 'table' };
      }
    }
  }
  for (const p of doc.paragraphs) {
    if (p.inTable) continue;
    const m = /^\s*((?:案例)?(?:内容)?(?:简介|概述))\s*[:：]\s*(.+)$/s.exec(p.label + p.text);
    if (m) return { label: m[1]!, text: m[2]!.trim(), where: 'paragraph' };
  }
  return null;
}

function summaryRule(doc: DocxDocument, options: CheckOptions): RuleResult {
  const max = options.params.infoform?.summaryMaxChars;
  const expected = summaryExpected(options);
  const found = findSummary(doc);
  if (!found) {
    return result('form.summary_length', 'manual', '未找到简介栏', expected, '未在 Word 信息表中找到“案例简介/案例概述”栏，简介字数需人工核对。');
  }
  const zi = countZi(found.text);
  if (zi === 0) {
    return result('form.summary_length', 'fail', 0, expected, `信息表中的“${found.label}”栏为空，请填写后重新上传。`);
  }
  if (!max) {
    return result('form.summary_length', 'manual', zi, null, `“${found.label}”共 ${zi} 字；本活动未配置字数上限，需人工核对。`);
  }
  if (zi <= max) {
    return result('form.summary_length', 'pass', zi, expected, `“${found.label}”共 ${zi} 字，未超过 ${max} 字。`);
  }
  return result(
    'form.summary_length',
    'fail',
    zi,
    expected,
    `“${found.label}”共 ${zi} 字，超过上限 ${max} 字（多 ${zi - max} 字）。请精简至 ${max} 字以内，并保证 Word 版与盖章 PDF 版内容一致后重新上传。`,
  );
}
