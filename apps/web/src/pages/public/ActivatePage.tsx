import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/AppLayout.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { PASSWORD_RULES } from './RegisterPage.tsx';
import { securityApi } from '../../securityApi.ts';
import { TotpEnrolment } from '../../components/TotpSteps.tsx';

export function ActivatePage() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [enrol, setEnrol] = useState(false);

  const onFinish = async (v: { code: string; phone: string; password: string; name: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await securityApi.activate({ code: v.code.trim(), phone: v.phone.trim(), password: v.password, name: v.name.trim() });
      // An administrator binds an authenticator before the first full session.
      if (r.next === 'enrol') setEnrol(true);
      else {
        setUser(r.user);
        navigate(homePathFor(r.user), { replace: true });
      }
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
          <TotpEnrolment
            intro="账号已激活。管理员账号须启用两步验证：请绑定身份验证器后进入平台。"
            onDone={(u) => {
              setUser(u);
              navigate(homePathFor(u), { replace: true });
            }}
          />
        </Card>
      </PublicShell>
    );
  }

  return (
    <PublicShell title="管理员激活" width={480}>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="激活码由组委会按省份发放（市级、县级管理员的激活码由上一级管理员发放），仅可使用一次，请在有效期内激活。" />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="激活码" name="code" rules={[{ required: true, whitespace: true, message: '请输入激活码' }]}>
            <Input placeholder="组委会发放的激活码" />
          </Form.Item>
          <Form.Item label="手机号" name="phone" rules={[{ required: true, message: '请输入手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={PASSWORD_RULES} extra="至少 8 位；请勿使用常见密码、连续或重复字符、手机号">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
            <Input maxLength={20} />
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
