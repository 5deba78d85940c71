// Courseware (PPTX) check, SPEC §3.2: format, hyperlinks, urls, qrcodes, contacts, ai_label, logos, privacy.
// Pure (browser and Node). Never throws: anything unexpected becomes an `error` result with a Chinese message.
import type { ByteSource, CheckOptions, RuleResult, RuleStatus } from '../types.ts';
import { openZip, type ZipArchive } from '../ooxml/zip.ts';
import { isOoxmlError } from '../ooxml/errors.ts';
import { readContentTypes, readRels } from '../ooxml/xml.ts';
import { DeadlineError, loadDeck, type DeckModel, type PartOwner } from './pptx-model.ts';
import { contactKindLabel, findContacts, findUrls } from './text-scan.ts';
import { LITERAL_AI_LABEL, PRIVACY_NO_FACES, describeAiLabel, matchesAiLabel, type AiLabelRule } from '@anli/domain/rule-params.ts';
import { isToolError } from '../tool-error.ts';
import { describeForeign } from '../foreign.ts';
import { DECODABLE_FORMATS, QrUnavailableError, decodeQrFromImageFile, sniffImage } from './qr.ts';

export const COURSEWARE_RULES = [
  'courseware.format',
  'courseware.hyperlinks',
  'courseware.urls',
  'courseware.qrcodes',
  'courseware.contacts',
  'courseware.ai_label',
  'courseware.logos',
  'courseware.privacy',
] as const;
export type CoursewareRule = (typeof COURSEWARE_RULES)[number];

const DEFAULT_TIMEOUT_MS = 60_000;
/** Images with more pixels than this are not decoded (decompression bomb guard). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/**
 * Images whose header claims more pixels than this make the courseware fail its format rule (a decompression
 * bomb, or a picture no slide needs). Pillow's DecompressionBombError threshold (2 × 89,478,485 pixels).
 */
export const BOMB_IMAGE_PIXELS = 178_956_970;
/** Largest image file inflated for QR decoding. */
const MAX_IMAGE_BYTES = 48 * 1024 * 1024;

const PPTX_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml';
const PPSX_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml';
const POTX_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml';
const MACRO_MAIN = /application\/vnd\.ms-powerpoint\.(presentation|slideshow|template)\.macroenabled\.main\+xml/i;

const EXPECTED: Record<CoursewareRule, string> = {
  'courseware.format': 'PPTX 演示文稿（.pptx）',
  'courseware.hyperlinks': '无指向课件外部的超链接或动作',
  'courseware.urls': '幻灯片文字和备注中无网址',
  'courseware.qrcodes': '图片中无二维码',
  'courseware.contacts': '无电话号码、电子邮箱、QQ号、微信号',
  'courseware.ai_label': '声明含 AI 生成内容时，幻灯片上标注“AI生成”',
  'courseware.logos': '无单独出现的平台工具标志',
  'courseware.privacy': PRIVACY_NO_FACES.courseware.expected,
};

function result(rule: CoursewareRule, status: RuleStatus, actual: unknown, message: string, details?: Record<string, unknown>, expected?: unknown): RuleResult {
  const r: RuleResult = { rule, status, actual, expected: expected ?? EXPECTED[rule], message };
  if (details) r.details = details;
  return r;
}

const LOGOS_MESSAGE =
  '请人工确认：课件中不得单独出现平台工具的标志（Logo）。如有截图或图标仅为展示平台名称，请删除或改为文字说明。';

function logosResult(): RuleResult {
  return result('courseware.logos', 'manual', '需人工判断', LOGOS_MESSAGE);
}

/**
 * courseware.privacy (SPEC §3.2): only a person can judge who is shown and whether they consented, so it is a manual
 * item, worded as the call's notice words it (2026: no frontal student faces; 2025: consent, no student data). The
 * author declares it on the form; the province ticks it before 推荐; experts see it.
 */
function privacyResult(options: CheckOptions): RuleResult {
  const item = options.params.courseware?.privacy ?? PRIVACY_NO_FACES.courseware;
  return result('courseware.privacy', 'manual', '需人工判断', item.confirm, undefined, item.expected);
}

/** The call's label rule (2026: the literal "AI生成"; 2025: any appropriate label). */
function aiLabelOf(options: CheckOptions): AiLabelRule {
  return options.params.courseware?.aiLabel ?? LITERAL_AI_LABEL;
}
const aiExpected = (label: AiLabelRule) => `声明含 AI 生成内容时，幻灯片上标注${describeAiLabel(label)}`;

function aiNotApplicable(options: CheckOptions): RuleResult | null {
  if (options.params.aiContent) return null;
  const label = aiLabelOf(options);
  return result('courseware.ai_label', 'pass', '未声明含 AI 生成内容', `作者未声明课件含 AI 生成内容，本项不适用；如课件中有 AI 生成的内容，请在申报时勾选声明，并在相应幻灯片上标注${describeAiLabel(label)}。`, {
    applicable: false,
  }, aiExpected(label));
}

/** The same status and message for every rule after the format rule (unreadable or not convertible file). */
function blanket(status: RuleStatus, message: string, options: CheckOptions): RuleResult[] {
  const out: RuleResult[] = [];
  for (const rule of COURSEWARE_RULES.slice(1)) {
    if (rule === 'courseware.logos') out.push(logosResult());
    else if (rule === 'courseware.privacy') out.push(privacyResult(options));
    else if (rule === 'courseware.ai_label' && aiNotApplicable(options)) out.push(aiNotApplicable(options)!);
    else out.push(result(rule, status, status === 'manual' ? '未能自动检查' : '无法读取', message));
  }
  return out;
}

// ---------- slide numbers and locations ----------

/** "第1–3、5页" from [1,2,3,5]. */
export function formatSlides(nums: number[]): string {
  const s = [...new Set(nums)].sort((a, b) => a - b);
  if (!s.length) return '';
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(j > i + 1 ? `${s[i]}–${s[j]}` : j === i + 1 ? `${s[i]}、${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return `第${parts.join('、')}页`;
}

function usedBy(o: PartOwner): string {
  return o.slides.length ? `，用于${formatSlides(o.slides)}` : '，未被幻灯片使用';
}

/** Where a part is, in words an author understands. */
export function describeLocation(owner: PartOwner, part: string): string {
  const p = part.toLowerCase();
  const what = p.includes('/charts/') ? '图表' : p.includes('/diagrams/') ? 'SmartArt 图形' : '';
  switch (owner.role) {
    case 'slide':
      return formatSlides(owner.slides);
    case 'notes':
      return `${formatSlides(owner.slides)}备注`;
    case 'layout':
      return `版式/母版（版式 ${baseName(part)}${usedBy(owner)}）`;
    case 'master':
      return `版式/母版（母版 ${baseName(part)}${usedBy(owner)}）`;
    case 'content': {
      if (owner.via === 'layout' || owner.via === 'master') return `版式/母版中的${what || '对象'}（${usedBy(owner).slice(1)}）`;
      const base = formatSlides(owner.slides);
      const notes = owner.via === 'notes' ? '备注' : '';
      return `${base}${notes}${what ? `的${what}` : ''}` || `文件内部部件 ${part}`;
    }
    default:
      return `文件内部部件 ${part}`;
  }
}

function baseName(part: string): string {
  return part.slice(part.lastIndexOf('/') + 1);
}

function clip(s: string, n = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** The findings listed in `details.items`: at most 100 (the rest counted). */
function capped(items: string[], max = 100): string[] {
  return items.length > max ? [...items.slice(0, max), `……等共 ${items.length} 处`] : items;
}

/** `actual` of a failing rule: a readable one-line summary (the full list is in details.items). */
function summary(items: string[]): string {
  return `${items.length} 处：${listFindings(items, 10)}`;
}

function listFindings(items: string[], max = 8): string {
  const head = items.slice(0, max).join('；');
  return items.length > max ? `${head}；等共 ${items.length} 处` : head;
}

// ---------- format ----------

interface FormatOutcome {
  result: RuleResult;
  /** PPTX bytes to run the other rules on, or null. */
  pptx: ByteSource | null;
  /** When pptx is null: what the other rules say. */
  others?: { status: RuleStatus; message: string };
  /** Archive already opened (PPTX path). */
  archive?: ZipArchive;
  mainPart?: string;
}

async function readHead(source: ByteSource, n: number): Promise<Uint8Array> {
  return source.read(0, Math.min(n, source.size));
}

const enc16 = (s: string) => {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) b[i * 2] = s.charCodeAt(i);
  return b;
};
const CFB_NAMES = {
  ppt: enc16('PowerPoint Document'),
  doc: enc16('WordDocument'),
  xls: enc16('Workbook'),
  encrypted: enc16('EncryptedPackage'),
};

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    if (hay[i] !== needle[0]) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Which kind of OLE compound file this is, from the directory entry names (read in slices). */
async function sniffCfb(source: ByteSource, deadline: number): Promise<'ppt' | 'doc' | 'xls' | 'encrypted' | 'unknown'> {
  const slice = 1024 * 1024;
  const overlap = 64;
  const found = new Set<string>();
  const limit = Math.min(source.size, 256 * 1024 * 1024);
  for (let o = 0; o < limit; o += slice - overlap) {
    if (Date.now() > deadline) break;
    const chunk = await source.read(o, Math.min(slice, limit - o));
    for (const [k, v] of Object.entries(CFB_NAMES)) if (!found.has(k) && indexOfBytes(chunk, v) >= 0) found.add(k);
    if (found.has('encrypted')) return 'encrypted';
    if (found.size) break;
    if (chunk.length < slice) break;
  }
  if (found.has('ppt')) return 'ppt';
  if (found.has('doc')) return 'doc';
  if (found.has('xls')) return 'xls';
  return 'unknown';
}

function describeMagic(h: Uint8Array): string | null {
  const s = String.fromCharCode(...h.subarray(0, 8));
  if (s.startsWith('%PDF')) return 'PDF 文件';
  if (h[0] === 0x89 && s.slice(1, 4) === 'PNG') return 'PNG 图片';
  if (h[0] === 0xff && h[1] === 0xd8) return 'JPEG 图片';
  if (s.startsWith('GIF8')) return 'GIF 图片';
  if (s.startsWith('Rar!')) return 'RAR 压缩包';
  if (s.startsWith('7z')) return '7z 压缩包';
  if (s.startsWith('{\\rtf')) return 'RTF 文档';
  if (s.slice(4, 8) === 'ftyp') return '视频文件';
  return null;
}

async function checkFormat(source: ByteSource, options: CheckOptions, deadline: number): Promise<FormatOutcome> {
  const F = 'courseware.format' as const;
  if (source.size === 0) {
    return {
      result: result(F, 'fail', '空文件（0 字节）', '上传的文件是空的（0 字节），请重新导出 PPTX 课件后再上传。'),
      pptx: null,
      others: { status: 'error', message: '文件为空，无法检查此项。请重新上传完整的 PPTX 课件。' },
    };
  }
  const head = await readHead(source, 16);
  const isZip = head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05 || head[2] === 0x07);
  const isCfb = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;

  if (isCfb) {
    const kind = await sniffCfb(source, deadline);
    if (kind === 'encrypted') {
      return {
        result: result(F, 'fail', '已加密的 Office 文件', '课件设置了打开密码（已加密），无法检查。请在 PowerPoint 中取消密码（文件 → 信息 → 保护演示文稿 → 用密码进行加密，清空密码）后另存为 .pptx 再上传。'),
        pptx: null,
        others: { status: 'error', message: '课件已加密，无法读取此项。请取消密码后重新上传。' },
      };
    }
    if (kind === 'doc' || kind === 'xls') {
      const what = kind === 'doc' ? 'Word 文档（.doc）' : 'Excel 表格（.xls）';
      return {
        result: result(F, 'fail', what, `上传的文件是${what}，不是演示文稿。请在“课件”一栏上传 PowerPoint 课件（.pptx）。`),
        pptx: null,
        others: { status: 'error', message: '文件不是演示文稿，无法检查此项；请上传 .pptx 课件。' },
      };
    }
    // Legacy .ppt (or an unidentified compound file, tried as .ppt).
    const legacyMsg = '课件是旧版 PowerPoint 格式（.ppt）。请在 PowerPoint 或 WPS 中打开，选择“另存为”→“PowerPoint 演示文稿（*.pptx）”后重新上传。';
    const convert = options.tools?.convertLegacy;
    let converted: ByteSource | null = null;
    let why = '';
    if (convert) {
      try {
        converted = await convert(source, 'pptx');
      } catch (e) {
        converted = null;
        why = isToolError(e) ? `：${e.chinese}` : '';
      }
    }
    if (!converted) {
      return {
        result: result(F, 'warn', '旧版 .ppt 格式', `${legacyMsg}（本次未能自动转换${why}，其他各项需人工检查。）`, { legacy: true, converted: false, ...(why ? { tool: why.slice(1) } : {}) }),
        pptx: null,
        others: { status: 'manual', message: '旧版 .ppt 课件未能自动转换，此项需人工检查。另存为 .pptx 后重新上传即可自动检查。' },
      };
    }
    const inner = await checkFormat(converted, { ...options, tools: { ...options.tools, convertLegacy: undefined } }, deadline);
    if (!inner.pptx) {
      return {
        result: result(F, 'warn', '旧版 .ppt 格式', `${legacyMsg}（自动转换后的文件无法读取，其他各项需人工检查。）`, { legacy: true, converted: false }),
        pptx: null,
        others: { status: 'manual', message: '旧版 .ppt 课件转换失败，此项需人工检查。另存为 .pptx 后重新上传即可自动检查。' },
      };
    }
    return {
      ...inner,
      result: result(F, 'warn', '旧版 .ppt 格式（已自动转换后检查）', `${legacyMsg}本次已自动转换为 .pptx 完成其余各项检查，转换后的页码与原文件一致。`, { legacy: true, converted: true }),
    };
  }

  if (!isZip) {
    const what = describeMagic(head) ?? (await describeForeign(source));
    return {
      result: result(F, 'fail', what ?? '无法识别的文件类型', `上传的文件${what ? `是${what}，` : '不是'}PowerPoint 演示文稿${what ? '' : '（无论扩展名是什么，按文件内容判断）'}。请上传用 PowerPoint 或 WPS 保存的 .pptx 课件。`),
      pptx: null,
      others: { status: 'error', message: '文件不是 PPTX 演示文稿，无法检查此项；请上传用 PowerPoint 或 WPS 保存的 .pptx 课件。' },
    };
  }

  // A ZIP: an OOXML package?
  const archive = await openZip(source, { maxTotalBytes: 512 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 });
  let mainPart: string | undefined;
  let mainType: string | undefined;
  let ct: Awaited<ReturnType<typeof readContentTypes>> | null = null;
  if (archive.has('[Content_Types].xml')) {
    ct = await readContentTypes(archive);
    for (const rel of (await readRels(archive, '')).values()) {
      if (!rel.external && /\/officeDocument$/.test(rel.type) && archive.has(rel.target)) {
        mainPart = archive.resolve(rel.target) ?? rel.target;
        break;
      }
    }
    if (!mainPart && archive.has('ppt/presentation.xml')) mainPart = archive.resolve('ppt/presentation.xml');
    if (mainPart) mainType = ct.of(mainPart);
  }
  const names = archive.names();
  const hasVba = names.some((n) => /vbaproject\.bin$/i.test(n));
  const isPresentation = !!mainPart && (mainType === PPTX_MAIN || mainType === PPSX_MAIN || mainType === POTX_MAIN || MACRO_MAIN.test(mainType ?? '') || /^ppt\/presentation\.xml$/i.test(mainPart));
  if (!isPresentation) {
    const what = names.some((n) => /^word\/document\.xml$/i.test(n))
      ? 'Word 文档（.docx）'
      : names.some((n) => /^xl\/workbook\.xml$/i.test(n))
        ? 'Excel 表格（.xlsx）'
        : ct
          ? '不是演示文稿的 Office 文件'
          : 'ZIP 压缩包';
    return {
      result: result(F, 'fail', what, `上传的文件是${what}，不是 PowerPoint 演示文稿。请上传 .pptx 课件（不要压缩打包）。`),
      pptx: null,
      others: { status: 'error', message: '文件不是 PPTX 演示文稿，无法检查此项；请上传用 PowerPoint 或 WPS 保存的 .pptx 课件。' },
    };
  }
  if (hasVba || MACRO_MAIN.test(mainType ?? '')) {
    return {
      result: result(F, 'fail', '启用宏的演示文稿（.pptm）', '课件包含宏（VBA 代码，.pptm 格式），不符合要求。请在 PowerPoint 中“另存为”→“PowerPoint 演示文稿（*.pptx）”（宏会被删除）后重新上传。', { macro: true }),
      pptx: source,
      archive,
      mainPart,
    };
  }
  if (mainType === PPSX_MAIN || mainType === POTX_MAIN) {
    const what = mainType === PPSX_MAIN ? 'PowerPoint 放映文件（.ppsx）' : 'PowerPoint 模板（.potx）';
    return {
      result: result(F, 'warn', what, `课件是${what}，请在 PowerPoint 中“另存为”→“PowerPoint 演示文稿（*.pptx）”后重新上传。其余各项已按其内容检查。`),
      pptx: source,
      archive,
      mainPart,
    };
  }
  return {
    result: result(F, 'pass', 'PPTX 演示文稿', '课件格式为 PPTX，符合要求。'),
    pptx: source,
    archive,
    mainPart,
  };
}

// ---------- rules on the deck ----------

function unreadableNote(deck: DeckModel): string {
  if (!deck.problems.length) return '';
  const where = deck.problems.slice(0, 3).map((p) => describeLocation(p.owner, p.part));
  return `另有部分内容无法读取（${where.join('；')}）：${deck.problems[0]!.message}`;
}

function problemsResult(rule: CoursewareRule, deck: DeckModel): RuleResult {
  const where = deck.problems.slice(0, 5).map((p) => describeLocation(p.owner, p.part));
  return result(rule, 'error', `无法读取：${where.join('；')}`, `课件部分内容无法读取（${where.join('；')}），此项未能完成检查。${deck.problems[0]!.message}`, {
    problems: deck.problems.map((p) => ({ part: p.part, slides: p.owner.slides, message: p.message })),
  });
}

const REL_KIND: Record<string, string> = {
  hyperlink: '超链接',
  image: '链接的外部图片',
  oleObject: '链接的外部对象/数据',
  package: '链接的外部文件',
  video: '链接的外部视频',
  audio: '链接的外部音频',
  media: '链接的外部媒体',
  externalLinkPath: '链接的外部数据',
};

function actionKind(action: string): string {
  const a = action.toLowerCase();
  if (a.startsWith('ppaction://program')) return '动作：运行程序';
  if (a.startsWith('ppaction://macro')) return '动作：运行宏';
  if (a.startsWith('ppaction://ole')) return '动作：对象动作';
  if (a.startsWith('ppaction://hlinkfile')) return '动作：打开文件';
  if (a.startsWith('ppaction://hlinkpres')) return '动作：打开其他演示文稿';
  return '动作';
}

function checkHyperlinks(deck: DeckModel): RuleResult {
  const R = 'courseware.hyperlinks' as const;
  interface Finding {
    location: string;
    slides: number[];
    kind: string;
    target: string;
    part: string;
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const actionOf = new Map<string, string>();
  for (const a of deck.outsideActions) if (a.target) actionOf.set(`${a.part}\u0000${a.target}`, a.action);
  for (const l of deck.externalLinks) {
    const key = `${l.part}\u0000${l.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = l.target;
    const action = actionOf.get(key);
    const kind = action ? actionKind(action) : /^mailto:/i.test(target) ? '邮件链接' : (REL_KIND[l.relType] ?? `外部链接（${l.relType}）`);
    findings.push({ location: describeLocation(l.owner, l.part), slides: l.owner.slides, kind, target, part: l.part });
  }
  for (const a of deck.outsideActions) {
    const key = `${a.part}\u0000${a.target ?? a.action}`;
    if (a.target && seen.has(key)) continue;
    seen.add(key);
    findings.push({ location: describeLocation(a.owner, a.part), slides: a.owner.slides, kind: actionKind(a.action), target: a.target ?? a.action, part: a.part });
  }
  findings.sort((x, y) => (x.slides[0] ?? 1e9) - (y.slides[0] ?? 1e9));
  const jumps = deck.internalJumps.length;
  const jumpNote = jumps ? `（幻灯片之间的跳转共 ${jumps} 处，允许保留。）` : '';
  if (findings.length) {
    const items = findings.map((f) => `${f.location}：${f.kind}「${clip(f.target, 100)}」`);
    const slides = [...new Set(findings.flatMap((f) => f.slides))].sort((a, b) => a - b);
    return result(
      R,
      'fail',
      summary(items),
      `课件中有 ${findings.length} 处指向课件外部的超链接或动作，请删除：${listFindings(items)}。处理方法：在 PowerPoint 中选中对应的文字、图片或形状，右键选择“删除链接”（或在“插入 → 动作”中改为“无动作”）；图表请在“图表设计 → 编辑数据”中断开与外部工作簿的链接，链接的图片或对象请改为嵌入。${jumpNote}${unreadableNote(deck)}`,
      { slides, findings, internalJumps: jumps, items: capped(items) },
    );
  }
  if (deck.problems.length) return problemsResult(R, deck);
  return result(R, 'pass', jumps ? `无外部链接（幻灯片间跳转 ${jumps} 处）` : '无外部链接', `未发现指向课件外部的超链接或动作。${jumpNote}`, { slides: [], findings: [], internalJumps: jumps });
}

interface TextHit {
  location: string;
  slides: number[];
  kind: string;
  text: string;
}

function collectHits(deck: DeckModel, scan: (s: string) => Array<{ kind: string; text: string }>, useVisible: boolean): TextHit[] {
  const hits: TextHit[] = [];
  const seen = new Set<string>();
  for (const b of deck.texts) {
    const text = useVisible ? b.visibleText : b.text;
    if (!text) continue;
    // Visible text only: a layout or master that no slide uses shows nowhere.
    if (useVisible && !b.owner.slides.length) continue;
    const location = describeLocation(b.owner, b.part);
    for (const f of scan(text)) {
      const key = `${location}\u0000${f.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ location, slides: b.owner.slides, kind: f.kind, text: f.text });
    }
  }
  hits.sort((x, y) => (x.slides[0] ?? 1e9) - (y.slides[0] ?? 1e9));
  return hits;
}

function checkUrls(deck: DeckModel): RuleResult {
  const R = 'courseware.urls' as const;
  const hits = collectHits(deck, findUrls, true);
  if (hits.length) {
    const items = hits.map((h) => `${h.location}：「${clip(h.text, 100)}」`);
    const slides = [...new Set(hits.flatMap((h) => h.slides))].sort((a, b) => a - b);
    return result(
      R,
      'fail',
      summary(items),
      `课件的幻灯片文字或备注中出现 ${hits.length} 处网址，请删除：${listFindings(items)}。如需说明资源来源，请只写平台或网站名称，不要写网址。${unreadableNote(deck)}`,
      { slides, findings: hits, items: capped(items) },
    );
  }
  if (deck.problems.length) return problemsResult(R, deck);
  return result(R, 'pass', '未发现网址', '幻灯片文字和备注中未发现网址。', { slides: [], findings: [] });
}

function checkContacts(deck: DeckModel): RuleResult {
  const R = 'courseware.contacts' as const;
  const hits = collectHits(deck, findContacts, false);
  if (hits.length) {
    const items = hits.map((h) => `${h.location}：${contactKindLabel(h.kind)}「${clip(h.text, 60)}」`);
    const slides = [...new Set(hits.flatMap((h) => h.slides))].sort((a, b) => a - b);
    return result(
      R,
      'fail',
      summary(items),
      `课件中出现 ${hits.length} 处联系方式，请删除：${listFindings(items)}。课件中不得出现电话号码、电子邮箱、QQ号、微信号等个人或单位联系方式（包括备注、版式和母版中的文字）。${unreadableNote(deck)}`,
      { slides, findings: hits, items: capped(items) },
    );
  }
  if (deck.problems.length) return problemsResult(R, deck);
  return result(R, 'pass', '未发现联系方式', '课件中未发现电话号码、电子邮箱、QQ号或微信号。', { slides: [], findings: [] });
}

function checkAiLabel(deck: DeckModel, options: CheckOptions): RuleResult {
  const R = 'courseware.ai_label' as const;
  const na = aiNotApplicable(options);
  if (na) return na;
  const label = aiLabelOf(options);
  const named = describeAiLabel(label);
  const slides = new Set<number>();
  for (const b of deck.texts) {
    if (b.kind === 'notes' || b.owner.role === 'notes' || b.owner.via === 'notes') continue;
    if (matchesAiLabel(b.visibleText, label)) for (const s of b.owner.slides) slides.add(s);
  }
  const found = [...slides].sort((a, b) => a - b);
  if (found.length) {
    return result(R, 'pass', `${formatSlides(found)}有 AI 生成标注`, `已在${formatSlides(found)}找到${named}标注。`, { slides: found }, aiExpected(label));
  }
  if (deck.problems.length) return { ...problemsResult(R, deck), expected: aiExpected(label) };
  const literal = label.mode === 'literal' ? `（须为“${label.text}”这几个字；“本图由人工智能生成”等其他说法不算）` : '';
  return result(
    R,
    'fail',
    `未找到${named}标注`,
    `作者声明课件含 AI 生成的内容，但幻灯片上没有找到${named}标注${literal}。请在使用了 AI 生成内容（文字、图片、音视频等）的幻灯片上，用文本框注明${label.mode === 'literal' ? `“${label.text}”` : '“AI生成”等标识'}（不要只写在备注里，也不要做成图片）后重新上传。`,
    { slides: [] },
    aiExpected(label),
  );
}

interface QrOutcome {
  result: RuleResult;
  /** Images whose header claims more than BOMB_IMAGE_PIXELS. */
  bombs: Array<{ location: string; image: string; width: number; height: number; slides: number[] }>;
}

async function checkQr(archive: ZipArchive, deck: DeckModel, qrDeadline: number): Promise<QrOutcome> {
  const R = 'courseware.qrcodes' as const;
  interface Found {
    location: string;
    slides: number[];
    image: string;
    texts: string[];
    referenced: boolean;
  }
  const found: Found[] = [];
  const warnSkips: Array<{ image: string; location: string; reason: string }> = [];
  const notes: Array<{ image: string; location: string; reason: string }> = [];
  let checked = 0;
  let unavailable = false;
  const decodedBySig = new Map<string, string[]>();
  const bombs: QrOutcome['bombs'] = [];
  const images = [...deck.images].sort((a, b) => (a.owner.slides[0] ?? 1e9) - (b.owner.slides[0] ?? 1e9));
  for (const img of images) {
    const location = img.owner.slides.length ? describeLocation(img.owner, img.part) : `未被幻灯片使用的图片 ${baseName(img.part)}`;
    if (Date.now() > qrDeadline) {
      warnSkips.push({ image: img.part, location, reason: '检查时间已用完，未检查' });
      continue;
    }
    // The same picture stored twice (same CRC and size) is decoded once.
    const info = archive.entry(img.part);
    const sig = info ? `${info.crc32}:${info.declaredSize}` : '';
    const prior = sig ? decodedBySig.get(sig) : undefined;
    if (prior) {
      if (prior.length) found.push({ location, slides: img.owner.slides, image: img.part, texts: prior, referenced: img.owner.slides.length > 0 });
      checked++;
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await archive.bytes(img.part, MAX_IMAGE_BYTES);
    } catch (e) {
      warnSkips.push({ image: img.part, location, reason: isOoxmlError(e) && e.code === 'zip_budget' ? '图片文件过大，未检查' : '图片无法读取' });
      continue;
    }
    const h = sniffImage(bytes);
    if (!DECODABLE_FORMATS.has(h.format)) {
      const fmt = h.format === 'unknown' ? '未知格式' : h.format.toUpperCase();
      notes.push({ image: img.part, location, reason: `${fmt} 格式图片未做二维码识别` });
      continue;
    }
    if (h.width !== null && h.height !== null && h.width * h.height > BOMB_IMAGE_PIXELS) {
      bombs.push({ location, image: img.part, width: h.width, height: h.height, slides: img.owner.slides });
      warnSkips.push({ image: img.part, location, reason: `图片尺寸异常（${h.width}×${h.height}），未解码` });
      continue;
    }
    if (h.width !== null && h.height !== null && h.width * h.height > MAX_IMAGE_PIXELS) {
      warnSkips.push({ image: img.part, location, reason: `图片尺寸过大（${h.width}×${h.height}），为安全起见未解码` });
      continue;
    }
    if (h.width === null || h.height === null || h.width === 0 || h.height === 0) {
      warnSkips.push({ image: img.part, location, reason: '图片文件头无法识别' });
      continue;
    }
    if (unavailable) continue; // still sniffed above, for the bomb check
    try {
      const texts = await decodeQrFromImageFile(bytes);
      checked++;
      if (sig) decodedBySig.set(sig, texts);
      if (texts.length) found.push({ location, slides: img.owner.slides, image: img.part, texts, referenced: img.owner.slides.length > 0 });
    } catch (e) {
      if (e instanceof QrUnavailableError) {
        unavailable = true;
        continue;
      }
      warnSkips.push({ image: img.part, location, reason: '图片无法解码' });
    }
  }
  const details = {
    slides: [...new Set(found.flatMap((f) => f.slides))].sort((a, b) => a - b),
    findings: found,
    skipped: warnSkips,
    notes,
    imagesChecked: checked,
    imagesTotal: images.length,
  };
  const noteText = notes.length ? `另有 ${notes.length} 张矢量或特殊格式图片（${listFindings(notes.map((n) => `${n.location} ${baseName(n.image)}`), 4)}）未做识别。` : '';
  const visible = found.filter((f) => f.referenced);
  if (visible.length) {
    const items = visible.map((f) => `${f.location}：图片 ${baseName(f.image)}（内容：${clip(f.texts.join(' | '), 80)}）`);
    return {
      bombs,
      result: result(
        R,
        'fail',
        summary(items),
        `课件中有 ${visible.length} 张图片含二维码，请删除这些二维码图片（或将二维码部分裁掉）：${listFindings(items)}。`,
        { ...details, items: capped(items) },
      ),
    };
  }
  if (unavailable) {
    return { bombs, result: result(R, 'manual', '二维码识别组件未加载', '二维码识别组件未能加载，此项需人工检查：请确认课件中没有二维码图片。', details) };
  }
  if (found.length || warnSkips.length) {
    const parts: string[] = [];
    if (found.length) parts.push(`课件包中有未在幻灯片上使用的图片含二维码（${found.map((f) => baseName(f.image)).join('、')}），建议在 PowerPoint 中“文件 → 信息 → 检查问题”清理后重新保存`);
    if (warnSkips.length) parts.push(`${warnSkips.length} 张图片未能识别（${listFindings(warnSkips.map((s) => `${s.location} ${baseName(s.image)}：${s.reason}`), 4)}），请人工确认其中没有二维码`);
    return { bombs, result: result(R, 'warn', `已识别 ${checked} 张，未识别 ${warnSkips.length} 张`, `${parts.join('；')}。${noteText}`, details) };
  }
  return {
    bombs,
    result: result(R, 'pass', images.length ? `已识别 ${checked} 张图片，未发现二维码` : '课件中没有图片', `${images.length ? `已检查课件中的 ${checked} 张图片，未发现二维码。` : '课件中没有图片，无需检查二维码。'}${noteText}`, details),
  };
}

// ---------- entry point ----------

function errorMessage(e: unknown): string {
  if (isOoxmlError(e)) return e.message;
  if (e instanceof DeadlineError) return '课件检查超时（文件过大或过于复杂），请压缩图片、删除不必要的内容后重新上传；如仍超时，请联系管理员人工检查。';
  return '课件无法读取（文件可能已损坏），请用 PowerPoint 或 WPS 重新保存为 .pptx 后上传。';
}

function allError(message: string, options: CheckOptions, format?: RuleResult): RuleResult[] {
  const f = format ?? result('courseware.format', 'error', '无法读取', message);
  return [f, ...blanket('error', message, options)];
}

async function run(source: ByteSource, options: CheckOptions, start: number, timeoutMs: number): Promise<RuleResult[]> {
  const deadline = start + timeoutMs * 0.95;
  let fmt: FormatOutcome;
  try {
    fmt = await checkFormat(source, options, deadline);
  } catch (e) {
    const message = errorMessage(e);
    return allError(message, options, result('courseware.format', 'error', '无法读取', message));
  }
  if (!fmt.pptx) {
    const o = fmt.others ?? { status: 'error' as const, message: '此项无法检查。' };
    return [fmt.result, ...blanket(o.status, o.message, options)];
  }
  let archive = fmt.archive;
  let mainPart = fmt.mainPart;
  let deck: DeckModel;
  try {
    if (!archive || !mainPart) {
      archive = await openZip(fmt.pptx, { maxTotalBytes: 512 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 });
      mainPart = archive.resolve('ppt/presentation.xml') ?? 'ppt/presentation.xml';
    }
    deck = await loadDeck(archive, mainPart, { deadline });
  } catch (e) {
    // The package is a presentation but its content cannot be read (zip bomb, DOCTYPE, broken XML, timeout):
    // the format rule (the slot's blocking rule) must not say it passed.
    const message = errorMessage(e);
    return [result('courseware.format', 'error', '无法读取', message, { ...(fmt.result.details ?? {}), unreadable: true }), ...blanket('error', message, options)];
  }
  let format = fmt.result;
  const doctype = deck.problems.find((p) => p.code === 'xml_doctype');
  if (doctype && format.status !== 'fail') {
    // An XML part with a DOCTYPE (XXE, billion laughs) is never written by PowerPoint or WPS.
    format = result('courseware.format', 'fail', '含不安全的 XML 声明', `${describeLocation(doctype.owner, doctype.part)}：${doctype.message}`, { ...(format.details ?? {}), doctype: doctype.part });
  }
  const hyperlinks = checkHyperlinks(deck);
  const urls = checkUrls(deck);
  const contacts = checkContacts(deck);
  const ai = checkAiLabel(deck, options);
  let qr: RuleResult;
  try {
    const outcome = await checkQr(archive, deck, start + timeoutMs * 0.85);
    qr = outcome.result;
    if (outcome.bombs.length && format.status !== 'fail') {
      const items = outcome.bombs.map((b) => `${b.location}：${baseName(b.image)}（${b.width}×${b.height} 像素）`);
      format = result(
        'courseware.format',
        'fail',
        `图片尺寸异常：${summary(items)}`,
        `课件中有 ${items.length} 张图片的尺寸异常（${listFindings(items, 3)}），超过 ${(BOMB_IMAGE_PIXELS / 1e8).toFixed(2)} 亿像素的安全上限，疑似“解压炸弹”图片，平台不予接收。请删除该图片或缩小后重新插入（PowerPoint 中选中图片 →“图片格式”→“压缩图片”），保存为 .pptx 后重新上传。`,
        { ...(format.details ?? {}), imageBombs: outcome.bombs },
      );
    }
  } catch (e) {
    qr = result('courseware.qrcodes', 'error', '无法读取', `图片检查出错：${errorMessage(e)}`);
  }
  if (deck.slides.length === 0) {
    // No slides: say so on the format rule without failing it.
    format.message += '（注意：课件中没有幻灯片。）';
    format.details = { ...(format.details ?? {}), slides: 0 };
  }
  return [format, hyperlinks, urls, qr, contacts, ai, logosResult(), privacyResult(options)];
}

/**
 * Checks a courseware file (PPTX; legacy .ppt through `options.tools.convertLegacy`) against SPEC §3.2.
 * Always resolves with one result per rule, in the order of COURSEWARE_RULES.
 */
export async function checkCourseware(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const start = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<RuleResult[]>((resolve) => {
    timer = setTimeout(() => resolve(allError(errorMessage(new DeadlineError()), options)), timeoutMs);
  });
  try {
    return await Promise.race([
      run(source, options, start, timeoutMs).catch((e: unknown) => allError(errorMessage(e), options)),
      timeout,
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
