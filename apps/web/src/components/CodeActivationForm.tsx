// A one-time code + invited mobile + new password form that activates an account and signs in: used by invited
// experts (邀请码) and by authors listed in a mode-1 import (短信激活码).
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, type User } from '../api.ts';
import { homePathFor, useAuth } from '../auth.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { PublicShell } from './AppLayout.tsx';
import { applyFieldErrors } from './formErrors.ts';
import { PASSWORD_RULES } from '../pages/public/RegisterPage.tsx';

export function CodeActivationForm(props: {
  title: string;
  intro: string;
  codeLabel: string;
  codeMissing: string;
  codePlaceholder: string;
  activate(b: { code: string; phone: string; password: string }): Promise<{ user: User }>;
}) {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { code: string; phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await props.activate({ code: v.code.trim(), phone: v.phone.trim(), password: v.password });
      setUser(r.user);
      navigate(homePathFor(r.user), { replace: true });
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicShell title={props.title} width={480}>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={props.intro} />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={props.codeLabel} name="code" rules={[{ required: true, whitespace: true, message: props.codeMissing }]}>
            <Input placeholder={props.codePlaceholder} />
          </Form.Item>
          <Form.Item label="手机号" name="phone" rules={[{ required: true, message: '请输入手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item label="设置密码" name="password" rules={PASSWORD_RULES} extra="至少 8 位；请勿使用常见密码、连续或重复字符、手机号">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            激活并登录
          </Button>
        </Form>
        <div style={{ marginTop: 16 }}>
          已激活？<Link to="/login">登录</Link>
        </div>
      </Card>
    </PublicShell>
  );
}
