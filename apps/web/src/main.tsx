import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth.tsx';
import { CallsProvider } from './components/calls.tsx';
import { App } from './App.tsx';

dayjs.locale('zh-cn');

// Users who ask their system for reduced motion get no animations (WCAG 2.3.3): popups, messages and dialogs appear
// at once. The browser tests run that way too, so a click never lands on a popup still moving into place.
const reducedMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#0b5cd5', motion: !reducedMotion } }} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <CallsProvider>
              <App />
            </CallsProvider>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
