// The columns of a case list in Excel: the list on screen (organiser's 全部案例, a province's 本省案例) as a sheet.
// Phone numbers are exported as the list shows them: in full for the organiser, masked for a provincial administrator.
import type { CaseListQuery } from '@anli/contracts/cases.ts';
import { timeCell, type Column } from '../../infra/xlsx.ts';

export interface CaseListRow {
  title: string;
  caseTypeName: string;
  authorName: string;
  authorPhone: string;
  unit: string;
  classification: string | null;
  provinceName: string;
  stateLabel: string;
  checkLabel: string;
  submittedAt: string | null;
  updatedAt: string;
}

export const CASE_COLUMNS: Column<CaseListRow>[] = [
  { header: '序号', width: 6, value: (_, i) => i + 1 },
  { header: '案例名称', width: 40, value: (r) => r.title },
  { header: '案例类型', width: 22, value: (r) => r.caseTypeName },
  { header: '第一作者', width: 12, value: (r) => r.authorName },
  { header: '手机号码', width: 14, value: (r) => r.authorPhone },
  { header: '工作单位', width: 30, value: (r) => r.unit },
  { header: '学段/类别', width: 12, value: (r) => r.classification ?? '' },
  { header: '省份', width: 14, value: (r) => r.provinceName },
  { header: '状态', width: 18, value: (r) => r.stateLabel },
  { header: '材料检测', width: 16, value: (r) => r.checkLabel },
  { header: '提交时间', width: 20, value: (r) => timeCell(r.submittedAt) },
  { header: '更新时间', width: 20, value: (r) => timeCell(r.updatedAt) },
];

/** The filters of a case list query (empty values mean "any"; the search is trimmed). */
export const caseFilterOf = (q: Omit<CaseListQuery, 'page' | 'pageSize' | 'sort' | 'order'> & { provinceCode?: string }) => ({
  callId: q.callId || undefined,
  state: q.state || undefined,
  caseType: q.caseType || undefined,
  q: q.q?.trim().slice(0, 50) || undefined,
  check: q.check || undefined,
  provinceCode: q.provinceCode || undefined,
});
