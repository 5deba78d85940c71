// Starts the real application on a free port with a test database, a settable clock and an in-memory sender.
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { settableClock } from '../infra/clock.ts';
import { memorySender } from '../infra/sender.ts';
import { seedDemo } from '../demo/seed.ts';
import { openTestDb } from './test-db.ts';

export async function startTestServer(options: { demo?: boolean; now?: number } = {}) {
  const db = await openTestDb();
  const clock = settableClock(options.now ?? Date.now());
  const sender = memorySender();
  const { app, services } = await buildApp({
    db,
    clock,
    sender,
    sessionIdleMs: 2 * 3600_000,
    sessionMaxMs: 12 * 3600_000,
    secureCookies: false,
    webDist: fileURLToPath(new URL('../../../web/dist', import.meta.url)),
  });
  if (options.demo ?? true) await seedDemo(db, services, clock);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    db,
    clock,
    sender,
    services,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
