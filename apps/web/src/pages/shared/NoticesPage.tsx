// 消息中心: the signed-in user's notices (case moments, deadline reminders, announcements); mark read, mark all read.
import { App, Badge, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { noticesApi, type Notice } from '../../api/notices.ts';
import type { Page } from '../../api/index.ts';
import { errorMessage } from '../../hooks.ts';
import { usePagedList } from '../../usePagedList.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

const KIND_COLORS: Record<string, string> = {
  case_returned: 'warning',
  case_recommended: 'success',
  case_unrecommended: 'default',
  case_not_recommended: 'default',
  case_disqualified: 'error',
  case_published: 'warning',
  deadline_submission: 'volcano',
  deadline_recommendation: 'volcano',
  deadline_contact_form: 'volcano',
  announcement: 'blue',
};

export function NoticesPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = usePagedList((q) => noticesApi.list(q), { unreadOnly: filter === 'unread' }, { pageSize: 20 });
  const [busy, setBusy] = useState(false);

  const markRead = async (n: Notice) => {
    try {
      if (!n.readAt) await noticesApi.markRead(n.id);
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const open = async (n: Notice) => {
    await markRead(n);
    if (n.link && n.link !== '/notices') navigate(n.link);
  };
  const markAll = async () => {
    setBusy(true);
    try {
      const r = await noticesApi.markAllRead();
      message.success(r.marked ? `已将 ${r.marked} 条消息标为已读` : '没有未读消息');
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const data = list.data as (Page<Notice> & { unread: number }) | undefined;
  return (
    <Card
      title={
        <Space>
          消息中心
          {!!data?.unread && <Badge count={data.unread} data-testid="notices-unread" />}
        </Space>
      }
      extra={
        <Space>
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as 'all' | 'unread')}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: '未读' },
            ]}
          />
          <Button icon={<CheckOutlined />} onClick={markAll} loading={busy} disabled={!data?.unread}>
            全部标为已读
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      <List
        loading={list.loading}
        dataSource={data?.items ?? []}
        pagination={list.listPagination}
        locale={{ emptyText: <Empty description={filter === 'unread' ? '没有未读消息' : '暂无消息'} /> }}
        renderItem={(n) => (
          <List.Item
            data-testid="notice-item"
            data-read={n.readAt ? 'true' : 'false'}
            style={{ background: n.readAt ? undefined : '#f0f7ff', paddingInline: 12 }}
            actions={[
              n.link && n.link !== '/notices' ? (
                <Button key="open" type="link" size="small" onClick={() => open(n)}>
                  查看
                </Button>
              ) : null,
              !n.readAt ? (
                <Button key="read" type="link" size="small" onClick={() => markRead(n)}>
                  标为已读
                </Button>
              ) : (
                <Typography.Text key="done" type="secondary">
                  已读
                </Typography.Text>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {!n.readAt && <Badge status="processing" />}
                  <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{n.kindLabel}</Tag>
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtTime(n.createdAt)}
                  </Typography.Text>
                </Space>
              }
              description={<Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{n.body}</Typography.Paragraph>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
