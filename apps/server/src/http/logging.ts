// The server log's settings, shared by main.ts and the tests that scan the log (issue 18 item 6): no cookies or
// authorization headers, and request URLs with phone numbers masked and token-like query values withheld (an
// organiser searching accounts by number, a certificate verification link) — the log never holds a full phone
// number, a code, a password or a token outside demo mode.
import type { FastifyRequest } from 'fastify';
import { maskPhonesIn } from '@anli/domain/mask.ts';

const SECRET_PARAMS = /^(t|token|code|password|secret|key|signature|sig)$/i;

/** A URL fit for the log: phone numbers masked, secret-looking query values replaced by ***. */
export function urlForLog(url: string): string {
  const masked = maskPhonesIn(url);
  const q = masked.indexOf('?');
  if (q < 0) return masked;
  const params = masked
    .slice(q + 1)
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      return eq >= 0 && SECRET_PARAMS.test(decodeURIComponentSafe(k)) ? `${k}=***` : p;
    });
  return `${masked.slice(0, q)}?${params.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Fastify logger options: level, destination, redaction and the request serializer. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: urlForLog(req.url), remoteAddress: req.ip }),
    },
  };
}
