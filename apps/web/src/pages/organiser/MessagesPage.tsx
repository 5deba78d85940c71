// 短信与邮件: every message the platform sends (pending, sent, failed with the gateway's error), paged, sorted and
// filtered on the server; a failed message can be sent again. Recipients are masked.
import { App, Button, Card, Col, Descriptions, Input, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { messagesApi, type MessageQuery, type MessageRow } from '../../messagesApi.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

const STATUS_COLORS: Record<MessageRow['status'], string> = { pending: 'processing', sent: 'success', failed: 'error' };
const SORT_OF: Record<string, MessageQuery['sort']> = { createdAt: 'created', sentAt: 'sent', attempts: 'attempts', statusLabel: 'status' };
const num = (n: number) => n.toLocaleString('zh-CN');

export function MessagesPage() {
  const { message } = App.useApp();
  const [query, setQuery] = useState<MessageQuery>({ limit: 20, offset: 0, sort: 'created', order: 'desc' });
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const page = useLoad(() => messagesApi.list(query), [JSON.stringify(query)]);
  const d = page.data;
  const set = (patch: Partial<MessageQuery>) => setQuery((q) => ({ ...q, offset: 0, ...patch }));

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
            <Statistic title="最近 1 小时短信" value={d?.settings.smsLastHour ?? 0} formatter={(v) => num(Number(v))} suffix={d ? `/ 上限 ${num(d.settings.limits.smsTotalHour)}` : undefined} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="最近 24 小时短信" value={d?.settings.smsLastDay ?? 0} formatter={(v) => num(Number(v))} suffix={d ? `/ 上限 ${num(d.settings.limits.smsTotalDay)}` : undefined} />
          </Col>
        </Row>
        {d && (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label="短信通道">{d.settings.sms}（签名：【{d.settings.signName}】）</Descriptions.Item>
            <Descriptions.Item label="邮件">{d.settings.email}</Descriptions.Item>
            <Descriptions.Item label="单个号码上限">每小时 {num(d.settings.limits.smsPerPhoneHour)} 条，每天 {num(d.settings.limits.smsPerPhoneDay)} 条</Descriptions.Item>
            <Descriptions.Item label="验证码防刷">
              同一网络每小时 {num(d.settings.codes.ipFreeNumbers)} 个号码内直接发送，超过需图形验证，最多 {num(d.settings.codes.ipMaxNumbers)} 个；全平台每天 {num(d.settings.codes.dailyBudget)} 条后均需图形验证
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder="发送状态"
            style={{ width: 130 }}
            value={query.status}
            onChange={(v) => set({ status: v })}
            options={[{ value: 'pending', label: '待发送' }, { value: 'sent', label: '已发送' }, { value: 'failed', label: '发送失败' }]}
          />
          <Select allowClear placeholder="渠道" style={{ width: 110 }} value={query.channel} onChange={(v) => set({ channel: v })} options={[{ value: 'sms', label: '短信' }, { value: 'email', label: '邮件' }]} />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
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
        </Space>
        <ErrorAlert error={page.error} />
        <Table<MessageRow>
          rowKey="id"
          size="small"
          loading={page.loading}
          dataSource={d?.items ?? []}
          scroll={{ x: 1150 }}
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
            { title: '类型', dataIndex: 'kindLabel', width: 150 },
            { title: '渠道', dataIndex: 'channelLabel', width: 60 },
            { title: '收件人', dataIndex: 'recipient', width: 170 },
            {
              title: '内容',
              dataIndex: 'text',
              render: (t: string) => <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: t }}>{t}</Typography.Paragraph>,
            },
            {
              title: '状态', dataIndex: 'statusLabel', width: 96, sorter: true,
              sortOrder: query.sort === 'status' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (label: string, r) => <Tag color={STATUS_COLORS[r.status]}>{label}</Tag>,
            },
            {
              title: '尝试次数', dataIndex: 'attempts', width: 96, align: 'right', sorter: true,
              sortOrder: query.sort === 'attempts' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (n: number) => `${num(n)} 次`,
            },
            {
              title: '发送结果', key: 'result', width: 240,
              render: (_, r) => <MessageResult row={r} />,
            },
            {
              title: '发送时间', dataIndex: 'sentAt', width: 150, sorter: true,
              sortOrder: query.sort === 'sent' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (v: string | null) => (v ? fmtTime(v) : '—'),
            },
            {
              title: '操作', key: 'op', width: 90, fixed: 'right',
              render: (_, r) =>
                r.status === 'failed' ? (
                  r.canRetry ? (
                    <Popconfirm title="重新发送这条消息？" description="请先确认号码、模板或通道配置已经改正。" okText="重新发送" cancelText="取消" onConfirm={() => retry(r)}>
                      <Button size="small" loading={busy === r.id}>重新发送</Button>
                    </Popconfirm>
                  ) : (
                    <Tooltip title={r.retryBlocked}>
                      <Button size="small" disabled>重新发送</Button>
                    </Tooltip>
                  )
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
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
