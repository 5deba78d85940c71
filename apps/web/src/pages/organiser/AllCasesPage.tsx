// 全部案例: every province's cases for the organiser, paged, sorted and filtered on the server.
import { Card, Empty, Table } from 'antd';
import { xlsx } from '../../api/reports.ts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type CaseListItem } from '../../api/index.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { CaseFilterBar, type CaseFilterValues } from '../../components/cases/CaseFilterBar.tsx';
import { fmtTime } from '../../labels.ts';
import { CASE_STATES, type CaseState } from '@anli/domain/lifecycle.ts';
import { useCallDef } from '../../callDefs.ts';
import { usePagedList } from '../../usePagedList.ts';
import { classification } from '../province/ProvinceCasesPage.tsx';

export function AllCasesPage() {
  const { callId } = useCalls();
  const [filters, setFilters] = useState<CaseFilterValues>({});
  const callDef = useCallDef(callId);
  const list = usePagedList((q) => api.orgCases(q), { ...filters, callId }, { enabled: !!callId, pageSize: 50 });
  return (
    <Card title="全部案例" extra={<CallPicker />}>
      <CaseFilterBar
        value={filters}
        onChange={setFilters}
        provinces
        check
        caseTypes={callDef.data?.caseTypes}
        states={CASE_STATES}
        exportHref={callId ? xlsx.orgCases({ ...filters, callId, sort: list.request.sort, order: list.request.order }) : null}
      />
      <ErrorAlert error={list.error} />
      <Table<CaseListItem>
        rowKey="id"
        {...list.tableProps}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="暂无符合条件的案例" /> }}
        columns={[
          { title: '案例名称', dataIndex: 'title', width: 240, ...list.sortable('title'), render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
          { title: '省份', dataIndex: 'provinceName', width: 120, ...list.sortable('province') },
          { title: '类型', dataIndex: 'caseTypeName', width: 160, ...list.sortable('type') },
          { title: '作者', dataIndex: 'authorName', width: 100, ...list.sortable('author') },
          { title: '学段/类别', key: 'cls', width: 120, render: (_, r) => classification(r, callDef.data?.quota.groups) },
          { title: '状态', dataIndex: 'state', width: 150, ...list.sortable('state'), render: (s: CaseState, r) => <StateTag state={s} label={r.stateLabel} /> },
          { title: '提交时间', dataIndex: 'submittedAt', width: 150, ...list.sortable('submitted'), render: fmtTime },
        ]}
      />
    </Card>
  );
}
