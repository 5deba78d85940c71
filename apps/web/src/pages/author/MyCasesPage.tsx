import { Alert, App, Button, Card, Empty, Grid, List, Popconfirm, Space, Table, Typography } from 'antd';
import { MY_CASES_MAX } from '@anli/contracts/cases.ts';
import { useState } from 'react';
import { ReasonModal } from '../../components/ReasonModal.tsx';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { api, type CaseSummary } from '../../api/index.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { fmtTime } from '../../labels.ts';
import { useCalls } from '../../components/calls.tsx';
import { isEditableByAuthor, nextStepForAuthor } from '@anli/domain/lifecycle.ts';
import { MyDeadlines } from '../../components/MyDeadlines.tsx';

export function MyCasesPage() {
  const { data, error, loading, reload } = useLoad(() => api.myCases(), []);
  const { calls } = useCalls();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const callTitle = (id: string) => calls.find((c) => c.id === id)?.title ?? id;
  const [declining, setDeclining] = useState<CaseSummary | null>(null);

  const narrow = !Grid.useBreakpoint().md;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
    await reload();
  };

  /** What the author may do with a case: the same buttons in the table and on a phone's cards. */
  const actions = (r: CaseSummary) => (
    <Space size={0} wrap>
      {isEditableByAuthor(r.state) && (
        <Button type="link" size="small" onClick={() => navigate(`/my/cases/${r.id}/edit`)}>
          编辑
        </Button>
      )}
      <Button type="link" size="small" onClick={() => navigate(`/cases/${r.id}`)}>
        查看
      </Button>
      {(r.actions.includes('submit') || r.actions.includes('resubmit')) && (
        <Popconfirm title="确认提交此案例？提交后由省级管理员审核。" onConfirm={() => act(() => api.submitCase(r.id), '已提交')}>
          <Button type="link" size="small">
            提交
          </Button>
        </Popconfirm>
      )}
      {r.actions.includes('withdraw') && (
        <Popconfirm title="撤回后案例回到草稿，可修改后再次提交。确认撤回？" onConfirm={() => act(() => api.withdrawCase(r.id), '已撤回')}>
          <Button type="link" size="small">
            撤回
          </Button>
        </Popconfirm>
      )}
      {r.actions.includes('decline') && (
        <Button type="link" size="small" danger onClick={() => setDeclining(r)}>
          放弃预选
        </Button>
      )}
      {r.deletable && (
        <Popconfirm title="删除后无法恢复，确认删除此草稿？" okButtonProps={{ danger: true }} onConfirm={() => act(() => api.deleteCase(r.id), '已删除')}>
          <Button type="link" size="small" danger>
            删除
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Card
      title="我的案例"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/my/new')}>
          新建案例
        </Button>
      }
    >
      <ErrorAlert error={error} />
      {(data?.length ?? 0) >= MY_CASES_MAX && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`这里列出最近修改的 ${MY_CASES_MAX} 个案例。`} />
      )}
      <MyDeadlines callIds={[...new Set((data ?? []).filter((c) => isEditableByAuthor(c.state)).map((c) => c.callId))]} />
      {narrow ? (
        // On a phone each case is a card (a seven-column table would scroll sideways and hide the buttons).
        <List<CaseSummary>
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: <Empty description="还没有案例。点击右上角「新建案例」，选择活动和案例类型后开始填写。" /> }}
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small' } : false}
          renderItem={(r) => (
            <List.Item key={r.id} data-testid="case-card" style={{ display: 'block', paddingInline: 0 }}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={8}>
                  <Link to={`/cases/${r.id}`} style={{ fontWeight: 500 }}>{r.title || '（未命名案例）'}</Link>
                  <StateTag state={r.state} label={r.stateLabel} />
                </Space>
                <Typography.Text type="secondary">{callTitle(r.callId)} · {r.caseTypeName}</Typography.Text>
                <Typography.Text type={r.state === 'returned' ? 'danger' : 'secondary'}>{r.nextStep || nextStepForAuthor(r.state)}</Typography.Text>
                <Typography.Text type="secondary">更新于 {fmtTime(r.updatedAt)}</Typography.Text>
                <div style={{ marginInlineStart: -8 }}>{actions(r)}</div>
              </Space>
            </List.Item>
          )}
        />
      ) : (
      <Table<CaseSummary>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1050 }}
        locale={{ emptyText: <Empty description="还没有案例。点击右上角「新建案例」，选择活动和案例类型后开始填写。" /> }}
        columns={[
          { title: '案例名称', dataIndex: 'title', width: 200, render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t || '（未命名案例）'}</Link> },
          { title: '活动', dataIndex: 'callId', render: callTitle, width: 160 },
          { title: '类型', dataIndex: 'caseTypeName', width: 120 },
          {
            title: '状态',
            dataIndex: 'state',
            width: 120,
            render: (s, r) => <StateTag state={s} label={r.stateLabel} />,
          },
          {
            title: '下一步',
            dataIndex: 'nextStep',
            width: 170,
            render: (t: string, r) => (
              <Typography.Text type={r.state === 'returned' ? 'danger' : 'secondary'}>{t || nextStepForAuthor(r.state)}</Typography.Text>
            ),
          },
          { title: '更新时间', dataIndex: 'updatedAt', width: 130, render: fmtTime },
          // Kept in view on the right, whatever the window's width: the buttons are what the page is for.
          { title: '操作', key: 'actions', width: 150, fixed: 'right', render: (_, r) => actions(r) },
        ]}
      />
      )}
      <ReasonModal
        open={!!declining}
        title={`放弃本省预选的案例“${declining?.title ?? ''}”？`}
        label="放弃原因"
        placeholder="例如：本人不再参加本次活动。放弃后案例不能恢复，所占推荐名额退回本省，省级管理员会收到通知。"
        okText="确认放弃"
        danger
        onCancel={() => setDeclining(null)}
        onSubmit={async (reason) => {
          await api.declineCase(declining!.id, reason);
          setDeclining(null);
          message.success('已放弃预选，名额已退回本省');
          await reload();
        }}
      />
    </Card>
  );
}
