#!/usr/bin/env node
// Entry of the `anli` command: the TypeScript sources through tsx in a development install; in a production install
// (`npm ci --omit=dev`, no tsx) the CLI compiled by `npm run build` (apps/server/dist/cli.js).
let tsx = null;
try {
  tsx = await import('tsx/esm/api');
} catch {
  /* production install */
}
if (tsx) {
  tsx.register();
  await import('../apps/cli/src/main.ts');
} else {
  await import('../apps/server/dist/cli.js');
}
