import { App as AntApp, Button, Card, Form, Input, Space, Spin } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import type { User } from '../../api/index.ts';
import { securityApi } from '../../api/security.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

// The two-step screens load only after the password step asks for them (most users are authors without TOTP).
const TotpLoginStep = lazy(() => import('../../components/TotpSteps.tsx').then((m) => ({ default: m.TotpLoginStep })));
const TotpEnrolment = lazy(() => import('../../components/TotpSteps.tsx').then((m) => ({ default: m.TotpEnrolment })));

export function LoginPage() {
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // After the password: the authenticator code ('totp') or, for an organiser/administrator without one, enrolment.
  const [step, setStep] = useState<'password' | 'totp' | 'enrol'>('password');
  const { message } = AntApp.useApp();
  if (user) return <Navigate to={homePathFor(user)} replace />;

  const finish = (u: User) => {
    setUser(u);
    const next = params.get('next');
    navigate(next && next.startsWith('/') ? next : homePathFor(u), { replace: true });
  };

  const onFinish = async (v: { phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await securityApi.login(v.phone.trim(), v.password);
      if (r.next === 'totp' || r.next === 'enrol') setStep(r.next);
      else if (r.user) finish(r.user);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (step === 'totp') {
    return (
      <PublicShell title="两步验证">
        <Card>
          <Suspense fallback={<Spin />}>
            <TotpLoginStep
              onDone={(u, note) => {
                if (note) message.warning(note, 8);
                finish(u);
              }}
              onCancel={() => setStep('password')}
            />
          </Suspense>
        </Card>
      </PublicShell>
    );
  }
  if (step === 'enrol') {
    return (
      <PublicShell title="绑定身份验证器" width={480}>
        <Card>
          <Suspense fallback={<Spin />}>
            <TotpEnrolment intro="组委会和各级管理员（省、市、县）账号须启用两步验证：首次登录请先绑定身份验证器。" onDone={finish} />
          </Suspense>
        </Card>
      </PublicShell>
    );
  }

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
        <Space wrap style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
          <Link to="/register">教师注册</Link>
          <Link to="/activate-author">作者激活（省级推荐导入）</Link>
          <Link to="/forgot-password">忘记密码</Link>
          <Link to="/activate">管理员激活</Link>
        </Space>
      </Card>
    </PublicShell>
  );
}
