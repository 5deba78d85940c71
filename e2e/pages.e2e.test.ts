// Every route of every role, at 1366×900 and 375×812, on the demo data: axe-core (WCAG 2.1 A/AA) with no critical or
// serious violation, no sideways scrolling of the page, one h1, a title of the form 页面名 - 案例征集平台, and no words
// a person should not read (rule ids, true/false, raw ids). The summary is printed. Runs on one database (PGlite): the
// pages are the same on PostgreSQL, and the walk is the longest browser test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPlan, summarise } from './helpers/page-audit.ts';
import { COVERED_PATTERNS, routePlan } from './helpers/route-plan.ts';
import { e2eServer } from './helpers/fixture.ts';

const APP = new URL('../apps/web/src/App.tsx', import.meta.url);

describe('the route plan covers the app', () => {
  it('every route of App.tsx is visited by the page audit, and nothing else', () => {
    const routes = [...readFileSync(APP, 'utf8').matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]);
    expect([...new Set(routes)].sort()).toEqual([...COVERED_PATTERNS].sort());
  });
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('every page for every person', () => {
  const env = e2eServer({ demo: true });

  it('has no serious accessibility fault, no sideways scrolling, one h1, its own title and no raw words', { timeout: 1_500_000 }, async () => {
    const audits = await auditPlan(env.url, await routePlan(env.server.db));
    const summary = summarise(audits);
    console.log(JSON.stringify(summary, null, 2));
    const serious = audits.flatMap((a) =>
      a.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${a.path} @${a.width}: ${v.impact} ${v.id} ${v.targets.join(' | ')}`),
    );
    expect(serious).toEqual([]);
    expect(summary.sideways).toEqual([]);
    expect(summary.h1).toEqual([]);
    expect(summary.titles).toEqual([]);
    expect(summary.badWords).toEqual([]);
    // Each page names itself: the titles of different routes differ (the same route at two widths shares one).
    expect(new Set(audits.map((a) => a.title)).size).toBeGreaterThan(30);
  });
});
