// 统计看板: per province submitted, checked, failing rules, recommended against the quota, reported or not, contact
// form in or not; and the most frequent failing rules of the call (what next year's notice should explain better).
import { Button, Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { BarList } from '../../components/BarList.tsx';
import { reportsApi, xlsx, type OrgDashboard } from '../../api/reports.ts';

type P = OrgDashboard['provinces'][number];

export function DashboardPage() {
  const { callId } = useCalls();
  const d = useLoad(() => (callId ? reportsApi.orgDashboard(callId) : Promise.resolve(undefined)), [callId]);
  const data = d.data;
  const active = (data?.provinces ?? []).filter((p) => p.submitted > 0 || p.quotaUsed > 0).sort((a, b) => b.submitted - a.submitted);
  return (
    <Card
      title="统计看板"
      extra={
        <>
          <Button icon={<DownloadOutlined />} href={callId ? xlsx.dashboard(callId) : undefined} disabled={!callId} style={{ marginRight: 8 }}>
            导出 Excel
          </Button>
          <CallPicker />
        </>
      }
      loading={d.loading && !data}
    >
      <ErrorAlert error={d.error} />
      {data && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={8} md={4}><Statistic title="已提交" value={data.totals.submitted} /></Col>
            <Col xs={8} md={4}><Statistic title="已检测" value={data.totals.checked} /></Col>
            <Col xs={8} md={4}><Statistic title="有未通过项" value={data.totals.failing} /></Col>
            <Col xs={8} md={4}><Statistic title="已推荐" value={data.totals.recommended} suffix={data.totals.preselected ? `+ 预选 ${data.totals.preselected}` : undefined} /></Col>
            <Col xs={8} md={4}><Statistic title="已上报省份" value={data.totals.reported} suffix="/ 32" /></Col>
            <Col xs={8} md={4}><Statistic title="联系人信息表" value={data.totals.contactForms} suffix="/ 32" /></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card size="small" title="各省提交数" style={{ marginBottom: 16 }}>
                {active.length ? <BarList testId="province-submitted" items={active.map((p) => ({ key: p.provinceCode, label: p.provinceName, value: p.submitted }))} labelWidth={160} /> : <Empty description="暂无提交" />}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="未通过最多的检测规则" style={{ marginBottom: 16 }}>
                {data.failingRules.length ? (
                  <BarList testId="failing-rules" items={data.failingRules.slice(0, 15).map((r) => ({ key: r.rule, label: r.ruleName, value: r.cases, hint: `${r.rule}：${r.cases} 个案例、${r.files} 个文件未通过`, color: '#ff7875' }))} unit=" 个案例" labelWidth={160} />
                ) : (
                  <Empty description="暂无未通过的检测规则" />
                )}
              </Card>
            </Col>
          </Row>
          <Table<P>
            rowKey="provinceCode"
            size="small"
            dataSource={data.provinces}
            pagination={false}
            scroll={{ x: 1000 }}
            columns={[
              { title: '省份', dataIndex: 'provinceName', width: 150, fixed: 'left' },
              { title: '已提交', dataIndex: 'submitted', width: 80, sorter: (a, b) => a.submitted - b.submitted },
              { title: '已检测', dataIndex: 'checked', width: 80 },
              { title: '有未通过项', dataIndex: 'failing', width: 100, sorter: (a, b) => a.failing - b.failing },
              { title: '已推荐', dataIndex: 'recommended', width: 80 },
              { title: '方式一预选（占用名额）', dataIndex: 'preselected', width: 120 },
              {
                title: '名额使用',
                key: 'quota',
                width: 220,
                render: (_, p) => <BarList items={[{ key: 'q', label: '', value: p.quotaUsed, max: p.quota }]} labelWidth={0} />,
              },
              { title: '推荐名单', dataIndex: 'reported', width: 90, render: (v: boolean) => (v ? <Tag color="blue">已上报</Tag> : <Tag>未上报</Tag>) },
              { title: '征集方式', dataIndex: 'mode', width: 90, render: (m: 1 | 2 | null) => (m ? `方式${m === 1 ? '一' : '二'}` : '—') },
              { title: '联系人信息表', dataIndex: 'contactFormSubmitted', width: 110, render: (v: boolean) => (v ? <Tag color="success">已提交</Tag> : <Tag>未提交</Tag>) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
