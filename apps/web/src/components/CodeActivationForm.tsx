// A one-time code + invited mobile + new password form that activates an account and signs in: used by invited
// experts (邀请码), by authors listed in a mode-1 import (短信激活码) and by administrators (激活码, with their name, then
// binding an authenticator when the server asks for it).
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, type User } from '../api/index.ts';
import { homePathFor, useAuth } from '../auth.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { PublicShell } from './PublicShell.tsx';
import { applyFieldErrors } from './formErrors.ts';
import { PASSWORD_HINT, PASSWORD_RULES } from './passwordRules.ts';
import type { LoginNext } from '../api/security.ts';
import { TotpEnrolment } from './TotpSteps.tsx';

type Activation = { code: string; phone: string; password: string; name?: string };

export function CodeActivationForm(props: {
  title: string;
  intro: string;
  codeLabel: string;
  codeMissing: string;
  codePlaceholder: string;
  /** Also asks for the person's name (administrators). */
  askName?: boolean;
  /** Shown when the server asks for an authenticator before the first full session. */
  enrolIntro?: string;
  activate(b: Activation): Promise<{ user: User; next?: LoginNext }>;
}) {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [enrol, setEnrol] = useState(false);
  const enter = (u: User) => {
    setUser(u);
    navigate(homePathFor(u), { replace: true });
  };

  const onFinish = async (v: Activation) => {
    setBusy(true);
    setError(null);
    try {
      const r = await props.activate({ code: v.code.trim(), phone: v.phone.trim(), password: v.password, ...(props.askName ? { name: v.name?.trim() } : {}) });
      if (r.next === 'enrol') setEnrol(true);
      else enter(r.user);
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (enrol) {
    return (
      <PublicShell title="绑定身份验证器" width={480}>
        <Card>
          <TotpEnrolment intro={props.enrolIntro} onDone={enter} />
        </Card>
      </PublicShell>
    );
  }

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
          <Form.Item label="设置密码" name="password" rules={PASSWORD_RULES} extra={PASSWORD_HINT}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {props.askName && (
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input maxLength={20} />
            </Form.Item>
          )}
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
