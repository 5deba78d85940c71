// The front door (/ for a visitor): the calls with their phases and deadlines, each call's notice, templates and
// contacts, the latest announcements, and the ways in (register, log in, activate, verify a certificate, the library).
import { useEffect } from 'react';
import { PhaseNotes, phaseDates } from '../../components/PhaseNotes.tsx';
import { Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, FileTextOutlined, NotificationOutlined, ReadOutlined, SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api, type CallSummary } from '../../api/index.ts';
import { noticesApi } from '../../api/notices.ts';
import { attachmentUrl, callNoticesApi, PHASE_STATUS_LABEL, phaseStatus, type PublishedNotice } from '../../api/callNotices.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LinkButton } from '../../components/LinkButton.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';
import { fmtTime } from '../../labels.ts';

const STATUS_COLOR = { open: 'success', upcoming: 'processing', ended: 'default' } as const;

/** A call is current while any of its phases is open or still to come. */
const isCurrent = (c: CallSummary) => c.phases.some((p) => phaseStatus(p) !== 'ended');

function fileSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function CallCard({ call, notice }: { call: CallSummary; notice: PublishedNotice | undefined }) {
  return (
    <Card
      data-testid="home-call"
      title={<span style={{ whiteSpace: 'normal' }}>{call.title}</span>}
      extra={call.documentNo ? <Typography.Text type="secondary">{call.documentNo}</Typography.Text> : null}
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        案例类型：{call.caseTypes.map((t) => t.name).join('、')}
      </Typography.Paragraph>
      <List
        size="small"
        header={<Typography.Text strong>阶段与截止时间（北京时间）</Typography.Text>}
        dataSource={call.phases}
        renderItem={(p) => {
          const st = phaseStatus(p);
          return (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }}>
              <span>{p.name}</span>
              <Space size={8} wrap>
                <Typography.Text type="secondary">
                  {phaseDates(p)}
                </Typography.Text>
                <Tag color={STATUS_COLOR[st]}>{PHASE_STATUS_LABEL[st]}</Tag>
                <PhaseNotes p={p} />
              </Space>
            </List.Item>
          );
        }}
      />
      <Space wrap style={{ marginTop: 12 }}>
        {notice && (
          <LinkButton to={`/calls/${call.id}`} type="primary" icon={<FileTextOutlined />}>
            阅读活动通知
          </LinkButton>
        )}
        <LinkButton to="/register">注册并报送案例</LinkButton>
      </Space>
      {notice && notice.attachments.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>模板与附件</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {notice.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(call.id, a.id)} download>
                  <DownloadOutlined /> {a.name}
                </a>{' '}
                <Typography.Text type="secondary">（{fileSize(a.size)}）</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      )}
      {notice?.contacts && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>联系方式</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{notice.contacts}</Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}

export function HomePage() {
  useEffect(() => {
    document.title = '首页 - 案例征集平台';
  }, []);
  const calls = useLoad(() => api.calls(), []);
  const notices = useLoad(() => callNoticesApi.published(), []);
  const announcements = useLoad(() => noticesApi.announcements(), []);
  const byCall = new Map((notices.data ?? []).map((n) => [n.callId, n]));
  const current = (calls.data ?? []).filter(isCurrent);
  const past = (calls.data ?? []).filter((c) => !isCurrent(c));

  return (
    <PublicShell title="" width={1100}>
      <Card style={{ marginBottom: 16, background: '#fff' }}>
        <Typography.Title level={1} style={{ fontSize: 26, marginTop: 0 }}>
          全国教师案例征集平台
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          教师在线填写案例并上传材料，平台按活动规则自动检查文件；省级管理员在名额和截止时间内推荐上报，评审专家在线评分，组委会公布结果、发放电子证书。
        </Typography.Paragraph>
        <Space wrap size={[8, 8]}>
          <LinkButton to="/register" type="primary">作者注册</LinkButton>
          <LinkButton to="/login">登录</LinkButton>
          <LinkButton to="/activate-author">作者激活</LinkButton>
          <LinkButton to="/activate">管理员激活</LinkButton>
          <LinkButton to="/activate-expert">评审专家激活</LinkButton>
        </Space>
        <div style={{ marginTop: 12 }}>
          <Space wrap size={[16, 8]}>
            <Link to="/verify">
              <SafetyCertificateOutlined /> 证书查验
            </Link>
            <Link to="/library">
              <ReadOutlined /> 案例库
            </Link>
            <Link to="/results">
              <TrophyOutlined /> 结果公布
            </Link>
            <Link to="/self-check">
              <FileTextOutlined /> 文件自检
            </Link>
          </Space>
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            正在进行的征集活动
          </Typography.Title>
          <ErrorAlert error={calls.error ?? notices.error} />
          {calls.loading && <Card loading />}
          {!calls.loading && current.length === 0 && (
            <Card>
              <Empty description="目前没有正在进行的征集活动" />
            </Card>
          )}
          {current.map((c) => (
            <CallCard key={c.id} call={c} notice={byCall.get(c.id)} />
          ))}
          {past.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 20 }}>
                往届活动
              </Typography.Title>
              <Card>
                <List
                  dataSource={past}
                  renderItem={(c) => (
                    <List.Item style={{ flexWrap: 'wrap', gap: 8 }}>
                      <span>{c.title}</span>
                      <Space wrap>
                        {byCall.has(c.id) && <Link to={`/calls/${c.id}`}>活动通知</Link>}
                        <Link to={`/results?callId=${encodeURIComponent(c.id)}`}>入选名单</Link>
                        <Link to="/library">案例库</Link>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            </>
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            <NotificationOutlined /> 通知公告
          </Typography.Title>
          <Card>
            <ErrorAlert error={announcements.error} />
            {announcements.data && announcements.data.length === 0 && <Empty description="暂无公告" />}
            {(notices.data ?? []).length + (announcements.data ?? []).length > 0 && (
              <List
                size="small"
                dataSource={[
                  ...(notices.data ?? []).map((n) => ({ key: `n-${n.callId}`, title: n.title, at: n.publishedAt, to: `/calls/${n.callId}` })),
                  ...(announcements.data ?? []).map((a) => ({ key: `a-${a.id}`, title: a.title, at: a.createdAt, to: '/announcements' })),
                ]
                  .sort((a, b) => b.at.localeCompare(a.at))
                  .slice(0, 8)}
                renderItem={(i) => (
                  <List.Item>
                    <div>
                      <Link to={i.to} data-testid="home-announcement">
                        {i.title}
                      </Link>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {fmtTime(i.at)}
                        </Typography.Text>
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            )}
            <div style={{ marginTop: 8 }}>
              <Link to="/announcements">查看全部公告</Link>
            </div>
          </Card>
        </Col>
      </Row>
    </PublicShell>
  );
}
