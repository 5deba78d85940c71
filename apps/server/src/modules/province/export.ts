// Excel export of case lists with Chinese headers (exceljs), the same rows the list on screen shows.
import ExcelJS from 'exceljs';
import { formatBeijing } from '../../../../../packages/domain/src/deadline.ts';

export interface ExportRow {
  title: string;
  caseTypeName: string;
  authorName: string;
  authorPhone: string;
  unit: string;
  group: string;
  provinceName: string;
  stateLabel: string;
  submittedAt: string | null;
  updatedAt: string;
}

export async function casesToXlsx(sheetName: string, rows: ExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '案例征集平台';
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '案例名称', key: 'title', width: 40 },
    { header: '案例类型', key: 'caseTypeName', width: 22 },
    { header: '第一作者', key: 'authorName', width: 12 },
    { header: '手机号码', key: 'authorPhone', width: 14 },
    { header: '工作单位', key: 'unit', width: 30 },
    { header: '学段/类别', key: 'group', width: 12 },
    { header: '省份', key: 'provinceName', width: 14 },
    { header: '状态', key: 'stateLabel', width: 18 },
    { header: '提交时间', key: 'submittedAt', width: 20 },
    { header: '更新时间', key: 'updatedAt', width: 20 },
  ];
  rows.forEach((r, i) =>
    ws.addRow({
      ...r,
      n: i + 1,
      submittedAt: r.submittedAt ? formatBeijing(Date.parse(r.submittedAt)) : '',
      updatedAt: formatBeijing(Date.parse(r.updatedAt)),
    }),
  );
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: 'A1', to: 'K1' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
