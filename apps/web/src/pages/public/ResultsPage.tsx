// 结果公布 (public): the published cases of a call, paged, sorted and filtered on the server (case type, award,
// province, search), with the total; the Excel holds every case matching the filters. On a phone the rows are cards.
import { Button, Card, Descriptions, Empty, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { resultsApi, resultsLinks, type PublicResultsPage, type PublishedCase, type ResultsFilters } from '../../api/index.ts';
import { totalText, usePagedList } from '../../usePagedList.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ResultsFilterBar } from '../../components/ResultsFilterBar.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

const titleOf = (r: PublishedCase) => (r.inLibrary ? <Link to={`/library/${r.id}`}>{r.title}</Link> : r.title);

export function ResultsPage() {
  const [search, setSearch] = useSearchParams();
  const callId = search.get('callId') ?? undefined;
  const narrow = Grid.useBreakpoint().md === false;
  // The filters belong to the call shown: choosing another call starts without them.
  const [picked, setPicked] = useState<{ callId?: string; f: Omit<ResultsFilters, 'callId'> }>({ callId, f: {} });
  const f = picked.callId === callId ? picked.f : {};
  const setF = (next: Omit<ResultsFilters, 'callId'>) => setPicked({ callId, f: next });
  const list = usePagedList((q) => resultsApi.publicResults(q), { ...f, callId }, { pageSize: 50 });
  // The page carries the calls with results, the call shown and its filter choices besides the rows.
  const data = list.data as PublicResultsPage | undefined;
  const current = data?.calls.find((c) => c.id === data.callId);
  const filtered = Object.values(f).some(Boolean);

  return (
    <PublicShell title="结果公布" width={1100}>
      <Card>
        <ErrorAlert error={list.error} />
        {data && !data.callId && !list.loading && <Empty description="暂无公布的结果" />}
        {data?.callId && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Select
                aria-label="选择活动"
                style={{ width: 320, maxWidth: 'calc(100vw - 64px)' }}
                value={data.callId}
                onChange={(v) => setSearch({ callId: v })}
                options={data.calls.map((c) => ({ value: c.id, label: c.title }))}
              />
              <Space wrap>
                <Link to="/library">进入案例库</Link>
                <Button icon={<DownloadOutlined />} href={resultsLinks.resultsXlsx(data.callId, { ...f, ...list.request })}>
                  {filtered ? '下载筛选结果（Excel）' : '下载名单（Excel）'}
                </Button>
              </Space>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {current?.title}：共公布 {(current?.count ?? 0).toLocaleString('zh-CN')} 个案例。
            </Typography.Paragraph>
            <ResultsFilterBar value={f} onChange={setF} facets={data.facets} />
            {narrow ? (
              <List<PublishedCase>
                loading={list.loading}
                dataSource={list.items}
                locale={{ emptyText: <Empty description="没有符合条件的案例" /> }}
                header={<Typography.Text type="secondary">{totalText(list.total)}</Typography.Text>}
                pagination={{ ...list.listPagination, size: 'small', showSizeChanger: false }}
                renderItem={(r) => (
                  <List.Item key={r.id} style={{ display: 'block' }} data-testid="result-card">
                    <div style={{ fontWeight: 600 }}>{titleOf(r)}</div>
                    <Descriptions
                      size="small"
                      column={1}
                      style={{ marginTop: 8 }}
                      items={[
                        { key: 'type', label: '案例类型', children: r.caseTypeName },
                        { key: 'authors', label: '作者', children: r.authors.join('、') },
                        { key: 'unit', label: '工作单位', children: r.unit },
                        { key: 'province', label: '省份', children: r.provinceName },
                        { key: 'award', label: '获奖等级', children: <Tag color="error">{r.award}</Tag> },
                      ]}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Table<PublishedCase>
                rowKey="id"
                size="small"
                {...list.tableProps}
                scroll={{ x: 1000 }}
                locale={{ emptyText: <Empty description="没有符合条件的案例" /> }}
                columns={[
                  { title: '序号', key: 'n', width: 60, render: (_, __, i) => (list.request.page - 1) * list.request.pageSize + i + 1 },
                  { title: '案例名称', dataIndex: 'title', ...list.sortable('title'), render: (_: string, r) => titleOf(r) },
                  { title: '案例类型', dataIndex: 'caseTypeName', width: 180, ...list.sortable('caseType') },
                  { title: '作者', dataIndex: 'authors', width: 180, render: (a: string[]) => a.join('、') },
                  { title: '工作单位', dataIndex: 'unit', width: 200 },
                  { title: '省份', dataIndex: 'provinceName', width: 110, ...list.sortable('province') },
                  { title: '获奖等级', dataIndex: 'award', width: 120, ...list.sortable('award'), render: (a: string) => <Tag color="error">{a}</Tag> },
                ]}
              />
            )}
          </Space>
        )}
      </Card>
    </PublicShell>
  );
}
