// A call's facts from its data: the notice's contact persons and the templates to download (课件 PPT 模板, 总结报告模板).
import { Descriptions, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { useLoad } from '../hooks.ts';

export interface TemplateItem {
  caseType: string | null;
  slot: 'courseware' | 'report';
  name: string;
  url: string;
}

/** The call's templates (public). */
export async function loadTemplates(callId: string): Promise<TemplateItem[]> {
  const res = await fetch(`/api/calls/${encodeURIComponent(callId)}/templates`, { credentials: 'include' });
  return res.ok ? res.json() : [];
}

export function CallFacts({ callId, contacts }: { callId: string; contacts: CallDef['contacts'] }) {
  const templates = useLoad(() => loadTemplates(callId), [callId]);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginTop: 16, maxWidth: 560 }}
      data-testid="call-facts"
      items={[
        ...contacts.map((c, i) => ({
          key: `c${i}`,
          label: '活动联系人',
          children: (
            <span>
              {c.department} {c.people.join('、')}，电话 {c.phones.join('、')}
              {c.email ? `，邮箱 ${c.email}` : ''}
            </span>
          ),
        })),
        {
          key: 't',
          label: '模板下载',
          children: (
            <Space direction="vertical" size={2}>
              {(templates.data ?? []).map((t) => (
                <Typography.Link key={t.url} href={t.url} data-testid={`template-${t.slot}-${t.caseType ?? 'all'}`}>
                  <DownloadOutlined /> {t.name}
                </Typography.Link>
              ))}
              {templates.data && templates.data.length === 0 && <Typography.Text type="secondary">本活动暂无模板</Typography.Text>}
            </Space>
          ),
        },
      ]}
    />
  );
}
