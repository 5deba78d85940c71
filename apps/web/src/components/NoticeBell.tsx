// The bell in the header: unread notices count, refreshed every minute, on navigation and when notices are read.
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { NOTICES_CHANGED, noticesApi } from '../api/notices.ts';

const REFRESH_MS = 60_000;

export function NoticeBell() {
  const navigate = useNavigate();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(async () => {
    try {
      setUnread((await noticesApi.unreadCount()).unread);
    } catch {
      // A failed count keeps the last one; the page itself reports errors.
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh, location.pathname]);
  useEffect(() => {
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    const onChange = () => void refresh();
    window.addEventListener(NOTICES_CHANGED, onChange);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTICES_CHANGED, onChange);
    };
  }, [refresh]);
  return (
    <Tooltip title={unread ? `${unread} 条未读消息` : '消息中心'}>
      <Badge count={unread} size="small" overflowCount={99} data-testid="notice-bell-count">
        <Button
          aria-label={unread ? `消息中心，${unread} 条未读` : '消息中心'}
          data-testid="notice-bell"
          size="small"
          shape="circle"
          icon={<BellOutlined />}
          onClick={() => navigate('/notices')}
        />
      </Badge>
    </Tooltip>
  );
}
