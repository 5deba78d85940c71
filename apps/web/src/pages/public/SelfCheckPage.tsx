// 文件自检: runs the same checker as the server, in the browser, on a local file that is never uploaded.
import { Alert, Button, Card, Checkbox, Form, Progress, Radio, Select, Space, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import type { CheckAs, CheckReport } from '@anli/checks/types.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { BUILTIN_CALLS } from '@anli/domain/calls/builtin.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { useCalls } from '../../components/calls.tsx';
import { loadCallDef } from '../../callDefs.ts';
import { runCheck } from '../../components/checks/checkRunner.ts';
import { formatBytes } from '../../components/AttachmentSlots.tsx';
import { errorMessage } from '../../hooks.ts';

const KINDS: Array<{ value: CheckAs; label: string; accept: string }> = [
  { value: 'video', label: '视频', accept: '.mp4,video/*' },
  { value: 'courseware', label: '课件', accept: '.pptx,.ppt' },
  { value: 'report', label: '总结报告', accept: '.docx,.doc' },
  { value: 'infoform', label: '信息表', accept: '.pdf,.docx,.doc' },
];

import { CheckReportTable } from '../../components/checks/CheckResults.tsx';

export function SelfCheckPage() {
  const { calls } = useCalls();
  const [callId, setCallId] = useState<string>();
  const [callDef, setCallDef] = useState<CallDef>();
  const [typeId, setTypeId] = useState<string>();
  const [kind, setKind] = useState<CheckAs>('video');
  const [aiContent, setAiContent] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval>>(undefined);

  const callOptions = calls.length ? calls.map((c) => ({ value: c.id, label: c.title })) : BUILTIN_CALLS.map((c) => ({ value: c.id, label: c.title }));
  useEffect(() => {
    if (!callId && callOptions.length) setCallId(callOptions[callOptions.length - 1].value);
  }, [callId, callOptions]);
  useEffect(() => {
    if (!callId) return;
    let alive = true;
    const builtin = BUILTIN_CALLS.find((c) => c.id === callId);
    loadCallDef(callId)
      .then((d) => alive && setCallDef(d))
      .catch(() => alive && setCallDef(builtin));
    return () => {
      alive = false;
    };
  }, [callId]);
  useEffect(() => {
    if (callDef && !callDef.caseTypes.some((t) => t.id === typeId)) setTypeId(callDef.caseTypes[0]?.id);
  }, [callDef, typeId]);
  useEffect(() => () => clearInterval(timer.current), []);

  const type = callDef?.caseTypes.find((t) => t.id === typeId);
  const reportNeeded = kind === 'report' && type && !type.checkParams.report;
  const accept = KINDS.find((k) => k.value === kind)?.accept;

  const run = async () => {
    if (!file || !callDef || !type) return;
    setRunning(true);
    setReport(null);
    setError(null);
    setElapsed(0);
    const t0 = Date.now();
    timer.current = setInterval(() => setElapsed(Math.floor((Date.now() - t0) / 1000)), 500);
    try {
      const params = checkParamsFor(callDef, type, aiContent);
      setReport(await runCheck(file, { as: kind, params, timeoutMs: 120_000 }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      clearInterval(timer.current);
      setRunning(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <Card title="选择文件并检查">
        <Typography.Paragraph type="secondary">
          在提交前先检查文件是否符合征集要求。检查在您的浏览器中进行，文件不会上传到服务器。检查规则与平台收到文件后的检查相同，最终以平台检查结果为准。
        </Typography.Paragraph>
        <Form layout="vertical" component="div" style={{ maxWidth: 720 }}>
          <Form.Item label="活动" htmlFor="self-check-call">
            <Select id="self-check-call" value={callId} onChange={(v) => { setCallId(v); setReport(null); }} options={callOptions} />
          </Form.Item>
          <Form.Item label="案例类型" htmlFor="self-check-type">
            <Select id="self-check-type" value={typeId} onChange={(v) => { setTypeId(v); setReport(null); }} options={callDef?.caseTypes.map((t) => ({ value: t.id, label: t.name })) ?? []} />
          </Form.Item>
          <Form.Item label="检查类型">
            <Radio.Group value={kind} onChange={(e) => { setKind(e.target.value); setReport(null); }} optionType="button" options={KINDS.map((k) => ({ value: k.value, label: k.label }))} />
          </Form.Item>
          {kind === 'courseware' && (
            <Form.Item>
              <Checkbox checked={aiContent} onChange={(e) => setAiContent(e.target.checked)}>
                案例材料中含有生成式人工智能生成的内容（课件须有“AI生成”标注）
              </Checkbox>
            </Form.Item>
          )}
          <Form.Item label="文件">
            <Upload.Dragger
              accept={accept}
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                setReport(null);
                setError(null);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>{file ? `${file.name}（${formatBytes(file.size)}）` : '点击或拖入文件'}</p>
              <p className="ant-upload-hint">文件只在本机读取，不会上传</p>
            </Upload.Dragger>
          </Form.Item>
          {reportNeeded && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="该案例类型不需要总结报告" />}
          <Button type="primary" onClick={run} disabled={!file || !type || running || !!reportNeeded} loading={running}>
            开始检查
          </Button>
        </Form>
        {running && (
          <div style={{ marginTop: 16 }} data-testid="check-progress">
            <Progress percent={99} status="active" showInfo={false} aria-label="正在检查文件" />
            <Typography.Text type="secondary">正在检查…已用时 {elapsed} 秒（大文件可能需要一些时间）</Typography.Text>
          </div>
        )}
        {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title="检查失败" description={error} />}
      </Card>
      {report && (
        <div data-testid="check-report">
          <Card title={`检查结果：${file?.name ?? ''}`}>
            <CheckReportTable report={report} />
          </Card>
        </div>
      )}
    </Space>
  );
}
