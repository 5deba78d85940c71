import { defineConfig } from 'vitest/config';

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
