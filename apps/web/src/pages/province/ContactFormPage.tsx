// 联系人信息表: the call's contact form fields, validated like the server, with its deadline.
import { Alert, App, Button, Card, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DynamicForm, errorMap, type FormValues } from '../../components/caseform/DynamicForm.tsx';
import { validateFields } from '@anli/domain/form.ts';
import { fmtTime } from '../../labels.ts';
import { DemoMovedTag } from '../../components/PhaseNotes.tsx';

export function ContactFormPage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
  const cf = useLoad(() => (callId ? api.contactForm(callId) : Promise.resolve(undefined)), [callId]);
  const callDef = useLoad(() => (callId ? api.call(callId) : Promise.resolve(undefined)), [callId]);
  const [data, setData] = useState<FormValues>({});
  const [full, setFull] = useState(false);
  const [serverErrors, setServerErrors] = useState(new Map<string, string>());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setData(cf.data?.data ?? {});
    setFull(false);
    setServerErrors(new Map());
  }, [cf.data]);

  const fields = cf.data?.fields ?? [];
  const errors = useMemo(() => {
    const m = errorMap(validateFields(fields, data, { partial: !full }));
    for (const [k, v] of serverErrors) if (!m.has(k)) m.set(k, v);
    return m;
  }, [fields, data, full, serverErrors]);

  const save = async () => {
    if (!callId) return;
    setFull(true);
    const problems = validateFields(fields, data);
    if (problems.length) {
      setError(new ApiError(400, 'VALIDATION', `还有 ${problems.length} 处需要修改`, problems));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.saveContactForm(callId, data);
      message.success('联系人信息表已提交');
      await cf.reload();
    } catch (e) {
      if (e instanceof ApiError) setServerErrors(errorMap(e.fields));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={callDef.data?.contactForm.title ?? '联系人信息表'} extra={<CallPicker />}>
      <ErrorAlert error={cf.error} />
      {cf.loading && !cf.data ? (
        <Spin />
      ) : cf.data ? (
        <>
          <Alert
            type={cf.data.submittedAt ? 'success' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            title={cf.data.submittedAt ? `已于 ${fmtTime(cf.data.submittedAt)} 提交，可修改后重新提交` : '尚未提交'}
            description={cf.data.deadline ? <>{`填报截止：${cf.data.deadline}（北京时间）`} {cf.data.deadlineDemoMoved && <DemoMovedTag />}</> : undefined}
          />
          <ErrorAlert error={error} />
          <div style={{ maxWidth: 640 }}>
            <DynamicForm fields={fields} value={data} onChange={(v) => { setData(v); setServerErrors(new Map()); }} errors={errors} />
          </div>
          <Space>
            <Button type="primary" onClick={save} loading={busy}>
              提交联系人信息表
            </Button>
            <Typography.Text type="secondary">组委会将通过这些信息与本省联系。</Typography.Text>
          </Space>
        </>
      ) : null}
    </Card>
  );
}
