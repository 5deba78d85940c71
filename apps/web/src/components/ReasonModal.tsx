import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { beijingText, fromBeijing } from '../api/deadlines.ts';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

/** Asks for a required reason (退回, 取消资格) and runs the action; stays open with the error when it fails. */
export function ReasonModal(props: {
  open: boolean;
  title: string;
  label: string;
  placeholder?: string;
  okText: string;
  danger?: boolean;
  /** Shown above the reason (what the action is about). */
  intro?: ReactNode;
  onCancel(): void;
  onSubmit(reason: string): Promise<void>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText="取消"
      okButtonProps={{ danger: props.danger, loading: busy }}
      destroyOnHidden
      onCancel={() => {
        setError(null);
        props.onCancel();
      }}
      onOk={async () => {
        let v: { reason: string };
        try {
          v = await form.validateFields();
        } catch {
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await props.onSubmit(v.reason.trim());
          form.resetFields();
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {props.intro}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={props.label}
          rules={[
            { required: true, whitespace: true, message: `请填写${props.label}` },
            { min: 2, message: '请至少填写 2 个字' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={props.placeholder} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 退回修改: asks for the reason the author will see, returns the case, says so, then `onDone` (close, reload). After the
 * province's author deadline (`lateReturn`) it also asks until when the author may resubmit: 3 days by default, at the
 * latest the recommendation deadline (Beijing time).
 */
export function ReturnModal(props: {
  open: boolean;
  caseTitle?: string;
  lateReturn?: { defaultUntil: string; maxUntil: string } | null;
  onCancel(): void;
  returnCase(reason: string, resubmitUntil?: string | null): Promise<unknown>;
  onDone(): unknown;
}) {
  const { message } = App.useApp();
  const FMT = 'YYYY-MM-DD HH:mm:ss';
  const late = props.lateReturn ?? null;
  const [until, setUntil] = useState<Dayjs | null>(null);
  const picked = until ?? (late ? dayjs(beijingText(late.defaultUntil), FMT) : null);
  return (
    <ReasonModal
      open={props.open}
      title={props.caseTitle !== undefined ? `退回修改：${props.caseTitle}` : '退回修改'}
      label="退回原因"
      placeholder="请写明需要作者修改的内容，作者将看到此原因"
      okText="退回"
      danger
      intro={
        late ? (
          <div style={{ marginBottom: 16 }} data-testid="resubmit-until">
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="本省作者报送截止时间已过：请给作者一个重新提交截止时间" description={`默认 3 天，最晚为本省推荐上报截止时间（北京时间 ${beijingText(late.maxUntil)}）；逾期作者不能再提交。`} />
            <span>重新提交截止（北京时间）：</span>
            <DatePicker
              showTime
              format={FMT}
              value={picked}
              allowClear={false}
              onChange={(v) => setUntil(v)}
              disabledDate={(d) => d.isAfter(dayjs(beijingText(late.maxUntil), FMT), 'day')}
              style={{ width: 220 }}
            />
          </div>
        ) : undefined
      }
      onCancel={() => {
        setUntil(null);
        props.onCancel();
      }}
      onSubmit={async (reason) => {
        await props.returnCase(reason, late && picked ? fromBeijing(picked.format(FMT)) : null);
        setUntil(null);
        message.success(late ? `已退回，作者须在北京时间 ${picked?.format(FMT)} 前重新提交` : '已退回，作者将看到退回原因');
        await props.onDone();
      }}
    />
  );
}
