// The filter bar of the case lists (本省案例, 全部案例, 本县/本市案例): province, case type, state, 材料检测, search and
// the Excel export of every row the filters match. Every filter is applied on the server.
import { Button, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { PROVINCES } from '@anli/domain/provinces.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import { STATE_LABELS } from '../../labels.ts';

export interface CaseFilterValues {
  provinceCode?: string;
  caseType?: string;
  state?: string;
  check?: string;
  q?: string;
}

/** The 材料检测 filter: the values of the column. */
export const CHECK_FILTERS = [
  { value: 'passed', label: '通过' },
  { value: 'review', label: '待人工复核' },
  { value: 'failing', label: '有未通过项' },
  { value: 'checking', label: '检测中' },
  { value: 'no_files', label: '未上传材料' },
];

export function CaseFilterBar({
  value,
  onChange,
  caseTypes,
  states,
  provinces = false,
  check = false,
  exportHref,
}: {
  value: CaseFilterValues;
  onChange: (next: CaseFilterValues) => void;
  caseTypes?: Array<{ id: string; name: string }>;
  /** The states offered (none: no state filter). */
  states?: readonly CaseState[];
  provinces?: boolean;
  check?: boolean;
  /** The export of every matching row; absent: no export button (disabled while no call is chosen). */
  exportHref?: string | null;
}) {
  // The box shows what is typed until it is searched; it follows value.q (cleared filters clear it too).
  const [text, setText] = useState(value.q ?? '');
  useEffect(() => setText(value.q ?? ''), [value.q]);
  const set = (k: keyof CaseFilterValues) => (v: string | undefined) => onChange({ ...value, [k]: v || undefined });
  return (
    <Space wrap style={{ marginBottom: 16 }} data-testid="case-filter-bar">
      {provinces && (
        <Select
          aria-label="按省份筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="省份"
          style={{ width: 180 }}
          value={value.provinceCode}
          onChange={set('provinceCode')}
          options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
        />
      )}
      <Select
        aria-label="按案例类型筛选"
        allowClear
        placeholder="案例类型"
        style={{ width: 200 }}
        value={value.caseType}
        onChange={set('caseType')}
        options={caseTypes?.map((t) => ({ value: t.id, label: t.name })) ?? []}
      />
      {states && (
        <Select
          aria-label="按状态筛选"
          allowClear
          placeholder="状态"
          style={{ width: 180 }}
          value={value.state}
          onChange={set('state')}
          options={states.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
        />
      )}
      {check && (
        <Select aria-label="按材料检测筛选" allowClear placeholder="材料检测" style={{ width: 160 }} value={value.check} onChange={set('check')} options={CHECK_FILTERS} />
      )}
      <Input.Search
        aria-label="搜索案例"
        allowClear
        placeholder="搜索案例名称、作者、单位"
        style={{ width: 260, maxWidth: '100%' }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(q) => onChange({ ...value, q: q.trim() || undefined })}
      />
      {exportHref !== undefined && (
        <Button icon={<DownloadOutlined />} href={exportHref ?? undefined} disabled={!exportHref}>
          导出 Excel
        </Button>
      )}
    </Space>
  );
}
