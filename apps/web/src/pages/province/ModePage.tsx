// 征集方式: mode 1 (own platform first) or mode 2 (whole process here), for calls with provinceModes.
import { Alert, App, Button, Card, Radio, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/index.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCallDef } from '../../callDefs.ts';
import { AuthorDeadlineCard } from './AuthorDeadlineCard.tsx';

export function ModePage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
  const callDef = useCallDef(callId);
  const status = useLoad(() => (callId ? api.provinceStatus(callId) : Promise.resolve(undefined)), [callId]);
  const [mode, setMode] = useState<1 | 2 | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setMode(status.data?.mode ?? null), [status.data]);

  const save = async () => {
    if (!callId || !mode) return;
    setBusy(true);
    try {
      await api.setMode(callId, mode);
      message.success('征集方式已保存');
      await status.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <Card title="征集方式" extra={<CallPicker />}>
      <ErrorAlert error={status.error || callDef.error} />
      {!callDef.data || !status.data ? (
        <Spin />
      ) : !callDef.data.provinceModes ? (
        <Alert type="info" showIcon title="本活动不需要选择征集方式" description="本活动全流程在本平台进行。" />
      ) : (
        <Space orientation="vertical" size="large">
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
            <Space orientation="vertical" size="middle">
              <Radio value={1}>
                <b>方式一</b>：依托省自有平台征集后，通知获推荐教师到本平台填报
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  本省先在自有平台完成征集和遴选，再通知获推荐的教师到本平台注册并填报、上传材料。
                </Typography.Paragraph>
              </Radio>
              <Radio value={2}>
                <b>方式二</b>：全流程依托本平台
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  教师直接在本平台填报提交，省级管理员在本平台审核、退回、推荐并上报。
                </Typography.Paragraph>
              </Radio>
            </Space>
          </Radio.Group>
          <Space>
            <Button type="primary" disabled={!mode || mode === status.data.mode} loading={busy} onClick={save}>
              保存
            </Button>
            {status.data.mode && <Typography.Text type="secondary">当前：方式{status.data.mode === 1 ? '一' : '二'}</Typography.Text>}
          </Space>
        </Space>
      )}
    </Card>
    {callId && <AuthorDeadlineCard key={`${callId}-${status.data?.mode ?? ''}`} callId={callId} />}
    </Space>
  );
}
