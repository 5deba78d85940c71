// 活动搭建: every call the organiser can build from (the platform's own, drafts, opened ones); 复制 one into a new
// draft, start 新建 from empty, 导入 a definition file, 导出 one, and open the editor.
import { useState } from 'react';
import { App, Button, Card, Form, Grid, Input, InputNumber, List, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { CopyOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/index.ts';
import { callBuilderApi, definitionFileUrl, type BuilderCallRow } from '../../api/callBuilder.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LinkButton } from '../../components/LinkButton.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { STATE_TAG } from '../../callBuilderText.ts';

interface NewDraft {
  id: string;
  title: string;
  documentNo?: string;
  year: number;
}

/** A suggested id for a copy: the source's id with its year replaced (teacher-training-2026 → teacher-training-2027). */
function suggestId(source: BuilderCallRow | null, year: number) {
  if (!source) return `call-${year}`;
  return /\d{4}$/.test(source.id) ? source.id.replace(/\d{4}$/, String(year)) : `${source.id}-${year}`;
}

export function CallBuilderListPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad(() => callBuilderApi.list(), []);
  const [dialog, setDialog] = useState<{ source: BuilderCallRow | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<NewDraft>();
  const narrow = Grid.useBreakpoint().md === false;

  const start = (source: BuilderCallRow | null) => {
    const year = (source?.year ?? new Date().getFullYear()) + (source ? 1 : 0);
    form.setFieldsValue({
      id: suggestId(source, year),
      title: source ? source.title.replace(/\d{4}/, String(year)) : '',
      documentNo: '',
      year,
    });
    setDialog({ source });
  };

  const create = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const d = await callBuilderApi.create({ sourceCallId: dialog?.source?.id ?? null, id: v.id.trim(), title: v.title.trim(), documentNo: v.documentNo?.trim() || undefined, year: v.year });
      message.success('草稿已创建');
      setDialog(null);
      navigate(`/org/call-builder/${encodeURIComponent(d.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CALL_ID_TAKEN') form.setFields([{ name: 'id', errors: [e.message] }]);
      else if (e instanceof ApiError) applyFieldErrors(form, e);
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File) => {
    try {
      const d = await callBuilderApi.importFile(await file.text());
      message.success(`已导入为草稿：${String(d.definition.title ?? d.id)}`);
      navigate(`/org/call-builder/${encodeURIComponent(d.id)}`);
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : [];
      Modal.error({
        title: '导入失败',
        width: 640,
        content: fields.length ? (
          <ul style={{ paddingLeft: 18, margin: 0 }}>{fields.slice(0, 20).map((f) => <li key={f.path + f.message}>{f.message}</li>)}</ul>
        ) : errorMessage(e),
      });
    }
    return false;
  };

  const actions = (r: BuilderCallRow) => (
    <Space wrap size={4}>
      <LinkButton size="small" to={`/org/call-builder/${encodeURIComponent(r.id)}`}>{r.state === 'draft' ? '编辑' : '查看与修改'}</LinkButton>
      <Button size="small" icon={<CopyOutlined />} onClick={() => start(r)} aria-label={`复制 ${r.title}`}>复制</Button>
      <Button size="small" icon={<DownloadOutlined />} href={definitionFileUrl(r.id)} aria-label={`导出 ${r.title}`}>导出</Button>
    </Space>
  );

  return (
    <Card
      title="活动搭建"
      extra={
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => start(null)}>新建</Button>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => {
            void importFile(f);
            return false;
          }}>
            <Button icon={<UploadOutlined />}>导入定义文件</Button>
          </Upload>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        复制往年的活动生成新一年的草稿，修改表单、附件规则、名额、阶段和评分标准，预览无误后开放。开放后作者即可在新活动下填报；已开放活动的修改会生成新版本并记入审计日志。
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      {/* On a phone each call is a card with its buttons below, rather than a table to scroll sideways. */}
      {narrow ? (
        <List<BuilderCallRow>
          loading={!data && !error}
          dataSource={data ?? []}
          renderItem={(r) => (
            <List.Item key={r.id} style={{ display: 'block' }}>
              <div>{r.title}</div>
              {r.documentNo && <Typography.Text type="secondary">{r.documentNo}</Typography.Text>}
              <div style={{ margin: '6px 0' }}>
                <Tag color={STATE_TAG[r.state].color}>{STATE_TAG[r.state].text}</Tag>
                <Typography.Text type="secondary">{r.version ? `第 ${r.version} 版 · ` : ''}{r.caseCount} 件案例</Typography.Text>
              </div>
              {actions(r)}
            </List.Item>
          )}
        />
      ) : (
      <Table<BuilderCallRow>
        rowKey="id"
        size="middle"
        loading={!data && !error}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        columns={[
          { title: '活动名称', dataIndex: 'title', render: (t: string, r) => <><div>{t}</div>{r.documentNo && <Typography.Text type="secondary">{r.documentNo}</Typography.Text>}</> },
          { title: '状态', dataIndex: 'state', width: 150, render: (s: BuilderCallRow['state']) => <Tag color={STATE_TAG[s].color}>{STATE_TAG[s].text}</Tag> },
          { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => (v ? `第 ${v} 版` : '—') },
          { title: '案例数', dataIndex: 'caseCount', width: 80 },
          {
            title: '操作',
            key: 'ops',
            width: 260,
            render: (_: unknown, r) => actions(r),
          },
        ]}
      />
      )}
      <Modal
        open={!!dialog}
        title={dialog?.source ? `复制“${dialog.source.title}”` : '新建空白活动'}
        okText="创建草稿"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void create()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        {dialog?.source && <Typography.Paragraph type="secondary">复制全部案例类型、表单、附件规则、名额和评分标准；各阶段日期按年份顺延。</Typography.Paragraph>}
        <Form form={form} layout="vertical">
          <Form.Item name="id" label="活动编号" extra="用于网址和导出文件，只能用小写英文字母、数字和连字符，开放后不能修改" rules={[{ required: true, message: '请填写活动编号' }, { pattern: /^[a-z0-9-]+$/, message: '只能用小写英文字母、数字和连字符' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label="活动名称" rules={[{ required: true, message: '请填写活动名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="documentNo" label="文号">
            <Input placeholder="如 教技资〔2027〕1号" />
          </Form.Item>
          <Form.Item name="year" label="年份" rules={[{ required: true, message: '请填写年份' }]}>
            <InputNumber min={2020} max={2100} style={{ width: 140 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
