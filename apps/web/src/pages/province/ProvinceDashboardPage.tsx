// 本省统计: the province's own cases by state and by check status, quota use, the most frequent failing rules, and —
// on a call with city/county levels — every city of the province with where its cases stand.
import { Card, Col, Empty, Row, Statistic, Table } from 'antd';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { BarList } from '../../components/BarList.tsx';
import { reportsApi, type ProvinceDashboard } from '../../api/reports.ts';

export function ProvinceDashboardPage() {
  const { callId } = useCalls();
  const d = useLoad(() => (callId ? reportsApi.provinceDashboard(callId) : Promise.resolve(undefined)), [callId]);
  const data = d.data;
  return (
    <Card title="本省统计" loading={d.loading && !data}>
      {/* The call picker sits in the body: beside the title it pushed a phone's screen sideways. */}
      <div style={{ marginBottom: 16 }}>
        <CallPicker />
      </div>
      <ErrorAlert error={d.error} />
      {data && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}><Statistic title="本省案例" value={data.total} /></Col>
            <Col xs={12} md={6}><Statistic title="作者草稿（仅数量）" value={data.drafts ?? 0} /></Col>
            {data.quota.map((q) => (
              <Col xs={12} md={6} key={q.groupId}><Statistic title={`${q.name}（已用/上限）`} value={q.used} suffix={`/ ${q.max}`} /></Col>
            ))}
            <Col xs={12} md={6}><Statistic title="材料有未通过项的案例" value={data.byCheck.find((c) => c.status === 'failing')?.count ?? 0} /></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card size="small" title="按状态" style={{ marginBottom: 16 }}>
                {data.byState.length ? <BarList testId="by-state" items={data.byState.map((s) => ({ key: s.state, label: s.label, value: s.count }))} /> : <Empty description="暂无案例" />}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="按材料检测" style={{ marginBottom: 16 }}>
                <BarList testId="by-check" items={data.byCheck.map((s) => ({ key: s.status, label: s.label, value: s.count, color: s.status === 'failing' ? '#ff4d4f' : undefined }))} />
              </Card>
            </Col>
          </Row>
          {data.byCity.length > 0 && (
            <Card size="small" title="各市情况（逐级推荐）" style={{ marginBottom: 16 }} data-testid="by-city">
              <Table
                size="small"
                rowKey="cityCode"
                pagination={false}
                dataSource={data.byCity}
                columns={[
                  { title: '市', dataIndex: 'cityName' },
                  { title: '已提交', dataIndex: 'submitted' },
                  { title: '待县级审核', dataIndex: 'atCounty' },
                  { title: '待市级审核', dataIndex: 'atCity' },
                  {
                    title: '已推荐至省级（市级名额）',
                    key: 'atProvince',
                    render: (_: unknown, r: ProvinceDashboard['byCity'][number]) => (r.cityQuota === null ? r.atProvince : `${r.atProvince} / ${r.cityQuota}`),
                  },
                  { title: '材料有未通过项', dataIndex: 'failing' },
                ]}
              />
            </Card>
          )}
          <Card size="small" title="名额使用">
            <BarList items={data.quota.map((q) => ({ key: q.groupId, label: q.name, value: q.used, max: q.max }))} labelWidth={200} />
          </Card>
          <Card size="small" title="未通过最多的检测规则" style={{ marginTop: 16 }}>
            {data.failingRules.length ? (
              <BarList testId="failing-rules" items={data.failingRules.slice(0, 15).map((r) => ({ key: r.rule, label: r.ruleName, value: r.cases, hint: `${r.rule}：${r.cases} 个案例、${r.files} 个文件未通过` }))} unit=" 个案例" />
            ) : (
              <Empty description="暂无未通过的检测规则" />
            )}
          </Card>
        </>
      )}
    </Card>
  );
}
