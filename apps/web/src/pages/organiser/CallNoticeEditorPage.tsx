// 活动通知 (organiser): each call's public notice — title, 文号, text, contacts and attachments (templates, forms) —
// saved, then published on the call's public page and the front door (or withdrawn).
import { App, Button, Card, Form, Input, Popconfirm, Space, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/index.ts';
import { attachmentUrl, callNoticesApi, type CallNotice } from '../../api/callNotices.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';

interface Values {
  title: string;
  documentNo?: string;
  body: string;
  contacts?: string;
}

export function CallNoticeEditorPage() {
  const { message } = App.useApp();
  const { callId } = useCalls();
  const [form] = Form.useForm<Values>();
  const loaded = useLoad(() => (callId ? callNoticesApi.orgNotice(callId) : Promise.resolve(undefined)), [callId]);
  const [notice, setNotice] = useState<CallNotice | undefined>();
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    setNotice(loaded.data);
    if (loaded.data) form.setFieldsValue({ title: loaded.data.title, documentNo: loaded.data.documentNo ?? '', body: loaded.data.body, contacts: loaded.data.contacts });
  }, [loaded.data, form]);

  const run = async (what: string, fn: () => Promise<CallNotice>, done: string) => {
    setBusy(what);
    try {
      setNotice(await fn());
      message.success(done);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })));
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const v = await form.validateFields();
    if (!callId) return;
    await run('save', () => callNoticesApi.save(callId, { title: v.title, documentNo: v.documentNo || null, body: v.body, contacts: v.contacts ?? '' }), '通知已保存');
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
          活动通知
        </Typography.Title>
        <CallPicker />
      </Space>
      <ErrorAlert error={loaded.error} />
      {notice && (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            {notice.publishedAt ? <Tag color="success">已发布（{fmtTime(notice.publishedAt)}）</Tag> : <Tag>未发布</Tag>}
            {notice.builtIn && <Typography.Text type="secondary">以下为活动通知原文，核对后保存并发布。</Typography.Text>}
            {notice.publishedAt && callId && <Link to={`/calls/${callId}`}>查看公开页面</Link>}
          </Space>
          <Form form={form} layout="vertical">
            <Form.Item name="title" label="通知标题" rules={[{ required: true, message: '请填写通知标题' }, { max: 100, message: '通知标题不超过 100 字' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="documentNo" label="文号（可不填）" rules={[{ max: 50, message: '文号不超过 50 字' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="body" label="通知正文" rules={[{ required: true, message: '请填写通知正文' }]}>
              <Input.TextArea autoSize={{ minRows: 12, maxRows: 30 }} />
            </Form.Item>
            <Form.Item name="contacts" label="联系方式（显示在首页和通知页）">
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
            </Form.Item>
          </Form>
          <Space wrap>
            <Button type="primary" loading={busy === 'save'} onClick={save}>
              保存
            </Button>
            {notice.publishedAt ? (
              <Popconfirm title="撤回后访客将看不到此通知，确定撤回？" okText="撤回" cancelText="取消" onConfirm={() => callId && run('publish', () => callNoticesApi.unpublish(callId), '通知已撤回')}>
                <Button loading={busy === 'publish'}>撤回通知</Button>
              </Popconfirm>
            ) : (
              <Button loading={busy === 'publish'} onClick={() => callId && run('publish', () => callNoticesApi.publish(callId), '通知已发布')}>
                发布通知
              </Button>
            )}
          </Space>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            附件（模板、信息表等）
          </Typography.Title>
          <Typography.Paragraph type="secondary">支持 PDF、Word、Excel、PPT、WPS、ZIP、RAR、TXT，每个不超过 20 MB，最多 20 个。</Typography.Paragraph>
          <ul style={{ paddingInlineStart: 20 }}>
            {notice.attachments.map((a) => (
              <li key={a.id} style={{ marginBottom: 6 }}>
                <a href={attachmentUrl(notice.callId, a.id)} download>
                  {a.name}
                </a>{' '}
                <Popconfirm title={`删除附件“${a.name}”？`} okText="删除" cancelText="取消" onConfirm={() => callId && run('remove', () => callNoticesApi.removeAttachment(callId, a.id), '附件已删除')}>
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    删除
                  </Button>
                </Popconfirm>
              </li>
            ))}
          </ul>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              if (callId) void run('upload', () => callNoticesApi.addAttachment(callId, file), `已上传“${file.name}”`);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'upload'}>
              上传附件
            </Button>
          </Upload>
        </Card>
      )}
    </Space>
  );
}
