// Audits every page of every role at 1366×900 and 375×812 (axe-core, sideways scrolling, h1, titles, words no person
// should read) on a fresh demo server, and prints the summary; details go to a JSON file.
//   npx tsx scripts/audit-pages.ts [out.json]
import { writeFileSync } from 'node:fs';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { launchSession } from '../e2e/helpers/browser.ts';
import { login } from '../e2e/helpers/login.ts';
import { auditPage, summarise, type PageAudit } from '../e2e/helpers/page-audit.ts';
import { routePlan } from '../e2e/helpers/route-plan.ts';

const out = process.argv[2] ?? '/tmp/anli-page-audit.json';
const server = await startTestServer({ demo: true });
const audits: PageAudit[] = [];
try {
  const plan = await routePlan(server.db);
  for (const viewport of [{ width: 1366, height: 900 }, { width: 375, height: 812 }]) {
    for (const { role, phone, paths } of plan) {
      // AUDIT_ROLES=author,expert audits only those roles (while fixing).
      if (process.env.AUDIT_ROLES && !process.env.AUDIT_ROLES.split(',').includes(role)) continue;
      const s = await launchSession();
      try {
        await s.page.setViewportSize(viewport);
        if (phone) await login(s.page, server.url, phone);
        for (const path of paths) {
          await s.page.goto(server.url + path);
          await s.page.waitForLoadState('networkidle').catch(() => undefined);
          await s.page.waitForTimeout(300);
          const a = await auditPage(s.page, `${role} ${path}`);
          audits.push(a);
          console.log(`${viewport.width} ${role} ${path}: ${a.violations.length} violations, overflow ${a.overflowX}px, h1 ${a.h1}, “${a.title}”`);
        }
      } finally {
        await s.close();
      }
    }
  }
} finally {
  await server.close();
}
writeFileSync(out, JSON.stringify(audits, null, 2));
console.log(JSON.stringify(summarise(audits), null, 2));
