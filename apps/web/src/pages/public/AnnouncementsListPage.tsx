// 通知公告 (public): the organiser's announcements to everyone; a signed-in user also sees those addressed to them.
import { Card, Collapse, Empty, Typography } from 'antd';
import { noticesApi } from '../../api/notices.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';
import { fmtTime } from '../../labels.ts';

export function AnnouncementsListPage() {
  const { data, error, loading } = useLoad(() => noticesApi.announcements(), []);
  return (
    <PublicShell title="通知公告" width={900}>
      <Card loading={loading}>
        <ErrorAlert error={error} />
        {data && data.length === 0 && <Empty description="暂无公告" />}
        {data && data.length > 0 && (
          <Collapse
            defaultActiveKey={[data[0]!.id]}
            items={data.map((a) => ({
              key: a.id,
              label: (
                <span data-testid="announcement-title">
                  {a.title}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontSize: 12 }}>
                    {fmtTime(a.createdAt)}
                  </Typography.Text>
                </span>
              ),
              children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.body}</Typography.Paragraph>,
            }))}
          />
        )}
      </Card>
    </PublicShell>
  );
}
