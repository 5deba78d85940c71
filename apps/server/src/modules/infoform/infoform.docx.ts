// The 信息表 as a Word document: title line, then one table in the notice's layout; 宋体 5号 throughout the table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import {
  BODY_SIZE_PT,
  CHECKED,
  ROW_MIN_PT,
  TITLE_SIZE_PT,
  UNCHECKED,
  buildInfoFormLayout,
  type FormCell,
  type Para,
} from './infoform.layout.ts';

/** 宋体 for every script, so Word and WPS pick SimSun whatever the character. */
export const DOCX_FONT = { ascii: '宋体', hAnsi: '宋体', eastAsia: '宋体', cs: '宋体' } as const;

// A4 in twips (1/20 pt); margins 2 cm all round.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1134, right: 1134 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CELL_MARGIN = { top: 40, bottom: 40, left: 80, right: 80 };

const halfPoints = (pt: number) => Math.round(pt * 2);
const twips = (pt: number) => Math.round(pt * 20);

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
const VALIGN = { top: VerticalAlign.TOP, center: VerticalAlign.CENTER, bottom: VerticalAlign.BOTTOM } as const;

function run(text: string, opts: { bold?: boolean; sizePt?: number } = {}): TextRun {
  return new TextRun({ text, font: DOCX_FONT, size: halfPoints(opts.sizePt ?? BODY_SIZE_PT), bold: opts.bold });
}

function paragraph(p: Para, cellAlign: FormCell['align']): Paragraph {
  // A check box and its label share one run, so "☑小学" stays together in the XML and on the line.
  const runs = p.inlines.map((i) => run(i.kind === 'text' ? i.text : `${i.checked ? CHECKED : UNCHECKED}${i.label}`));
  return new Paragraph({ children: runs, alignment: ALIGN[p.align ?? cellAlign], spacing: { before: 0, after: 0, line: 240 } });
}

/** Generates the 信息表 of one case as a .docx file. */
export async function generateInfoFormDocx(call: CallDef, type: CaseTypeDef, form: Record<string, unknown>): Promise<Uint8Array> {
  const layout = buildInfoFormLayout(call, type, form);
  const total = layout.columns.reduce((s, w) => s + w, 0);
  const colTwips = layout.columns.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  colTwips[colTwips.length - 1]! += TEXT_WIDTH - colTwips.reduce((s, w) => s + w, 0);

  // Grid positions covered from above, to give each cell its width (docx inserts the continuation cells itself).
  const covered: boolean[][] = layout.rows.map(() => layout.columns.map(() => false));
  const rows = layout.rows.map((row, r) => {
    let col = 0;
    const cells = row.cells.map((c) => {
      while (covered[r]![col]) col++;
      const span = c.colSpan ?? 1;
      const rowSpan = c.rowSpan ?? 1;
      for (let rr = r; rr < r + rowSpan && rr < layout.rows.length; rr++) for (let cc = col; cc < col + span; cc++) covered[rr]![cc] = true;
      const width = colTwips.slice(col, col + span).reduce((s, w) => s + w, 0);
      col += span;
      return new TableCell({
        children: c.paras.map((p) => paragraph(p, c.align)),
        columnSpan: span > 1 ? span : undefined,
        rowSpan: rowSpan > 1 ? rowSpan : undefined,
        verticalAlign: VALIGN[c.vAlign],
        width: { size: width, type: WidthType.DXA },
        margins: CELL_MARGIN,
      });
    });
    return new TableRow({
      children: cells,
      height: { value: twips(row.minHeight ?? ROW_MIN_PT), rule: HeightRule.ATLEAST },
      cantSplit: !row.breakable,
    });
  });

  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const table = new Table({
    rows,
    columnWidths: colTwips,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });

  const doc = new Document({
    creator: 'Anli',
    title: layout.title,
    styles: {
      default: {
        document: { run: { font: DOCX_FONT, size: halfPoints(BODY_SIZE_PT) } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        children: [
          new Paragraph({
            children: [run(layout.title, { bold: true, sizePt: TITLE_SIZE_PT })],
            alignment: AlignmentType.CENTER,
            spacing: { before: 0, after: 240 },
          }),
          table,
          // Word wants a paragraph after a closing table; keep it 1 pt high so it never starts a page of its own.
          new Paragraph({ children: [], run: { size: 2 }, spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT } }),
        ],
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
