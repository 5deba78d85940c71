// 激活码: issue a one-time code per province (shown once), list issued codes with their state.
import { App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, type ActivationCodeRow } from '../../api/index.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { IssuedCodeModal, type IssuedCode } from '../../components/IssuedCodeModal.tsx';
import { fmtTime } from '../../labels.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';

function codeState(r: ActivationCodeRow): { text: string; color: string } {
  if (r.usedAt || r.state === 'used') return { text: '已使用', color: 'success' };
  if (r.state === 'expired' || (r.expiresAt && new Date(r.expiresAt).getTime() < Date.now())) return { text: '已过期', color: 'default' };
  return { text: '未使用', color: 'blue' };
}

export function ActivationCodesPage() {
  const { message } = App.useApp();
  const list = useLoad(() => api.activationCodes(), []);
  const [province, setProvince] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);

  const issue = async () => {
    if (!province) return;
    setBusy(true);
    try {
      const r = await api.issueActivationCode(province);
      setIssued({ code: r.code, expiresAt: r.expiresAt, forLine: `省份：${findProvince(province)?.name ?? province}` });
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="发放激活码">
        <Space wrap>
          <Select
            aria-label="选择省份"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择省份"
            style={{ width: 220 }}
            value={province}
            onChange={setProvince}
            options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
          />
          <Button type="primary" icon={<KeyOutlined />} disabled={!province} loading={busy} onClick={issue}>
            生成激活码
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          激活码仅显示一次、只能使用一次。请通过安全渠道发给该省管理员，由其在「管理员激活」页面激活账号。
        </Typography.Paragraph>
      </Card>
      <Card title="已发放的激活码">
        <ErrorAlert error={list.error} />
        <Table<ActivationCodeRow>
          rowKey={(r) => r.id ?? `${r.provinceCode}-${r.createdAt}-${r.expiresAt}`}
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未发放激活码' }}
          columns={[
            { title: '省份', dataIndex: 'provinceCode', render: (c: string, r) => r.provinceName ?? findProvince(c)?.name ?? c },
            { title: '发放时间', dataIndex: 'createdAt', render: fmtTime },
            { title: '有效期至', dataIndex: 'expiresAt', render: fmtTime },
            { title: '状态', key: 'state', render: (_, r) => { const s = codeState(r); return <Tag color={s.color}>{s.text}</Tag>; } },
            { title: '使用时间', dataIndex: 'usedAt', render: (v: string | null) => (v ? fmtTime(v) : '') },
            { title: '使用人', dataIndex: 'usedBy', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
      <IssuedCodeModal issued={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}
