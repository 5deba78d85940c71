// Phases table with an edit dialog, and the per-province extensions list with add/delete.
import { App, Button, DatePicker, Form, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Extension, type Phase } from '../../api/index.ts';
import { errorMessage } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';
import { PhaseNotes } from '../../components/PhaseNotes.tsx';

/** The server takes whole days (Beijing time): a start day from 00:00:00, an end day until 23:59:59. */
const FMT = 'YYYY-MM-DD';
const FORCED_OPTIONS = [
  { value: 'auto', label: '按日期自动' },
  { value: 'open', label: '强制开放' },
  { value: 'closed', label: '强制关闭' },
];

const parse = (v: string | null | undefined) => (v ? dayjs(v.slice(0, 10)) : null);

export function PhasesPanel({ callId, phases, onChanged }: { callId: string; phases: Phase[]; onChanged(): Promise<void> }) {
  const [editing, setEditing] = useState<Phase | null>(null);
  return (
    <>
      <Table<Phase>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={phases}
        columns={[
          { title: '阶段', dataIndex: 'name' },
          { title: '开始（北京时间）', dataIndex: 'start', render: (v: string | null) => v ?? '活动开始即开放' },
          { title: '截止（北京时间）', dataIndex: 'end', render: (v: string, p) => <>{v} <PhaseNotes p={p} /></> },
          { title: '强制状态', dataIndex: 'forced', render: (f: Phase['forced']) => (f === 'open' ? <Tag color="success">强制开放</Tag> : f === 'closed' ? <Tag color="error">强制关闭</Tag> : '按日期') },
          { title: '当前', dataIndex: 'open', render: (o: boolean) => (o ? <Tag color="success">开放中</Tag> : <Tag>未开放</Tag>) },
          { title: '操作', key: 'op', render: (_, p) => <Button size="small" onClick={() => setEditing(p)}>编辑</Button> },
        ]}
      />
      <PhaseDialog callId={callId} phase={editing} onClose={() => setEditing(null)} onChanged={onChanged} />
    </>
  );
}

function PhaseDialog({ callId, phase, onClose, onChanged }: { callId: string; phase: Phase | null; onClose(): void; onChanged(): Promise<void> }) {
  const [form] = Form.useForm<{ start: Dayjs | null; end: Dayjs; forced: 'auto' | 'open' | 'closed' }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open={!!phase}
      title={`编辑阶段：${phase?.name ?? ''}`}
      okText="保存"
      cancelText="取消"
      destroyOnHidden
      okButtonProps={{ loading: busy }}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={async () => {
        if (!phase) return;
        const v = await form.validateFields().catch(() => null);
        if (!v) return;
        setBusy(true);
        setError(null);
        try {
          await api.updatePhase(callId, phase.id, { start: v.start ? v.start.format(FMT) : null, end: v.end.format(FMT), forced: v.forced === 'auto' ? null : v.forced });
          await onChanged();
          onClose();
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <ErrorAlert error={error} />
      {phase && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ start: parse(phase.start), end: parse(phase.end), forced: phase.forced ?? 'auto' }}>
          <Form.Item name="start" label="开始日期（北京时间当日 0:00 起；留空表示活动开始即开放）">
            <DatePicker style={{ width: '100%' }} format={FMT} />
          </Form.Item>
          <Form.Item
            name="end"
            label="截止日期（北京时间当日 23:59:59 止）"
            dependencies={['start']}
            rules={[
              { required: true, message: '请选择截止日期' },
              ({ getFieldValue }) => ({
                validator: (_, end: Dayjs | null) => {
                  const start: Dayjs | null = getFieldValue('start');
                  return start && end && end.isBefore(start) ? Promise.reject(new Error('截止日期不能早于开始日期')) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} format={FMT} />
          </Form.Item>
          <Form.Item name="forced" label="开放状态">
            <Select options={FORCED_OPTIONS} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

export function ExtensionsPanel({ callId, phases, extensions, onChanged }: { callId: string; phases: Phase[]; extensions: Extension[]; onChanged(): Promise<void> }) {
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ provinceCode: string; phaseId: string; end: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const phaseName = (id: string) => phases.find((p) => p.id === id)?.name ?? id;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          新增延期
        </Button>
        <Typography.Text type="secondary">延期只对所选省份生效。</Typography.Text>
      </Space>
      <Table<Extension>
        rowKey={(r) => `${r.provinceCode}-${r.phaseId}`}
        size="small"
        pagination={false}
        dataSource={extensions}
        locale={{ emptyText: '暂无分省延期' }}
        columns={[
          { title: '省份', dataIndex: 'provinceCode', render: (c: string) => findProvince(c)?.name ?? c },
          { title: '阶段', dataIndex: 'phaseId', render: phaseName },
          { title: '延期至（北京时间）', dataIndex: 'end' },
          {
            title: '操作',
            key: 'op',
            render: (_, r) => (
              <Popconfirm
                title="删除此延期？该省恢复全国统一截止时间。"
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await api.deleteExtension(callId, r.provinceCode, r.phaseId);
                    message.success('已删除');
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                  await onChanged();
                }}
              >
                <Button size="small" danger>
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title="新增分省延期"
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        okButtonProps={{ loading: busy }}
        onCancel={() => {
          setAdding(false);
          setError(null);
        }}
        onOk={async () => {
          const v = await form.validateFields().catch(() => null);
          if (!v) return;
          setBusy(true);
          setError(null);
          try {
            await api.addExtension(callId, { provinceCode: v.provinceCode, phaseId: v.phaseId, end: v.end.format(FMT) });
            message.success('延期已保存');
            setAdding(false);
            await onChanged();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="provinceCode" label="省份" rules={[{ required: true, message: '请选择省份' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
          <Form.Item name="phaseId" label="阶段" rules={[{ required: true, message: '请选择阶段' }]}>
            <Select options={phases.map((p) => ({ value: p.id, label: `${p.name}（截止 ${p.end}）` }))} />
          </Form.Item>
          <Form.Item name="end" label="新的截止日期（北京时间当日 23:59:59 止）" rules={[{ required: true, message: '请选择新的截止日期' }]}>
            <DatePicker style={{ width: '100%' }} format={FMT} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
