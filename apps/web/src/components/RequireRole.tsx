import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../auth.tsx';
import type { Role } from '@anli/domain/lifecycle.ts';

/** Renders children for a signed-in user of one of the roles; sends others to 登录. */
export function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !roles.includes(user.role)) return <Result status="403" title="无权访问" subTitle="您的账号角色不能访问此页面" />;
  return <>{children}</>;
}
