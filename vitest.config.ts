import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The page audit starts first. Vitest orders files by their last durations when it has them (node_modules/.vite),
// and otherwise, as on CI's fresh clone, by project and then by size: the audit, a 38-line file that walks every page
// of every role (about 5 minutes), started last and ran alone at the end for two minutes while the other worker had
// finished. Only it is moved: the next longest are browser walks too, and two walks side by side wait for their pages
// together while a core idles; beside the audit the other worker runs the API tier, which keeps a core busy.
const FIRST = '/e2e/pages.e2e.test.ts';
class PageAuditFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const later = (f: TestSpecification) => (f.moduleId.replaceAll('\\', '/').endsWith(FIRST) ? 0 : 1);
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => later(a) - later(b));
  }
}

// Three tiers that can run alone (`npm run test:unit`, `test:api`, `test:e2e`) or together (`npm test`):
//   unit — pure code: the checker, the domain rules, similarity, the web's helpers, fixture builders;
//   api  — the server against a real database (PGlite, or the PostgreSQL server with TEST_DATABASE_URL), real storage,
//          real media tools;
//   e2e  — the built web app in Debian Chromium against a running server.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // On CI a failed test runs once more: the Chromium walks have shown rare timing flakes (a click during an
    // animation, a slow first page) that a second attempt passes. Locally a failure is reported at once.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { sequencer: PageAuditFirst },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['packages/**/*.test.ts', 'apps/web/**/*.test.ts', 'apps/web/**/*.test.tsx', 'apps/cli/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'api', include: ['apps/server/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'] } },
    ],
  },
});
