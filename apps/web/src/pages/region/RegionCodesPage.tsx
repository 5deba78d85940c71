// 市级/县级管理员激活码: a provincial administrator issues codes for the cities of the province, a city administrator
// for the counties of the city (shown once); the codes issued so far with their state.
import { App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useAuth } from '../../auth.tsx';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { IssuedCodeModal, type IssuedCode } from '../../components/IssuedCodeModal.tsx';
import { fmtTime } from '../../labels.ts';
import { regionApi, type RegionCodeRow } from '../../api/region.ts';

const STATE_TAGS: Record<RegionCodeRow['state'], { text: string; color: string }> = {
  used: { text: '已使用', color: 'success' },
  expired: { text: '已过期', color: 'default' },
  open: { text: '未使用', color: 'blue' },
};

export function RegionCodesPage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const isCity = user?.role === 'city_admin';
  const what = isCity ? '区县' : '市';
  // The regions one may issue codes for: the province's cities, or the city's counties.
  const options = useLoad(async () => {
    if (!user?.provinceCode) return [];
    const tree = await regionApi.regions(user.provinceCode);
    if (!isCity) return tree.map((c) => ({ value: c.code, label: c.name }));
    const me = await regionApi.me();
    return (tree.find((c) => c.code === me.regionCode)?.counties ?? []).map((c) => ({ value: c.code, label: c.name }));
  }, [user?.provinceCode, isCity]);
  const list = useLoad(() => regionApi.codes(), []);
  const [region, setRegion] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);

  const issue = async () => {
    if (!region) return;
    setBusy(true);
    try {
      const r = await regionApi.issueCode(region);
      setIssued({ code: r.code, expiresAt: r.expiresAt, forLine: `${what}：${r.regionName}` });
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`发放${isCity ? '县级' : '市级'}管理员激活码`}>
        <ErrorAlert error={options.error} />
        <Space wrap>
          <Select
            aria-label={`选择${what}`}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={`选择${what}`}
            style={{ width: 240 }}
            loading={options.loading}
            value={region}
            onChange={setRegion}
            options={options.data ?? []}
          />
          <Button type="primary" icon={<KeyOutlined />} disabled={!region} loading={busy} onClick={issue}>
            生成激活码
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          激活码仅显示一次、只能使用一次，14 天内有效。请通过安全渠道发给该{what}的管理员，由其在「管理员激活」页面激活账号；激活后只能看到本{what}的案例。
        </Typography.Paragraph>
      </Card>
      <Card title="已发放的激活码">
        <ErrorAlert error={list.error} />
        <Table<RegionCodeRow>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未发放激活码' }}
          columns={[
            { title: what, dataIndex: 'regionName' },
            { title: '发放时间', dataIndex: 'createdAt', render: fmtTime },
            { title: '有效期至', dataIndex: 'expiresAt', render: fmtTime },
            { title: '状态', dataIndex: 'state', render: (s: RegionCodeRow['state']) => <Tag color={STATE_TAGS[s].color}>{STATE_TAGS[s].text}</Tag> },
            { title: '使用时间', dataIndex: 'usedAt', render: (v: string | null) => (v ? fmtTime(v) : '') },
            { title: '使用人', dataIndex: 'usedBy', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
      <IssuedCodeModal issued={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}
