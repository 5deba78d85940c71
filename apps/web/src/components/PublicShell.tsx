// Shell of the public pages: the platform name (a link to the front door) and the public links. Kept apart from the
// signed-in shell so that a visitor's pages do not load the role menus.
import { Button, Layout, Space, Typography } from 'antd';
import { FileSearchOutlined, NotificationOutlined, ReadOutlined, SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { SkipLink, useDocumentTitle } from './pageChrome.tsx';

/**
 * Shell of the public pages (登录, 注册, 激活): a centred card under the platform name. `title` is the page's visible
 * h1; `pageName` names the page in the browser tab when the page shows its own h1 (a library case shows its title) —
 * then `title` is empty.
 */
export function PublicShell({ title, pageName, children, width = 420 }: { title: string; pageName?: string; children: ReactNode; width?: number }) {
  const navigate = useNavigate();
  const location = useLocation();
  useDocumentTitle(pageName ?? title);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f0f4fa' }}>
      <SkipLink />
      {/* On a phone the links wrap under the platform name instead of squeezing it. */}
      <Layout.Header style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8, height: 'auto', minHeight: 64, lineHeight: 'normal', paddingBlock: 12, paddingInline: 16, background: '#0b3d91' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, cursor: 'pointer', whiteSpace: 'nowrap' }} onClick={() => navigate('/')}>
          案例征集平台
        </Typography.Title>
        <Space wrap>
          {location.pathname !== '/announcements' && (
            <Button size="small" icon={<NotificationOutlined />} onClick={() => navigate('/announcements')}>
              通知公告
            </Button>
          )}
          {location.pathname !== '/results' && (
            <Button size="small" icon={<TrophyOutlined />} onClick={() => navigate('/results')}>
              结果公布
            </Button>
          )}
          {location.pathname !== '/library' && (
            <Button size="small" icon={<ReadOutlined />} onClick={() => navigate('/library')}>
              案例库
            </Button>
          )}
          {!location.pathname.startsWith('/verify') && (
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => navigate('/verify')}>
              证书查验
            </Button>
          )}
          <Button size="small" icon={<FileSearchOutlined />} onClick={() => navigate('/self-check')}>
            文件自检
          </Button>
          {location.pathname !== '/login' && (
            <Button size="small" onClick={() => navigate('/login')}>
              登录
            </Button>
          )}
          {location.pathname !== '/register' && (
            <Button size="small" onClick={() => navigate('/register')}>
              注册
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content id="main" tabIndex={-1} style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px', outline: 'none' }}>
        <div style={{ width, maxWidth: '100%' }}>
          {title && (
            <Typography.Title level={1} style={{ textAlign: 'center', fontSize: 24 }}>
              {title}
            </Typography.Title>
          )}
          {children}
        </div>
      </Layout.Content>
    </Layout>
  );
}
