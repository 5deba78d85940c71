// One case of the public library: the summary and facets, the playable (seekable) video and the courseware.
import { Button, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { resultsApi, resultsLinks } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { ChapteredVideo } from '../../components/uploads/CaseFiles.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

const mb = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function LibraryCasePage() {
  const { id = '' } = useParams<{ id: string }>();
  const { data: c, error, loading } = useLoad(() => resultsApi.libraryCase(id), [id]);

  return (
    <PublicShell title="" pageName={c?.title ?? '案例详情'} width={1000}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Link to="/library">← 返回案例库</Link>
        <ErrorAlert error={error} />
        {loading && <Spin style={{ display: 'block', margin: 48 }} />}
        {c && (
          <Card title={<h1 data-testid="library-title" style={{ fontSize: 18, fontWeight: 600, margin: 0, whiteSpace: 'normal' }}>{c.title}</h1>} extra={<Tag color="error">{c.award}</Tag>}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label="作者">{c.authors.join('、')}</Descriptions.Item>
              <Descriptions.Item label="工作单位">{c.unit}</Descriptions.Item>
              <Descriptions.Item label="省份">{c.provinceName}</Descriptions.Item>
              <Descriptions.Item label="案例类型">{c.caseTypeName}</Descriptions.Item>
              {c.stage && <Descriptions.Item label="学段">{c.stage}</Descriptions.Item>}
              {c.subject && <Descriptions.Item label="学科">{c.subject}</Descriptions.Item>}
              {c.category && <Descriptions.Item label="案例类别">{c.category}</Descriptions.Item>}
              {(c.sceneMain || c.sceneTypical) && (
                <Descriptions.Item label="应用场景">{[c.sceneMain, c.sceneTypical, c.sceneMicro].filter(Boolean).join(' / ')}</Descriptions.Item>
              )}
              <Descriptions.Item label="活动">{c.callTitle}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>案例简介</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.summary || '—'}</Typography.Paragraph>
            <Typography.Title level={5}>案例视频</Typography.Title>
            {c.video ? (
              <ChapteredVideo src={resultsLinks.libraryVideo(c.id)} chapters={c.chapters ?? []} maxWidth={800} testId="library-video" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无视频" />
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              课件
            </Typography.Title>
            {c.courseware ? (
              <Button icon={<DownloadOutlined />} href={resultsLinks.libraryCourseware(c.id)}>
                下载课件（{c.courseware.filename}，{mb(c.courseware.size)}）
              </Button>
            ) : (
              <Typography.Text type="secondary">暂无课件</Typography.Text>
            )}
          </Card>
        )}
      </Space>
    </PublicShell>
  );
}
