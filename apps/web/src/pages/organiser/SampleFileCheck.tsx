// The checker run in the browser on a sample file against a draft's rules (its check parameters and limits, saved or
// not), before the call opens: the same checker authors run in 文件自检 and the platform runs on upload.
import { useState } from 'react';
import { Alert, Button, Card, Form, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { CheckAs, CheckReport } from '@anli/checks/types.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import type { AttachmentSlot, CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { runCheck } from '../../components/checks/checkRunner.ts';
import { CheckReportTable } from '../../components/checks/CheckResults.tsx';
import { formatBytes } from '../../components/AttachmentSlots.tsx';
import { errorMessage } from '../../hooks.ts';

const AS_OF_ROLE: Record<AttachmentSlot['role'], CheckAs> = {
  video: 'video', courseware: 'courseware', report: 'report', infoform_pdf: 'infoform', infoform_word: 'infoform',
};

export function SampleFileCheck({ call, type }: { call: CallDef; type: CaseTypeDef }) {
  const slots = type.attachments ?? [];
  const [slotId, setSlotId] = useState<string | undefined>(slots.find((s) => s.role === 'video')?.slot ?? slots[0]?.slot);
  const [file, setFile] = useState<File | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const slot = slots.find((s) => s.slot === slotId);

  const run = async () => {
    if (!file || !slot) return;
    setRunning(true);
    setReport(null);
    setError(null);
    try {
      setReport(await runCheck(file, { as: AS_OF_ROLE[slot.role], params: checkParamsFor(call, type, false), timeoutMs: 120_000 }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  if (!slots.length) return null;
  return (
    <Card size="small" title="用样例文件试检查" style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary">按当前编辑的规则（含未保存的修改）在本机检查一个样例文件，文件不会上传。</Typography.Paragraph>
      <Form layout="vertical" component="div" style={{ maxWidth: 560 }}>
        <Form.Item label="上传位" htmlFor="sample-slot">
          <Select id="sample-slot" value={slotId} onChange={(v) => { setSlotId(v); setReport(null); }} options={slots.map((s) => ({ value: s.slot, label: s.label }))} />
        </Form.Item>
        <Space wrap>
          <Upload accept={slot?.accept.join(',')} showUploadList={false} beforeUpload={(f) => { setFile(f); setReport(null); return false; }}>
            <Button icon={<UploadOutlined />}>{file ? `${file.name}（${formatBytes(file.size)}）` : '选择样例文件'}</Button>
          </Upload>
          <Button type="primary" disabled={!file || !slot || running} loading={running} onClick={() => void run()}>开始检查</Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title="检查失败" description={error} />}
      {report && <div style={{ marginTop: 12 }} data-testid="sample-report"><CheckReportTable report={report} /></div>}
    </Card>
  );
}
