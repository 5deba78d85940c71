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

// Contrast through the theme's tokens (WCAG 1.4.3, 4.5:1 on white): Ant Design's default secondary, tertiary and
// placeholder greys (45 % and 25 % black) are too light for small text, and so are the default status colours.
const theme = {
  token: {
    colorPrimary: '#0b5cd5',
    colorLink: '#0b5cd5',
    colorInfo: '#0b5cd5',
    colorSuccess: '#237804',
    colorWarning: '#874d00',
    colorError: '#cf1322',
    // Status tints stay light, so the darker status colours keep 4.5:1 on them.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    // Tags say success / warning / error / processing through these tokens, never with the preset green, gold, orange
    // or red palettes, whose text shade falls under 4.5:1 on their tint.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    motion: !reducedMotion,
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
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
