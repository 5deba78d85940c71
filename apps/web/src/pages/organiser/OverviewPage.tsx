// 全国概况: one row per province from /api/org/overview, with unlock for reported lists.
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { api, type OverviewRow, type QuotaCounter } from '../../api.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

function quotaText(q: OverviewRow['quota'], recommended: number): string {
  if (q === null || q === undefined) return '—';
  if (typeof q === 'number') return `${recommended} / ${q}`;
  return (q as QuotaCounter[]).map((x) => `${x.name} ${x.used}/${x.max}`).join('；');
}

export function OverviewPage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
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
            <Table.Summary.Cell index={3} colSpan={5} />
          </Table.Summary.Row>
        )}
        columns={[
          { title: '省份', dataIndex: 'provinceName', width: 160 },
          { title: '已提交', dataIndex: 'submitted', width: 90 },
          { title: '已推荐', dataIndex: 'recommended', width: 90 },
          { title: '名额使用（已推荐/上限）', dataIndex: 'quota', render: (q: OverviewRow['quota'], r) => quotaText(q, r.recommended) },
          { title: '联系人信息表', dataIndex: 'contactFormSubmitted', width: 120, render: (v: boolean) => (v ? <Tag color="success">已提交</Tag> : <Tag>未提交</Tag>) },
          { title: '征集方式', dataIndex: 'mode', width: 100, render: (m: 1 | 2 | null) => (m ? `方式${m === 1 ? '一' : '二'}` : '—') },
          { title: '推荐名单', dataIndex: 'locked', width: 100, render: (v: boolean) => (v ? <Tag color="blue">已上报</Tag> : <Tag>未上报</Tag>) },
          {
            title: '操作',
            key: 'op',
            width: 100,
            render: (_, r) =>
              r.locked && callId ? (
                <Popconfirm
                  title={`解锁${r.provinceName}的推荐名单？`}
                  description="解锁后该省管理员可再次调整推荐并重新上报。"
                  onConfirm={async () => {
                    try {
                      await api.unlockProvince(r.provinceCode, callId);
                      message.success('已解锁');
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                    await reload();
                  }}
                >
                  <Button size="small">解锁</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
