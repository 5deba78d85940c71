// Compiles the server for production: one ESM bundle per entry in apps/server/dist (the workspace packages are
// bundled in, every npm package stays external and is loaded from node_modules at run time), plus the migrations.
// `npm run build` runs it after the web build; `npm start` then runs `node apps/server/dist/main.js`.
import { build, type Plugin } from 'esbuild';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const out = `${repo}apps/server/dist`;
const pkg = JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
// Every npm package stays external ("pkg" and "pkg/sub/path"); only @anli/* workspace packages (TypeScript) and the
// packages' own "#…" imports are bundled.
const npmExternal: Plugin = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./#]/ }, (a) => (a.path.startsWith('@anli/') ? undefined : { path: a.path, external: true }));
  },
};

rmSync(out, { recursive: true, force: true });
const result = await build({
  absWorkingDir: repo,
  entryPoints: {
    main: 'apps/server/src/main.ts',
    'worker-main': 'apps/server/src/worker-main.ts',
    // The file checker's worker thread (packages/checks/src/node/isolated.ts loads it beside the bundle).
    'check-worker': 'packages/checks/src/node/check-worker.ts',
    cli: 'apps/cli/src/main.ts',
  },
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  conditions: ['node'],
  plugins: [npmExternal],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
// Migrations are read at start-up from ./migrations beside the bundle (apps/server/src/infra/db/migrate.ts).
cpSync(`${repo}apps/server/src/infra/db/migrations`, `${out}/migrations`, { recursive: true });
writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');

// Every npm package the bundles import must be a production dependency, or `npm ci --omit=dev` would break `npm start`.
const imported = new Set<string>();
for (const o of Object.values(result.metafile.outputs)) {
  for (const i of o.imports) {
    if (!i.external || i.path.startsWith('node:')) continue;
    imported.add(i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]!);
  }
}
const builtins = new Set((await import('node:module')).builtinModules);
const missing = [...imported].filter((n) => !builtins.has(n) && !builtins.has(n.replace(/^node:/, '')) && !pkg.dependencies[n]);
if (missing.length) {
  console.error(`The server imports development-only packages (move them to "dependencies"): ${missing.join(', ')}`);
  process.exit(1);
}
console.log(
  `server built in ${out} (${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} bundles; ${imported.size} npm packages external)`,
);
