// 短信与邮件: every message the platform sends (pending, sent, failed with the gateway's error), paged, sorted and
// filtered on the server; a failed message can be sent again. Recipients are masked.
import { App, Button, Card, Col, Descriptions, Grid, Input, List, Pagination, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { messagesApi, type MessageQuery, type MessageRow } from '../../api/messages.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

const STATUS_COLORS: Record<MessageRow['status'], string> = { pending: 'processing', sent: 'success', failed: 'error' };
const SORT_OF: Record<string, MessageQuery['sort']> = { createdAt: 'created', sentAt: 'sent', attempts: 'attempts', statusLabel: 'status' };
const num = (n: number) => n.toLocaleString('zh-CN');
const limitSuffix = (n: number) => <span style={{ fontSize: 14, color: 'rgba(0,0,0,0.62)' }}>/ 上限 {num(n)}</span>;
/** Sort choices for the phone layout (the table sorts by its column headers). */
const SORT_CHOICES = [
  { value: 'created:desc', label: '最新创建在前' },
  { value: 'created:asc', label: '最早创建在前' },
  { value: 'attempts:desc', label: '尝试次数多在前' },
  { value: 'sent:desc', label: '最近发送在前' },
];

export function MessagesPage() {
  const { message } = App.useApp();
  const [query, setQuery] = useState<MessageQuery>({ limit: 20, offset: 0, sort: 'created', order: 'desc' });
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const page = useLoad(() => messagesApi.list(query), [JSON.stringify(query)]);
  const d = page.data;
  const set = (patch: Partial<MessageQuery>) => setQuery((q) => ({ ...q, offset: 0, ...patch }));
  const narrow = !Grid.useBreakpoint().md;

  const retry = async (r: MessageRow) => {
    setBusy(r.id);
    try {
      await messagesApi.retry(r.id);
      message.success('已重新加入发送队列，稍后刷新查看结果');
      await page.reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="短信与邮件" extra={<Button icon={<ReloadOutlined />} onClick={() => page.reload()}>刷新</Button>}>
        <Row gutter={[16, 16]}>
          <Col xs={8} md={4}><Statistic title="待发送" value={d?.counts.pending ?? 0} formatter={(v) => num(Number(v))} /></Col>
          <Col xs={8} md={4}><Statistic title="已发送" value={d?.counts.sent ?? 0} formatter={(v) => num(Number(v))} /></Col>
          <Col xs={8} md={4}><Statistic title="发送失败" value={d?.counts.failed ?? 0} formatter={(v) => num(Number(v))} valueStyle={d?.counts.failed ? { color: '#cf1322' } : undefined} /></Col>
          <Col xs={12} md={6}>
            <Statistic title="最近 1 小时短信" value={d?.settings.smsLastHour ?? 0} formatter={(v) => num(Number(v))} suffix={d ? limitSuffix(d.settings.limits.smsTotalHour) : undefined} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="最近 24 小时短信" value={d?.settings.smsLastDay ?? 0} formatter={(v) => num(Number(v))} suffix={d ? limitSuffix(d.settings.limits.smsTotalDay) : undefined} />
          </Col>
        </Row>
        {d && (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label="短信通道">{d.settings.sms}（签名：【{d.settings.signName}】）</Descriptions.Item>
            <Descriptions.Item label="邮件">{d.settings.email}</Descriptions.Item>
            <Descriptions.Item label="单个号码上限">每小时 {num(d.settings.limits.smsPerPhoneHour)} 条，每天 {num(d.settings.limits.smsPerPhoneDay)} 条</Descriptions.Item>
            <Descriptions.Item label="验证码防刷">
              {d.settings.codes.ipFreeNumbers > 0
                ? `同一网络每小时前 ${num(d.settings.codes.ipFreeNumbers)} 个号码直接发送，之后需图形验证`
                : '同一网络每个号码都需图形验证'}
              ，每小时最多 {num(d.settings.codes.ipMaxNumbers)} 个号码；全平台每天 {num(d.settings.codes.dailyBudget)} 条后均需图形验证
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label="发送状态"
            placeholder="发送状态"
            style={{ width: 130 }}
            value={query.status}
            onChange={(v) => set({ status: v })}
            options={[{ value: 'pending', label: '待发送' }, { value: 'sent', label: '已发送' }, { value: 'failed', label: '发送失败' }]}
          />
          <Select allowClear aria-label="渠道" placeholder="渠道" style={{ width: 110 }} value={query.channel} onChange={(v) => set({ channel: v })} options={[{ value: 'sms', label: '短信' }, { value: 'email', label: '邮件' }]} />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label="消息类型"
            placeholder="消息类型"
            style={{ width: 210 }}
            value={query.kind}
            onChange={(v) => set({ kind: v })}
            options={d?.kinds.map((k) => ({ value: k.id, label: k.label }))}
          />
          <Input.Search
            allowClear
            placeholder="完整手机号、手机号后 4 位或邮箱"
            style={{ width: 260 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          {narrow && (
            <Select
              aria-label="排序"
              style={{ width: 170 }}
              value={`${query.sort}:${query.order}`}
              onChange={(v: string) => {
                const [sort, order] = v.split(':') as [MessageQuery['sort'], MessageQuery['order']];
                set({ sort, order });
              }}
              options={SORT_CHOICES}
            />
          )}
        </Space>
        <ErrorAlert error={page.error} />
        {narrow ? (
          <>
            <List<MessageRow>
              loading={page.loading}
              dataSource={d?.items ?? []}
              locale={{ emptyText: '没有符合条件的消息' }}
              renderItem={(r) => (
                <List.Item key={r.id} actions={r.status === 'failed' ? [<RetryButton key="retry" row={r} busy={busy === r.id} onRetry={retry} />] : undefined}>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
                      <Typography.Text strong>{r.kindLabel}</Typography.Text>
                    </Space>
                    <Typography.Text>{r.channelLabel} · {r.recipient} · 尝试 {num(r.attempts)} 次</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>创建于 {fmtTime(r.createdAt)}{r.sentAt ? `，发送于 ${fmtTime(r.sentAt)}` : ''}</Typography.Text>
                    <MessageResult row={r} />
                    <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>{r.text}</Typography.Paragraph>
                  </Space>
                </List.Item>
              )}
            />
            <Pagination
              simple
              style={{ marginTop: 12, textAlign: 'center' }}
              current={query.offset / query.limit + 1}
              pageSize={query.limit}
              total={d?.total ?? 0}
              onChange={(current) => setQuery((q) => ({ ...q, offset: (current - 1) * q.limit }))}
            />
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 8 }}>共 {num(d?.total ?? 0)} 条</Typography.Paragraph>
          </>
        ) : (
        <Table<MessageRow>
          rowKey="id"
          size="small"
          loading={page.loading}
          dataSource={d?.items ?? []}
          scroll={{ x: 1500 }}
          pagination={{
            current: query.offset / query.limit + 1,
            pageSize: query.limit,
            total: d?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) => `共 ${num(n)} 条`,
          }}
          onChange={(p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MessageRow> | undefined;
            const field = s?.order ? SORT_OF[String(s.field)] : undefined;
            const pageSize = p.pageSize ?? query.limit;
            setQuery((q) => ({
              ...q,
              limit: pageSize,
              offset: pageSize === q.limit ? ((p.current ?? 1) - 1) * pageSize : 0,
              sort: field ?? 'created',
              order: field ? (s!.order === 'ascend' ? 'asc' : 'desc') : 'desc',
            }));
          }}
          columns={[
            {
              title: '创建时间', dataIndex: 'createdAt', width: 150, sorter: true, defaultSortOrder: 'descend',
              sortOrder: query.sort === 'created' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: fmtTime,
            },
            { title: '类型', dataIndex: 'kindLabel', width: 140 },
            {
              title: '收件人', dataIndex: 'recipient', width: 200,
              render: (to: string, r) => <Space size={4}><Tag>{r.channelLabel}</Tag><span>{to}</span></Space>,
            },
            {
              title: '状态', dataIndex: 'statusLabel', width: 96, sorter: true,
              sortOrder: query.sort === 'status' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (label: string, r) => <Tag color={STATUS_COLORS[r.status]}>{label}</Tag>,
            },
            {
              title: '发送结果', key: 'result', width: 260,
              render: (_, r) => <MessageResult row={r} />,
            },
            {
              title: '尝试次数', dataIndex: 'attempts', width: 100, align: 'right', sorter: true,
              sortOrder: query.sort === 'attempts' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (n: number) => `${num(n)} 次`,
            },
            {
              title: '内容',
              dataIndex: 'text',
              width: 300,
              render: (t: string) => <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: t }}>{t}</Typography.Paragraph>,
            },
            {
              title: '发送时间', dataIndex: 'sentAt', width: 150, sorter: true,
              sortOrder: query.sort === 'sent' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (v: string | null) => (v ? fmtTime(v) : '—'),
            },
            {
              title: '操作', key: 'op', width: 100, fixed: 'right',
              render: (_, r) => (r.status === 'failed' ? <RetryButton row={r} busy={busy === r.id} onRetry={retry} /> : null),
            },
          ]}
        />
        )}
      </Card>
    </Space>
  );
}

function RetryButton({ row: r, busy, onRetry }: { row: MessageRow; busy: boolean; onRetry: (r: MessageRow) => void }) {
  if (!r.canRetry) {
    return (
      <Tooltip title={r.retryBlocked}>
        <Button size="small" disabled>重新发送</Button>
      </Tooltip>
    );
  }
  return (
    <Popconfirm title="重新发送这条消息？" description="请先确认号码、模板或通道配置已经改正。" okText="重新发送" cancelText="取消" onConfirm={() => onRetry(r)}>
      <Button size="small" loading={busy}>重新发送</Button>
    </Popconfirm>
  );
}

function MessageResult({ row: r }: { row: MessageRow }) {
  const secondary = (t: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t}</Typography.Text>;
  if (r.status === 'sent') return <Space direction="vertical" size={0}><span>{r.provider ?? '已送达通道'}</span>{r.providerRef && secondary(`回执编号 ${r.providerRef}`)}</Space>;
  if (r.status === 'pending') {
    return (
      <Space direction="vertical" size={0}>
        <span>{r.nextAttemptAt ? `预计 ${fmtTime(r.nextAttemptAt)} 发送` : '等待发送'}</span>
        {r.lastError && secondary(`上次失败：${r.lastError}`)}
      </Space>
    );
  }
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text type="danger">{r.lastError ?? '发送失败'}</Typography.Text>
      {r.permanent && secondary('此类错误不会自动重试')}
      {r.errorCode && secondary(`通道错误码 ${r.errorCode}`)}
    </Space>
  );
}
