// 作者激活: an author listed by a mode-1 provincial import sets a password with the SMS code and their mobile number.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { reportsApi } from '../../reportsApi.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/AppLayout.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { PASSWORD_RULES } from './RegisterPage.tsx';

export function AuthorActivatePage() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { code: string; phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await reportsApi.activateInvitation({ code: v.code.trim(), phone: v.phone.trim(), password: v.password });
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
    <PublicShell title="作者激活" width={480}>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="本省已推荐您的案例。请使用短信中的激活码和接收短信的手机号设置密码，登录后在“我的案例”中填写并提交。激活码仅可使用一次，30 天内有效。" />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="激活码" name="code" rules={[{ required: true, whitespace: true, message: '请输入短信中的激活码' }]}>
            <Input placeholder="短信中的 8 位激活码" />
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
