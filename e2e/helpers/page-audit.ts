// Audits pages as people meet them: axe-core (WCAG 2.1 A/AA rules) in the real page, sideways scrolling at the
// viewport's width, one h1, a distinct <title> of the form 页面名 - 案例征集平台, and words no person should read
// (rule ids, true/false, raw ids, English-only labels). Used by e2e/pages.e2e.test.ts over every route of every role.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  targets: string[];
}

export interface PageAudit {
  path: string;
  width: number;
  title: string;
  h1: number;
  /** How far the page scrolls sideways (0 when it fits). */
  overflowX: number;
  /** The widest elements that stick out of the viewport (for fixing). */
  wideElements: string[];
  violations: Violation[];
  /** Text on screen that no person should read. */
  badWords: string[];
}

/** Words that must never be on screen: rule ids, booleans, raw uuids, English placeholders. */
const BAD_PATTERNS: Array<[RegExp, string]> = [
  [/\b(video|audio|courseware|report|infoform|form)\.[a-z_]+\b/g, 'rule id'],
  [/(^|[^A-Za-z])(true|false|null|undefined|NaN)([^A-Za-z]|$)/g, 'raw value'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'raw id'],
  [/\[object Object\]/g, 'raw object'],
];

/**
 * Latin words a Chinese reader meets on the platform as names, not as untranslated text: formats, units, brands and
 * terms the notices themselves use. Anything else on screen is an English word left untranslated.
 */
const LATIN_ALLOWED = new Set(
  [
    'AI', 'AIGC', 'PPT', 'PPTX', 'MP4', 'PDF', 'Word', 'WPS', 'Excel', 'ZIP', 'DOCX', 'XLSX', 'Mbps', 'kbps', 'fps', 'MB', 'GB', 'KB',
    'H.264', 'AAC', 'Hz', 'kHz', 'dB', 'LUFS', 'ANLI', 'ID', 'PowerPoint', 'LibreOffice', 'Office', 'QQ', 'APP', 'App', 'GB2312',
    'FangSong', 'SimHei', 'x', 'px', 'OK', 'Ctrl', 'Enter', 'Esc', 'Tab', 'SMS', 'Email', 'email', 'E', 'mail',
    // Terms of the check reports: file kinds and what a video file declares about itself.
    'doc', 'ppt', 'docx', 'pptx', 'Logo', 'AVC', 'avc', 'LC', 'AAC-LC', 'bit', 'pt', 'yuv420p', 'HEVC',
  ].map((w) => w.toLowerCase()),
);

/** English words on screen (outside addresses, e-mail, file names and certificate numbers), for pages that must read in Chinese. */
export function englishWords(text: string): string[] {
  const cleaned = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|net|org)\b\S*/gi, ' ')
    .replace(/\S+\.(pdf|pptx?|docx?|mp4|xlsx|zip|png|jpe?g)\b/gi, ' ')
    .replace(/\bANLI-[0-9A-Z-]+\b/g, ' ');
  const out = new Set<string>();
  for (const m of cleaned.matchAll(/[A-Za-z][A-Za-z0-9.-]*[A-Za-z0-9]/g)) if (!LATIN_ALLOWED.has(m[0].toLowerCase())) out.add(m[0]);
  return [...out];
}

/** Runs every check on the page as it is now (after it settled). */
export async function auditPage(page: Page, path: string): Promise<PageAudit> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern; a script tag
  // with the source inline would be refused.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const axe = (await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; any?: Array<{ message?: string }> }> }> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + (v.id === 'color-contrast' && n.any?.[0]?.message ? ` — ${n.any[0].message}` : '')) }));
  })) as Violation[];
  const layout = await page.evaluate(() => {
    const vw = window.innerWidth;
    const doc = document.scrollingElement ?? document.documentElement;
    const wide: Array<[number, string]> = [];
    if (doc.scrollWidth > vw) {
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        const r = el.getBoundingClientRect();
        // Content inside a box that scrolls (or clips) by itself does not widen the page: name what does.
        let clipped = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
            clipped = true;
            break;
          }
        }
        if (!clipped && r.right > vw + 1 && r.width > 0) {
          const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''}`;
          wide.push([r.right, name]);
        }
      }
    }
    wide.sort((a, b) => b[0] - a[0]);
    return {
      title: document.title,
      h1: document.querySelectorAll('h1').length,
      overflowX: Math.max(0, doc.scrollWidth - vw),
      wideElements: wide.slice(0, 5).map(([right, name]) => `${name} → ${Math.round(right)}px`),
      text: document.body.innerText,
    };
  });
  const badWords: string[] = [];
  for (const [re, kind] of BAD_PATTERNS) for (const m of layout.text.matchAll(re)) badWords.push(`${kind}: ${m[0].trim()}`);
  return {
    path,
    width: page.viewportSize()?.width ?? 0,
    title: layout.title,
    h1: layout.h1,
    overflowX: layout.overflowX,
    wideElements: layout.wideElements,
    violations: axe,
    badWords: [...new Set(badWords)],
  };
}

/** A short, readable summary of audits (pages, violations by impact, sideways scrolling). */
export function summarise(audits: PageAudit[]) {
  const byImpact: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  for (const a of audits) {
    for (const v of a.violations) {
      byImpact[v.impact ?? 'unknown'] = (byImpact[v.impact ?? 'unknown'] ?? 0) + 1;
      byRule[`${v.impact}/${v.id}`] = (byRule[`${v.impact}/${v.id}`] ?? 0) + 1;
    }
  }
  return {
    pages: audits.length,
    violationsByImpact: byImpact,
    violationsByRule: byRule,
    sideways: audits.filter((a) => a.overflowX > 0).map((a) => `${a.path} @${a.width}: +${a.overflowX}px (${a.wideElements[0] ?? ''})`),
    titles: audits.filter((a) => !/ - 案例征集平台$/.test(a.title)).map((a) => `${a.path}: “${a.title}”`),
    h1: audits.filter((a) => a.h1 !== 1).map((a) => `${a.path} @${a.width}: ${a.h1} h1`),
    badWords: audits.filter((a) => a.badWords.length).map((a) => `${a.path}: ${a.badWords.slice(0, 5).join('; ')}`),
  };
}

/**
 * Audits every path of a route plan at 1366×900 and 375×812, signed in as each role (one browser session per role
 * and width). `onPage` sees each audit as it is made. Shared by e2e/pages.e2e.test.ts and scripts/audit-pages.ts.
 */
export async function auditPlan(
  baseUrl: string,
  plan: Array<{ role: string; phone: string | null; paths: string[] }>,
  onPage: (a: PageAudit, width: number) => void = () => {},
): Promise<PageAudit[]> {
  const { launchSession } = await import('./browser.ts');
  const { login } = await import('./login.ts');
  const audits: PageAudit[] = [];
  for (const viewport of [{ width: 1366, height: 900 }, { width: 375, height: 812 }]) {
    for (const { role, phone, paths } of plan) {
      const s = await launchSession();
      try {
        await s.page.setViewportSize(viewport);
        if (phone) await login(s.page, baseUrl, phone);
        for (const path of paths) {
          await s.page.goto(baseUrl + path);
          await s.page.waitForLoadState('networkidle').catch(() => undefined);
          // A page renders its heading with its data: under load that can come after the network went quiet. Wait (a
          // while) for the one h1 the audit expects; a page that never gets it is still reported below.
          await s.page.waitForFunction(() => document.querySelectorAll('h1').length === 1, null, { timeout: 15_000 }).catch(() => undefined);
          await s.page.waitForTimeout(300);
          const a = await auditPage(s.page, `${role} ${path}`);
          audits.push(a);
          onPage(a, viewport.width);
        }
      } finally {
        await s.close();
      }
    }
  }
  return audits;
}
