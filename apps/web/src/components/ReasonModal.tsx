import { App, Form, Input, Modal } from 'antd';
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

/** 退回修改: asks for the reason the author will see, returns the case, says so, then `onDone` (close, reload). */
export function ReturnModal(props: { open: boolean; caseTitle?: string; onCancel(): void; returnCase(reason: string): Promise<unknown>; onDone(): unknown }) {
  const { message } = App.useApp();
  return (
    <ReasonModal
      open={props.open}
      title={props.caseTitle !== undefined ? `退回修改：${props.caseTitle}` : '退回修改'}
      label="退回原因"
      placeholder="请写明需要作者修改的内容，作者将看到此原因"
      okText="退回"
      danger
      onCancel={props.onCancel}
      onSubmit={async (reason) => {
        await props.returnCase(reason);
        message.success('已退回，作者将看到退回原因');
        await props.onDone();
      }}
    />
  );
}
