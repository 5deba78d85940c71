// Operators' commands: `anli backup --out DIR`, `anli restore --from DIR`, `anli reconcile [--manifest FILE]`.
// They read the deployment's settings from the environment (DATABASE_URL, S3_* or DATA_DIR), like the server.
// Output is English: it is a tool for operators, not a page users see.
import { parseArgs } from 'node:util';
import { backup, formatReconcileReport, readManifest, reconcile, restore } from '../../server/src/infra/backup/backup.ts';
import { loadStorageConfig } from '../../server/src/infra/storage/storage-config.ts';
import path from 'node:path';

export const OPS_USAGE = `  anli backup --out DIR                    database (pg_dump) then objects into DIR, with manifest.json
  anli restore --from DIR                  into an empty database (DATABASE_URL) and the configured object store
  anli reconcile [--manifest FILE] [--no-hash] [--json]
                                           database vs object store both ways; row counts vs a backup's manifest
  (settings from the environment: DATABASE_URL, S3_* or DATA_DIR; exit 0 = consistent, 1 = problems, 2 = usage)`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n\nusage:\n${OPS_USAGE}\n`);
  process.exit(2);
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) fail('DATABASE_URL is not set (backup, restore and reconcile work on a PostgreSQL server)');
  return url;
}

export async function runOps(cmd: 'backup' | 'restore' | 'reconcile', argv: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, from: { type: 'string' }, manifest: { type: 'string' }, 'no-hash': { type: 'boolean' }, json: { type: 'boolean' } },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  const storage = loadStorageConfig(process.env);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (cmd === 'backup') {
    if (typeof values.out !== 'string') fail('--out DIR is required');
    const m = await backup({ databaseUrl: databaseUrl(), storage, dir: path.resolve(values.out), log });
    process.stdout.write(`backup written to ${path.resolve(values.out)}: ${Object.keys(m.tables).length} tables, ${m.objects.length} objects\n`);
    return;
  }
  if (cmd === 'restore') {
    if (typeof values.from !== 'string') fail('--from DIR is required');
    const dir = path.resolve(values.from);
    const manifest = await restore({ dir, databaseUrl: databaseUrl(), storage, log });
    // A restore is only done once it reconciles with the backup point.
    const report = await reconcile({ databaseUrl: databaseUrl(), storage, manifest });
    process.stdout.write(formatReconcileReport(report) + '\n');
    process.exitCode = report.ok ? 0 : 1;
    return;
  }
  const manifest = typeof values.manifest === 'string' ? await readManifest(path.resolve(values.manifest)) : undefined;
  const report = await reconcile({ databaseUrl: databaseUrl(), storage, manifest, hash: !values['no-hash'] });
  process.stdout.write((values.json ? JSON.stringify(report) : formatReconcileReport(report)) + '\n');
  process.exitCode = report.ok ? 0 : 1;
}
