// Launches the system's Debian Chromium through playwright-core (never a downloaded browser). Each session gets
// its own fresh user-data-dir (own cookies), removed on close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Errors thrown in the page (uncaught exceptions), for assertions. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile and a laptop-sized zh-CN page. */
export async function launchSession(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'anli-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
    // The app turns antd's motion off for users who prefer reduced motion: a click then never lands on a popup
    // still moving into place (under CPU load, mouse-down and mouse-up could hit different spots and be lost).
    reducedMotion: 'reduce',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
