// 审计日志: who did what, when, from which state to which, and why.
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { xlsx } from '../../api/reports.ts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type AuditListItem } from '../../api/index.ts';
import { usePagedList } from '../../usePagedList.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { EVENT_LABELS, eventLabel, fmtTimeSeconds, roleLabel, stateLabel, stepText } from '../../labels.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';

/** Events the server writes (namespaced), offered in the filter by their Chinese names. */
const EVENT_OPTIONS = Object.keys(EVENT_LABELS)
  .filter((k) => k.includes('.'))
  .map((k) => ({ value: k, label: eventLabel(k) }));

export function AuditPage() {
  const [filters, setFilters] = useState<{ objectId?: string; event?: string; provinceCode?: string }>({});
  // Newest first, paged on the server (共 N 条 is every matching entry).
  const list = usePagedList((q) => api.audit(q), filters, { pageSize: 50 });

  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search aria-label="按案例编号筛选" allowClear placeholder="案例编号（从案例页复制）" style={{ width: 260 }} onSearch={(v) => setFilters((f) => ({ ...f, objectId: v.trim() || undefined }))} />
        <Select
          aria-label="按事件筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="事件"
          style={{ width: 260 }}
          value={filters.event}
          onChange={(v) => setFilters((f) => ({ ...f, event: v }))}
          options={EVENT_OPTIONS}
        />
        <Select
          aria-label="按省份筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="省份"
          style={{ width: 180 }}
          value={filters.provinceCode}
          onChange={(v) => setFilters((f) => ({ ...f, provinceCode: v }))}
          options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
        />
        {/* The extract: every entry matching the filters on screen. */}
        <Button icon={<DownloadOutlined />} href={xlsx.audit(filters)}>
          导出 Excel
        </Button>
      </Space>
      <ErrorAlert error={list.error} />
      <Table<AuditListItem>
        rowKey="id"
        size="small"
        {...list.tableProps}
        scroll={{ x: 1300 }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: fmtTimeSeconds },
          { title: '操作人', key: 'actor', width: 160, render: (_, r) => (r.actorName || r.actorRole ? `${r.actorName ?? '—'}（${r.actorRoleLabel ?? roleLabel(r.actorRole ?? '')}）` : '系统') },
          {
            title: '事件',
            dataIndex: 'event',
            width: 170,
            render: (e: string, r) => (
              <span>
                {r.eventLabel ?? eventLabel(e)}
                {r.outcome && r.outcome !== 'success' && <Tag color="red" style={{ marginLeft: 4 }}>{r.outcomeLabel}</Tag>}
              </span>
            ),
          },
          {
            title: '对象',
            key: 'obj',
            width: 200,
            render: (_, r) => <AuditObject entry={r} />,
          },
          { title: '状态变化', key: 'st', width: 220, render: (_, r) => (r.fromState || r.toState ? stepText((r.fromStateLabel ?? stateLabel(r.fromState)) || '', (r.toStateLabel ?? stateLabel(r.toState)) || '') : '') },
          { title: '原因', dataIndex: 'reason', width: 220, render: (v: string | null) => v ?? '' },
          { title: '省份', dataIndex: 'provinceCode', width: 110, render: (c: string | null, r) => r.provinceName ?? (c ? (findProvince(c)?.name ?? '') : '') },
        ]}
      />
    </Card>
  );
}

/** The object by its name (a case's title, a user's name and role …), never its id. */
function AuditObject({ entry: r }: { entry: AuditListItem }) {
  const label = r.objectLabel ?? '';
  const type = r.objectTypeLabel ?? '';
  if (r.objectType === 'case' && r.objectId) return <Link to={`/cases/${r.objectId}`}>案例 {label}</Link>;
  return <span>{type && label ? `${type} ${label}` : label || type}</span>;
}
