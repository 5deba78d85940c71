// The demo organiser's and administrators' TOTP secret (printed at demo start; `npx tsx scripts/totp.ts` gives the
// code). In a module of its own so that printing a code does not load the whole demo seed.
export const DEMO_TOTP_SECRET = 'ANLIDEMOTOTPSECRETANLIDEMOTOTP23';
