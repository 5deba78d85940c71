// 活动模板 (organiser): each call's templates (课件 PPT 模板, 总结报告模板 per case type) with a download link and an
// upload that replaces the template. The server runs the file check first and refuses a template that fails its own
// rules; the refusal lists each finding in Chinese.
import { Alert, App, Button, Card, List, Progress, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { ApiError } from '../../api/index.ts';
import { callDataApi, templateIdOf, type TemplateItem } from '../../api/callData.ts';
import { loadTemplates } from '../../components/CallFacts.tsx';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { errorMessage, useLoad } from '../../hooks.ts';

const SLOT_LABELS: Record<TemplateItem['slot'], string> = { courseware: '课件 PPT 模板', report: '总结报告模板' };
const ACCEPT: Record<TemplateItem['slot'], string> = { courseware: '.pptx', report: '.docx' };

interface Refusal {
  templateName: string;
  fileName: string;
  message: string;
  findings: Array<{ path: string; message: string }>;
}

export function TemplatesPage() {
  const { message } = App.useApp();
  const { callId, calls } = useCalls();
  const call = calls.find((c) => c.id === callId);
  const templates = useLoad(() => (callId ? loadTemplates(callId) : Promise.resolve([] as TemplateItem[])), [callId]);
  const [uploading, setUploading] = useState<{ id: string; percent: number; fileName: string } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const typeName = (id: string | null) => (id === null ? '本活动全部案例类型' : call?.caseTypes.find((t) => t.id === id)?.name ?? '案例类型');

  const replace = async (t: TemplateItem, file: File) => {
    if (!callId) return;
    if (!file.name.toLowerCase().endsWith(ACCEPT[t.slot])) {
      setRefusal({ templateName: SLOT_LABELS[t.slot], fileName: file.name, message: `${SLOT_LABELS[t.slot]}须为 ${ACCEPT[t.slot]} 文件，请另存为该格式后再上传`, findings: [] });
      return;
    }
    setRefusal(null);
    setUploading({ id: templateIdOf(t), percent: 0, fileName: file.name });
    try {
      await callDataApi.replaceTemplate(callId, t, file, (percent) => setUploading((u) => (u ? { ...u, percent } : u)));
      message.success(`已替换${SLOT_LABELS[t.slot]}（${typeName(t.caseType)}）`);
      await templates.reload();
    } catch (e) {
      setRefusal({
        templateName: `${SLOT_LABELS[t.slot]}（${typeName(t.caseType)}）`,
        fileName: file.name,
        message: errorMessage(e),
        findings: e instanceof ApiError ? e.fields : [],
      });
    } finally {
      setUploading(null);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <CallPicker />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        作者在活动页面和每个上传位置旁下载这些模板。上传新文件即替换平台生成的模板：上传后先按本活动的文件规则检查，未通过检查的模板不会被采用。
      </Typography.Paragraph>
      <ErrorAlert error={templates.error} />
      {refusal && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setRefusal(null)}
          data-testid="template-refused"
          title={`“${refusal.fileName}”未被采用：${refusal.message}`}
          description={
            refusal.findings.length ? (
              <Space direction="vertical" size={4}>
                <Typography.Text>{refusal.templateName}仍为原模板。请按以下检查结果修改后重新上传：</Typography.Text>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {refusal.findings.map((f) => (
                    <li key={f.path}>{f.message}</li>
                  ))}
                </ul>
              </Space>
            ) : (
              `${refusal.templateName}仍为原模板。`
            )
          }
        />
      )}
      <Card title={call ? call.title : '活动模板'} loading={templates.loading && !templates.data}>
        <List<TemplateItem>
          dataSource={templates.data ?? []}
          locale={{ emptyText: '本活动暂无模板' }}
          rowKey={(t) => t.url}
          renderItem={(t) => {
            const mine = uploading?.id === templateIdOf(t);
            return (
              <List.Item data-testid={`template-row-${templateIdOf(t)}`} style={{ flexWrap: 'wrap', gap: 12 }}>
                <Space direction="vertical" size={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
                  <Space wrap size={8}>
                    <Tag color="processing">{SLOT_LABELS[t.slot]}</Tag>
                    <Typography.Text strong>{typeName(t.caseType)}</Typography.Text>
                  </Space>
                  <Typography.Link href={t.url} data-testid={`download-${templateIdOf(t)}`} style={{ wordBreak: 'break-all' }}>
                    <DownloadOutlined /> {t.name}
                  </Typography.Link>
                </Space>
                {mine ? (
                  <Space direction="vertical" size={0} style={{ width: 180 }}>
                    <Progress percent={uploading.percent} size="small" status="active" aria-label="上传进度" />
                    <Typography.Text type="secondary">{uploading.percent < 99 ? '正在上传…' : '上传完成，正在检查文件…'}</Typography.Text>
                  </Space>
                ) : (
                  <Upload
                    accept={ACCEPT[t.slot]}
                    showUploadList={false}
                    disabled={!!uploading}
                    beforeUpload={(file) => {
                      void replace(t, file);
                      return false;
                    }}
                  >
                    <Button icon={<UploadOutlined />} disabled={!!uploading} data-testid={`replace-${templateIdOf(t)}`}>
                      上传替换
                    </Button>
                  </Upload>
                )}
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}
