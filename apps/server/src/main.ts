// Starts the platform: embedded PGlite and local files under DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, productionChecks } from './config.ts';
import { openPglite, openPostgres } from './infra/db/db.ts';
import { migrate } from './infra/db/migrate.ts';
import { systemClock } from './infra/clock.ts';
import { loadMessaging, MessagingConfigError } from './infra/messaging/config.ts';
import { startPlatform } from './platform.ts';
import { loggerOptions } from './http/logging.ts';
import { loadStorageConfig } from './infra/storage/storage-config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from './demo/seed.ts';
import { SHOWCASE_ACCOUNTS } from './demo/showcase.ts';

// NODE_ENV=production: refuse to start without PUBLIC_URL, warn about insecure cookies (before touching any data).
const production = productionChecks(process.env);
for (const w of production.warnings) console.warn(`警告：${w}`);
if (production.errors.length) {
  for (const e of production.errors) console.error(e);
  process.exit(1);
}

const config = loadConfig();
const demo = process.argv.includes('--demo') || process.env.DEMO === 'true';

mkdirSync(config.dataDir, { recursive: true });
const poolSize = Number(process.env.DATABASE_POOL_SIZE || 10);
const db = config.databaseUrl ? await openPostgres(config.databaseUrl, poolSize, { applicationName: 'anli-api' }) : await openPglite(path.join(config.dataDir, 'pglite'));
await migrate(db);

const storage = loadStorageConfig(process.env);
let log: (o: object, m: string) => void = () => {};
// SMS through SMS_PROVIDER (log by default), e-mail through SMTP_URL; checked before anything starts.
// Codes reach the log only in demo/dev mode (explicit flag); see docs/security.md.
const messaging = (() => {
  try {
    return loadMessaging(process.env, { info: (o, m) => log(o, m) }, { revealCodes: demo || process.env.LOG_MESSAGE_CODES === 'true' });
  } catch (e) {
    if (!(e instanceof MessagingConfigError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
})();
const platform = await startPlatform({
  db,
  clock: systemClock,
  sender: messaging.sender,
  messaging: messaging.settings,
  totpRequired: process.env.TOTP_REQUIRED !== 'false',
  sessionIdleMs: config.sessionIdleMs,
  sessionMaxMs: config.sessionMaxMs,
  sessionCacheMs: config.sessionCacheMs,
  secureCookies: config.secureCookies,
  trustProxy: config.trustProxy,
  webDist: config.webDist,
  logger: loggerOptions(process.env.LOG_LEVEL ?? 'info'),
  storage,
  uploadsDir: path.join(config.dataDir, 'files'),
  // WORKER=false runs an API-only process; workers then run apart (apps/server/src/worker-main.ts).
  worker: process.env.WORKER !== 'false',
});
const { app, services } = platform;
log = (o, m) => app.log.info(o, m);

if (demo) {
  const seeded = await seedDemo(db, services, systemClock, { log: (m) => app.log.warn(m), totpSecret: DEMO_TOTP_SECRET, showcase: true });
  app.log.info(seeded ? 'demo data created' : 'demo data already present');
}

const shutdown = async () => {
  await platform.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const url = `http://localhost:${config.port}`;
const lines = [
  '',
  `案例征集平台 Anli is running: ${url}`,
  `  database: ${db.kind === 'pglite' ? `PGlite in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}`,
  `  SMS: ${messaging.settings.sms}, e-mail: ${messaging.settings.email}`,
];
if (demo) {
  lines.push(`  demo logins (password ${DEMO_PASSWORD}):`);
  for (const a of [...DEMO_ACCOUNTS, ...SHOWCASE_ACCOUNTS]) lines.push(`    ${a.phone}  ${a.label}`);
  lines.push(`  the organiser and every administrator (province, city, county) also give a TOTP code: add the secret ${DEMO_TOTP_SECRET}`);
  lines.push('  to an authenticator app (or run `npx tsx scripts/totp.ts` for the current code).');
  lines.push('  SMS and e-mail go to this log (verification codes appear here).');
}
console.log(lines.join('\n'));
