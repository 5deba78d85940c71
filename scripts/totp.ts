// Prints the current TOTP code for a secret (default: the demo accounts' secret), for demos and manual tests.
//   npx tsx scripts/totp.ts [BASE32SECRET]
import { totpAt } from '../apps/server/src/modules/accounts/totp.ts';
import { DEMO_TOTP_SECRET } from '../apps/server/src/demo/demo-secret.ts';

const secret = process.argv[2] ?? DEMO_TOTP_SECRET;
const now = Date.now();
console.log(`${totpAt(secret, now)}  (valid for another ${30 - Math.floor(now / 1000) % 30} s)`);
