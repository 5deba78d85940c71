// 评审专家激活: an invited expert sets a password with the invitation code and the invited mobile number.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { reviewApi } from '../../reviewApi.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/AppLayout.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { PASSWORD_RULES } from '../public/RegisterPage.tsx';

export function ExpertActivatePage() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { code: string; phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await reviewApi.activateExpert({ code: v.code.trim(), phone: v.phone.trim(), password: v.password });
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
    <PublicShell title="评审专家激活" width={480}>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="邀请码由组委会发放，仅可使用一次。请使用组委会登记的手机号激活。" />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="邀请码" name="code" rules={[{ required: true, whitespace: true, message: '请输入邀请码' }]}>
            <Input placeholder="组委会发放的邀请码" />
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
