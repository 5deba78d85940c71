// 评审任务: the cases assigned to this expert in open rounds, with progress and each sheet's status.
import { Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { reviewApi, type ReviewTask, type SheetStatus } from '../../api/review.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

export const SHEET_STATUS: Record<SheetStatus, { text: string; color: string }> = {
  pending: { text: '未评分', color: 'default' },
  draft: { text: '草稿', color: 'warning' },
  submitted: { text: '已提交', color: 'success' },
};

export function ReviewTasksPage() {
  const navigate = useNavigate();
  const { data, error, loading } = useLoad(() => reviewApi.tasks(), []);
  const total = data?.total ?? 0;
  const done = data?.submitted ?? 0;
  return (
    <Card title="评审任务">
      <ErrorAlert error={error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap align="center">
          <Typography.Text data-testid="review-progress">
            已提交 {done} / {total}
          </Typography.Text>
          <Progress percent={total ? Math.round((done / total) * 100) : 0} style={{ width: 240, maxWidth: '100%' }} size="small" aria-label={`评审进度 ${done}/${total}`} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          请按评分标准逐项打分并填写评语。可先保存草稿，提交后评分锁定，不能再修改。
        </Typography.Paragraph>
        <Table<ReviewTask>
          rowKey={(r) => `${r.roundId}:${r.caseId}`}
          size="small"
          loading={loading}
          dataSource={data?.tasks ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          // Readable widths; on a phone the table scrolls inside its own box (never one character per line).
          scroll={{ x: 980 }}
          locale={{ emptyText: '暂无评审任务。组委会分配评审任务后，您将在这里看到分配给您的案例。' }}
          columns={[
            { title: '评审轮次', dataIndex: 'roundName', width: 200, render: (n: string, r) => <span title={r.roundScope}>{n}{r.roundScope?.startsWith('省级') ? <Tag color="purple" style={{ marginLeft: 6 }}>{r.roundScope}</Tag> : null}{r.reviewMode ? <Tag style={{ marginLeft: 6 }}>{r.reviewMode}</Tag> : null}</span> },
            { title: '案例名称', dataIndex: 'title', width: 240, render: (t: string, r) => <Link to={`/expert/review/${r.roundId}/${r.caseId}`}>{t}</Link> },
            { title: '案例类型', dataIndex: 'caseTypeName', width: 160 },
            { title: '状态', dataIndex: 'status', width: 90, render: (s: SheetStatus) => <Tag color={SHEET_STATUS[s].color}>{SHEET_STATUS[s].text}</Tag> },
            { title: '总分', dataIndex: 'total', width: 70, render: (v: number | null) => (v === null ? '—' : v) },
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: fmtTime },
            {
              title: '操作',
              width: 80,
              render: (_: unknown, r) => (
                <Button size="small" type={r.status === 'submitted' ? 'default' : 'primary'} onClick={() => navigate(`/expert/review/${r.roundId}/${r.caseId}`)}>
                  {r.status === 'submitted' ? '查看' : '评分'}
                </Button>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
