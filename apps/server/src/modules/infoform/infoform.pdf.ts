// The 信息表 as a PDF drawn with pdf-lib: the same table model as the Word file, A4, grid lines, 10.5 pt text
// wrapped in the cells, the summary row split across pages when long. Noto Serif SC (a Song/Ming serif, the
// open stand-in for 宋体) is embedded as a subset through upstream fontkit.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { randomInt } from 'node:crypto';
// @ts-ignore -- fontkit 2 ships no type declarations; the little used here is typed below.
import * as fontkitModule from 'fontkit';
import { LineCapStyle, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import {
  BODY_SIZE_PT,
  ROW_MIN_PT,
  TITLE_SIZE_PT,
  buildInfoFormLayout,
  type FormCell,
  type Inline,
  type Para,
} from './infoform.layout.ts';

const require = createRequire(import.meta.url);

/** Regular weight for the table, bold for the title line (SIL OFL 1.1, from the npm package). */
export const PDF_FONT_PATH = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
export const PDF_TITLE_FONT_PATH = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');

// ---------- fonts ----------

interface FontkitSubset {
  encode(): Uint8Array;
  encodeStream?: () => Readable;
}
interface FontkitFont {
  postscriptName: string;
  createSubset(): FontkitSubset;
}
interface Fontkit {
  create(data: Uint8Array, postscriptName?: string): FontkitFont;
}

const upstreamFontkit = ((fontkitModule as { default?: Fontkit }).default ?? fontkitModule) as Fontkit;

/** Parsed fonts by their bytes: the 15 MB files are parsed once per process, not once per document. */
const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

/**
 * Upstream fontkit for pdf-lib. pdf-lib reads a subset through `encodeStream()`, which fontkit 2 replaced by
 * `encode()`; the shim bridges the two (@pdf-lib/fontkit, which has encodeStream, drops glyphs when subsetting).
 */
export const fontkitForPdfLib: Fontkit = {
  create(data: Uint8Array, postscriptName?: string): FontkitFont {
    const cached = postscriptName ? undefined : parsedFonts.get(data);
    if (cached) return cached;
    const font = upstreamFontkit.create(data, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => Readable.from([subset.encode()]);
      return subset;
    };
    if (!postscriptName) parsedFonts.set(data, font);
    return font;
  },
};

const fontBytes = new Map<string, Promise<Uint8Array>>();

/** Font file bytes, read once and kept for the life of the process. */
export function loadFontBytes(path: string): Promise<Uint8Array> {
  let p = fontBytes.get(path);
  if (!p) {
    p = readFile(path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    p.catch(() => fontBytes.delete(path));
    fontBytes.set(path, p);
  }
  return p;
}

/** A PDF subset tag: six capital letters and a plus sign (ISO 32000 §9.6.4). */
function subsetTag(): string {
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + randomInt(26));
  return `${tag}+`;
}

export async function embedSubset(doc: PDFDocument, path: string): Promise<PDFFont> {
  const bytes = await loadFontBytes(path);
  const name = fontkitForPdfLib.create(bytes).postscriptName;
  return doc.embedFont(bytes, { subset: true, customName: `${subsetTag()}${name}` });
}

// ---------- page geometry (points) ----------

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 56.69, bottom: 56.69, left: 56.69, right: 56.69 };
const TEXT_WIDTH = A4[0] - MARGIN.left - MARGIN.right;
const PAD = { top: 2, bottom: 2, left: 4, right: 4 };
const LINE_HEIGHT = 13.6;
const BORDER = 0.6;
const BLACK = rgb(0, 0, 0);
const BOX = 8.2; // check box side

// ---------- line breaking ----------

type Piece = { kind: 'text'; text: string; width: number } | { kind: 'option'; label: string; checked: boolean; width: number };
interface Line {
  pieces: Piece[];
  width: number;
  align: 'left' | 'center' | 'right';
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2010-\u201f\u2026]/;
/** Must not begin a line. */
const NO_START = /^[，。、；：？！）》」』】〕”’,.;:?!)\]%…—·]$/;
/** Must not end a line. */
const NO_END = /^[（《「『【〔“‘(\[]$/;

class Measurer {
  private cache = new Map<string, number>();
  constructor(
    private font: PDFFont,
    private size: number,
  ) {}
  width(s: string): number {
    let w = this.cache.get(s);
    if (w === undefined) {
      w = this.font.widthOfTextAtSize(s, this.size);
      if (s.length <= 8) this.cache.set(s, w);
    }
    return w;
  }
  optionWidth(label: string): number {
    return BOX + this.size * 0.25 + this.width(label);
  }
}

/** Splits text into break units: single CJK characters, Latin words, spaces; punctuation glued per 禁则. */
function textUnits(s: string): string[] {
  const raw: string[] = [];
  let word = '';
  for (const ch of s) {
    if (ch === ' ' || ch === '\t') {
      if (word) raw.push(word), (word = '');
      raw.push(' ');
    } else if (CJK.test(ch)) {
      if (word) raw.push(word), (word = '');
      raw.push(ch);
    } else word += ch;
  }
  if (word) raw.push(word);
  const units: string[] = [];
  for (const u of raw) {
    const prev = units[units.length - 1];
    if (prev !== undefined && prev !== ' ' && (NO_START.test(u) || NO_END.test(prev[prev.length - 1]!))) units[units.length - 1] = prev + u;
    else units.push(u);
  }
  return units;
}

function wrapPara(p: Para, cellAlign: FormCell['align'], maxWidth: number, m: Measurer): Line[] {
  const align = p.align ?? cellAlign;
  const lines: Line[] = [];
  let cur: Piece[] = [];
  let curW = 0;
  const flush = () => {
    while (cur.length && cur[cur.length - 1]!.kind === 'text' && (cur[cur.length - 1] as { text: string }).text.trim() === '') curW -= cur.pop()!.width;
    lines.push({ pieces: cur, width: curW, align });
    cur = [];
    curW = 0;
  };
  const push = (piece: Piece) => {
    if (curW + piece.width > maxWidth + 0.01 && cur.length) flush();
    if (!cur.length && piece.kind === 'text' && piece.text === ' ') return;
    // A single unit wider than the cell (a long address): break it by characters.
    if (piece.kind === 'text' && piece.width > maxWidth && piece.text.length > 1) {
      for (const ch of piece.text) push({ kind: 'text', text: ch, width: m.width(ch) });
      return;
    }
    cur.push(piece);
    curW += piece.width;
  };
  const addInline = (i: Inline) => {
    if (i.kind === 'option') push({ kind: 'option', label: i.label, checked: i.checked, width: m.optionWidth(i.label) });
    else {
      const parts = i.text.split(/\r?\n/);
      parts.forEach((part, k) => {
        if (k > 0) flush();
        for (const u of textUnits(part)) push({ kind: 'text', text: u, width: m.width(u) });
      });
    }
  };
  p.inlines.forEach(addInline);
  flush();
  return lines;
}

// ---------- table placement ----------

interface Placed {
  cell: FormCell;
  row: number;
  col: number;
  colSpan: number;
  rowSpan: number;
  x: number;
  width: number;
  lines: Line[];
  /** Content height including padding. */
  height: number;
}

function placeCells(rows: { cells: FormCell[] }[], colX: number[], m: Measurer): Placed[] {
  const nCols = colX.length - 1;
  const covered = rows.map(() => new Array<boolean>(nCols).fill(false));
  const placed: Placed[] = [];
  rows.forEach((row, r) => {
    let col = 0;
    for (const cell of row.cells) {
      while (col < nCols && covered[r]![col]) col++;
      const colSpan = Math.min(cell.colSpan ?? 1, nCols - col);
      const rowSpan = Math.min(cell.rowSpan ?? 1, rows.length - r);
      if (colSpan <= 0) throw new Error(`info form row ${r} has more cells than the grid`);
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = col; cc < col + colSpan; cc++) covered[rr]![cc] = true;
      const x = colX[col]!;
      const width = colX[col + colSpan]! - x;
      const lines = cell.paras.flatMap((p) => wrapPara(p, cell.align, width - PAD.left - PAD.right, m));
      placed.push({ cell, row: r, col, colSpan, rowSpan, x, width, lines, height: lines.length * LINE_HEIGHT + PAD.top + PAD.bottom });
      col += colSpan;
    }
  });
  return placed;
}

// ---------- drawing ----------

/**
 * Noto Serif SC has no ☑ (U+2611) or ☐ (U+2610) glyph (checked with fontkit's hasGlyphForCodePoint), so the
 * boxes are drawn as vector squares with a tick; the option label follows as text.
 */
function drawCheckBox(page: PDFPage, x: number, baseline: number, checked: boolean): void {
  const y = baseline - 0.8;
  page.drawRectangle({ x, y, width: BOX, height: BOX, borderColor: BLACK, borderWidth: 0.6 });
  if (checked) {
    const opts = { thickness: 1.1, color: BLACK, lineCap: LineCapStyle.Round };
    page.drawLine({ start: { x: x + 1.6, y: y + 4.3 }, end: { x: x + 3.4, y: y + 2.0 }, ...opts });
    page.drawLine({ start: { x: x + 3.4, y: y + 2.0 }, end: { x: x + 7.0, y: y + 7.0 }, ...opts });
  }
}

function drawLine(page: PDFPage, line: Line, left: number, width: number, top: number, font: PDFFont, size: number): void {
  let x = line.align === 'center' ? left + (width - line.width) / 2 : line.align === 'right' ? left + width - line.width : left;
  // Baseline: the ideographic em box (about 0.88 em above, 0.12 em below the baseline) centred in the line.
  const baseline = top - LINE_HEIGHT / 2 - 0.38 * size;
  let run = '';
  let runX = x;
  const flushRun = () => {
    if (run) page.drawText(run, { x: runX, y: baseline, size, font, color: BLACK });
    run = '';
  };
  for (const p of line.pieces) {
    if (p.kind === 'text') {
      if (!run) runX = x;
      run += p.text;
    } else {
      flushRun();
      drawCheckBox(page, x, baseline, p.checked);
      page.drawText(p.label, { x: x + BOX + size * 0.25, y: baseline, size, font, color: BLACK });
    }
    x += p.width;
  }
  flushRun();
}

/** Draws lines [from, to) of a cell inside the rectangle (top-left x, top, width, height). */
function drawCell(page: PDFPage, c: Placed, from: number, to: number, top: number, height: number, font: PDFFont): void {
  page.drawRectangle({ x: c.x, y: top - height, width: c.width, height, borderColor: BLACK, borderWidth: BORDER });
  const n = to - from;
  const contentH = n * LINE_HEIGHT;
  const inner = height - PAD.top - PAD.bottom;
  const offset = c.cell.vAlign === 'top' || from > 0 ? 0 : c.cell.vAlign === 'bottom' ? inner - contentH : (inner - contentH) / 2;
  let y = top - PAD.top - Math.max(0, offset);
  for (let i = from; i < to; i++) {
    drawLine(page, c.lines[i]!, c.x + PAD.left, c.width - PAD.left - PAD.right, y, font, BODY_SIZE_PT);
    y -= LINE_HEIGHT;
  }
}

/** Generates the 信息表 of one case as a PDF (A4, fonts embedded as subsets). */
export async function generateInfoFormPdf(call: CallDef, type: CaseTypeDef, form: Record<string, unknown>): Promise<Uint8Array> {
  const layout = buildInfoFormLayout(call, type, form);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkitForPdfLib as never);
  doc.setTitle(layout.title);
  doc.setCreator('Anli');
  doc.setProducer('Anli (pdf-lib)');
  const [font, titleFont] = await Promise.all([embedSubset(doc, PDF_FONT_PATH), embedSubset(doc, PDF_TITLE_FONT_PATH)]);
  const m = new Measurer(font, BODY_SIZE_PT);

  const total = layout.columns.reduce((s, w) => s + w, 0);
  const colX = [MARGIN.left];
  for (const w of layout.columns) colX.push(colX[colX.length - 1]! + (w / total) * TEXT_WIDTH);
  const placed = placeCells(layout.rows, colX, m);

  // Row heights: each row fits its single-row cells; a merged cell too tall for its rows grows its last row.
  const heights = layout.rows.map((row) => row.minHeight ?? ROW_MIN_PT);
  for (const c of placed) if (c.rowSpan === 1) heights[c.row] = Math.max(heights[c.row]!, c.height);
  for (const c of placed.filter((p) => p.rowSpan > 1)) {
    const span = heights.slice(c.row, c.row + c.rowSpan).reduce((s, h) => s + h, 0);
    if (span < c.height) heights[c.row + c.rowSpan - 1]! += c.height - span;
  }

  // Blocks of rows tied together by vertical merges move to a new page as a whole.
  const blocks: [number, number][] = [];
  for (let r = 0; r < layout.rows.length; ) {
    let end = r;
    for (let k = r; k <= end; k++) for (const c of placed) if (c.row === k) end = Math.max(end, k + c.rowSpan - 1);
    blocks.push([r, end]);
    r = end + 1;
  }

  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN.top;
  const titleWidth = titleFont.widthOfTextAtSize(layout.title, TITLE_SIZE_PT);
  page.drawText(layout.title, { x: (A4[0] - titleWidth) / 2, y: y - TITLE_SIZE_PT, size: TITLE_SIZE_PT, font: titleFont, color: BLACK });
  y -= TITLE_SIZE_PT + 16;

  const bottom = MARGIN.bottom;
  const newPage = () => {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN.top;
  };

  for (const [first, last] of blocks) {
    const blockH = heights.slice(first, last + 1).reduce((s, h) => s + h, 0);
    const row = layout.rows[first]!;
    const cells = placed.filter((c) => c.row >= first && c.row <= last);
    if (first === last && row.breakable && y - blockH < bottom) {
      // Split the row's lines over as many pages as they need.
      const cursors = cells.map(() => 0);
      const remainingH = () => Math.max(...cells.map((c, i) => (c.lines.length - cursors[i]!) * LINE_HEIGHT)) + PAD.top + PAD.bottom;
      let firstPart = true;
      while (true) {
        const avail = y - bottom;
        const fitLines = Math.floor((avail - PAD.top - PAD.bottom) / LINE_HEIGHT);
        const need = remainingH();
        const minH = firstPart ? heights[first]! : 0;
        if (Math.max(need, minH) <= avail) {
          const h = Math.max(need, minH);
          cells.forEach((c, i) => drawCell(page, c, cursors[i]!, c.lines.length, y, h, font));
          y -= h;
          break;
        }
        if (fitLines < 2) {
          newPage();
          continue;
        }
        cells.forEach((c, i) => {
          const to = Math.min(c.lines.length, cursors[i]! + fitLines);
          drawCell(page, c, cursors[i]!, to, y, avail, font);
          cursors[i] = to;
        });
        firstPart = false;
        newPage();
      }
      continue;
    }
    if (y - blockH < bottom && y < A4[1] - MARGIN.top) newPage();
    const rowTop: number[] = [];
    let t = y;
    for (let r = first; r <= last; r++) {
      rowTop[r] = t;
      t -= heights[r]!;
    }
    for (const c of cells) {
      const h = heights.slice(c.row, c.row + c.rowSpan).reduce((s, v) => s + v, 0);
      drawCell(page, c, 0, c.lines.length, rowTop[c.row]!, h, font);
    }
    y = t;
  }

  return doc.save();
}
