// The certificate (荣誉证书) as a PDF: A4 landscape, Chinese text in Noto Serif SC embedded as subsets (the same
// loading as the 信息表: upstream fontkit through pdf-lib), a red double frame with corner ornaments, and a QR code
// to the public verification page drawn as vector squares (no image, so it stays sharp and small).
import { deflateSync } from 'node:zlib';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import { PDF_FONT_PATH, PDF_TITLE_FONT_PATH, embedSubset, fontkitForPdfLib, loadFontBytes } from '../infoform/infoform.pdf.ts';

// ---------- fonts: the 信息表 loader, tuned for issuing thousands ----------

interface TtfSubset {
  font: FastFont;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: Array<{ advance: number; bearing: number }> };
  offset: number;
  _addGlyph(gid: number): number;
}
interface FastFont {
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array };
  getGlyph(gid: number): { advanceWidth: number; _getMetrics(): { leftBearing: number } };
  glyphsForString(s: string): unknown[];
  createSubset(): TtfSubset;
  layout(text: string, features?: unknown): { glyphs: unknown[] };
}

const fastFonts = new WeakMap<object, FastFont>();

/**
 * A view of the shared parsed font (Object.create: tables and glyph caches stay shared, nothing of the shared
 * object is changed) with two shortcuts that matter when issuing thousands of certificates:
 * - the subsetter copies a simple glyph's bytes without decoding its outline (fontkit decodes every glyph only to
 *   learn whether it is composite, which the sign of its first int16 already says); composites take the normal path;
 * - text maps to glyphs through the cmap alone. pdf-lib only reads the glyph ids and advance widths of a layout,
 *   and Chinese body text needs no GSUB substitution, so full shaping is wasted work here.
 */
function fastFont(shared: FastFont): FastFont {
  let view = fastFonts.get(shared);
  if (view) return view;
  view = Object.create(shared) as FastFont;
  view.layout = (text: string) => ({ glyphs: shared.glyphsForString(text) });
  view.createSubset = () => {
    const subset = shared.createSubset();
    const normal = subset._addGlyph.bind(subset);
    subset._addGlyph = function (this: TtfSubset, gid: number): number {
      const f = this.font;
      if (f._variationProcessor) return normal(gid);
      const start = f.loca.offsets[gid]!;
      const end = f.loca.offsets[gid + 1]!;
      const stream = f._getTableStream('glyf');
      stream.pos += start;
      const bytes = stream.readBuffer(end - start);
      if (bytes.length >= 2 && (bytes[0]! & 0x80) !== 0) return normal(gid); // numberOfContours < 0: composite
      const glyph = f.getGlyph(gid);
      this.glyf.push(bytes);
      this.loca.offsets.push(this.offset);
      this.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
      this.offset += bytes.length;
      return this.glyf.length - 1;
    };
    return subset;
  };
  fastFonts.set(shared, view);
  return view;
}

const certificateFontkit = {
  create(data: Uint8Array, postscriptName?: string): unknown {
    const font = fontkitForPdfLib.create(data, postscriptName) as unknown as FastFont;
    return postscriptName ? font : fastFont(font);
  },
};

export const CERTIFICATE_ORGANISER = '教育部教育技术与资源发展中心（中央电化教育馆）';

export interface CertificateInput {
  number: string;
  callTitle: string;
  caseTitle: string;
  caseTypeName: string;
  authors: string[];
  unit: string;
  provinceName: string;
  /** The award as it reads on the certificate, e.g. 优秀案例. */
  award: string;
  /** Beijing date, YYYY-MM-DD. */
  issuedAt: string;
  verifyUrl: string;
  /** The call's issuer (call data); absent on certificates issued before it was data: the centre. */
  issuer?: string;
  /** The call's sentence naming the award, with {callTitle} and {award}; absent: 被评为“{award}”. */
  statement?: string;
}

export interface CertificateRenderOptions {
  /** Embed the whole font files instead of subsets (the benchmark's baseline; about 17 MB per PDF). */
  fullFont?: boolean;
  /** The issuer line; defaults to the national organiser. */
  organiser?: string;
}

// ---------- geometry (points) and colours ----------

const PAGE: [number, number] = [841.89, 595.28];
const RED = rgb(0.64, 0.09, 0.09);
const GOLD = rgb(0.76, 0.6, 0.3);
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.35, 0.35, 0.35);
const PAPER = rgb(1, 0.99, 0.96);
const BODY_LEFT = 120;
const BODY_RIGHT = PAGE[0] - 120;

// ---------- text ----------

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2010-\u201f\u2026]/;
/** Must not begin a line (禁则). */
const NO_START = /^[，。、；：？！）》」』】〕”’,.;:?!)\]%…—·]$/;
/** Must not end a line. */
const NO_END = /^[（《「『【〔“‘(\[]$/;

/** Break units: one CJK character, or a Latin word; punctuation glued to its neighbour per 禁则. */
function units(s: string): string[] {
  const raw: string[] = [];
  let word = '';
  for (const ch of s) {
    if (CJK.test(ch) || ch === ' ') {
      if (word) raw.push(word), (word = '');
      raw.push(ch);
    } else word += ch;
  }
  if (word) raw.push(word);
  const out: string[] = [];
  for (const u of raw) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (NO_START.test(u) || NO_END.test(prev[prev.length - 1]!))) out[out.length - 1] = prev + u;
    else out.push(u);
  }
  return out;
}

/** Greedy line breaking; the first line may be narrower (an indent). */
/** Advance widths per font and character at size 1: measuring through pdf-lib runs a full fontkit layout each time. */
const advanceCache = new WeakMap<object, Map<string, number>>();

function textWidth(font: PDFFont, text: string, size: number): number {
  // Keyed by the parsed fontkit font, which the loader shares across documents.
  const key = ((font as unknown as { embedder: { font: object } }).embedder?.font ?? font) as object;
  let cache = advanceCache.get(key);
  if (!cache) advanceCache.set(key, (cache = new Map()));
  let w = 0;
  for (const ch of text) {
    let a = cache.get(ch);
    if (a === undefined) cache.set(ch, (a = font.widthOfTextAtSize(ch, 1)));
    w += a;
  }
  return w * size;
}

function wrap(text: string, font: PDFFont, size: number, width: number, firstIndent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let limit = width - firstIndent;
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
    lineWidth = 0;
    limit = width;
  };
  for (const u of units(text)) {
    const w = textWidth(font, u, size);
    if (lineWidth + w > limit && line) {
      push();
      if (u === ' ') continue;
    }
    if (w > limit) {
      // A single unit wider than the line (a long URL or word): split it by characters.
      for (const ch of u) {
        const cw = textWidth(font, ch, size);
        if (lineWidth + cw > limit && line) push();
        line += ch;
        lineWidth += cw;
      }
      continue;
    }
    line += u;
    lineWidth += w;
  }
  if (line) lines.push(line);
  return lines;
}

/** 2025-12-01 → 2025年12月1日. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`issuedAt must be YYYY-MM-DD, got ${isoDate}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The certificate's body paragraph. */
export function certificateBody(input: CertificateInput): { salutation: string; paragraph: string; closing: string } {
  const names = input.authors.map((a) => a.trim()).filter(Boolean);
  const you = names.length > 1 ? '你们' : '你';
  return {
    salutation: `${names.join('、')}：`,
    paragraph:
      `${you}（${input.unit}，${input.provinceName}）的${input.caseTypeName}《${input.caseTitle}》` +
      (input.statement ?? '在{callTitle}中，经专家评审，被评为“{award}”。').replace('{callTitle}', input.callTitle).replace('{award}', input.award),
    closing: '特发此证，以资鼓励。',
  };
}

// ---------- drawing ----------

function centred(page: PDFPage, text: string, font: PDFFont, size: number, y: number, color: RGB, cx = PAGE[0] / 2): void {
  const w = textWidth(font, text, size);
  page.drawText(text, { x: cx - w / 2, y, size, font, color });
}

/** Title with letter spacing: each character drawn on its own. */
function spacedTitle(page: PDFPage, text: string, font: PDFFont, size: number, y: number, gap: number): void {
  const chars = [...text];
  const widths = chars.map((c) => textWidth(font, c, size));
  const total = widths.reduce((s, w) => s + w, 0) + gap * (chars.length - 1);
  let x = PAGE[0] / 2 - total / 2;
  chars.forEach((c, i) => {
    page.drawText(c, { x, y, size, font, color: RED });
    x += widths[i]! + gap;
  });
}

const colour = (c: RGB) => `${fmt(c.red)} ${fmt(c.green)} ${fmt(c.blue)}`;

/** The frame's operators: paper, a red double frame with a gold line, 回-pattern corners, the rule under the title. */
function frameOperators(): string {
  const [W, H] = PAGE;
  const ops: string[] = ['q', `${colour(PAPER)} rg 0 0 ${W} ${H} re f`];
  const box = (inset: number, c: RGB, width: number) =>
    ops.push(`${colour(c)} RG ${width} w ${inset} ${inset} ${fmt(W - 2 * inset)} ${fmt(H - 2 * inset)} re S`);
  box(20, RED, 5);
  box(30, GOLD, 1.2);
  box(35, RED, 0.6);
  const line = (x1: number, y1: number, x2: number, y2: number) => ops.push(`${fmt(x1)} ${fmt(y1)} m ${fmt(x2)} ${fmt(y2)} l S`);
  ops.push(`${colour(GOLD)} RG 1.4 w`);
  const corners: Array<[number, number, number, number]> = [
    [35, 35, 1, 1],
    [W - 35, 35, -1, 1],
    [35, H - 35, 1, -1],
    [W - 35, H - 35, -1, -1],
  ];
  for (const [cx, cy, sx, sy] of corners) {
    for (const [d, len] of [
      [8, 46],
      [14, 30],
      [20, 16],
    ] as const) {
      line(cx + sx * d, cy + sy * d, cx + sx * (d + len), cy + sy * d);
      line(cx + sx * d, cy + sy * d, cx + sx * d, cy + sy * (d + len));
    }
  }
  ops.push(`${colour(RED)} rg`);
  for (const [cx, cy, sx, sy] of corners) ops.push(`${fmt(cx + sx * 26 - 3)} ${fmt(cy + sy * 26 - 3)} 6 6 re f`);
  // A thin gold rule with a red diamond under the title.
  const y = H - 160;
  const cx = W / 2;
  ops.push(`${colour(GOLD)} RG 0.8 w`);
  line(cx - 150, y, cx - 10, y);
  line(cx + 10, y, cx + 150, y);
  ops.push(`${fmt(cx)} ${fmt(y + 4.2)} m ${fmt(cx + 4.2)} ${fmt(y)} l ${fmt(cx)} ${fmt(y - 4.2)} l ${fmt(cx - 4.2)} ${fmt(y)} l h f`, 'Q');
  return ops.join('\n');
}

/** The frame is the same on every certificate: its operators are compressed once per process. */
let frameBytes: Uint8Array | null = null;

function drawFrame(doc: PDFDocument, page: PDFPage): void {
  frameBytes ??= deflateSync(Buffer.from(frameOperators(), 'latin1'));
  page.node.addContentStream(doc.context.register(doc.context.stream(frameBytes, { Filter: 'FlateDecode' })));
}

/**
 * Draws the QR code of `text` as one raw content stream: the page is scaled to module units and each horizontal
 * run of dark modules is one `re` (a few KB; pdf-lib's drawRectangle per module would cost ~20 ms and 40 KB).
 */
function drawQr(doc: PDFDocument, page: PDFPage, text: string, x: number, y: number, side: number): void {
  // One byte-mode segment skips the encoder's search for an optimal segmentation, and a fixed mask its penalty
  // scoring of all eight masks (together most of its time); the code stays valid and as readable.
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 });
  const n = qr.modules.size;
  const quiet = 2; // modules of white margin under the code
  const m = side / (n + 2 * quiet);
  const ops: string[] = ['q', `1 1 1 rg ${fmt(x)} ${fmt(y)} ${fmt(side)} ${fmt(side)} re f`, `${fmt(m)} 0 0 ${fmt(m)} ${fmt(x + quiet * m)} ${fmt(y + quiet * m)} cm`, '0 0 0 rg'];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < n && qr.modules.get(r, end)) end++;
      // Rows overlap by 0.02 module so no viewer shows hairline seams between them.
      ops.push(`${c} ${n - r - 1 - 0.01} ${end - c} 1.02 re`);
      c = end;
    }
  }
  ops.push('f', 'Q');
  page.node.addContentStream(doc.context.register(doc.context.flateStream(ops.join('\n'))));
}

const fmt = (v: number) => (Math.round(v * 1000) / 1000).toString();

/** Renders one certificate; see the header. */
export async function renderCertificatePdf(input: CertificateInput, options: CertificateRenderOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit((options.fullFont ? fontkitForPdfLib : certificateFontkit) as never);
  // Streams pdf-lib compresses through context.flateStream (the font file above all) go through Node's native
  // zlib instead of pako: the same FlateDecode output, several times faster (the main cost in bulk issuing).
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  doc.setTitle(`荣誉证书 ${input.number}`);
  doc.setSubject(`${input.callTitle} · ${input.caseTitle}`);
  doc.setCreator('Anli');
  doc.setProducer('Anli (pdf-lib)');
  doc.setCreationDate(new Date(`${input.issuedAt}T00:00:00+08:00`));
  doc.setModificationDate(new Date(`${input.issuedAt}T00:00:00+08:00`));

  let font: PDFFont;
  let titleFont: PDFFont;
  if (options.fullFont) {
    const [a, b] = await Promise.all([loadFontBytes(PDF_FONT_PATH), loadFontBytes(PDF_TITLE_FONT_PATH)]);
    [font, titleFont] = await Promise.all([doc.embedFont(a, { subset: false }), doc.embedFont(b, { subset: false })]);
  } else {
    [font, titleFont] = await Promise.all([embedSubset(doc, PDF_FONT_PATH), embedSubset(doc, PDF_TITLE_FONT_PATH)]);
  }

  const page = doc.addPage(PAGE);
  const [W, H] = PAGE;
  drawFrame(doc, page); // before any drawText, so it is the first content stream (the paper is under the text)

  spacedTitle(page, '荣誉证书', titleFont, 50, H - 138, 26);

  // Body: salutation, then an indented paragraph, then the closing line; shrunk until it fits above the footer.
  const body = certificateBody(input);
  const width = BODY_RIGHT - BODY_LEFT;
  const top = H - 205;
  const bottomLimit = 200;
  let size = 20;
  let lines: { text: string; x: number }[] = [];
  let lead = 0;
  for (; size >= 12; size -= 1) {
    lead = size * 1.85;
    const indent = size * 2;
    const sal = wrap(body.salutation, font, size, width);
    const para = wrap(body.paragraph, font, size, width, indent);
    lines = [
      ...sal.map((text) => ({ text, x: BODY_LEFT })),
      ...para.map((text, i) => ({ text, x: BODY_LEFT + (i === 0 ? indent : 0) })),
      { text: body.closing, x: BODY_LEFT + indent },
    ];
    if (top - (lines.length - 1) * lead >= bottomLimit) break;
  }
  lines.forEach((l, i) => page.drawText(l.text, { x: l.x, y: top - i * lead, size, font, color: INK }));

  // Footer right: issuer and date, centred on one axis like a 落款.
  const organiser = options.organiser ?? input.issuer ?? CERTIFICATE_ORGANISER;
  const issuerSize = 16;
  // A long issuer (2026: 全国师生数字素养提升实践活动（第三十届教师活动）组委会) would run into the number on the left:
  // it goes on two lines, broken before its parenthesis where it has one.
  const issuerMax = 360;
  let issuerLines = [organiser];
  if (textWidth(font, organiser, issuerSize) > issuerMax) {
    const cut = organiser.indexOf('（');
    issuerLines = cut > 0 ? [organiser.slice(0, cut), organiser.slice(cut)] : wrap(organiser, font, issuerSize, issuerMax);
  }
  const issuerWidth = Math.max(...issuerLines.map((l) => textWidth(font, l, issuerSize)));
  const axis = Math.min(W - 70 - issuerWidth / 2, W - 250);
  issuerLines.forEach((l, i) => centred(page, l, font, issuerSize, 128 + (issuerLines.length - 1 - i) * 22, INK, axis));
  centred(page, chineseDate(input.issuedAt), font, issuerSize, 100, INK, axis);

  // Footer left: QR code, number and how to verify.
  const qrSide = 84;
  const qrX = 78;
  const qrY = 72;
  drawQr(doc, page, input.verifyUrl, qrX, qrY, qrSide);
  const noteX = qrX + qrSide + 10;
  page.drawText(`证书编号：${input.number}`, { x: noteX, y: qrY + 50, size: 11, font, color: INK });
  page.drawText('扫描二维码或在平台“证书查验”页', { x: noteX, y: qrY + 30, size: 9, font, color: GREY });
  page.drawText('输入证书编号查验真伪', { x: noteX, y: qrY + 17, size: 9, font, color: GREY });

  return doc.save({ useObjectStreams: false });
}
