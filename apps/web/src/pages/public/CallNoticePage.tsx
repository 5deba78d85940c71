// A call's public page (/calls/:callId): the notice as the organiser published it, with its attachments (templates
// and forms), contacts, and the call's phases and deadlines.
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { PhaseNotes, phaseDates } from '../../components/PhaseNotes.tsx';
import { DownloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { api } from '../../api/index.ts';
import { attachmentUrl, callNoticesApi, PHASE_STATUS_LABEL, phaseStatus } from '../../api/callNotices.ts';
import { useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LinkButton } from '../../components/LinkButton.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';
import { fmtTime } from '../../labels.ts';

const STATUS_COLOR = { open: 'success', upcoming: 'processing', ended: 'default' } as const;

export function CallNoticePage() {
  const { callId = '' } = useParams();
  const notice = useLoad(() => callNoticesApi.publicNotice(callId), [callId]);
  const calls = useLoad(() => api.calls(), []);
  const call = calls.data?.find((c) => c.id === callId);
  return (
    <PublicShell title={notice.data ? '' : '活动通知'} pageName={notice.data?.title ?? '活动通知'} width={900}>
      <Card loading={notice.loading}>
        <ErrorAlert error={notice.error} />
        {notice.data && (
          <article>
            <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center' }} data-testid="notice-title">
              {notice.data.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              {notice.data.documentNo && <span style={{ marginInlineEnd: 16 }}>{notice.data.documentNo}</span>}
              发布时间：{fmtTime(notice.data.publishedAt)}
            </Typography.Paragraph>
            {call && (
              <Descriptions size="small" column={1} bordered title="阶段与截止时间（北京时间）" style={{ marginBottom: 24 }}>
                {call.phases.map((p) => {
                  const st = phaseStatus(p);
                  return (
                    <Descriptions.Item key={p.id} label={p.name}>
                      <Space wrap>
                        <span>
                          {phaseDates(p)}
                        </span>
                        <Tag color={STATUS_COLOR[st]}>{PHASE_STATUS_LABEL[st]}</Tag>
                <PhaseNotes p={p} />
                      </Space>
                    </Descriptions.Item>
                  );
                })}
              </Descriptions>
            )}
            <div data-testid="notice-body" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: 15, overflowWrap: 'anywhere' }}>
              {notice.data.body}
            </div>
            {notice.data.attachments.length > 0 && (
              <>
                <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
                  附件
                </Typography.Title>
                <ul style={{ paddingInlineStart: 20 }}>
                  {notice.data.attachments.map((a) => (
                    <li key={a.id} style={{ marginBottom: 6 }}>
                      <a href={attachmentUrl(callId, a.id)} download data-testid="notice-attachment">
                        <DownloadOutlined /> {a.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {notice.data.contacts && (
              <>
                <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
                  联系方式
                </Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.data.contacts}</Typography.Paragraph>
              </>
            )}
            <Space wrap style={{ marginTop: 16 }}>
              <LinkButton to="/register" type="primary">注册并报送案例</LinkButton>
              <LinkButton to="/login">登录</LinkButton>
              <LinkButton to="/">返回首页</LinkButton>
            </Space>
          </article>
        )}
      </Card>
    </PublicShell>
  );
}
