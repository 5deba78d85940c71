// 案例库 (public): the cases the organiser picked, paged and filtered on the server by case type, province, 主场景/典型场景,
// 学段, 学科 and category, and searchable.
import { Card, Col, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { resultsApi, type LibraryFilters } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { totalText } from '../../usePagedList.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

const FILTERS: Array<{ key: keyof LibraryFilters & keyof FacetKeys; label: string }> = [
  { key: 'sceneMain', label: '主场景' },
  { key: 'sceneTypical', label: '典型场景' },
  { key: 'stage', label: '学段' },
  { key: 'subject', label: '学科' },
  { key: 'category', label: '案例类别' },
];
type FacetKeys = { sceneMain: 1; sceneTypical: 1; stage: 1; subject: 1; category: 1 };
const KEYS = ['q', 'caseType', 'provinceCode', 'sceneMain', 'sceneTypical', 'stage', 'subject', 'category'] as const;

export function LibraryPage() {
  const [search, setSearch] = useSearchParams();
  const filters: LibraryFilters = Object.fromEntries(KEYS.map((k) => [k, search.get(k) ?? undefined]));
  const page = Number(search.get('page')) || 1;
  const { data, error, loading } = useLoad(() => resultsApi.library({ ...filters, page, pageSize: 10 }), [search.toString()]);
  const set = (k: (typeof KEYS)[number], v: string | undefined) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setSearch(next);
  };

  return (
    <PublicShell title="案例库" width={1100}>
      <Card>
        <ErrorAlert error={error} />
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Input.Search
            aria-label="搜索案例"
            placeholder="搜索案例名称、简介、作者、单位"
            allowClear
            enterButton="搜索"
            defaultValue={filters.q}
            onSearch={(v) => set('q', v.trim() || undefined)}
          />
          <Row gutter={[8, 8]}>
            <Col xs={24} sm={12} md={8} lg={4}>
              <Select
                aria-label="案例类型"
                allowClear
                placeholder="案例类型"
                style={{ width: '100%' }}
                value={filters.caseType}
                onChange={(v) => set('caseType', v)}
                options={(data?.facets.caseTypes ?? []).map((f) => ({ value: f.value, label: f.label }))}
              />
            </Col>
            <Col xs={24} sm={12} md={8} lg={4}>
              <Select
                aria-label="省份"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="省份"
                style={{ width: '100%' }}
                value={filters.provinceCode}
                onChange={(v) => set('provinceCode', v)}
                options={(data?.facets.provinces ?? []).map((x) => ({ value: x.value, label: `${x.label}（${x.count ?? 0}）` }))}
              />
            </Col>
            {FILTERS.map((f) => (
              <Col key={f.key} xs={24} sm={12} md={8} lg={4}>
                <Select
                  aria-label={f.label}
                  allowClear
                  showSearch
                  placeholder={f.label}
                  style={{ width: '100%' }}
                  value={filters[f.key]}
                  onChange={(v) => set(f.key, v)}
                  options={(data?.facets[f.key] ?? []).map((x) => ({ value: x.value, label: `${x.value}（${x.count}）` }))}
                />
              </Col>
            ))}
          </Row>
          <List
            loading={loading}
            itemLayout="vertical"
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description="没有符合条件的案例" /> }}
            header={data && <Typography.Text type="secondary">{totalText(data.total)}</Typography.Text>}
            pagination={{
              current: page,
              pageSize: 10,
              total: data?.total ?? 0,
              hideOnSinglePage: true,
              showSizeChanger: false,
              onChange: (p) => {
                const next = new URLSearchParams(search);
                if (p > 1) next.set('page', String(p));
                else next.delete('page');
                setSearch(next);
              },
            }}
            renderItem={(c) => (
              <List.Item key={c.id} data-testid="library-item">
                <List.Item.Meta
                  title={<Link to={`/library/${c.id}`}>{c.title}</Link>}
                  description={
                    <Space wrap size={4}>
                      <span>{c.authors.join('、')}</span>
                      <span>· {c.unit}</span>
                      <span>· {c.provinceName}</span>
                      <Tag color="error">{c.award}</Tag>
                      <Tag>{c.caseTypeName}</Tag>
                      {c.stage && <Tag color="blue">{c.stage}</Tag>}
                      {c.subject && <Tag color="processing">{c.subject}</Tag>}
                      {c.category && <Tag color="purple">{c.category}</Tag>}
                      {c.sceneMain && <Tag color="warning">{c.sceneMain}</Tag>}
                      {c.sceneTypical && <Tag color="warning">{c.sceneTypical}</Tag>}
                    </Space>
                  }
                />
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {c.summary}
                </Typography.Paragraph>
              </List.Item>
            )}
          />
        </Space>
      </Card>
    </PublicShell>
  );
}
