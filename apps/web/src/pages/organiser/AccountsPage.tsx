// 账号管理 (organiser): find an account (phones masked) and disable it — its sessions end at once — or enable it again.
import { App as AntApp, Button, Card, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { UserListQuery } from '@anli/contracts/accounts.ts';
import { usePagedList } from '../../usePagedList.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAuth } from '../../auth.tsx';
import { fmtTime, roleLabel } from '../../labels.ts';
import { securityApi, type AccountRow } from '../../api/security.ts';

export function AccountsPage() {
  const { message } = AntApp.useApp();
  const { user } = useAuth();
  const [role, setRole] = useState<UserListQuery['role']>();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<AccountRow | null>(null);
  const [reason, setReason] = useState('');
  // Paged, sorted and filtered on the server (every account is reachable, however many there are).
  const list = usePagedList((r) => securityApi.users({ ...r, sort: r.sort as UserListQuery['sort'] }), { role, q: q || undefined });

  const setDisabled = async (u: AccountRow, disabled: boolean, why?: string) => {
    setError(null);
    try {
      const r = await securityApi.setDisabled(u.id, disabled, why);
      message.success(disabled ? `已停用，结束 ${r.sessionsEnded} 个登录会话` : '已启用');
      setTarget(null);
      setReason('');
      void list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title="账号管理">
      <ErrorAlert error={error ?? list.error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          aria-label="按角色筛选"
          allowClear
          placeholder="全部角色"
          style={{ width: 160 }}
          value={role}
          onChange={(v) => setRole(v)}
          options={['author', 'county_admin', 'city_admin', 'province_admin', 'expert', 'organiser'].map((r) => ({ value: r, label: roleLabel(r as never) }))}
        />
        <Input.Search aria-label="按姓名或手机号搜索" placeholder="姓名或手机号" allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => setQ(v.trim())} style={{ width: 240 }} />
      </Space>
      <Table
        rowKey="id"
        {...list.tableProps}
        scroll={{ x: 760 }}
        columns={[
          { title: '姓名', dataIndex: 'name', ...list.sortable('name') },
          { title: '手机号', dataIndex: 'phone' },
          { title: '角色', dataIndex: 'role', render: (r) => roleLabel(r), ...list.sortable('role') },
          { title: '省份', dataIndex: 'provinceName', render: (p) => p ?? '—' },
          { title: '两步验证', dataIndex: 'totpEnabled', render: (t: boolean) => (t ? <Tag color="success">已启用</Tag> : <Tag>未启用</Tag>) },
          { title: '状态', dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="error">已停用</Tag> : <Tag color="success">正常</Tag>) },
          { title: '注册时间', dataIndex: 'createdAt', render: (t: string) => fmtTime(t), ...list.sortable('created') },
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
