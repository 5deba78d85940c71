// 本县/本市案例 (chained recommendation): the county or city administrator's list with the level's quota counter,
// deadline, recommend to the next level, take back, return with a reason, and Excel export.
import { Alert, App, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, useLoad } from '../../hooks.ts';
import { usePagedList } from '../../usePagedList.ts';
import { CaseFilterBar, type CaseFilterValues } from '../../components/cases/CaseFilterBar.tsx';
import { useCalls } from '../../components/calls.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReturnedState, StateTag } from '../../components/StateTag.tsx';
import { ReturnModal } from '../../components/ReasonModal.tsx';
import { QuotaCounters } from '../../components/QuotaCounters.tsx';
import { fmtTime } from '../../labels.ts';
import { useCallDef } from '../../callDefs.ts';
import { regionApi } from '../../api/region.ts';
import type { CaseListItem } from '../../api/index.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import { DemoMovedTag } from '../../components/PhaseNotes.tsx';

export function RegionCasesPage() {
  const { calls, callId: sharedCallId, setCallId } = useCalls();
  const { message } = App.useApp();
  const navigate = useNavigate();
  // Only calls whose definition has a chain concern city and county administrators.
  const chained = calls.filter((c) => (c as { hasChain?: boolean }).hasChain);
  const callId = chained.some((c) => c.id === sharedCallId) ? sharedCallId : chained[chained.length - 1]?.id;
  useEffect(() => {
    if (callId && callId !== sharedCallId) setCallId(callId);
  }, [callId, sharedCallId, setCallId]);
  const [filters, setFilters] = useState<CaseFilterValues>({});
  const [returning, setReturning] = useState<CaseListItem | null>(null);
  const callDef = useCallDef(callId);
  const status = useLoad(() => (callId ? regionApi.status(callId) : Promise.resolve(undefined)), [callId]);
  const list = usePagedList((q) => regionApi.cases(q), { ...filters, callId }, { enabled: !!callId, pageSize: 50 });
  const level = status.data?.level;
  const upper = level === 'county' ? '市级' : '省级';
  const open = status.data?.deadline?.open ?? false;

  const refresh = async () => {
    await Promise.all([status.reload(), list.reload()]);
  };
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
    await refresh();
  };

  if (calls.length && !chained.length) {
    return <Card><Empty description="目前没有需要市、县逐级推荐的征集活动" /></Card>;
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Select aria-label="选择活动" style={{ width: 360, maxWidth: "calc(100vw - 80px)" }} value={callId} onChange={setCallId} options={chained.map((c) => ({ value: c.id, label: c.title }))} />
            {status.data?.deadline && (
              <Typography.Text type={open ? undefined : 'warning'} data-testid="level-deadline">
                {status.data.deadline.name}截止：{status.data.deadline.end}
                {open ? '' : '（未开放或已截止）'}
              </Typography.Text>
            )}
            {status.data?.deadline?.demoMoved && <DemoMovedTag />}
          </Space>
          {status.data && <Typography.Text strong data-testid="region-name">{status.data.placeName}</Typography.Text>}
        </Space>
        <ErrorAlert error={status.error} />
        {status.data && (
          <QuotaCounters quota={[{ groupId: 'level', name: `向${upper}推荐`, used: status.data.quota.used, max: status.data.quota.max }]} />
        )}
        {status.data && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={`待本级审核 ${status.data.waiting} 个。推荐后案例进入${upper}审核；${upper}处理前可以取消推荐。退回的案例回到作者，修改后重新提交时从${level === 'county' ? '县级' : '本级'}开始审核。`}
          />
        )}
      </Card>
      <Card title={level === 'city' ? '本市案例' : '本县案例'}>
        <CaseFilterBar
          value={filters}
          onChange={setFilters}
          caseTypes={callDef.data?.caseTypes}
          exportHref={callId ? regionApi.casesXlsx({ ...filters, callId, sort: list.request.sort, order: list.request.order }) : null}
        />
        <ErrorAlert error={list.error} />
        <Table<CaseListItem>
          rowKey="id"
          {...list.tableProps}
          scroll={{ x: 1240 }}
          locale={{ emptyText: <Empty description={level === 'city' ? '暂无案例。区县推荐后，案例会出现在这里。' : '暂无案例。本县作者提交后，案例会出现在这里。'} /> }}
          columns={[
            // The title keeps a readable width; the table scrolls inside its box on a phone (never one character per line).
            { title: '案例名称', dataIndex: 'title', width: 240, ...list.sortable('title'), render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
            { title: '类型', dataIndex: 'caseTypeName', width: 160 },
            { title: '作者', dataIndex: 'authorName', width: 100, ...list.sortable('author') },
            { title: '区县', dataIndex: 'regionName', width: 160 },
            { title: '状态', dataIndex: 'state', width: 190, render: (s: CaseState, r) => <ReturnedState s={s} r={r} /> },
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, ...list.sortable('submitted'), render: fmtTime },
            {
              title: '操作',
              key: 'actions',
              width: 240,
              render: (_, r) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => navigate(`/cases/${r.id}`)}>
                    查看
                  </Button>
                  {r.actions.includes('return') && (
                    <Button type="link" size="small" danger onClick={() => setReturning(r)}>
                      退回
                    </Button>
                  )}
                  {r.actions.includes('chain_recommend') && (
                    <Button type="link" size="small" onClick={() => act(() => regionApi.recommend(r.id), `已推荐至${upper}`)}>
                      推荐至{upper}
                    </Button>
                  )}
                  {r.actions.includes('chain_unrecommend') && (
                    <Button type="link" size="small" onClick={() => act(() => regionApi.unrecommend(r.id), '已取消推荐')}>
                      取消推荐
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReturnModal
        open={!!returning}
        caseTitle={returning?.title ?? ''}
        onCancel={() => setReturning(null)}
        returnCase={(reason) => regionApi.returnCase(returning!.id, reason)}
        onDone={async () => {
          setReturning(null);
          await refresh();
        }}
      />
    </Space>
  );
}
