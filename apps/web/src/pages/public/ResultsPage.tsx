// 结果公布 (public): the published cases of a call per case type, with the list as Excel.
import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { resultsApi, resultsLinks, type PublishedCase } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

export function ResultsPage() {
  const [search, setSearch] = useSearchParams();
  const callId = search.get('callId') ?? undefined;
  const { data, error, loading } = useLoad(() => resultsApi.publicResults(callId), [callId]);
  const current = data?.calls.find((c) => c.id === data.callId);

  return (
    <PublicShell title="结果公布" width={1100}>
      <Card>
        <ErrorAlert error={error} />
        {data && !data.callId && !loading && <Empty description="暂无公布的结果" />}
        {data?.callId && (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Select
                aria-label="选择活动"
                style={{ width: 320, maxWidth: 'calc(100vw - 64px)' }}
                value={data.callId}
                onChange={(v) => setSearch({ callId: v })}
                options={data.calls.map((c) => ({ value: c.id, label: c.title }))}
              />
              <Space>
                <Link to="/library">进入案例库</Link>
                <Button icon={<DownloadOutlined />} href={resultsLinks.resultsXlsx(data.callId)}>
                  下载名单（Excel）
                </Button>
              </Space>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {current?.title}：共公布 {current?.count ?? 0} 个案例。
            </Typography.Paragraph>
            {data.groups.map((g) => (
              <div key={g.caseType} data-testid={`results-${g.caseType}`}>
                <Typography.Title level={5}>
                  {g.caseTypeName}（{g.cases.length} 个）
                </Typography.Title>
                <Table<PublishedCase>
                  rowKey="id"
                  size="small"
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  dataSource={g.cases}
                  scroll={{ x: 900 }}
                  columns={[
                    { title: '序号', key: 'n', width: 60, render: (_, __, i) => i + 1 },
                    {
                      title: '案例名称',
                      dataIndex: 'title',
                      render: (t: string, r) => (r.inLibrary ? <Link to={`/library/${r.id}`}>{t}</Link> : t),
                    },
                    { title: '作者', dataIndex: 'authors', width: 200, render: (a: string[]) => a.join('、') },
                    { title: '工作单位', dataIndex: 'unit', width: 220 },
                    { title: '省份', dataIndex: 'provinceName', width: 120 },
                    { title: '获奖等级', dataIndex: 'award', width: 110, render: (a: string) => <Tag color="error">{a}</Tag> },
                  ]}
                />
              </div>
            ))}
          </Space>
        )}
      </Card>
    </PublicShell>
  );
}
