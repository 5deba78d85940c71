// Configuration from the environment (SPEC §5): PORT, DATA_DIR, DATABASE_URL, S3_* settings.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** Session idle timeout and absolute lifetime, in ms. */
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Secure cookies when served over HTTPS (behind a proxy). */
  secureCookies: boolean;
  webDist: string;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); false: the peer address is the client's. */
  trustProxy: boolean | string[] | number;
}

/**
 * TRUST_PROXY: unset or empty → X-Forwarded-For is ignored; a comma-separated list of addresses or CIDR ranges of the
 * proxies (e.g. `127.0.0.1,10.0.0.0/8`) → only their X-Forwarded-For is believed; a number → that many hops;
 * `true` → every peer is believed (only when the port is reachable through the proxy alone).
 */
export function parseTrustProxy(v: string | undefined): boolean | string[] | number {
  const s = (v ?? '').trim();
  if (!s || s === 'false') return false;
  if (s === 'true') return true;
  if (/^\d+$/.test(s)) return Number(s);
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    sessionIdleMs: Number(env.SESSION_IDLE_MINUTES ?? 120) * 60_000,
    sessionMaxMs: Number(env.SESSION_MAX_HOURS ?? 12) * 3_600_000,
    secureCookies: env.COOKIE_SECURE === 'true',
    webDist: path.resolve(env.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

/** How long a replaced file's bytes are kept before the purge job removes them (FILE_RETENTION_DAYS, default 30). */
export function fileRetentionMs(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.FILE_RETENTION_DAYS ?? 30);
  return (Number.isFinite(days) && days >= 0 ? days : 30) * 86_400_000;
}
