// Audits every page of every role at 1366×900 and 375×812 (axe-core, sideways scrolling, h1, titles, words no person
// should read) on a fresh demo server, and prints the summary; details go to a JSON file.
//   npx tsx scripts/audit-pages.ts [out.json]
import { writeFileSync } from 'node:fs';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { auditPlan, summarise, type PageAudit } from '../e2e/helpers/page-audit.ts';
import { routePlan } from '../e2e/helpers/route-plan.ts';

const out = process.argv[2] ?? '/tmp/anli-page-audit.json';
const server = await startTestServer({ demo: true });
let audits: PageAudit[] = [];
try {
  // AUDIT_ROLES=author,expert audits only those roles (while fixing).
  const roles = process.env.AUDIT_ROLES?.split(',');
  const plan = (await routePlan(server.db)).filter((r) => !roles || roles.includes(r.role));
  audits = await auditPlan(server.url, plan, (a, width) =>
    console.log(`${width} ${a.path}: ${a.violations.length} violations, overflow ${a.overflowX}px, h1 ${a.h1}, “${a.title}”`),
  );
} finally {
  await server.close();
}
writeFileSync(out, JSON.stringify(audits, null, 2));
console.log(JSON.stringify(summarise(audits), null, 2));
