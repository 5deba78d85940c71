// 全部案例: every province's cases, with filters, for the organiser.
import { Button, Card, Empty, Input, Select, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { xlsx } from '../../reportsApi.ts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type CaseFilters, type CaseSummary } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { fmtTime, STATE_LABELS } from '../../labels.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { CASE_STATES, type CaseState } from '@anli/domain/lifecycle.ts';
import { useCallDef } from '../../callDefs.ts';
import { classification } from '../province/ProvinceCasesPage.tsx';

export function AllCasesPage() {
  const { callId } = useCalls();
  const [filters, setFilters] = useState<Omit<CaseFilters, 'callId'>>({});
  const callDef = useCallDef(callId);
  const list = useLoad(() => (callId ? api.orgCases({ ...filters, callId }) : Promise.resolve([])), [callId, filters.provinceCode, filters.state, filters.caseType, filters.q]);
  return (
    <Card title="全部案例" extra={<CallPicker />}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="按省份筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="省份"
          style={{ width: 180 }}
          value={filters.provinceCode}
          onChange={(v) => setFilters((x) => ({ ...x, provinceCode: v }))}
          options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
        />
        <Select
          aria-label="按案例类型筛选"
          allowClear
          placeholder="案例类型"
          style={{ width: 200 }}
          value={filters.caseType}
          onChange={(v) => setFilters((x) => ({ ...x, caseType: v }))}
          options={callDef.data?.caseTypes.map((t) => ({ value: t.id, label: t.name })) ?? []}
        />
        <Select
          aria-label="按状态筛选"
          allowClear
          placeholder="状态"
          style={{ width: 180 }}
          value={filters.state}
          onChange={(v) => setFilters((x) => ({ ...x, state: v }))}
          options={CASE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
        />
        <Input.Search allowClear placeholder="搜索案例名称、作者、单位" style={{ width: 260 }} onSearch={(q) => setFilters((x) => ({ ...x, q: q.trim() || undefined }))} />
        <Button icon={<DownloadOutlined />} href={callId ? xlsx.orgCases({ ...filters, callId }) : undefined} disabled={!callId}>
          导出 Excel
        </Button>
      </Space>
      <ErrorAlert error={list.error} />
      <Table<CaseSummary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个案例` }}
        locale={{ emptyText: <Empty description="暂无符合条件的案例" /> }}
        columns={[
          { title: '案例名称', dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
          { title: '省份', dataIndex: 'provinceName', width: 120 },
          { title: '类型', dataIndex: 'caseTypeName', width: 160 },
          { title: '作者', dataIndex: 'authorName', width: 100 },
          { title: '学段/类别', key: 'cls', width: 120, render: (_, r) => classification(r, callDef.data?.quota.groups) },
          { title: '状态', dataIndex: 'state', width: 150, render: (s: CaseState, r) => <StateTag state={s} label={r.stateLabel} /> },
          { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: fmtTime },
        ]}
      />
    </Card>
  );
}
