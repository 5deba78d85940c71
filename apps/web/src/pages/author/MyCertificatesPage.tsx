// 我的证书: the author's certificates, with the PDF to download and the public verification link.
import { Button, Card, Descriptions, Empty, Grid, List, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { resultsApi, resultsLinks, type Certificate } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

function StateTag({ c }: { c: Certificate }) {
  return c.revoked ? (
    <Tooltip title={c.revokeReason ?? ''}>
      <Tag color="default">已撤销</Tag>
    </Tooltip>
  ) : (
    <Tag color="success">有效</Tag>
  );
}

function Actions({ c }: { c: Certificate }) {
  return (
    <Space size={0} wrap>
      {!c.revoked && (
        <Button type="link" size="small" icon={<DownloadOutlined />} href={resultsLinks.certificatePdf(c.number)} data-testid="certificate-download">
          下载证书
        </Button>
      )}
      <Button type="link" size="small" href={`/verify/${encodeURIComponent(c.number)}`} target="_blank">
        查验
      </Button>
    </Space>
  );
}

const EMPTY = <Empty description="暂无证书。案例入选并公布结果后，证书会出现在这里。" />;

export function MyCertificatesPage() {
  const { data, error, loading } = useLoad(() => resultsApi.myCertificates(), []);
  // On a phone each certificate is a card read top to bottom, with the download button under the thumb.
  const narrow = Grid.useBreakpoint().md === false;
  if (narrow) {
    return (
      <Card title="我的证书">
        <ErrorAlert error={error} />
        <List<Certificate>
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: EMPTY }}
          renderItem={(c) => (
            <List.Item key={c.number} style={{ display: 'block' }}>
              <Link to={`/cases/${c.caseId}`} style={{ fontWeight: 600 }}>
                {c.caseTitle}
              </Link>
              <Descriptions
                size="small"
                column={1}
                style={{ marginTop: 8 }}
                items={[
                  { key: 'number', label: '证书编号', children: <span data-testid="certificate-number">{c.number}</span> },
                  { key: 'authors', label: '作者', children: c.authors.join('、') },
                  { key: 'award', label: '获奖等级', children: c.award },
                  { key: 'issued', label: '发证日期', children: c.issuedOn },
                  { key: 'state', label: '状态', children: <StateTag c={c} /> },
                ]}
              />
              <Actions c={c} />
            </List.Item>
          )}
        />
      </Card>
    );
  }
  return (
    <Card title="我的证书">
      <ErrorAlert error={error} />
      <Table<Certificate>
        rowKey="number"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: EMPTY }}
        columns={[
          { title: '证书编号', dataIndex: 'number', width: 230, render: (n: string) => <span data-testid="certificate-number">{n}</span> },
          { title: '案例名称', dataIndex: 'caseTitle', render: (t: string, r) => <Link to={`/cases/${r.caseId}`}>{t}</Link> },
          { title: '作者', dataIndex: 'authors', width: 180, render: (a: string[]) => a.join('、') },
          { title: '获奖等级', dataIndex: 'award', width: 110 },
          { title: '发证日期', dataIndex: 'issuedOn', width: 120 },
          {
            title: '状态',
            key: 'state',
            width: 100,
            render: (_, r) => <StateTag c={r} />,
          },
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_, r) => <Actions c={r} />,
          },
        ]}
      />
    </Card>
  );
}
