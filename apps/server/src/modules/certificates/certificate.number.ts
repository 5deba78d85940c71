// Certificate numbers and the verification token carried by the QR code.
//
// A number reads `ANLI-2025-K7Q-000123-X`: the call's year, a three-character code derived from the call id (so
// two calls of one year never share a number space), the 6-digit sequence within the call, and a check character
// (Luhn mod 32 over the Crockford base-32 alphabet: catches every single mistyped character and every swap of
// two adjacent ones). Letters that look like digits (I, L, O, U) are never used, and parsing forgives them.
//
// The token is an HMAC-SHA256 of the number under a server secret, cut to 128 bits and written base64url: the
// verify page shows a number as genuine only when the token matches and the database knows it (not revoked).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

/** Luhn mod N check character over the alphabet (non-alphabet characters such as '-' are skipped). */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const code = ALPHABET.indexOf(body[i]!);
    if (code < 0) continue;
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

/** The call's code in numbers: 3 base-32 characters of a SHA-256 of the call id (32,768 codes). */
export function callCode(callId: string): string {
  const h = createHash('sha256').update(callId).digest();
  const v = ((h[0]! << 16) | (h[1]! << 8) | h[2]!) >>> 9; // 15 bits
  return ALPHABET[(v >> 10) & 31]! + ALPHABET[(v >> 5) & 31]! + ALPHABET[v & 31]!;
}

/** The call's year: the last 20xx in its id (teacher-ai-2025 → 2025). */
function callYear(callId: string): string {
  const years = callId.match(/20\d\d/g);
  if (!years) throw new Error(`call id ${callId} carries no year`);
  return years[years.length - 1]!;
}

/** A certificate's number for the seq-th certificate (1-based) of a call, e.g. `ANLI-2025-K7Q-000123-X`. */
export function certificateNumber(callId: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`certificate sequence out of range: ${seq}`);
  const body = `ANLI-${callYear(callId)}-${callCode(callId)}-${String(seq).padStart(6, '0')}`;
  return `${body}-${checkCharacter(body)}`;
}

export interface ParsedCertificateNumber {
  number: string;
  year: number;
  callCode: string;
  seq: number;
}

/**
 * Reads a number typed or scanned by a person: case, spaces and the look-alikes O/I/L are forgiven. Null when
 * it is not a well-formed number or its check character is wrong.
 */
export function parseCertificateNumber(input: string): ParsedCertificateNumber | null {
  const s = input
    .toUpperCase()
    .replace(/[\s\u3000]/g, '')
    .replace(/[—–－_]/g, '-');
  const fix = (x: string) => x.replace(/O/g, '0').replace(/[IL]/g, '1');
  const parts = s.split('-');
  if (parts.length !== 5 || parts[0] !== 'ANLI') return null;
  const m = /^(20\d\d)-([0-9A-Z]{3})-(\d{6})-([0-9A-Z])$/.exec(parts.slice(1).map(fix).join('-'));
  if (!m) return null;
  const code = m[2]!;
  const check = m[4]!;
  if ([...code, check].some((ch) => !ALPHABET.includes(ch))) return null;
  const body = `ANLI-${m[1]}-${code}-${m[3]}`;
  if (checkCharacter(body) !== check) return null;
  const seq = Number(m[3]);
  if (seq < 1) return null;
  return { number: `${body}-${check}`, year: Number(m[1]), callCode: code, seq };
}

/** The verification token of a number (HMAC-SHA256 under the server secret, 128 bits, base64url). */
export function signCertificate(number: string, secret: string | Uint8Array): string {
  if (!secret || secret.length < 16) throw new Error('certificate secret must be at least 16 bytes');
  return createHmac('sha256', secret).update(`anli-certificate:v1:${number}`).digest().subarray(0, 16).toString('base64url');
}

/** Whether a token was issued for this number under this secret (constant-time comparison). */
export function verifyCertificateToken(number: string, token: string, secret: string | Uint8Array): boolean {
  const parsed = parseCertificateNumber(number);
  if (!parsed || typeof token !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(token)) return false;
  const expected = Buffer.from(signCertificate(parsed.number, secret), 'base64url');
  const given = Buffer.from(token, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The public verification address printed as the QR code: `<base>/verify/<number>?t=<token>`. */
export function certificateVerifyUrl(baseUrl: string, number: string, secret: string | Uint8Array): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(number)}?t=${signCertificate(number, secret)}`;
}
