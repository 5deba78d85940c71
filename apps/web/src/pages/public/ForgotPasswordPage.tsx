// 忘记密码: a code by SMS to the account's number, then a new password; every session of the account ends.
// The server answers the same for numbers without an account, so the page never says whether a number is registered.
import { Alert, Button, Card, Form, Input, Result, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { useSmsChallenge } from '../../components/SmsChallenge.tsx';
import { PASSWORD_HINT, PASSWORD_RULES } from '../../components/passwordRules.ts';

export function ForgotPasswordPage() {
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const [notice, setNotice] = useState('');
  const [done, setDone] = useState(false);
  const challenge = useSmsChallenge();

  useEffect(() => {
    if (countdown <= 0) return;
    const t = setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => clearTimeout(t);
  }, [countdown]);

  const sendCode = async () => {
    setError(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const phone = form.getFieldValue('phone').trim();
      if (!(await challenge.send((answer) => api.sendResetCode(phone, answer)))) return;
      setCountdown(60);
      setNotice('如该手机号已注册，验证码已发送，请查收短信');
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  const onFinish = async (v: { phone: string; code: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.resetPassword({ phone: v.phone.trim(), code: v.code.trim(), newPassword: v.newPassword });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicShell title="忘记密码">
        <Card>
          <Result
            status="success"
            title="密码已重置"
            subTitle="该账号在所有设备上的登录均已退出，请用新密码重新登录。"
            extra={<Link to="/login">去登录</Link>}
          />
        </Card>
      </PublicShell>
    );
  }

  return (
    <PublicShell title="忘记密码">
      {challenge.modal}
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="用注册手机号接收短信验证码，设置新密码后，该账号在所有设备上的登录都会退出。" />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="手机号" name="phone" rules={[{ required: true, message: '请输入手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input maxLength={11} autoComplete="username" placeholder="注册时使用的 11 位手机号" />
          </Form.Item>
          <Form.Item label="短信验证码" required extra={notice}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle rules={[{ required: true, message: '请输入短信验证码' }]}>
                <Input placeholder="短信验证码" maxLength={8} aria-label="短信验证码" />
              </Form.Item>
              <Button onClick={sendCode} disabled={countdown > 0} loading={sending}>
                {countdown > 0 ? `${countdown} 秒后重发` : '获取验证码'}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item label="新密码" name="newPassword" rules={PASSWORD_RULES} extra={PASSWORD_HINT}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            重置密码
          </Button>
        </Form>
        <div style={{ marginTop: 16 }}>
          想起密码了？<Link to="/login">返回登录</Link>
        </div>
      </Card>
    </PublicShell>
  );
}
