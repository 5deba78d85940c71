// 专家管理: invite experts (a one-time invitation code, shown once), list them with their load, record conflicts (回避).
// With scope="province" it is a provincial administrator's 本省评审专家: experts invited there are of and belong to
// the province (used only in its own 省级评审 rounds); the list shows them and the national pool, read-only.
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { xlsx } from '../../api/reports.ts';
import { useState } from 'react';
import { api, ApiError, type CaseSummary } from '../../api/index.ts';
import { reviewApi, roundsApi, type ExpertFilters, type ExpertRow, type ReviewScope } from '../../api/review.ts';
import { usePagedList } from '../../usePagedList.ts';
import { useAuth } from '../../auth.tsx';
import { useNavigate } from 'react-router-dom';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { fmtTime } from '../../labels.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';

const STAGE_OPTIONS = ['幼儿园', '小学', '初中', '高中', '特教', '职业教育', '高等教育', '教师案例', '教研案例', '区域案例'];
const SUBJECT_OPTIONS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '思想政治', '科学', '信息科技', '信息技术', '音乐', '美术', '体育与健康', '劳动', '综合实践', '心理健康', '通用技术'];

export function ReviewExpertsPage({ scope = 'national' }: { scope?: ReviewScope }) {
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const scoped = roundsApi(scope);
  const provincial = scope === 'province';
  const [filters, setFilters] = useState<ExpertFilters>({});
  const list = usePagedList((q) => scoped.expertPage(q), { ...filters, scope }, { pageSize: 50 });
  // A province manages (reissues codes of) only the experts it invited itself.
  const manageable = (e: ExpertRow) => !provincial || e.ownerProvinceCode === user?.provinceCode;
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<{ name: string; phone: string; code: string; expiresAt: string } | null>(null);
  const [conflictFor, setConflictFor] = useState<ExpertRow | null>(null);
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');
  // The address experts open to activate, in full, to paste into a message.
  const activateUrl = `${window.location.origin}/activate-expert`;

  const invite = async (v: { name: string; phone: string; unitName: string; provinceCode?: string; subjects?: string[]; stages?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await scoped.inviteExpert({ ...v, subjects: v.subjects ?? [], stages: v.stages ?? [] });
      setIssued({ name: v.name, phone: v.phone, code: r.code, expiresAt: r.expiresAt });
      form.resetFields();
      await list.reload();
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reissue = async (e: ExpertRow) => {
    try {
      const r = await scoped.reissueInvitation(e.id);
      setIssued({ name: e.name, phone: e.phone, code: r.code, expiresAt: r.expiresAt });
      await list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={provincial ? `邀请本省评审专家（${user?.provinceName ?? ''}）` : '邀请评审专家'} extra={provincial ? <Button onClick={() => navigate('/province/review')}>返回省级评审</Button> : undefined}>
        <ErrorAlert error={error} />
        <Form form={form} layout="inline" onFinish={invite} style={{ rowGap: 12 }}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input placeholder="姓名" aria-label="姓名" maxLength={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="phone" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input placeholder="手机号" aria-label="手机号" maxLength={11} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="unitName" rules={[{ required: true, whitespace: true, message: '请填写工作单位' }]}>
            <Input placeholder="工作单位" aria-label="工作单位" maxLength={60} style={{ width: 220 }} />
          </Form.Item>
          {!provincial && (
            <Form.Item name="provinceCode" rules={[{ required: true, message: '请选择省份' }]}>
              <Select aria-label="省份" placeholder="省份" showSearch={{ optionFilterProp: 'label' }} style={{ width: 160 }} options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))} />
            </Form.Item>
          )}
          <Form.Item name="subjects">
            <Select aria-label="学科" mode="tags" placeholder="学科（可多选）" style={{ minWidth: 200 }} options={SUBJECT_OPTIONS.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="stages">
            <Select aria-label="学段" mode="multiple" placeholder="学段/类别（可多选）" style={{ minWidth: 200 }} options={STAGE_OPTIONS.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<UserAddOutlined />} loading={busy}>
              邀请并生成邀请码
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          邀请码以短信发到专家登记的手机号，并在此仅显示一次；只能使用一次，有效期 30 天。专家打开「评审专家激活」页面{' '}
          <Typography.Link href="/activate-expert" target="_blank" underline copyable={{ text: activateUrl, tooltips: ['复制链接', '已复制'] }} data-testid="activate-expert-link">
            {activateUrl}
          </Typography.Link>
          {' '}，用登记的手机号和邀请码激活账号。{scope === 'province' ? '短信未送达时，请把邀请码通过其他安全渠道告知专家。' : '短信未送达时，可在「短信与邮件」中查看原因并重新发送，或把邀请码通过其他安全渠道告知专家。'}
          {provincial
            ? '本省邀请的专家属于本省，只参加本省的省级评审；省级评审中专家不会评审本单位（第一作者工作单位）或已登记回避的案例。下表同时列出全国专家库中已激活的专家，可在省级评审中选用。'
            : '分配时专家不会评审本省或本单位（第一作者工作单位）的案例，也不会评审已登记回避的案例。省级管理员邀请的专家属于该省，不参加国家级自动分配。'}
        </Typography.Paragraph>
      </Card>
      <Card title={provincial ? '可选用的评审专家' : '评审专家'} extra={provincial ? undefined : <Button icon={<DownloadOutlined />} href={xlsx.experts({ ...filters, ...list.request })}>导出 Excel</Button>}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search aria-label="搜索专家" allowClear placeholder="姓名、单位或手机号后四位" style={{ width: 260, maxWidth: '100%' }} onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))} />
          <Select
            aria-label="按状态筛选"
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            value={filters.status}
            onChange={(v) => setFilters((f) => ({ ...f, status: v }))}
            options={[{ value: 'active', label: '已激活' }, { value: 'invited', label: '待激活' }]}
          />
          <Select
            aria-label="按省份筛选"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="省份"
            style={{ width: 160 }}
            value={filters.provinceCode}
            onChange={(v) => setFilters((f) => ({ ...f, provinceCode: v }))}
            options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
          />
        </Space>
        <ErrorAlert error={list.error} />
        <Table<ExpertRow>
          rowKey="id"
          size="small"
          {...list.tableProps}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? '没有符合条件的专家' : '尚未邀请专家' }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 100, ...list.sortable('name') },
            { title: '手机号', dataIndex: 'phone' },
            { title: '工作单位', dataIndex: 'unitName' },
            { title: '省份', dataIndex: 'provinceName', ...list.sortable('province') },
            { title: '归属', dataIndex: 'ownerProvinceName', render: (v?: string | null) => (v ? <Tag color="purple">{v}邀请</Tag> : '全国专家库') },
            { title: '学科', dataIndex: 'subjects', render: (v: string[]) => v.join('、') || '—' },
            { title: '学段/类别', dataIndex: 'stages', render: (v: string[]) => v.join('、') || '—' },
            {
              title: '状态',
              dataIndex: 'status',
              ...list.sortable('status'),
              render: (s: string, r) => (s === 'active' ? <Tag color="success">已激活</Tag> : <Tag color="blue">待激活（至 {fmtTime(r.inviteExpiresAt)}）</Tag>),
            },
            { title: '评审进度', render: (_: unknown, r) => (r.openAssignments ? `${r.openSubmitted} / ${r.openAssignments}` : '—') },
            {
              title: '回避',
              dataIndex: 'conflicts',
              render: (v: ExpertRow['conflicts']) =>
                v.length ? (
                  <Space orientation="vertical" size={0}>
                    {v.map((c) => (
                      <Typography.Text key={c.caseId} style={{ fontSize: 12 }}>
                        {c.caseTitle}（{c.reason}）
                      </Typography.Text>
                    ))}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '操作',
              render: (_: unknown, r) => (
                <Space>
                  {!provincial && (
                    <Button size="small" onClick={() => setConflictFor(r)}>
                      登记回避
                    </Button>
                  )}
                  {r.status === 'invited' && manageable(r) && (
                    <Button size="small" onClick={() => reissue(r)}>
                      重新生成邀请码
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={!!issued} title="邀请码（仅显示一次）" onCancel={() => setIssued(null)} footer={<Button type="primary" onClick={() => setIssued(null)}>我已记下</Button>}>
        {issued && (
          <Space orientation="vertical">
            <Typography.Text>
              专家：{issued.name}（{issued.phone}）
            </Typography.Text>
            <Typography.Title level={3} copyable data-testid="invitation-code" style={{ margin: 0 }}>
              {issued.code}
            </Typography.Title>
            <Typography.Text type="secondary">有效期至 {fmtTime(issued.expiresAt)}；邀请码已以短信发送到专家的手机。</Typography.Text>
          </Space>
        )}
      </Modal>
      {conflictFor && <ConflictModal expert={conflictFor} onClose={() => setConflictFor(null)} onDone={list.reload} />}
    </Space>
  );
}

function ConflictModal({ expert, onClose, onDone }: { expert: ExpertRow; onClose(): void; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [options, setOptions] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState<string>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const search = async (q: string) => {
    try {
      setOptions((await api.orgCases({ q: q.trim() || undefined, pageSize: 50 })).items);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const save = async () => {
    if (!caseId || reason.trim().length < 2) return;
    setBusy(true);
    try {
      const r = await reviewApi.addConflict(expert.id, caseId, reason.trim());
      message.success(r.removedAssignments ? `已登记回避，并移除了 ${r.removedAssignments} 个未提交的评审分配` : '已登记回避');
      await onDone();
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`登记回避：${expert.name}`} onCancel={onClose} onOk={save} okText="登记" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: !caseId || reason.trim().length < 2 }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="登记后自动分配不会把该案例分给此专家；已分配但未提交的评分会被移除。" />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select
          aria-label="案例"
          showSearch={{ filterOption: false, onSearch: search }}
          placeholder="输入案例名称或作者搜索"
          style={{ width: '100%' }}
          value={caseId}
          onChange={setCaseId}
          onFocus={() => !options.length && search('')}
          options={options.map((c) => ({ value: c.id, label: `${c.title}（${c.provinceName}，${c.authorName}）` }))}
        />
        <Input.TextArea aria-label="回避原因" rows={2} maxLength={200} placeholder="回避原因，如：指导过该案例、亲属关系" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Space>
    </Modal>
  );
}
