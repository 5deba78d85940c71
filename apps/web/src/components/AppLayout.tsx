// Signed-in shell: top bar with the platform name and the user, side menu by role.
import { Drawer, Grid, Layout, Menu, Space, Button, Typography, Tag } from 'antd';
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
  MenuOutlined,
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
  FileTextOutlined,
  OrderedListOutlined,
} from '@ant-design/icons';
import { useEffect, useState, type ReactNode } from 'react';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth.tsx';
import { roleLabel } from '../labels.ts';
import { NoticeBell } from './NoticeBell.tsx';
import { SITE_NAME, SkipLink, useDocumentTitle } from './pageChrome.tsx';
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
    { key: '/province/mode', label: '征集方式与截止时间', icon: <SettingOutlined /> },
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
    { key: '/org/call-builder', label: '活动搭建', icon: <ProfileOutlined /> },
    { key: '/org/codes', label: '激活码', icon: <KeyOutlined /> },
    { key: '/org/users', label: '账号管理', icon: <IdcardOutlined /> },
    { key: '/org/similarity', label: '相似度检测', icon: <BlockOutlined /> },
    { key: '/org/experts', label: '专家管理', icon: <TeamOutlined /> },
    { key: '/org/review', label: '国家级评审', icon: <SolutionOutlined /> },
    { key: '/org/results', label: '结果发布', icon: <TrophyOutlined /> },
    { key: '/org/notices', label: '活动通知', icon: <ProfileOutlined /> },
    { key: '/org/templates', label: '活动模板', icon: <FileTextOutlined /> },
    { key: '/org/rubrics', label: '评分标准', icon: <OrderedListOutlined /> },
    { key: '/org/announcements', label: '发布公告', icon: <NotificationOutlined /> },
    { key: '/org/messages', label: '短信与邮件', icon: <MailOutlined /> },
    { key: '/org/audit', label: '审计日志', icon: <AuditOutlined /> },
    SELF_CHECK,
  ],
  expert: [{ key: '/expert/tasks', label: '评审任务', icon: <SolutionOutlined /> }, SELF_CHECK],
};

/** Pages of the signed-in shell that are not menu entries, by route pattern. */
const OTHER_PAGES: Array<[string, string]> = [
  ['/cases/:id', '案例详情'],
  ['/my/cases/:id/edit', '填写案例'],
  ['/expert/review/:roundId/:caseId', '评审打分'],
  ['/org/review/:roundId', '评审轮次'],
  ['/org/call-builder/:callId', '编辑活动'],
  ['/province/review/experts', '本省评审专家'],
  ['/province/review/:roundId', '省级评审轮次'],
  ['/account/security', '账号安全'],
  ['/notices', '消息通知'],
  ['/check', '文件自检'],
];

/** The page's name for its h1 and the browser tab (页面名 - 案例征集平台), from the menu or the route table. */
export function pageNameFor(pathname: string, items: MenuEntry[]): string {
  const exact = items.find((i) => i.key === pathname);
  if (exact) return exact.label;
  for (const [pattern, name] of OTHER_PAGES) if (matchPath(pattern, pathname)) return name;
  const all = Object.values(MENUS).flat();
  return all.find((i) => i.key === pathname)?.label ?? '页面不存在';
}

/**
 * A table wider than its box scrolls inside it; keyboard users must be able to reach that box to scroll it (WCAG
 * 2.1.1, axe scrollable-region-focusable), so every table scroll box gets a tab stop and a name.
 */
function useFocusableScrollBoxes() {
  useEffect(() => {
    const mark = () => {
      const boxes = [...document.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')];
      const wide = boxes.filter((el) => el.scrollWidth > el.clientWidth + 1);
      for (const el of boxes) {
        const n = wide.indexOf(el);
        if (n >= 0) {
          if (el.tabIndex !== 0) {
            el.tabIndex = 0;
            el.setAttribute('role', 'region');
          }
          // Each region's name is unique on the page (axe landmark-unique) when several tables scroll.
          const label = wide.length > 1 ? `表格 ${n + 1}（可左右滚动）` : '表格（可左右滚动）';
          if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
        } else if (el.getAttribute('role') === 'region') {
          el.removeAttribute('tabindex');
          el.removeAttribute('role');
          el.removeAttribute('aria-label');
        }
      }
    };
    mark();
    // At most one pass per frame, however many nodes changed.
    let queued = false;
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        mark();
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', mark);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', mark);
    };
  }, []);
}

export function AppLayout() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const items: MenuEntry[] = user ? MENUS[user.role] : [SELF_CHECK];
  const screens = Grid.useBreakpoint();
  const narrow = !screens.sm;
  // Below lg the menu moves into a drawer opened from the header, so the page keeps the full width of a phone.
  const drawerMenu = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);
  const pageName = pageNameFor(location.pathname, items);
  useDocumentTitle(pageName);
  useFocusableScrollBoxes();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <SkipLink />
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, paddingInline: narrow ? 8 : 24, background: '#0b3d91' }}>
        <Space size={4} style={{ minWidth: 0 }}>
          {drawerMenu && (
            <Button type="text" icon={<MenuOutlined style={{ color: '#fff' }} />} aria-label="打开菜单" aria-expanded={menuOpen} onClick={() => setMenuOpen(true)} data-testid="menu-button" />
          )}
          <a href="/" style={{ color: '#fff', fontSize: narrow ? 16 : 20, fontWeight: 600, whiteSpace: 'nowrap' }} onClick={(e) => { e.preventDefault(); navigate('/'); }}>
            {SITE_NAME}
          </a>
        </Space>
        {user ? (
          // On a phone the name and the button words give way (the buttons keep their names for screen readers).
          <Space size={narrow ? 'small' : 'middle'} style={{ color: '#fff' }} data-testid="current-user">
            <NoticeBell />
            {!narrow && <span>{user.name}</span>}
            {!narrow && <Tag color="blue">{roleLabel(user.role)}</Tag>}
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
        {drawerMenu ? (
          <Drawer placement="left" open={menuOpen} onClose={() => setMenuOpen(false)} size={260} title={user ? `${user.name}（${roleLabel(user.role)}）` : SITE_NAME} styles={{ body: { padding: 0 } }}>
            <nav aria-label="主菜单">
              <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items.map((i) => ({ key: i.key, label: i.label, icon: i.icon }))} onClick={(e) => navigate(e.key)} style={{ borderInlineEnd: 0 }} />
            </nav>
          </Drawer>
        ) : (
          <Layout.Sider width={200} theme="light">
            <nav aria-label="主菜单" style={{ height: '100%' }}>
              <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items.map((i) => ({ key: i.key, label: i.label, icon: i.icon }))} onClick={(e) => navigate(e.key)} style={{ height: '100%', borderInlineEnd: 0 }} />
            </nav>
          </Layout.Sider>
        )}
        {/* Layout.Content is the page's <main>: the skip link lands here. */}
        <Layout.Content id="main" tabIndex={-1} style={{ padding: narrow ? 12 : 24, minWidth: 0, outline: 'none' }}>
          <h1 className="anli-page-title" data-testid="page-title">{pageName}</h1>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
