import { Alert, Button, Card, Descriptions, Empty, Radio, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/index.ts';
import { useCalls } from '../../components/calls.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { phaseRange } from '../../labels.ts';
import { useAuth } from '../../auth.tsx';
import { useCallDef } from '../../callDefs.ts';
import { RegionPicker } from '../../components/RegionPicker.tsx';
import { regionApi } from '../../api/region.ts';
import { CallFacts } from '../../components/CallFacts.tsx';
import { PhaseNotes } from '../../components/PhaseNotes.tsx';

/** Choose a call, then a case type; creates a draft and opens its form. */
export function NewCasePage() {
  const { calls, loading, error: callsError } = useCalls();
  const navigate = useNavigate();
  const [callId, setCallId] = useState<string>();
  const [caseType, setCaseType] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const call = calls.find((c) => c.id === callId);
  const submission = call?.phases.find((p) => p.id === 'submission');
  // Calls with a chain (县 → 市 → 省) need the author's county.
  const { user } = useAuth();
  const def = useCallDef(callId);
  const chained = !!def.data?.chain?.length;
  const [regionCode, setRegionCode] = useState<string | null>(null);

  const create = async () => {
    if (!callId || !caseType) return;
    setBusy(true);
    setError(null);
    try {
      const c = chained ? await regionApi.createCase(callId, caseType, regionCode) : await api.createCase(callId, caseType);
      navigate(`/my/cases/${c.id}/edit`, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (loading) return <Spin />;
  return (
    <Card title="新建案例">
      <ErrorAlert error={callsError || error} />
      {calls.length === 0 ? (
        <Empty description="目前没有进行中的征集活动" />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <div>
            <Typography.Title level={5}>第一步：选择活动</Typography.Title>
            <Radio.Group
              value={callId}
              onChange={(e) => {
                setCallId(e.target.value);
                setCaseType(undefined);
              }}
            >
              <Space orientation="vertical">
                {calls.map((c) => {
                  const s = c.phases.find((p) => p.id === 'submission');
                  return (
                    <Radio key={c.id} value={c.id} data-call={c.id}>
                      {c.title} {c.documentNo && <Typography.Text type="secondary">（{c.documentNo}）</Typography.Text>}{' '}
                      {s && (s.open ? <Tag color="success">填报开放中</Tag> : <Tag>填报未开放</Tag>)}
                    </Radio>
                  );
                })}
              </Space>
            </Radio.Group>
          </div>
          {call && (
            <div>
              <Typography.Title level={5}>第二步：选择案例类型</Typography.Title>
              <Radio.Group value={caseType} onChange={(e) => setCaseType(e.target.value)}>
                <Space orientation="vertical">
                  {call.caseTypes.map((t) => (
                    <Radio key={t.id} value={t.id} data-case-type={t.id}>
                      {t.name}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
              {submission && (
                <Descriptions size="small" column={1} style={{ marginTop: 16, maxWidth: 560 }} bordered
                  items={[
                    { key: 'p', label: submission.name, children: <>{phaseRange(submission) + (submission.extended ? '（本省已延期）' : '')} <PhaseNotes p={submission} /></> },
                    { key: 's', label: '当前状态', children: submission.open ? <Tag color="success">开放中，可提交</Tag> : <Tag color="warning">未开放，可先填写草稿</Tag> },
                  ]}
                />
              )}
              {def.data && <CallFacts callId={def.data.id} contacts={def.data.contacts ?? []} />}
              {submission && !submission.open && (
                <Alert style={{ marginTop: 12, maxWidth: 560 }} type="warning" showIcon title="当前不在作者填报时间内：可以先创建并保存草稿，开放后再提交。" />
              )}
            </div>
          )}
          {call && chained && user?.provinceCode && (
            <div>
              <Typography.Title level={5}>第三步：选择所在的市和区县</Typography.Title>
              <Typography.Paragraph type="secondary">本活动先由区县、再由市推荐至省级，请选择您所在单位的区县。</Typography.Paragraph>
              <RegionPicker provinceCode={user.provinceCode} value={regionCode} onChange={setRegionCode} />
            </div>
          )}
          <Button type="primary" disabled={!callId || !caseType || (chained && !regionCode)} loading={busy} onClick={create}>
            创建并开始填写
          </Button>
        </Space>
      )}
    </Card>
  );
}
