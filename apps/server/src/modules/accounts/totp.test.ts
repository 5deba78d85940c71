import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, totpAt, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: the seeds are the ASCII strings below; T0 = 0, X = 30 s, 8 digits.
const SEEDS = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 test vectors for SHA-1, SHA-256 and SHA-512', () => {
    for (const [t, s1, s256, s512] of VECTORS) {
      const counter = Math.floor(t / 30);
      expect(hotp(SEEDS.sha1, counter, 8, 'sha1')).toBe(s1);
      expect(hotp(SEEDS.sha256, counter, 8, 'sha256')).toBe(s256);
      expect(hotp(SEEDS.sha512, counter, 8, 'sha512')).toBe(s512);
    }
  });

  it('matches the RFC 4226 HOTP vectors (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, i) => expect(hotp(SEEDS.sha1, i)).toBe(code));
  });

  it('round-trips base32 and gives 6-digit codes from a base32 secret', () => {
    const secret = base32Encode(SEEDS.sha1);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret).equals(SEEDS.sha1)).toBe(true);
    expect(totpAt(secret, 59_000)).toBe('287082');
  });

  it('accepts the previous, current and next step only, and never a step at or before the last accepted one', () => {
    const secret = base32Encode(SEEDS.sha1);
    const now = 1_111_111_111_000;
    const step = Math.floor(now / 30_000);
    expect(verifyTotp(secret, totpAt(secret, now), now, null)).toBe(step);
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), now, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), now, null)).toBe(step + 1);
    expect(verifyTotp(secret, totpAt(secret, now - 60_000), now, null)).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, now + 60_000), now, null)).toBeNull();
    // Replay: once step was accepted, the same code (and the previous step's) is refused.
    expect(verifyTotp(secret, totpAt(secret, now), now, step)).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), now, step)).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), now, step)).toBe(step + 1);
    expect(verifyTotp(secret, '12345', now, null)).toBeNull();
    // At the epoch there is no previous step.
    expect(verifyTotp(secret, totpAt(secret, 0), 0, null)).toBe(0);
    expect(verifyTotp(secret, undefined, now, null)).toBeNull();
  });

  it('builds an otpauth:// URI that authenticator apps read', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', '139****0000');
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+\?secret=JBSWY3DPEHPK3PXP&issuer=.+&algorithm=SHA1&digits=6&period=30$/);
  });
});
