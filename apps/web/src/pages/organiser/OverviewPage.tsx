// 全国概况: one row per province from /api/org/overview, with unlock for reported lists.
import { App, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { ReasonModal } from '../../components/ReasonModal.tsx';
import { api, type OverviewRow, type QuotaCounter } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

function quotaText(q: OverviewRow['quota'], used: number): string {
  if (q === null || q === undefined) return '—';
  if (typeof q === 'number') return `${used} / ${q}`;
  return (q as QuotaCounter[]).map((x) => `${x.name} ${x.used}/${x.max}`).join('；');
}

export function OverviewPage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
  const [unlocking, setUnlocking] = useState<OverviewRow | null>(null);
  const { data, error, loading, reload } = useLoad(() => (callId ? api.overview(callId) : Promise.resolve([])), [callId]);
  const total = (data ?? []).reduce((a, r) => ({ submitted: a.submitted + r.submitted, recommended: a.recommended + r.recommended }), { submitted: 0, recommended: 0 });
  return (
    <Card title="全国概况" extra={<CallPicker />}>
      <ErrorAlert error={error} />
      <Table<OverviewRow>
        rowKey="provinceCode"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1}>{total.submitted}</Table.Summary.Cell>
            <Table.Summary.Cell index={2}>{total.recommended}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} colSpan={6} />
          </Table.Summary.Row>
        )}
        columns={[
          { title: '省份', dataIndex: 'provinceName', width: 160 },
          { title: '已提交', dataIndex: 'submitted', width: 90 },
          { title: '已推荐', dataIndex: 'recommended', width: 90 },
          { title: '方式一预选（占用名额）', dataIndex: 'preselected', width: 120, render: (v?: number) => v ?? 0 },
          { title: '名额使用（已占用/上限）', dataIndex: 'quota', render: (q: OverviewRow['quota'], r) => <span data-testid="overview-quota">{quotaText(q, r.quotaUsed ?? r.recommended)}</span> },
          { title: '联系人信息表', dataIndex: 'contactFormSubmitted', width: 120, render: (v: boolean) => (v ? <Tag color="success">已提交</Tag> : <Tag>未提交</Tag>) },
          { title: '征集方式', dataIndex: 'mode', width: 100, render: (m: 1 | 2 | null) => (m ? `方式${m === 1 ? '一' : '二'}` : '—') },
          { title: '推荐名单', dataIndex: 'locked', width: 100, render: (v: boolean) => (v ? <Tag color="blue">已上报</Tag> : <Tag>未上报</Tag>) },
          {
            title: '操作',
            key: 'op',
            width: 100,
            render: (_, r) =>
              r.locked && callId ? (
                <Button size="small" onClick={() => setUnlocking(r)}>
                  解锁
                </Button>
              ) : null,
          },
        ]}
      />
      <ReasonModal
        open={!!unlocking}
        title={`解锁${unlocking?.provinceName ?? ''}的推荐名单？`}
        label="解锁原因"
        placeholder="解锁后该省管理员可再次调整推荐并重新上报；原因记入审计日志。已公布结果的省份须先撤销证书才能解锁。"
        okText="确认解锁"
        onCancel={() => setUnlocking(null)}
        onSubmit={async (reason) => {
          await api.unlockProvince(unlocking!.provinceCode, callId!, reason);
          setUnlocking(null);
          message.success('已解锁');
          await reload();
        }}
      />
    </Card>
  );
}
