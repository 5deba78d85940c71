// TOTP (RFC 6238) over HOTP (RFC 4226) with node:crypto: 30-second steps, 6 digits, SHA-1 (what authenticator apps
// support), base32 secrets (RFC 4648) and otpauth:// URIs for enrolment.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) throw new Error('invalid base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32-encoded. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** HOTP value for a counter (RFC 4226 §5.3, dynamic truncation). */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (ms: number) => Math.floor(ms / 1000 / TOTP_STEP_SECONDS);

/** The code for the time `ms` (epoch milliseconds). */
export const totpAt = (secret: string, ms: number) => hotp(base32Decode(secret), totpStep(ms));

/**
 * Finds the step a code belongs to within ±`window` steps of `ms`, or null. Only steps after `lastStep` count, so a
 * code (or an earlier one) that was accepted once is refused afterwards (RFC 6238 §5.2).
 */
export function verifyTotp(secret: string, code: unknown, ms: number, lastStep: number | null, window = 1): number | null {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) return null;
  const given = Buffer.from(code.trim());
  const key = base32Decode(secret);
  const now = totpStep(ms);
  let found: number | null = null;
  for (let step = Math.max(0, now - window); step <= now + window; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    // Compare every candidate in constant time, without stopping early.
    if (timingSafeEqual(Buffer.from(hotp(key, step)), given) && found === null) found = step;
  }
  return found;
}

export function otpauthUri(secret: string, account: string, issuer = '案例征集平台'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_STEP_SECONDS}`;
}
