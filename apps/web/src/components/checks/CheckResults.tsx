// One check-report table for every place that shows a checker's results (文件自检, the browser pre-check before an
// upload, the server's results per slot): rule names in Chinese (never ids), the measured value and requirement in
// words (checkFormat.ts), the 说明 column never clipped; on a phone each result is a card instead of a table row.
import { Alert, Grid, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CheckReport, RuleStatus } from '@anli/checks/types.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import { formatCheckValue } from '../../checkFormat.ts';

export { RULE_NAMES };

export const STATUS_TAGS: Record<RuleStatus, { text: string; color: string }> = {
  pass: { text: '通过', color: 'success' },
  fail: { text: '不通过', color: 'error' },
  warn: { text: '警告', color: 'warning' },
  manual: { text: '人工核查', color: 'processing' },
  error: { text: '无法读取', color: 'magenta' },
};

export interface CheckRow {
  rule: string;
  status: RuleStatus;
  actual?: unknown;
  expected?: unknown;
  message: string;
  blocking?: boolean;
}

export const ruleName = (rule: string) => RULE_NAMES[rule] ?? '其他检查项';

function StatusCell({ row, more }: { row: CheckRow; more?: ReactNode }) {
  const t = STATUS_TAGS[row.status];
  return (
    <Space size={4} wrap>
      <Tag color={t?.color}>{t?.text ?? '未知'}</Tag>
      {row.blocking && (row.status === 'fail' || row.status === 'error') && <Tag color="error">阻止提交</Tag>}
      {more}
    </Space>
  );
}

export interface CheckResultsProps<R extends CheckRow> {
  results: R[];
  testId?: string;
  /** More under a result's 说明 (the author's explanation, the province's confirmation …). */
  extra?: (row: R) => ReactNode;
  /** More tags beside a result's status. */
  statusExtra?: (row: R) => ReactNode;
  /** An id for a result's 说明, so that a link can jump to it. */
  anchorId?: (row: R) => string;
}

/** The results as a table (wide screens) or cards (phones). */
export function CheckResultsTable<R extends CheckRow>({ results, testId, extra, statusExtra, anchorId }: CheckResultsProps<R>) {
  const screens = Grid.useBreakpoint();
  if (screens.md === false) {
    return (
      <ul data-testid={testId} aria-label="检查结果" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {results.map((r) => (
          <li key={r.rule} data-rule={r.rule} id={anchorId?.(r)} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
            <Space size={6} wrap>
              <Typography.Text strong>{ruleName(r.rule)}</Typography.Text>
              <StatusCell row={r} more={statusExtra?.(r)} />
            </Space>
            <div style={{ fontSize: 13 }}>实测：{formatCheckValue(r.rule, r.actual)}</div>
            <div style={{ fontSize: 13 }}>要求：{formatCheckValue(r.rule, r.expected)}</div>
            <div style={{ fontSize: 13 }}>{r.message}</div>
            {extra?.(r)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <Table<R>
      rowKey="rule"
      size="small"
      pagination={false}
      dataSource={results}
      data-testid={testId}
      tableLayout="auto"
      columns={[
        // A rule's name is short and never broken inside a word (报告格/式 on a narrow page).
        { title: '检查项', dataIndex: 'rule', width: 150, render: (rule: string) => <span style={{ whiteSpace: 'nowrap' }}>{ruleName(rule)}</span> },
        { title: '结果', dataIndex: 'status', width: 120, render: (_: RuleStatus, r) => <StatusCell row={r} more={statusExtra?.(r)} /> },
        { title: '实测', dataIndex: 'actual', width: 150, render: (v: unknown, r) => formatCheckValue(r.rule, v) },
        { title: '要求', dataIndex: 'expected', width: 150, render: (v: unknown, r) => formatCheckValue(r.rule, v) },
        {
          title: '说明',
          dataIndex: 'message',
          render: (m: string, r) => (
            <div id={anchorId?.(r)} style={{ minWidth: 240, whiteSpace: 'normal', wordBreak: 'break-word' }}>
              <div>{m}</div>
              {extra?.(r)}
            </div>
          ),
        },
      ]}
    />
  );
}

/** A whole report: the verdict with counts, then the results. */
export function CheckReportTable({ report }: { report: CheckReport }) {
  const counts = report.results.reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
  return (
    <>
      <Alert
        type={report.verdict === 'pass' ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 12 }}
        title={report.verdict === 'pass' ? '检查通过：没有不通过的项目' : '检查未通过：请按下表提示修改后重新检查'}
        description={(Object.keys(STATUS_TAGS) as RuleStatus[]).filter((s) => counts[s]).map((s) => `${STATUS_TAGS[s].text} ${counts[s]} 项`).join('，')}
      />
      <CheckResultsTable results={report.results} />
    </>
  );
}
