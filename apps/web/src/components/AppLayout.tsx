// Signed-in shell: top bar with the platform name and the user, side menu by role.
import { Grid, Layout, Menu, Space, Button, Typography, Tag } from 'antd';
import {
  AuditOutlined,
  BarChartOutlined,
  BlockOutlined,
  ContactsOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  IdcardOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MailOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  PieChartOutlined,
  TrophyOutlined,
  UploadOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth.tsx';
import { roleLabel } from '../labels.ts';
import { NoticeBell } from './NoticeBell.tsx';
import type { Role } from '@anli/domain/lifecycle.ts';

interface MenuEntry {
  key: string;
  label: string;
  icon: ReactNode;
}

const SELF_CHECK: MenuEntry = { key: '/check', label: '文件自检', icon: <FileSearchOutlined /> };

export const MENUS: Record<Role, MenuEntry[]> = {
  author: [
    { key: '/my/cases', label: '我的案例', icon: <FolderOpenOutlined /> },
    { key: '/my/new', label: '新建案例', icon: <FileAddOutlined /> },
    { key: '/my/certificates', label: '我的证书', icon: <SafetyCertificateOutlined /> },
    SELF_CHECK,
  ],
  province_admin: [
    { key: '/province/cases', label: '本省案例', icon: <UnorderedListOutlined /> },
    { key: '/province/contact', label: '联系人信息表', icon: <ContactsOutlined /> },
    { key: '/province/mode', label: '征集方式', icon: <SettingOutlined /> },
    { key: '/province/mode1', label: '模式一导入', icon: <UploadOutlined /> },
    { key: '/province/dashboard', label: '本省统计', icon: <BarChartOutlined /> },
    { key: '/province/review', label: '省级评审', icon: <SolutionOutlined /> },
    { key: '/province/certificates', label: '本省证书', icon: <SafetyCertificateOutlined /> },
    { key: '/province/city-codes', label: '市级管理员激活码', icon: <KeyOutlined /> },
    SELF_CHECK,
  ],
  city_admin: [
    { key: '/region/cases', label: '本市案例', icon: <UnorderedListOutlined /> },
    { key: '/region/codes', label: '县级管理员激活码', icon: <KeyOutlined /> },
    SELF_CHECK,
  ],
  county_admin: [{ key: '/region/cases', label: '本县案例', icon: <UnorderedListOutlined /> }, SELF_CHECK],
  organiser: [
    { key: '/org/overview', label: '全国概况', icon: <BarChartOutlined /> },
    { key: '/org/dashboard', label: '统计看板', icon: <PieChartOutlined /> },
    { key: '/org/contact-forms', label: '联系人信息表', icon: <ContactsOutlined /> },
    { key: '/org/cases', label: '全部案例', icon: <UnorderedListOutlined /> },
    { key: '/org/calls', label: '活动管理', icon: <ProfileOutlined /> },
    { key: '/org/codes', label: '激活码', icon: <KeyOutlined /> },
    { key: '/org/users', label: '账号管理', icon: <IdcardOutlined /> },
    { key: '/org/similarity', label: '相似度检测', icon: <BlockOutlined /> },
    { key: '/org/experts', label: '专家管理', icon: <TeamOutlined /> },
    { key: '/org/review', label: '国家级评审', icon: <SolutionOutlined /> },
    { key: '/org/results', label: '结果发布', icon: <TrophyOutlined /> },
    { key: '/org/notices', label: '活动通知', icon: <ProfileOutlined /> },
    { key: '/org/announcements', label: '发布公告', icon: <NotificationOutlined /> },
    { key: '/org/messages', label: '短信与邮件', icon: <MailOutlined /> },
    { key: '/org/audit', label: '审计日志', icon: <AuditOutlined /> },
    SELF_CHECK,
  ],
  expert: [{ key: '/expert/tasks', label: '评审任务', icon: <SolutionOutlined /> }, SELF_CHECK],
};

export function AppLayout() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const items: MenuEntry[] = user ? MENUS[user.role] : [SELF_CHECK];
  const narrow = !Grid.useBreakpoint().sm;
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: narrow ? 12 : 24, background: '#0b3d91' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, cursor: 'pointer', whiteSpace: 'nowrap' }} onClick={() => navigate('/')}>
          案例征集平台
        </Typography.Title>
        {user ? (
          // On a phone the name and the button words give way (the buttons keep their names for screen readers).
          <Space size={narrow ? 'small' : 'middle'} style={{ color: '#fff' }} data-testid="current-user">
            <NoticeBell />
            {!narrow && <span>{user.name}</span>}
            <Tag color="blue">{roleLabel(user.role)}</Tag>
            {user.provinceName && !narrow && <span>{user.provinceName}</span>}
            <Button size="small" icon={<LockOutlined />} aria-label="账号安全" title="账号安全" onClick={() => navigate('/account/security')}>
              {!narrow && '账号安全'}
            </Button>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              aria-label="退出登录"
              title="退出登录"
              onClick={async () => {
                // Leave the protected page first: clearing the user there would redirect to /login?next=… instead.
                navigate('/login', { replace: true });
                await logout();
              }}
            >
              {!narrow && '退出登录'}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button size="small" onClick={() => navigate('/login')}>
              登录
            </Button>
            <Button size="small" onClick={() => navigate('/register')}>
              注册
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} breakpoint="lg" collapsedWidth={0} theme="light">
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items.map((i) => ({ key: i.key, label: i.label, icon: i.icon }))} onClick={(e) => navigate(e.key)} style={{ height: '100%', borderInlineEnd: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
