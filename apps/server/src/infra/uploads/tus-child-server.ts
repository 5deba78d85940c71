// A standalone upload server for the kill/restart test and the upload bench:
// Fastify + registerTusUploads on local storage. Prints `READY <port>` once listening.
// Env: UPLOAD_DIR (required), PORT (default 0), MAX_SIZE (bytes, default 4 GiB), EXPIRATION_MS (default 1 day).
// On SIGTERM prints `MAXRSS <kB>` (process.resourceUsage) and exits.
import { startTusApp, testPolicy } from './tus-test-kit.ts';

const dir = process.env.UPLOAD_DIR;
if (!dir) {
  console.error('UPLOAD_DIR is required');
  process.exit(2);
}
const server = await startTusApp(
  {
    policy: testPolicy({ defaultUser: 'bench' }),
    storage: 'local',
    localDir: dir,
    maxSizeBytes: Number(process.env.MAX_SIZE ?? 4 * 1024 ** 3),
    expirationMs: Number(process.env.EXPIRATION_MS ?? 86_400_000),
  },
  Number(process.env.PORT ?? 0),
);
console.log(`READY ${new URL(server.origin).port}`);
process.on('SIGTERM', () => {
  console.log(`MAXRSS ${process.resourceUsage().maxRSS}`);
  process.exit(0);
});
