// One helper for every Excel export: Chinese headers, a frozen bold header row, an auto-filter, date cells in Beijing
// time, empty cells left empty, a landscape print one page wide with the header row on every page, and the reply
// headers.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/** A cell: text, a number, a point in time (written as an Excel date showing Beijing time), or empty. */
export type Cell = string | number | Date | null | undefined;

const BEIJING_MS = 8 * 3_600_000;

/** The Excel value of a cell: a Date becomes the serial of its Beijing wall-clock time (Excel dates have no zone). */
function excelValue(v: Cell): string | number | Date | null {
  if (v === undefined || v === null || v === '') return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : new Date(v.getTime() + BEIJING_MS);
  return v;
}

/** A point in time for a date column, from an ISO string (empty when absent). */
export const timeCell = (iso: string | Date | null | undefined): Date | null => (iso ? new Date(iso) : null);

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T, index: number) => Cell;
}

export interface SheetSpec<T> {
  name: string;
  columns: Column<T>[];
  rows: T[];
}

/** A sheet name Excel accepts: at most 31 characters, none of \\ / ? * [ ] :. */
const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
const columnWidth = (c: Column<any>) => c.width ?? Math.max(10, c.header.length * 2 + 2);

/** Adds one sheet with the columns' values; row 1 holds the headers. */
export function addSheet<T>(wb: ExcelJS.Workbook, spec: SheetSpec<T>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(spec.name));
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: columnWidth(c) }));
  const write = rowWriter(ws, spec.columns);
  spec.rows.forEach((r, i) => write(r, i));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (spec.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  printSetup(ws);
  return ws;
}

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/**
 * Writes data rows under the header. A column that holds a point in time gets the date format once, as the column's
 * style (cells added later take it), instead of a style set cell by cell.
 */
function rowWriter<T>(ws: ExcelJS.Worksheet, columns: Column<T>[]) {
  const dated = new Set<number>();
  return (r: T, i: number): ExcelJS.Row => {
    const values = columns.map((c) => excelValue(c.value(r, i)));
    const row = ws.addRow(values);
    values.forEach((v, k) => {
      if (!(v instanceof Date) || dated.has(k)) return;
      dated.add(k);
      ws.getColumn(k + 1).numFmt = DATE_FORMAT;
      row.getCell(k + 1).numFmt = DATE_FORMAT; // this row's cell was made before the column had the style
    });
    return row;
  };
}

/** The print settings of every sheet (printSetup's values, for a sheet written as a stream). */
const PRINT_SETUP = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  horizontalCentered: true,
} as const;

/** Prints landscape on A4, fitted to one page wide (as many pages long as needed), the header row on every page. */
export function printSetup(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = { ...ws.pageSetup, ...PRINT_SETUP };
}

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '案例征集平台';
  return wb;
}

export async function toXlsx<T>(spec: SheetSpec<T>): Promise<Buffer> {
  const wb = newWorkbook();
  addSheet(wb, spec);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A download name a person can read: the parts (province or region name, call title, what the file is) joined by
 * "-", with characters that Windows refuses in file names replaced. Never codes or ids.
 */
export function downloadName(parts: Array<string | null | undefined>, ext: string): string {
  const safe = parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .map((p) => [...p.trim()].map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join(''));
  return `${safe.join('-')}.${ext}`;
}

export function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  reply.header('content-type', XLSX_MIME);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return reply.send(body);
}

export interface StreamSheetSpec<T> {
  name: string;
  columns: Column<T>[];
  /** The rows, read as they are written (an export reads them from the database in batches). */
  rows: AsyncIterable<T> | Iterable<T>;
}

/**
 * Sends one sheet as a download while its rows are still being read: every row of a long list, without holding the
 * list or the workbook in memory. The sheet looks as addSheet's: bold frozen header with an auto-filter, date cells in
 * Beijing time, empty cells empty, landscape one page wide with the header row on every page. Resolves with the number
 * of data rows once the file is complete.
 */
export async function streamXlsx<T>(reply: FastifyReply, filename: string, spec: StreamSheetSpec<T>, beforeEnd?: (rows: number) => Promise<unknown>): Promise<number> {
  const [n] = await streamXlsxSheets(reply, filename, [spec], beforeEnd && ((counts) => beforeEnd(counts[0]!)));
  return n!;
}

/**
 * Several sheets, one after another, each written as its rows arrive; resolves with each sheet's row count.
 * `beforeEnd` runs once every row is written and before the file's last bytes go out (the export's audit record,
 * with its row count, is on the record before the download completes).
 */
export async function streamXlsxSheets(reply: FastifyReply, filename: string, specs: Array<StreamSheetSpec<any>>, beforeEnd?: (counts: number[]) => Promise<unknown>): Promise<number[]> {
  const out = new PassThrough();
  reply.header('content-type', XLSX_MIME);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  reply.send(out);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '案例征集平台';
  const counts: number[] = [];
  try {
    for (const spec of specs) {
      const ws = wb.addWorksheet(sheetName(spec.name), {
        views: [{ state: 'frozen', ySplit: 1 }],
        pageSetup: { ...PRINT_SETUP },
      });
      ws.columns = spec.columns.map((c) => ({ width: columnWidth(c) }));
      if (spec.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
      const header = ws.addRow(spec.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      const write = rowWriter(ws, spec.columns);
      let n = 0;
      for await (const r of spec.rows) write(r, n++).commit();
      ws.commit();
      counts.push(n);
    }
    await beforeEnd?.(counts);
    await wb.commit();
  } catch (e) {
    // The download is cut short rather than ending as a file that looks complete.
    out.destroy(e as Error);
    throw e;
  }
  return counts;
}

/** Reads the first (or named) sheet back as text rows; used by tests and the import. */
export async function readSheetText(buf: Buffer | Uint8Array, sheetName?: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  const ws = (sheetName ? wb.getWorksheet(sheetName) : undefined) ?? wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    out[n - 1] = cells;
  });
  for (let i = 0; i < out.length; i++) out[i] ??= new Array(width).fill('');
  return out;
}

/** The text a person sees in a cell (numbers without exponent, rich text joined, formulas' cached results). */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value as any;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' '); // written as Beijing wall-clock time
  if (Array.isArray(v.richText)) return v.richText.map((t: any) => t.text ?? '').join('');
  if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  if ('text' in v) return String(v.text ?? '');
  return '';
}
