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
  /** How long an API process keeps a session it read (SESSION_CACHE_SECONDS, default 10; 0: off); see session-cache.ts. */
  sessionCacheMs: number;
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
    sessionCacheMs: Math.max(0, Number(env.SESSION_CACHE_SECONDS ?? 10) || 0) * 1000,
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

/**
 * Settings a production server (NODE_ENV=production) must not start without, and those it warns about.
 * PUBLIC_URL goes into certificates' QR codes and every link the platform sends by SMS or e-mail, so a wrong default
 * (http://localhost:3000) would print unusable certificates; COOKIE_SECURE=false sends session cookies over HTTP.
 */
export function productionChecks(env: NodeJS.ProcessEnv = process.env): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (env.NODE_ENV !== 'production') return { errors, warnings };
  const url = env.PUBLIC_URL?.trim();
  if (!url) {
    errors.push('NODE_ENV=production 时必须设置 PUBLIC_URL（平台对外的访问地址，例如 https://anli.example.cn）：证书二维码和短信、邮件中的链接都使用它。');
  } else if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    errors.push(`PUBLIC_URL 不是有效的网址：“${url}”。请写成 https://域名 的形式，例如 https://anli.example.cn。`);
  } else if (/^https?:\/\/(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url)) {
    warnings.push(`PUBLIC_URL 指向本机（${url}）：证书二维码和短信链接在其他设备上无法打开，请设置为对外的访问地址。`);
  }
  if (env.COOKIE_SECURE !== 'true') {
    warnings.push('COOKIE_SECURE 未开启：登录 Cookie 会经 HTTP 明文传输。生产环境请通过 HTTPS 访问并设置 COOKIE_SECURE=true。');
  }
  return { errors, warnings };
}
