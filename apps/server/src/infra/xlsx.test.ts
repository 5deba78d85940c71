// Excel exports open natively: times are date cells showing Beijing time, empty values are empty cells (not empty
// strings), and the sheet prints landscape, one page wide, with the header row repeated on every page.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { timeCell, toXlsx } from './xlsx.ts';

describe('Excel exports', () => {
  it('writes dates as date cells in Beijing time, leaves empty values empty, prints landscape one page wide', async () => {
    const rows = [
      { title: '案例甲', submittedAt: '2026-08-31T15:59:59.000Z', note: null as string | null },
      { title: '案例乙', submittedAt: null, note: '' },
    ];
    const buf = await toXlsx({
      name: '案例',
      columns: [
        { header: '案例名称', value: (r: (typeof rows)[number]) => r.title },
        { header: '提交时间', value: (r) => timeCell(r.submittedAt) },
        { header: '备注', value: (r) => r.note },
      ],
      rows,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0]!;
    const submitted = ws.getCell('B2');
    expect(submitted.type).toBe(ExcelJS.ValueType.Date);
    // 15:59:59 UTC is 23:59:59 on 31 August in Beijing: the cell shows the Beijing wall clock.
    expect((submitted.value as Date).toISOString()).toBe('2026-08-31T23:59:59.000Z');
    expect(submitted.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(ws.getCell('B3').value).toBeNull();
    expect(ws.getCell('C2').value).toBeNull();
    expect(ws.getCell('C3').value).toBeNull();
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe('1:1');
  });

  it('formats a date column from its first date on, whichever row that is (streamed or not)', async () => {
    const rows = [null, '2026-06-20T01:00:00.000Z', '2026-06-21T01:00:00.000Z'];
    const buf = await toXlsx({ name: '案例', columns: [{ header: '提交时间', value: (r: string | null) => timeCell(r) }], rows });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBeNull();
    for (const ref of ['A3', 'A4']) {
      expect(ws.getCell(ref).type).toBe(ExcelJS.ValueType.Date);
      expect(ws.getCell(ref).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    }
  });
});
