// 我的证书: the author's certificates, with the PDF to download and the public verification link.
import { Button, Card, Empty, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { resultsApi, resultsLinks, type Certificate } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

export function MyCertificatesPage() {
  const { data, error, loading } = useLoad(() => resultsApi.myCertificates(), []);
  return (
    <Card title="我的证书">
      <ErrorAlert error={error} />
      <Table<Certificate>
        rowKey="number"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="暂无证书。案例入选并公布结果后，证书会出现在这里。" /> }}
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
            render: (_, r) =>
              r.revoked ? (
                <Tooltip title={r.revokeReason ?? ''}>
                  <Tag color="default">已撤销</Tag>
                </Tooltip>
              ) : (
                <Tag color="success">有效</Tag>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_, r) => (
              <Space size={0}>
                {!r.revoked && (
                  <Button type="link" size="small" icon={<DownloadOutlined />} href={resultsLinks.certificatePdf(r.number)} data-testid="certificate-download">
                    下载证书
                  </Button>
                )}
                <Button type="link" size="small" href={`/verify/${encodeURIComponent(r.number)}`} target="_blank">
                  查验
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
