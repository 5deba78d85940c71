// The second factor in the browser: the code step after the password, enrolment (QR code + secret as text,
// confirmed with a first code) and the recovery codes, shown once.
import { Alert, Button, Form, Input, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { User } from '../api/index.ts';
import { securityApi, type Enrolment } from '../api/security.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

const CODE_RULES = [{ required: true, whitespace: true, message: '请输入动态验证码' }];

/** Login step 2: the 6-digit code from the authenticator app, or one recovery code. */
export function TotpLoginStep({ onDone, onCancel }: { onDone: (user: User, note: string | null) => void; onCancel: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [recovery, setRecovery] = useState(false);
  const onFinish = async (v: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await securityApi.totp(v.code.trim());
      onDone(r.user, r.usedRecoveryCode ? `已使用 1 个恢复码，剩余 ${r.recoveryCodesLeft} 个；请尽快在“账号安全”中重新生成恢复码。` : null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="totp-step">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="本账号已启用两步验证：请打开手机上的身份验证器（如 Microsoft Authenticator、Google 身份验证器），输入显示的 6 位动态验证码。" />
      <ErrorAlert error={error} />
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label={recovery ? '恢复码' : '动态验证码'} name="code" rules={CODE_RULES}>
          {recovery ? <Input placeholder="XXXXX-XXXXX" autoComplete="off" /> : <Input inputMode="numeric" maxLength={6} placeholder="6 位数字" autoComplete="one-time-code" autoFocus />}
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          验证并登录
        </Button>
      </Form>
      <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
        <Button type="link" style={{ padding: 0 }} onClick={() => setRecovery(!recovery)}>
          {recovery ? '使用动态验证码' : '手机丢失？使用恢复码'}
        </Button>
        <Button type="link" style={{ padding: 0 }} onClick={onCancel}>
          返回重新登录
        </Button>
      </Space>
    </div>
  );
}

/** Recovery codes, shown once right after they are made. */
export function RecoveryCodes({ codes, onDone, doneLabel = '我已妥善保存，继续' }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  return (
    <div data-testid="recovery-codes">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="请保存以下恢复码（仅显示这一次）"
        description="手机丢失或无法使用身份验证器时，每个恢复码可代替动态验证码登录一次。请抄写或打印后妥善保管，不要截图发给他人。"
      />
      <List
        size="small"
        bordered
        grid={{ column: 2 }}
        dataSource={codes}
        renderItem={(c) => (
          <List.Item>
            <Typography.Text code copyable>
              {c}
            </Typography.Text>
          </List.Item>
        )}
      />
      <Button type="primary" block onClick={onDone}>
        {doneLabel}
      </Button>
    </div>
  );
}

/** Enrolment: scan the QR code (or type the secret), confirm with the first code, then save the recovery codes. */
export function TotpEnrolment({ onDone, intro }: { onDone: (user: User) => void; intro?: string }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<{ user: User; codes: string[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    securityApi.enrolStart().then(setEnrolment, setError);
  }, []);
  if (codes) return <RecoveryCodes codes={codes.codes} onDone={() => onDone(codes.user)} />;
  const onFinish = async (v: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await securityApi.enrolConfirm(v.code.trim());
      setCodes({ user: r.user, codes: r.recoveryCodes });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="totp-enrolment">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={intro ?? '绑定身份验证器'} description="1. 在手机上安装身份验证器（如 Microsoft Authenticator、Google 身份验证器、腾讯身份验证器）；2. 扫描下方二维码，或手动输入密钥；3. 输入验证器显示的 6 位数字完成绑定。" />
      <ErrorAlert error={error} />
      {enrolment && (
        <Space direction="vertical" align="center" style={{ width: '100%', marginBottom: 16 }}>
          <img src={enrolment.qrDataUrl} alt="身份验证器二维码" width={200} height={200} />
          <Typography.Text>
            密钥：<Typography.Text code copyable data-testid="totp-secret">{enrolment.secret}</Typography.Text>
          </Typography.Text>
        </Space>
      )}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label="动态验证码" name="code" rules={CODE_RULES}>
          <Input inputMode="numeric" maxLength={6} placeholder="验证器显示的 6 位数字" autoComplete="one-time-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} disabled={!enrolment}>
          完成绑定
        </Button>
      </Form>
    </div>
  );
}
