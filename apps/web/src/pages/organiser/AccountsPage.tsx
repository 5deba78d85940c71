// 账号管理 (organiser): find an account (phones masked) and disable it — its sessions end at once — or enable it again.
import { App as AntApp, Button, Card, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAuth } from '../../auth.tsx';
import { roleLabel } from '../../labels.ts';
import { securityApi, type AccountRow } from '../../securityApi.ts';

export function AccountsPage() {
  const { message } = AntApp.useApp();
  const { user } = useAuth();
  const [rows, setRows] = useState<AccountRow[]>([]);
  const [role, setRole] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [target, setTarget] = useState<AccountRow | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(() => {
    setLoading(true);
    securityApi
      .users(role, q.trim() || undefined)
      .then(setRows, setError)
      .finally(() => setLoading(false));
  }, [role, q]);
  useEffect(() => {
    load();
  }, [role]); // eslint-disable-line react-hooks/exhaustive-deps

  const setDisabled = async (u: AccountRow, disabled: boolean, why?: string) => {
    setError(null);
    try {
      const r = await securityApi.setDisabled(u.id, disabled, why);
      message.success(disabled ? `已停用，结束 ${r.sessionsEnded} 个登录会话` : '已启用');
      setTarget(null);
      setReason('');
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title="账号管理">
      <ErrorAlert error={error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          aria-label="按角色筛选"
          allowClear
          placeholder="全部角色"
          style={{ width: 160 }}
          value={role}
          onChange={setRole}
          options={['author', 'county_admin', 'city_admin', 'province_admin', 'expert', 'organiser'].map((r) => ({ value: r, label: roleLabel(r as never) }))}
        />
        <Input.Search placeholder="姓名或手机号" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={load} style={{ width: 240 }} />
      </Space>
      <Table
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '手机号', dataIndex: 'phone' },
          { title: '角色', dataIndex: 'role', render: (r) => roleLabel(r) },
          { title: '省份', dataIndex: 'provinceName', render: (p) => p ?? '—' },
          { title: '两步验证', dataIndex: 'totpEnabled', render: (t: boolean) => (t ? <Tag color="success">已启用</Tag> : <Tag>未启用</Tag>) },
          { title: '状态', dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="error">已停用</Tag> : <Tag color="blue">正常</Tag>) },
          {
            title: '操作',
            render: (_, u) =>
              u.id === user?.id ? (
                <span>当前账号</span>
              ) : u.disabled ? (
                <Button size="small" onClick={() => setDisabled(u, false)}>
                  启用
                </Button>
              ) : (
                <Button size="small" danger onClick={() => setTarget(u)}>
                  停用
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={!!target}
        title={`停用账号：${target?.name ?? ''}`}
        okText="停用"
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText="取消"
        onCancel={() => setTarget(null)}
        onOk={() => target && setDisabled(target, true, reason.trim())}
      >
        <p>停用后该账号立即退出所有登录，且不能再登录，直至重新启用。</p>
        <Input.TextArea placeholder="停用原因（必填，记入审计日志）" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </Modal>
    </Card>
  );
}
