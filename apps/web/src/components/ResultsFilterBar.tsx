// The filters of a list of published cases (结果公布 and 结果发布): text, case type, award and province, each choice
// with its count from the server. The search box follows the value (clearing the filters clears the text).
import { Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { ResultsFacets, ResultsFilter } from '@anli/contracts/results.ts';

const withCount = (o: { value: string; label: string; count?: number }) => ({ value: o.value, label: `${o.label}（${o.count ?? 0}）` });

export function ResultsFilterBar(props: {
  value: ResultsFilter;
  onChange: (next: ResultsFilter) => void;
  facets: ResultsFacets | undefined;
  searchLabel?: string;
}) {
  const { value, onChange, facets } = props;
  const [text, setText] = useState(value.q ?? '');
  useEffect(() => setText(value.q ?? ''), [value.q]);
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <Input.Search
        aria-label={props.searchLabel ?? '搜索案例'}
        allowClear
        placeholder="案例名称、作者、单位"
        style={{ width: 240, maxWidth: 'calc(100vw - 64px)' }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => onChange({ ...value, q: v.trim() || undefined })}
      />
      <Select
        aria-label="按案例类型筛选"
        allowClear
        placeholder="案例类型"
        style={{ width: 220, maxWidth: 'calc(100vw - 64px)' }}
        value={value.caseType}
        onChange={(v) => onChange({ ...value, caseType: v })}
        options={(facets?.caseTypes ?? []).map(withCount)}
      />
      <Select
        aria-label="按获奖等级筛选"
        allowClear
        placeholder="获奖等级"
        style={{ width: 160 }}
        value={value.award}
        onChange={(v) => onChange({ ...value, award: v })}
        options={(facets?.awards ?? []).map(withCount)}
      />
      <Select
        aria-label="按省份筛选"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="省份"
        style={{ width: 160 }}
        value={value.provinceCode}
        onChange={(v) => onChange({ ...value, provinceCode: v })}
        options={(facets?.provinces ?? []).map((o) => ({ value: o.value, label: o.label }))}
      />
    </Space>
  );
}
