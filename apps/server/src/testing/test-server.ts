// Starts the real platform on a free port with a test database, temporary local storage, the job queue with an
// in-process worker, a settable clock and an in-memory sender.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settableClock } from '../infra/clock.ts';
import { memorySender, type Sender } from '../infra/sender.ts';
import type { MessagingSettings } from '../infra/messaging/config.ts';
import { DEMO_TOTP_SECRET, seedDemo } from '../demo/seed.ts';
import { startPlatform } from '../platform.ts';
import type { StorageConfig } from '../infra/storage/storage-config.ts';
import { openTestDb } from './test-db.ts';
import { loggerOptions } from '../http/logging.ts';

export async function startTestServer(
  options: {
    demo?: boolean;
    now?: number;
    storage?: StorageConfig;
    /** Run ffmpeg/LibreOffice deep checks (slow; the checker's own tests cover them). */
    deepChecks?: boolean;
    /** Require TOTP for organisers/administrators and enrol the demo ones with DEMO_TOTP_SECRET (off by default). */
    totp?: boolean;
    /** Sending limits and gateway names (default: the log sender's settings with the default limits). */
    messaging?: MessagingSettings;
    /** A real gateway in front of the in-memory record (provider tests); messages still land in `sender.sent`. */
    gateway?: Sender;
    /** Extra origins allowed to send state-changing requests (the server's own address is always allowed). */
    allowedOrigins?: string[];
    /** TRUST_PROXY as parsed by config.ts (default: X-Forwarded-For ignored). */
    trustProxy?: boolean | string[] | number;
    /** Unfinished uploads expire after this long (default 24 h). */
    uploadExpirationMs?: number;
    /** Write the server log (production settings, level info) to this stream. */
    logStream?: NodeJS.WritableStream;
    /** With the demo: the public pages' content too (published notices, a finished earlier season; demo/showcase.ts). */
    showcase?: boolean;
    /** The built web app to serve (default apps/web/dist). */
    webDist?: string;
  } = {},
) {
  const db = await openTestDb();
  const clock = settableClock(options.now ?? Date.now());
  const sender = memorySender();
  if (options.gateway) {
    const gateway = options.gateway;
    const record = sender.send;
    sender.send = async (m) => {
      const receipt = await gateway.send(m);
      await record(m);
      return receipt;
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'anli-test-'));
  // The server's own address joins once it listens (read at each request).
  const allowedOrigins = [...(options.allowedOrigins ?? [])];
  const platform = await startPlatform({
    db,
    clock,
    sender,
    messaging: options.messaging,
    sessionIdleMs: 2 * 3600_000,
    sessionMaxMs: 12 * 3600_000,
    totpRequired: options.totp ?? false,
    secureCookies: false,
    allowedOrigins,
    trustProxy: options.trustProxy,
    uploadExpirationMs: options.uploadExpirationMs,
    logger: options.logStream ? loggerOptions('info', options.logStream) : undefined,
    webDist: options.webDist ?? fileURLToPath(new URL('../../../web/dist', import.meta.url)),
    storage: options.storage ?? { kind: 'local', dir: join(dataDir, 'files') },
    uploadsDir: join(dataDir, 'files'),
    worker: true,
    tools: options.deepChecks ? undefined : () => ({}),
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, expireInSeconds: 300 },
  });
  const { app, services } = platform;
  if (options.demo ?? true) await seedDemo(db, services, clock, { ...(options.totp ? { totpSecret: DEMO_TOTP_SECRET } : {}), showcase: options.showcase ?? false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = new URL(address).port;
  allowedOrigins.push(address, `http://localhost:${port}`);
  return {
    url: address,
    app,
    db,
    clock,
    sender,
    services,
    queue: platform.queue,
    uploads: platform.uploads,
    dataDir,
    async close() {
      await platform.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
