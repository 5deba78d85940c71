// A read-only model of a DOCX main document with the effective formatting Word shows:
// docDefaults → paragraph style (basedOn chain) → numbering level pPr → character style (basedOn chain)
// → direct formatting; bold is a toggle property (ECMA-376 §17.7.3); East Asian fonts resolve through
// the theme (a:font script="Hans"). Automatic numbering labels are rendered from numbering.xml.
import type { ByteSource } from '../types.ts';
import { OoxmlError, ZipEntryMissingError } from '../ooxml/errors.ts';
import { openZip, type ZipArchive, type ZipBudget } from '../ooxml/zip.ts';
import { child, children, readContentTypes, readRels, readXml, type XmlNode } from '../ooxml/xml.ts';
import { canonicalFont } from './fonts.ts';
import { renderLvlText, type LevelDef } from './numbering.ts';

export interface RunProps {
  /** Effective East Asian font (canonical name), null when nothing defines one. */
  eastAsiaFont: string | null;
  asciiFont: string | null;
  /** Half-points (w:sz); Word's default is 20 (10 pt) when nothing defines it. */
  sizeHalfPt: number;
  bold: boolean;
  /** w:rFonts w:hint="eastAsia": characters shared by Latin and CJK (quotes, dashes, ellipsis) use the East Asian font. */
  eastAsiaHint: boolean;
}

export interface DocxRun {
  text: string;
  props: RunProps;
}

export interface DocxParagraph {
  index: number;
  /** Text of the runs (automatic numbering label not included). */
  text: string;
  /** Rendered automatic numbering label with its suffix ('' when none). */
  label: string;
  /** Paragraph of a text box (w:txbxContent) anchored in the body; Word's 字数 counts it. */
  inTextBox?: boolean;
  /** Formatting of the numbering label (paragraph style ← paragraph mark rPr ← level rPr), when there is a label. */
  labelProps: RunProps | null;
  inTable: boolean;
  styleId: string | null;
  styleName: string | null;
  /** Effective outline level, 0-based (0 = level 1); null for body text. */
  outlineLvl: number | null;
  /** Heading level from a built-in heading style name (1-based), else null. */
  headingStyleLevel: number | null;
  spacing: { line: number | null; lineRule: string | null };
  runs: DocxRun[];
}

export interface DocxTable {
  /** rows → cells → cell text (paragraphs joined with '\n'). */
  rows: string[][];
}

export interface DocxDocument {
  mainPart: string;
  /** Content type of the main part. */
  contentType: string | null;
  hasMacros: boolean;
  paragraphs: DocxParagraph[];
  tables: DocxTable[];
}

export const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
export const DOCM_MAIN = 'application/vnd.ms-word.document.macroEnabled.main+xml';
export const DOTX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml';
export const DOTM_MAIN = 'application/vnd.ms-word.template.macroEnabledTemplate.main+xml';

type FontRef = { theme?: string; name?: string };
interface RPr {
  hint?: string;
  ea?: FontRef;
  ascii?: FontRef;
  sz?: number;
  b?: boolean;
}
interface PPr {
  line?: number;
  lineRule?: string;
  outlineLvl?: number;
  numId?: string;
  ilvl?: number;
}
interface StyleDef {
  id: string;
  type: string;
  name: string;
  basedOn?: string;
  isDefault: boolean;
  rPr: RPr;
  pPr: PPr;
}
interface ThemeFonts {
  /** `script` is the a:font entry for the document's East Asian language (Hans for zh-CN). */
  major: { latin: string; ea: string; script: string };
  minor: { latin: string; ea: string; script: string };
}

/** Theme script for an East Asian language tag (w:themeFontLang w:eastAsia). */
export function scriptForLang(lang: string | undefined): string {
  const l = (lang ?? '').toLowerCase();
  if (l.startsWith('zh-tw') || l.startsWith('zh-hk') || l.startsWith('zh-mo') || l.includes('hant')) return 'Hant';
  if (l.startsWith('ja')) return 'Jpan';
  if (l.startsWith('ko')) return 'Hang';
  return 'Hans';
}

function onOff(node: XmlNode | undefined): boolean | undefined {
  if (!node) return undefined;
  const v = node.attrs['w:val'];
  if (v === undefined) return true;
  return !(v === '0' || v === 'false' || v === 'off' || v === 'none');
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function parseRPr(node: XmlNode | undefined): RPr {
  const r: RPr = {};
  if (!node) return r;
  const fonts = child(node, 'w:rFonts');
  if (fonts) {
    const a = fonts.attrs;
    if (a['w:hint']) r.hint = a['w:hint'];
    if (a['w:eastAsiaTheme']) r.ea = { theme: a['w:eastAsiaTheme'] };
    else if (a['w:eastAsia']) r.ea = { name: a['w:eastAsia'] };
    if (a['w:asciiTheme']) r.ascii = { theme: a['w:asciiTheme'] };
    else if (a['w:ascii']) r.ascii = { name: a['w:ascii'] };
  }
  const sz = num(child(node, 'w:sz')?.attrs['w:val']);
  if (sz !== undefined && sz > 0) r.sz = sz;
  const b = onOff(child(node, 'w:b'));
  if (b !== undefined) r.b = b;
  return r;
}

function parsePPr(node: XmlNode | undefined): PPr {
  const p: PPr = {};
  if (!node) return p;
  const sp = child(node, 'w:spacing');
  if (sp) {
    const line = num(sp.attrs['w:line']);
    if (line !== undefined) p.line = line;
    if (sp.attrs['w:lineRule']) p.lineRule = sp.attrs['w:lineRule'];
  }
  const ol = num(child(node, 'w:outlineLvl')?.attrs['w:val']);
  if (ol !== undefined) p.outlineLvl = ol;
  const numPr = child(node, 'w:numPr');
  if (numPr) {
    const id = child(numPr, 'w:numId')?.attrs['w:val'];
    if (id !== undefined) p.numId = id;
    const il = num(child(numPr, 'w:ilvl')?.attrs['w:val']);
    if (il !== undefined) p.ilvl = il;
  }
  return p;
}

function mergeR(base: RPr, over: RPr): RPr {
  return {
    hint: over.hint ?? base.hint,
    ea: over.ea ?? base.ea,
    ascii: over.ascii ?? base.ascii,
    sz: over.sz ?? base.sz,
    b: over.b ?? base.b,
  };
}
function mergeP(base: PPr, over: PPr): PPr {
  const line = over.line ?? base.line;
  // A w:spacing w:line without w:lineRule means "auto"; keep the rule with the line it came with.
  const lineRule = over.line !== undefined ? (over.lineRule ?? 'auto') : (over.lineRule ?? base.lineRule);
  return {
    line,
    lineRule,
    outlineLvl: over.outlineLvl ?? base.outlineLvl,
    numId: over.numId ?? base.numId,
    ilvl: over.ilvl ?? base.ilvl,
  };
}

const HEADING_NAME = /^(?:heading|标题)\s*([1-9])$/i;

class Styles {
  readonly byId = new Map<string, StyleDef>();
  defaultR: RPr = {};
  defaultP: PPr = {};
  defaultParagraphStyle?: string;
  defaultCharStyle?: string;
  private cache = new Map<string, { rPr: RPr; pPr: PPr }>();

  constructor(root: XmlNode | undefined) {
    if (!root) return;
    const dd = child(root, 'w:docDefaults');
    this.defaultR = parseRPr(child(child(dd, 'w:rPrDefault'), 'w:rPr'));
    this.defaultP = parsePPr(child(child(dd, 'w:pPrDefault'), 'w:pPr'));
    for (const s of children(root, 'w:style')) {
      const id = s.attrs['w:styleId'];
      if (!id) continue;
      const def: StyleDef = {
        id,
        type: s.attrs['w:type'] ?? 'paragraph',
        name: child(s, 'w:name')?.attrs['w:val'] ?? id,
        basedOn: child(s, 'w:basedOn')?.attrs['w:val'],
        isDefault: onOff({ name: '', attrs: { 'w:val': s.attrs['w:default'] ?? '0' }, children: [] }) === true,
        rPr: parseRPr(child(s, 'w:rPr')),
        pPr: parsePPr(child(s, 'w:pPr')),
      };
      if (!this.byId.has(id)) this.byId.set(id, def);
      if (def.isDefault && def.type === 'paragraph' && !this.defaultParagraphStyle) this.defaultParagraphStyle = id;
      if (def.isDefault && def.type === 'character' && !this.defaultCharStyle) this.defaultCharStyle = id;
    }
  }

  /** Properties of a style through its basedOn chain (closest definition wins). */
  resolve(id: string | undefined): { rPr: RPr; pPr: PPr } {
    if (!id) return { rPr: {}, pPr: {} };
    const hit = this.cache.get(id);
    if (hit) return hit;
    const chain: StyleDef[] = [];
    const seen = new Set<string>();
    let cur: string | undefined = id;
    while (cur && !seen.has(cur) && chain.length < 32) {
      seen.add(cur);
      const s = this.byId.get(cur);
      if (!s) break;
      chain.push(s);
      cur = s.basedOn;
    }
    let rPr: RPr = {};
    let pPr: PPr = {};
    for (let i = chain.length - 1; i >= 0; i--) {
      rPr = mergeR(rPr, chain[i]!.rPr);
      pPr = mergeP(pPr, chain[i]!.pPr);
    }
    const out = { rPr, pPr };
    this.cache.set(id, out);
    return out;
  }

  headingLevel(id: string | undefined): number | null {
    const seen = new Set<string>();
    let cur = id;
    // The built-in heading name may sit on the style or on a style it is based on.
    while (cur && !seen.has(cur) && seen.size < 32) {
      seen.add(cur);
      const s = this.byId.get(cur);
      if (!s) return null;
      // Names may carry aliases: "heading 1,H1,一级标题".
      for (const alias of s.name.split(',')) {
        const m = HEADING_NAME.exec(alias.trim());
        if (m) return Number(m[1]);
      }
      cur = s.basedOn;
    }
    return null;
  }
}

function parseTheme(root: XmlNode | undefined, script: string): ThemeFonts {
  const empty = { latin: '', ea: '', script: '' };
  const out: ThemeFonts = { major: { ...empty }, minor: { ...empty } };
  if (!root) return out;
  const fs = child(child(root, 'a:themeElements'), 'a:fontScheme');
  for (const [key, tag] of [['major', 'a:majorFont'], ['minor', 'a:minorFont']] as const) {
    const f = child(fs, tag);
    if (!f) continue;
    out[key].latin = child(f, 'a:latin')?.attrs.typeface ?? '';
    out[key].ea = child(f, 'a:ea')?.attrs.typeface ?? '';
    const sf = children(f, 'a:font').find((x) => x.attrs.script === script);
    out[key].script = sf?.attrs.typeface ?? '';
  }
  return out;
}

function resolveFont(ref: FontRef | undefined, theme: ThemeFonts): string | null {
  if (!ref) return null;
  if (ref.theme) {
    const t = ref.theme;
    const set = t.startsWith('major') ? theme.major : theme.minor;
    if (/EastAsia$/.test(t)) return canonicalFont(set.ea || set.script || null);
    return canonicalFont(set.latin || null);
  }
  return canonicalFont(ref.name ?? null);
}

interface NumLevel extends LevelDef {
  pPr: PPr;
  rPr: RPr;
  suff: string;
}
class Numbering {
  private abstracts = new Map<string, NumLevel[]>();
  /** abstractNum → numbering style it links to (w:numStyleLink): its levels live in the style's list. */
  private styleLinks = new Map<string, string>();
  private nums = new Map<string, { abstractId: string; overrides: Map<number, { start?: number; lvl?: NumLevel }> }>();
  private counters = new Map<string, Array<number | undefined>>();
  private seenNum = new Set<string>();

  constructor(
    root: XmlNode | undefined,
    private readonly styleNumId: (styleId: string) => string | undefined = () => undefined,
  ) {
    if (!root) return;
    for (const a of children(root, 'w:abstractNum')) {
      const id = a.attrs['w:abstractNumId'];
      if (id === undefined) continue;
      const link = child(a, 'w:numStyleLink')?.attrs['w:val'];
      if (link) this.styleLinks.set(id, link);
      const levels: NumLevel[] = [];
      for (const l of children(a, 'w:lvl')) {
        const il = num(l.attrs['w:ilvl']) ?? 0;
        if (il >= 0 && il < 9) levels[il] = parseLevel(l);
      }
      this.abstracts.set(id, levels);
    }
    for (const n of children(root, 'w:num')) {
      const id = n.attrs['w:numId'];
      const abstractId = child(n, 'w:abstractNumId')?.attrs['w:val'];
      if (id === undefined || abstractId === undefined) continue;
      const overrides = new Map<number, { start?: number; lvl?: NumLevel }>();
      for (const o of children(n, 'w:lvlOverride')) {
        const il = num(o.attrs['w:ilvl']) ?? 0;
        const start = num(child(o, 'w:startOverride')?.attrs['w:val']);
        const lvlNode = child(o, 'w:lvl');
        overrides.set(il, { start, lvl: lvlNode ? parseLevel(lvlNode) : undefined });
      }
      this.nums.set(id, { abstractId, overrides });
    }
  }

  /** The abstractNum whose levels apply, following w:numStyleLink through a numbering style. */
  private abstractOf(numId: string): string | undefined {
    let abstractId = this.nums.get(numId)?.abstractId;
    for (let hops = 0; abstractId !== undefined && hops < 4; hops++) {
      const link = this.styleLinks.get(abstractId);
      const levels = this.abstracts.get(abstractId);
      if (!link || (levels && levels.some(Boolean))) break;
      const linkedNum = this.styleNumId(link);
      const next = linkedNum ? this.nums.get(linkedNum)?.abstractId : undefined;
      if (next === undefined || next === abstractId) break;
      abstractId = next;
    }
    return abstractId;
  }

  levels(numId: string): NumLevel[] | undefined {
    const n = this.nums.get(numId);
    if (!n) return undefined;
    const abstractId = this.abstractOf(numId);
    const base = abstractId !== undefined ? this.abstracts.get(abstractId) : undefined;
    if (!base) return undefined;
    const out = base.slice();
    for (const [il, o] of n.overrides) if (o.lvl) out[il] = o.lvl;
    return out;
  }

  /** Advances the counters for a numbered paragraph and returns its label (with suffix) and level pPr. */
  next(numId: string, ilvl: number): { label: string; pPr: PPr; rPr: RPr } | null {
    const n = this.nums.get(numId);
    const levels = this.levels(numId);
    if (!n || !levels || !levels[ilvl]) return null;
    const key = this.abstractOf(numId) ?? n.abstractId;
    let counters = this.counters.get(key);
    if (!counters) this.counters.set(key, (counters = []));
    if (!this.seenNum.has(numId)) {
      this.seenNum.add(numId);
      for (const [il, o] of n.overrides) if (o.start !== undefined) counters[il] = o.start - 1;
    }
    const def = levels[ilvl]!;
    counters[ilvl] = counters[ilvl] === undefined ? def.start : counters[ilvl]! + 1;
    for (let l = ilvl + 1; l < 9; l++) {
      const d = levels[l];
      if (d && d.restart === 0) continue;
      if (d && d.restart !== undefined && d.restart - 1 < ilvl) continue;
      counters[l] = undefined;
    }
    const filled = levels.map((d, l) => counters![l] ?? d?.start ?? 1);
    const text = renderLvlText(levels, filled, ilvl);
    const suffix = def.suff === 'nothing' ? '' : def.suff === 'space' ? ' ' : '\t';
    return { label: text ? text + suffix : '', pPr: def.pPr, rPr: def.rPr };
  }
}

function parseLevel(l: XmlNode): NumLevel {
  const restart = num(child(l, 'w:lvlRestart')?.attrs['w:val']);
  return {
    start: num(child(l, 'w:start')?.attrs['w:val']) ?? 0,
    numFmt: child(l, 'w:numFmt')?.attrs['w:val'] ?? 'decimal',
    lvlText: child(l, 'w:lvlText')?.attrs['w:val'] ?? '',
    isLgl: onOff(child(l, 'w:isLgl')) === true,
    restart,
    pPr: parsePPr(child(l, 'w:pPr')),
    rPr: parseRPr(child(l, 'w:rPr')),
    suff: child(l, 'w:suff')?.attrs['w:val'] ?? 'tab',
  };
}

const RUN_CONTAINERS = new Set([
  'w:hyperlink', 'w:ins', 'w:smartTag', 'w:customXml', 'w:fldSimple', 'w:moveTo', 'w:bdo', 'w:dir', 'w:sdtContent',
]);

interface Ctx {
  /** > 0 while walking the content of a text box. */
  textBoxDepth: number;
  styles: Styles;
  theme: ThemeFonts;
  numbering: Numbering;
  paragraphs: DocxParagraph[];
  tables: DocxTable[];
}

function collectRuns(node: XmlNode, out: XmlNode[]): void {
  for (const c of node.children) {
    if (c.name === 'w:r') out.push(c);
    else if (RUN_CONTAINERS.has(c.name)) collectRuns(c, out);
    else if (c.name === 'w:sdt') collectRuns(child(c, 'w:sdtContent') ?? c, out);
    else if (c.name === 'mc:AlternateContent') {
      const choice = child(c, 'mc:Choice');
      if (choice) collectRuns(choice, out);
    }
  }
}

function runText(r: XmlNode): string {
  let s = '';
  for (const c of r.children) {
    switch (c.name) {
      case 'w:t':
        for (const t of c.children) if (t.name === '#text') s += t.text ?? '';
        break;
      case 'w:tab':
      case 'w:ptab':
        s += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        s += '\n';
        break;
      case 'w:noBreakHyphen':
        s += '-';
        break;
      default:
        break;
    }
  }
  return s;
}

function readParagraph(p: XmlNode, inTable: boolean, ctx: Ctx): DocxParagraph {
  const { styles } = ctx;
  const pPrNode = child(p, 'w:pPr');
  const directP = parsePPr(pPrNode);
  let styleId = child(pPrNode, 'w:pStyle')?.attrs['w:val'];
  if (!styleId || !styles.byId.has(styleId)) styleId = styles.defaultParagraphStyle;
  const ps = styles.resolve(styleId);
  let pPr = mergeP(mergeP(styles.defaultP, ps.pPr), directP);
  let label = '';
  let labelProps: RunProps | null = null;
  if (pPr.numId && pPr.numId !== '0') {
    const n = ctx.numbering.next(pPr.numId, pPr.ilvl ?? 0);
    if (n) {
      label = n.label;
      pPr = mergeP(mergeP(mergeP(styles.defaultP, ps.pPr), n.pPr), directP);
      // The number is drawn with the paragraph mark's run properties, overridden by the level's rPr.
      const markR = parseRPr(child(pPrNode, 'w:rPr'));
      const over = mergeR(markR, n.rPr);
      const eff = mergeR(mergeR(styles.defaultR, ps.rPr), over);
      let bold = styles.defaultR.b ?? false;
      if (ps.rPr.b === true) bold = !bold;
      if (over.b !== undefined) bold = over.b;
      labelProps = {
        eastAsiaFont: resolveFont(eff.ea, ctx.theme),
        asciiFont: resolveFont(eff.ascii, ctx.theme),
        sizeHalfPt: eff.sz ?? 20,
        bold,
        eastAsiaHint: eff.hint === 'eastAsia',
      };
    }
  }
  const runNodes: XmlNode[] = [];
  collectRuns(p, runNodes);
  const runs: DocxRun[] = [];
  let text = '';
  const baseR = mergeR(styles.defaultR, ps.rPr);
  for (const r of runNodes) {
    const t = runText(r);
    if (!t) continue;
    text += t;
    const rPrNode = child(r, 'w:rPr');
    const direct = parseRPr(rPrNode);
    let cs = child(rPrNode, 'w:rStyle')?.attrs['w:val'];
    if (!cs || !styles.byId.has(cs)) cs = styles.defaultCharStyle;
    const csr = styles.resolve(cs).rPr;
    const eff = mergeR(mergeR(baseR, csr), direct);
    // Bold is a toggle property: style levels toggle, direct formatting sets the absolute state.
    let bold = styles.defaultR.b ?? false;
    if (ps.rPr.b === true) bold = !bold;
    if (csr.b === true) bold = !bold;
    if (direct.b !== undefined) bold = direct.b;
    runs.push({
      text: t,
      props: {
        eastAsiaFont: resolveFont(eff.ea, ctx.theme),
        asciiFont: resolveFont(eff.ascii, ctx.theme),
        sizeHalfPt: eff.sz ?? 20,
        bold,
        eastAsiaHint: eff.hint === 'eastAsia',
      },
    });
  }
  const style = styleId ? styles.byId.get(styleId) : undefined;
  const outline = pPr.outlineLvl;
  return {
    index: ctx.paragraphs.length,
    text,
    label,
    labelProps: label ? labelProps : null,
    inTable,
    styleId: styleId ?? null,
    styleName: style?.name ?? null,
    outlineLvl: outline !== undefined && outline >= 0 && outline < 9 ? outline : null,
    headingStyleLevel: styles.headingLevel(styleId),
    spacing: { line: pPr.line ?? null, lineRule: pPr.line !== undefined ? (pPr.lineRule ?? 'auto') : null },
    runs,
  };
}

function findTextBoxes(node: XmlNode, out: XmlNode[]): void {
  for (const c of node.children) {
    if (c.name === 'w:txbxContent') out.push(c);
    else if (c.name === 'mc:Fallback' || c.name === '#text' || c.name === 'w:tbl') continue;
    else if (c.children.length) findTextBoxes(c, out);
  }
}

function walkBlocks(node: XmlNode, inTable: boolean, ctx: Ctx, cellOut?: string[]): void {
  for (const c of node.children) {
    switch (c.name) {
      case 'w:p': {
        const para = readParagraph(c, inTable, ctx);
        if (ctx.textBoxDepth > 0) para.inTextBox = true;
        ctx.paragraphs.push(para);
        cellOut?.push(para.label + para.text);
        // Text boxes anchored in this paragraph follow it (DrawingML choice only, never the VML fallback copy).
        if (ctx.textBoxDepth < 4) {
          const boxes: XmlNode[] = [];
          findTextBoxes(c, boxes);
          for (const box of boxes) {
            ctx.textBoxDepth++;
            walkBlocks(box, inTable, ctx);
            ctx.textBoxDepth--;
          }
        }
        break;
      }
      case 'w:tbl':
        walkTable(c, ctx, cellOut);
        break;
      case 'w:sdt':
        walkBlocks(child(c, 'w:sdtContent') ?? c, inTable, ctx, cellOut);
        break;
      case 'w:customXml':
      case 'w:ins':
      case 'w:moveTo':
        walkBlocks(c, inTable, ctx, cellOut);
        break;
      case 'mc:AlternateContent': {
        const choice = child(c, 'mc:Choice');
        if (choice) walkBlocks(choice, inTable, ctx, cellOut);
        break;
      }
      default:
        break;
    }
  }
}

function walkTable(tbl: XmlNode, ctx: Ctx, parentCell?: string[]): void {
  const table: DocxTable = { rows: [] };
  ctx.tables.push(table);
  const rows: XmlNode[] = [];
  const collectRows = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === 'w:tr') rows.push(c);
      else if (c.name === 'w:sdt') collectRows(child(c, 'w:sdtContent') ?? c);
      else if (c.name === 'w:customXml') collectRows(c);
    }
  };
  collectRows(tbl);
  for (const tr of rows) {
    const row: string[] = [];
    const cells: XmlNode[] = [];
    const collectCells = (n: XmlNode) => {
      for (const c of n.children) {
        if (c.name === 'w:tc') cells.push(c);
        else if (c.name === 'w:sdt') collectCells(child(c, 'w:sdtContent') ?? c);
        else if (c.name === 'w:customXml') collectCells(c);
      }
    };
    collectCells(tr);
    for (const tc of cells) {
      const texts: string[] = [];
      walkBlocks(tc, true, ctx, texts);
      row.push(texts.join('\n'));
    }
    table.rows.push(row);
  }
  if (parentCell) for (const r of table.rows) parentCell.push(r.join('\t'));
}

export interface LoadedDocx extends DocxDocument {
  archive: ZipArchive;
}

/** Reads the main document of a Word package (DOCX/DOCM/DOTX). Throws OoxmlError subclasses. */
export async function loadDocx(source: ByteSource, budget?: ZipBudget): Promise<LoadedDocx> {
  const archive = await openZip(source, budget);
  return loadDocxFromArchive(archive);
}

/**
 * Optional parts may be missing or broken (Word still opens the file), but a DOCTYPE (XXE, billion laughs) or a zip
 * bomb in any part is hostile: that error is passed on instead of being tolerated.
 */
function rethrowHostile(e: unknown): void {
  if (e instanceof OoxmlError && (e.code === 'xml_doctype' || e.code === 'zip_budget' || e.code === 'zip_encrypted')) throw e;
}
const tolerate =
  <T,>(fallback: T) =>
  (e: unknown): T => {
    rethrowHostile(e);
    return fallback;
  };

export async function loadDocxFromArchive(archive: ZipArchive): Promise<LoadedDocx> {
  let contentType: string | null = null;
  let mainPart = 'word/document.xml';
  let types: Awaited<ReturnType<typeof readContentTypes>> | undefined;
  if (archive.has('[Content_Types].xml')) {
    try {
      types = await readContentTypes(archive);
    } catch (e) {
      rethrowHostile(e);
      types = undefined;
    }
  }
  const rootRels = await readRels(archive, '').catch(tolerate(new Map()));
  for (const rel of rootRels.values()) {
    if (/\/officeDocument$/.test(rel.type) && !rel.external && archive.has(rel.target)) mainPart = rel.target;
  }
  if (!archive.has(mainPart)) throw new ZipEntryMissingError('word/document.xml', '文件中没有 Word 正文（word/document.xml），不是有效的 Word 文档，请用 Word 或 WPS 另存为 .docx 后重新上传。');
  contentType = types?.of(mainPart) ?? null;
  const hasMacros = archive.names().some((n) => /vbaProject\.bin$/i.test(n)) || contentType === DOCM_MAIN || contentType === DOTM_MAIN;

  const rels = await readRels(archive, mainPart).catch(tolerate(new Map()));
  const partOf = (suffix: string, fallback: string): string | undefined => {
    for (const r of rels.values()) if (r.type.endsWith(suffix) && !r.external && archive.has(r.target)) return r.target;
    return archive.has(fallback) ? fallback : undefined;
  };
  const stylesPart = partOf('/styles', 'word/styles.xml');
  const numberingPart = partOf('/numbering', 'word/numbering.xml');
  const themePart = partOf('/theme', 'word/theme/theme1.xml');
  const settingsPart = partOf('/settings', 'word/settings.xml');
  const optional = async (part: string | undefined) => (part ? readXml(archive, part, 16 * 1024 * 1024).catch(tolerate(undefined)) : undefined);
  const [stylesRoot, numberingRoot, themeRoot, settingsRoot] = await Promise.all([
    optional(stylesPart),
    optional(numberingPart),
    optional(themePart),
    optional(settingsPart),
  ]);
  const themeLang = child(settingsRoot, 'w:themeFontLang')?.attrs['w:eastAsia'];
  const doc = await readXml(archive, mainPart, 32 * 1024 * 1024);
  const styles = new Styles(stylesRoot);
  const ctx: Ctx = {
    textBoxDepth: 0,
    styles,
    theme: parseTheme(themeRoot, scriptForLang(themeLang)),
    numbering: new Numbering(numberingRoot, (id) => styles.byId.get(id)?.pPr.numId),
    paragraphs: [],
    tables: [],
  };
  const body = child(doc, 'w:body');
  if (body) walkBlocks(body, false, ctx);
  return { archive, mainPart, contentType, hasMacros, paragraphs: ctx.paragraphs, tables: ctx.tables };
}

export interface DocxTextParagraph {
  /** Paragraph text with its automatic numbering label. */
  text: string;
  inTable: boolean;
  inTextBox?: boolean;
}

/** Paragraph texts of a DOCX in document order (tables flagged), for reuse (duplicates, summaries). */
export async function extractDocxText(source: ByteSource): Promise<DocxTextParagraph[]> {
  const doc = await loadDocx(source);
  return doc.paragraphs.map((p) => (p.inTextBox ? { text: p.label + p.text, inTable: p.inTable, inTextBox: true } : { text: p.label + p.text, inTable: p.inTable }));
}
