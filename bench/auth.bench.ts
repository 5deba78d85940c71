// `npm run bench -- auth`: the cost of authentication. argon2id verification (the platform's password hash,
// @node-rs/argon2 defaults m=19456 KiB, t=2, p=1) per password guess, and as guesses per second per core; TOTP
// verification (±1 step window, RFC 6238); and full two-step logins (password, then code) through the HTTP app on
// PGlite. Baseline in the same run: an unsalted SHA-256 password check, what a weak scheme costs an attacker.
import { createHash } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { newTotpSecret, totpAt, verifyTotp } from '../apps/server/src/modules/accounts/totp.ts';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { apiClient } from '../apps/server/src/testing/client.ts';
import { DEMO_TOTP_SECRET } from '../apps/server/src/demo/seed.ts';

const ARGON_RUNS = Number(process.env.BENCH_ARGON_RUNS ?? 40);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 30);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const stored = await hash('Correct-horse-2026');
await verify(stored, 'warm-up');
const argon: number[] = [];
for (let i = 0; i < ARGON_RUNS; i++) {
  const t0 = process.hrtime.bigint();
  await verify(stored, `guess-${i}`);
  argon.push(ms(t0));
}
const argonMean = argon.reduce((a, b) => a + b, 0) / argon.length;

const shaStored = createHash('sha256').update('Correct-horse-2026').digest('hex');
const SHA_RUNS = 200_000;
let t0 = process.hrtime.bigint();
let hits = 0;
for (let i = 0; i < SHA_RUNS; i++) if (createHash('sha256').update(`guess-${i}`).digest('hex') === shaStored) hits++;
const shaMs = ms(t0) / SHA_RUNS;

const secret = newTotpSecret();
const TOTP_RUNS = 20_000;
t0 = process.hrtime.bigint();
let ok = 0;
for (let i = 0; i < TOTP_RUNS; i++) if (verifyTotp(secret, totpAt(secret, i * 30_000), i * 30_000, null) !== null) ok++;
const totpUs = (ms(t0) * 1000) / TOTP_RUNS;

// Full two-step logins of the demo organiser through the app (each in a fresh 30-second step: codes are single use).
const srv = await startTestServer({ demo: true, totp: true });
const logins: number[] = [];
try {
  for (let i = 0; i < LOGINS; i++) {
    srv.clock.advance(30_000);
    const c = apiClient(srv.app);
    const t = process.hrtime.bigint();
    await c.login('13900000000', 'Demo@2026', totpAt(DEMO_TOTP_SECRET, srv.clock.now()));
    logins.push(ms(t));
  }
} finally {
  await srv.close();
}

console.log(`argon2id verify: mean ${argonMean.toFixed(1)} ms, p95 ${pct(argon, 95).toFixed(1)} ms over ${ARGON_RUNS} guesses → ${(1000 / argonMean).toFixed(0)} guesses/s per core`);
console.log(`baseline unsalted SHA-256: ${(shaMs * 1000).toFixed(2)} µs per guess → ${(1000 / shaMs).toFixed(0)} guesses/s per core (${(argonMean / shaMs).toFixed(0)}× cheaper for an attacker)`);
console.log(`TOTP verify (±1 step): ${totpUs.toFixed(1)} µs (${ok}/${TOTP_RUNS} accepted)`);
console.log(`two-step login through the app (PGlite): p50 ${pct(logins, 50).toFixed(1)} ms, p95 ${pct(logins, 95).toFixed(1)} ms over ${LOGINS} logins`);
console.log(JSON.stringify({ argon2VerifyMs: +argonMean.toFixed(2), baselineSha256Us: +(shaMs * 1000).toFixed(3), totpVerifyUs: +totpUs.toFixed(2), twoStepLoginP50Ms: +pct(logins, 50).toFixed(1), shaHits: hits }));
process.exit(0);
