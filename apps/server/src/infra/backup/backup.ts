// Backup, restore and reconciliation of the platform's two stores: the PostgreSQL database and the object store
// (a local folder or S3). See docs/operations.md for the procedure and `anli backup|restore|reconcile`.
//
// A backup is a folder: db.dump (pg_dump custom format), objects/<key> (a copy of every object), manifest.json
// (row counts per table and the objects with size and SHA-256). Order: the database first, then the objects.
// Objects are immutable and written before the row that names them commits, so every file row of the database
// snapshot has its object in the store by the time the objects are copied; objects written after the snapshot are
// copied too and show up as orphans on reconcile (harmless, listed). The counts in the manifest are taken in the same
// snapshot as the dump (pg_export_snapshot + pg_dump --snapshot), so a restore can be checked against them exactly.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import type { StorageConfig } from '../storage/storage-config.ts';
import { createObjectStorage } from '../storage/create-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';

const run = promisify(execFile);

export const MANIFEST = 'manifest.json';
export const DUMP = 'db.dump';
export const OBJECTS = 'objects';
/** Schemas whose tables are counted: the platform's and the job queue's. */
const SCHEMAS = ['public', 'pgboss'];

export interface Manifest {
  format: 1;
  createdAt: string;
  /** Tables as schema.table → row count, in the snapshot the dump was taken from. */
  tables: Record<string, number>;
  objects: Array<{ key: string; size: number; sha256: string }>;
}

/** Platform objects are named by upload id (32 hex); tus keeps records beside them (.info, .part, .done, .json). */
export const isPlatformObjectKey = (key: string) => /^[0-9a-f]{32}$/.test(key);

/** Every object key of the store (platform objects and tus records). */
export async function listObjectKeys(cfg: StorageConfig): Promise<string[]> {
  if (cfg.kind === 'local') {
    const names = await fs.readdir(cfg.dir, { withFileTypes: true }).catch(() => []);
    return names.filter((d) => d.isFile()).map((d) => d.name).sort();
  }
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const { s3ClientConfig } = await import('../storage/s3-storage.ts');
  const client = new S3Client(s3ClientConfig(cfg.s3));
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const r = await client.send(new ListObjectsV2Command({ Bucket: cfg.s3.bucket, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  return keys.sort();
}

/** A pass-through that hashes and counts what flows through it. */
function hashing() {
  const h = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, size: () => size, digest: () => h.digest('hex') };
}

async function sha256Of(storage: ObjectStorage, key: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of await storage.stream(key)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function tableCounts(q: { query: (sql: string, p?: unknown[]) => Promise<{ rows: any[] }> }): Promise<Record<string, number>> {
  const { rows } = await q.query(
    `select table_schema, table_name from information_schema.tables
     where table_schema = any($1) and table_type = 'BASE TABLE' order by 1, 2`,
    [SCHEMAS],
  );
  const out: Record<string, number> = {};
  for (const r of rows) {
    const name = `${r.table_schema}.${r.table_name}`;
    const c = await q.query(`select count(*)::bigint as n from "${r.table_schema}"."${r.table_name}"`);
    out[name] = Number(c.rows[0].n);
  }
  return out;
}

/** Writes a backup of the database and the object store into `dir` (created; must be empty or absent). */
export async function backup(opts: { databaseUrl: string; storage: StorageConfig; dir: string; log?: (m: string) => void }): Promise<Manifest> {
  const log = opts.log ?? (() => {});
  await fs.mkdir(path.join(opts.dir, OBJECTS), { recursive: true });
  if ((await fs.readdir(opts.dir)).some((n) => n !== OBJECTS)) throw new Error(`backup folder ${opts.dir} is not empty`);

  // 1. The database: counts and dump from one exported snapshot.
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'anli-backup' });
  await client.connect();
  let tables: Record<string, number>;
  try {
    await client.query('begin isolation level repeatable read read only');
    const [{ snapshot }] = (await client.query('select pg_export_snapshot() as snapshot')).rows;
    tables = await tableCounts(client);
    log(`database: ${Object.keys(tables).length} tables, dumping snapshot ${snapshot}`);
    await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--file', path.join(opts.dir, DUMP), opts.databaseUrl], { maxBuffer: 64 << 20 });
    await client.query('commit');
  } finally {
    await client.end();
  }

  // 2. The objects, after the snapshot (see the header for why this order).
  const storage = createObjectStorage(opts.storage);
  const keys = (await listObjectKeys(opts.storage)).filter(isPlatformObjectKey);
  const objects: Manifest['objects'] = [];
  for (const key of keys) {
    const t = hashing();
    await pipeline(await storage.stream(key), t.stream, createWriteStream(path.join(opts.dir, OBJECTS, key)));
    objects.push({ key, size: t.size(), sha256: t.digest() });
  }
  log(`objects: ${objects.length} copied`);

  const manifest: Manifest = { format: 1, createdAt: new Date().toISOString(), tables, objects };
  await fs.writeFile(path.join(opts.dir, MANIFEST), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The manifest of a backup folder, or of a manifest file given directly. */
export async function readManifest(dirOrFile: string): Promise<Manifest> {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : path.join(dirOrFile, MANIFEST);
  const m = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
  if (m.format !== 1) throw new Error(`unknown backup format ${m.format}`);
  return m;
}

/**
 * Restores a backup into an empty database and an object store: the database first (pg_restore), then the objects
 * (each checked against the manifest's SHA-256 as it is written). Refuses a database that already has tables.
 */
export async function restore(opts: { dir: string; databaseUrl: string; storage: StorageConfig; log?: (m: string) => void }): Promise<Manifest> {
  const log = opts.log ?? (() => {});
  const manifest = await readManifest(opts.dir);
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'anli-restore' });
  await client.connect();
  try {
    const { rows } = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = any($1)`, [SCHEMAS]);
    if (rows[0].n > 0) throw new Error('the target database is not empty: restore into a freshly created database');
  } finally {
    await client.end();
  }
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', opts.databaseUrl, path.join(opts.dir, DUMP)], { maxBuffer: 64 << 20 });
  log(`database restored (${Object.keys(manifest.tables).length} tables)`);

  const storage = createObjectStorage(opts.storage);
  for (const o of manifest.objects) {
    const file = path.join(opts.dir, OBJECTS, o.key);
    const t = hashing();
    await storage.put(o.key, createReadStream(file).pipe(t.stream), o.size);
    if (t.digest() !== o.sha256) throw new Error(`backup object ${o.key} does not match its SHA-256 in the manifest (damaged backup)`);
  }
  log(`objects: ${manifest.objects.length} restored`);
  return manifest;
}

export interface Finding {
  kind: 'missing_object' | 'size_mismatch' | 'hash_mismatch' | 'orphan_object' | 'unfinished_upload' | 'count_mismatch';
  /** Object key or schema.table. */
  subject: string;
  detail: string;
  /** Orphans and unfinished uploads are reported but do not make the stores inconsistent. */
  severity: 'error' | 'info';
}

export interface ReconcileReport {
  files: number;
  objects: number;
  hashed: number;
  findings: Finding[];
  ok: boolean;
}

/**
 * Checks the database against the object store both ways: every file row has its object (same size; same SHA-256
 * when `hash`), every object has a file row (else an orphan, or the bytes of an upload still in progress); and, with a
 * manifest, the row count of every table equals the backup point's.
 */
export async function reconcile(opts: { databaseUrl: string; storage: StorageConfig; manifest?: Manifest; hash?: boolean }): Promise<ReconcileReport> {
  const findings: Finding[] = [];
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'anli-reconcile' });
  await client.connect();
  let files: Array<{ object_key: string; size: number; sha256: string | null }>;
  let uploads: Set<string>;
  let counts: Record<string, number> | null = null;
  try {
    await client.query('begin isolation level repeatable read read only');
    files = (await client.query('select object_key, size::bigint as size, sha256 from files order by object_key')).rows.map((r) => ({ ...r, size: Number(r.size) }));
    uploads = new Set((await client.query('select id from uploads where completed_at is null').then((r) => r.rows)).map((r) => r.id as string));
    if (opts.manifest) counts = await tableCounts(client);
    await client.query('commit');
  } finally {
    await client.end();
  }

  const storage = createObjectStorage(opts.storage);
  const keys = (await listObjectKeys(opts.storage)).filter(isPlatformObjectKey);
  const keySet = new Set(keys);
  let hashed = 0;
  for (const f of files) {
    if (!keySet.has(f.object_key)) {
      findings.push({ kind: 'missing_object', subject: f.object_key, detail: 'a file row names an object that is not in the store', severity: 'error' });
      continue;
    }
    const st = await storage.stat(f.object_key);
    if (st?.size !== f.size) {
      findings.push({ kind: 'size_mismatch', subject: f.object_key, detail: `row says ${f.size} bytes, object has ${st?.size}`, severity: 'error' });
      continue;
    }
    if (opts.hash !== false && f.sha256) {
      hashed++;
      const actual = await sha256Of(storage, f.object_key);
      if (actual !== f.sha256) findings.push({ kind: 'hash_mismatch', subject: f.object_key, detail: `row ${f.sha256}, object ${actual}`, severity: 'error' });
    }
  }
  const named = new Set(files.map((f) => f.object_key));
  for (const key of keys) {
    if (named.has(key)) continue;
    if (uploads.has(key)) findings.push({ kind: 'unfinished_upload', subject: key, detail: 'bytes of an upload still in progress', severity: 'info' });
    else findings.push({ kind: 'orphan_object', subject: key, detail: 'an object no file row names', severity: 'info' });
  }
  if (opts.manifest && counts) {
    const names = new Set([...Object.keys(opts.manifest.tables), ...Object.keys(counts)]);
    for (const t of [...names].sort()) {
      const want = opts.manifest.tables[t];
      const have = counts[t];
      if (want !== have) findings.push({ kind: 'count_mismatch', subject: t, detail: `backup point ${want ?? 'no table'}, now ${have ?? 'no table'}`, severity: 'error' });
    }
  }
  return { files: files.length, objects: keys.length, hashed, findings, ok: !findings.some((f) => f.severity === 'error') };
}

/** A report for operators (English, one finding per line). */
export function formatReconcileReport(r: ReconcileReport): string {
  const lines = [`files: ${r.files} rows, objects: ${r.objects}, hashes verified: ${r.hashed}`];
  for (const f of r.findings) lines.push(`${f.severity === 'error' ? 'ERROR' : 'note '} ${f.kind.padEnd(17)} ${f.subject}  ${f.detail}`);
  lines.push(r.ok ? 'OK: the database and the object store agree' : `NOT OK: ${r.findings.filter((f) => f.severity === 'error').length} problem(s)`);
  return lines.join('\n');
}
