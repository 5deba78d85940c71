// 发布公告: the organiser writes an announcement to an audience (all province administrators, all experts, all
// authors of a call, everyone), optionally by SMS too; the list shows each one's recipients and how many read it.
import { App, Button, Card, Checkbox, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, ApiError } from '../../api/index.ts';
import { noticesApi, type AnnouncementRow } from '../../api/notices.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

interface Values {
  title: string;
  body: string;
  audience: string;
  callId?: string;
  sendSms: boolean;
}

export function AnnouncementsPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const list = useLoad(() => noticesApi.orgAnnouncements(), []);
  const calls = useLoad(() => api.calls(), []);
  const [busy, setBusy] = useState(false);
  const audience = Form.useWatch('audience', form);
  const sendSms = Form.useWatch('sendSms', form);
  const audiences = list.data?.audiences ?? [];
  const needsCall = audiences.find((a) => a.id === audience)?.needsCall ?? false;

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await noticesApi.announce({ ...v, callId: needsCall ? v.callId : undefined, sendSms: !!v.sendSms });
      message.success(`公告已发布，共 ${r.recipients} 位接收人${v.sendSms ? '，短信正在发送' : ''}`);
      form.resetFields();
      await list.reload();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })));
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="发布公告">
        <Typography.Paragraph type="secondary">
          公告即时送达每位接收人的“消息中心”（无需对方在线或登录过）；勾选“同时发送短信”后另发一条简短短信提醒查看。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ audience: 'province_admins', sendSms: false }} style={{ maxWidth: 720 }}>
          <Form.Item name="title" label="标题" rules={[{ required: true, min: 2, max: 60, message: '请填写公告标题（2–60 字）' }]}>
            <Input placeholder="例如：关于做好省级推荐上报工作的通知" maxLength={60} showCount />
          </Form.Item>
          <Form.Item name="body" label="正文" rules={[{ required: true, min: 2, max: 5000, message: '请填写公告正文（2–5000 字）' }]}>
            <Input.TextArea rows={6} maxLength={5000} showCount />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="audience" label="接收对象" rules={[{ required: true, message: '请选择接收对象' }]}>
              <Select style={{ width: 220 }} options={audiences.map((a) => ({ value: a.id, label: a.label }))} />
            </Form.Item>
            {needsCall && (
              <Form.Item name="callId" label="活动" rules={[{ required: true, message: '请选择活动' }]}>
                <Select style={{ width: 320 }} placeholder="选择活动" options={(calls.data ?? []).map((c) => ({ value: c.id, label: c.title }))} />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="sendSms" valuePropName="checked">
            <Checkbox>同时发送短信提醒</Checkbox>
          </Form.Item>
          <Popconfirm
            title="确认发布公告？"
            description={sendSms ? '发布后无法撤回，短信将发送给全部接收人。' : '发布后无法撤回。'}
            okText="发布"
            cancelText="取消"
            onConfirm={submit}
          >
            <Button type="primary" icon={<NotificationOutlined />} loading={busy}>
              发布公告
            </Button>
          </Popconfirm>
        </Form>
      </Card>
      <Card title="已发布的公告">
        <ErrorAlert error={list.error} />
        <Table<AnnouncementRow>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{ expandedRowRender: (r) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.body}</Typography.Paragraph> }}
          locale={{ emptyText: '尚未发布公告' }}
          columns={[
            { title: '标题', dataIndex: 'title' },
            { title: '接收对象', render: (_, r) => (r.callTitle ? `${r.audienceLabel}（${r.callTitle}）` : r.audienceLabel) },
            { title: '接收人数', dataIndex: 'recipients', align: 'right' },
            { title: '已读', dataIndex: 'read', align: 'right' },
            { title: '短信', render: (_, r) => (r.sendSms ? <Tag color="blue">已发 {r.smsSent}/{r.recipients}</Tag> : <Tag>未发送</Tag>) },
            { title: '发布人', dataIndex: 'createdBy' },
            { title: '发布时间', dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
          ]}
        />
      </Card>
    </Space>
  );
}
