// 审计日志: who did what, when, from which state to which, and why.
import { Button, Card, Input, Select, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { xlsx } from '../../reportsApi.ts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type AuditEntry } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { EVENT_LABELS, eventLabel, fmtTimeSeconds, roleLabel, stateLabel } from '../../labels.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';

/** Event ids the server writes (namespaced), offered in the filter. */
const EVENT_OPTIONS = Object.keys(EVENT_LABELS)
  .filter((k) => k.includes('.'))
  .concat(['case.submit', 'case.withdraw', 'case.return', 'case.resubmit', 'case.recommend', 'case.unrecommend', 'case.close_unrecommended', 'case.reopen', 'case.disqualify'])
  .filter((k, i, all) => all.indexOf(k) === i)
  .map((k) => ({ value: k, label: `${eventLabel(k)}（${k}）` }));

const PAGE = 100;

export function AuditPage() {
  const [filters, setFilters] = useState<{ objectId?: string; event?: string; provinceCode?: string }>({});
  const [pages, setPages] = useState<AuditEntry[][]>([]);
  const first = useLoad(async () => {
    const r = await api.audit({ ...filters, limit: PAGE });
    setPages([r]);
    return r;
  }, [filters.objectId, filters.event, filters.provinceCode]);
  const rows = pages.flat();
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const last = pages[pages.length - 1];

  const loadMore = async () => {
    const lastAt = rows[rows.length - 1]?.at;
    if (!lastAt) return;
    // The server pages by time in epoch milliseconds.
    const before = String(Date.parse(lastAt));
    setMoreBusy(true);
    try {
      const r = await api.audit({ ...filters, limit: PAGE, before });
      setPages((p) => [...p, r]);
    } catch (e) {
      setMoreError(e);
    } finally {
      setMoreBusy(false);
    }
  };

  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="对象 ID（如案例 ID）" style={{ width: 260 }} onSearch={(v) => setFilters((f) => ({ ...f, objectId: v.trim() || undefined }))} />
        <Select
          aria-label="按事件筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="事件"
          style={{ width: 260 }}
          value={filters.event}
          onChange={(v) => setFilters((f) => ({ ...f, event: v }))}
          options={EVENT_OPTIONS}
        />
        <Select
          aria-label="按省份筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="省份"
          style={{ width: 180 }}
          value={filters.provinceCode}
          onChange={(v) => setFilters((f) => ({ ...f, provinceCode: v }))}
          options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
        />
        {/* The extract: the newest 1000 entries matching the filters on screen. */}
        <Button icon={<DownloadOutlined />} href={xlsx.audit({ ...filters, limit: 1000 })}>
          导出 Excel
        </Button>
      </Space>
      <ErrorAlert error={first.error || moreError} />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={first.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: fmtTimeSeconds },
          { title: '操作人', key: 'actor', width: 160, render: (_, r) => (r.actorName || r.actorRole ? `${r.actorName ?? '—'}（${r.actorRole ? roleLabel(r.actorRole) : '系统'}）` : '系统') },
          { title: '事件', dataIndex: 'event', width: 140, render: (e: string) => eventLabel(e) },
          {
            title: '对象',
            key: 'obj',
            width: 200,
            render: (_, r) => <AuditObject entry={r} />,
          },
          { title: '状态变化', key: 'st', width: 220, render: (_, r) => (r.fromState || r.toState ? `${stateLabel(r.fromState) || '—'} → ${stateLabel(r.toState) || '—'}` : '') },
          { title: '原因', dataIndex: 'reason', render: (v: string | null) => v ?? '' },
          { title: '省份', dataIndex: 'provinceCode', width: 110, render: (c: string | null) => (c ? (findProvince(c)?.shortName ?? c) : '') },
        ]}
      />
      {last && last.length >= PAGE && (
        <Button style={{ marginTop: 16 }} onClick={loadMore} loading={moreBusy}>
          加载更早的记录
        </Button>
      )}
    </Card>
  );
}

const OBJECT_TYPES: Record<string, string> = { case: '案例', province: '省份', user: '用户', call: '活动', phone: '手机号', file: '文件', message: '消息' };

function AuditObject({ entry: r }: { entry: AuditEntry }) {
  if (r.objectType === 'case') return <Link to={`/cases/${r.objectId}`}>案例 {r.objectId.slice(0, 8)}</Link>;
  if (r.objectType === 'province') return <span>省份 {findProvince(r.objectId)?.name ?? r.objectId}</span>;
  const id = r.objectType === 'user' ? r.objectId.slice(0, 8) : r.objectId;
  return <span>{OBJECT_TYPES[r.objectType] ?? r.objectType} {id}</span>;
}
