import { Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/AppLayout.tsx';

export function LoginPage() {
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (user) return <Navigate to={homePathFor(user)} replace />;

  const onFinish = async (v: { phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.login(v.phone.trim(), v.password);
      setUser(r.user);
      const next = params.get('next');
      navigate(next && next.startsWith('/') ? next : homePathFor(r.user), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicShell title="登录">
      <Card>
        <ErrorAlert error={error} />
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="手机号" name="phone" rules={[{ required: true, message: '请输入手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input autoComplete="username" maxLength={11} placeholder="11 位手机号" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
          <Link to="/register">教师注册</Link>
          <Link to="/activate">省级管理员激活</Link>
        </Space>
      </Card>
    </PublicShell>
  );
}
