// Backup and restore to a point, reconciled both ways (rows ↔ objects, row counts vs the backup point), through the
// library and through `anli backup|restore|reconcile`. Needs a PostgreSQL server (pg_dump/pg_restore): TEST_DATABASE_URL.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { buildUser } from '../../testing/factories.ts';
import { scratchDatabase } from '../../testing/processes.ts';
import { startS3TestServer, type S3TestServer } from '../storage/s3-test-server.ts';
import { createObjectStorage } from '../storage/create-storage.ts';
import type { StorageConfig } from '../storage/storage-config.ts';
import { backup, listObjectKeys, readManifest, reconcile, restore } from './backup.ts';

const onPostgres = !!process.env.TEST_DATABASE_URL;
if (!onPostgres) console.warn('backup.test.ts skipped: needs TEST_DATABASE_URL (backups use pg_dump/pg_restore of a PostgreSQL server).');

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../../../bin/anli.mjs', import.meta.url));

const envOf = (databaseUrl: string, s: StorageConfig): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: databaseUrl,
  ...(s.kind === 's3'
    ? { S3_BUCKET: s.s3.bucket, S3_ENDPOINT: s.s3.endpoint, S3_REGION: s.s3.region, S3_ACCESS_KEY_ID: s.s3.accessKeyId, S3_SECRET_ACCESS_KEY: s.s3.secretAccessKey, S3_FORCE_PATH_STYLE: 'true' }
    : { DATA_DIR: path.dirname(s.dir) }),
});

async function anli(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e: any) {
    return { code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string };
  }
}

describe.skipIf(!onPostgres)('backup, restore to a point and reconcile (PostgreSQL + S3)', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  let s3: S3TestServer;
  let s3b: S3TestServer;
  const cleanup: Array<() => Promise<void>> = [];
  const dirs: string[] = [];
  /** What the first test broke in the live stores after its backup, for the second to repair. */
  const broken: { deleted?: [string, Buffer]; stray?: string } = {};

  beforeAll(async () => {
    s3 = await startS3TestServer({ bucket: 'anli-live' });
    s3b = await startS3TestServer({ bucket: 'anli-restored' });
    srv = await startTestServer({ demo: false, now: Date.parse('2026-07-01T10:00:00+08:00'), storage: { kind: 's3', s3: s3.config } });
  }, 60_000);
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
    await srv?.close();
    await s3?.close();
    await s3b?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A case of a new author with `n` checked files of random bytes; returns the files' object keys. */
  async function seedCaseWithFiles(n: number): Promise<{ caseId: string; keys: string[] }> {
    const u = await buildUser(srv.services, 'author', '110000');
    const [user] = await srv.db.query<any>('select * from users where id = $1', [u.id]);
    const session = { id: u.id, phone: user.phone, name: user.name, role: 'author' as const, provinceCode: '110000', sessionId: 't' };
    const c = await srv.services.cases.create(session, { callId: 'teacher-training-2026', caseType: 'evidence-research' });
    const slots = ['infoform_pdf', 'infoform_word', 'courseware', 'video'].slice(0, n);
    const keys: string[] = [];
    for (const slot of slots) {
      const fileId = await srv.services.files.storeFile(u.id, c.id, slot, `${slot}.bin`, randomBytes(20_000 + keys.length * 1000), { enqueue: false });
      await srv.services.files.checkStoredFile(fileId);
      const [f] = await srv.db.query<{ object_key: string; sha256: string }>('select object_key, sha256 from files where id = $1', [fileId]);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      keys.push(f.object_key);
    }
    return { caseId: c.id, keys };
  }

  it('restores database and files to the backup point; reconcile finds what changed after it', async () => {
    const live: StorageConfig = { kind: 's3', s3: s3.config };
    const liveStore = createObjectStorage(live);
    const before = await seedCaseWithFiles(4);
    const other = await seedCaseWithFiles(2);
    // The live stores agree before the backup.
    const clean = await reconcile({ databaseUrl: srv.db.url!, storage: live });
    expect(clean).toMatchObject({ ok: true, files: 6, hashed: 6, findings: [] });

    const dir = mkdtempSync(path.join(tmpdir(), 'anli-backup-'));
    dirs.push(dir);
    const manifest = await backup({ databaseUrl: srv.db.url!, storage: live, dir });
    expect(manifest.objects.map((o) => o.key).sort()).toEqual([...before.keys, ...other.keys].sort());
    expect(manifest.tables['public.files']).toBe(6);
    expect(manifest.tables['public.cases']).toBe(2);
    expect(manifest.tables['public.users']).toBe(2);
    expect(manifest.tables['public.audit_log']).toBeGreaterThan(0);

    // After the backup point: a new author with a case and a file, a deleted object, an object no row names.
    const after = await seedCaseWithFiles(1);
    const deleted = before.keys[1]!;
    const deletedBytes = Buffer.concat(await (await liveStore.stream(deleted)).toArray());
    await liveStore.delete(deleted);
    const stray = randomBytes(16).toString('hex');
    await liveStore.put(stray, Readable.from([Buffer.from('stray bytes')]), 11);
    Object.assign(broken, { deleted: [deleted, deletedBytes], stray });

    // Reconcile on the live stores against the backup point: both directions and the counts are reported.
    const drift = await reconcile({ databaseUrl: srv.db.url!, storage: live, manifest });
    expect(drift.ok).toBe(false);
    const kinds = drift.findings.map((f) => `${f.kind} ${f.subject}`);
    expect(kinds).toContain(`missing_object ${deleted}`);
    expect(kinds).toContain(`orphan_object ${stray}`);
    expect(kinds).toEqual(expect.arrayContaining(['count_mismatch public.files', 'count_mismatch public.cases', 'count_mismatch public.users']));
    expect(drift.findings.find((f) => f.subject === 'public.files')!.detail).toBe('backup point 6, now 7');

    // Restore into a fresh database and a fresh bucket.
    const target = await scratchDatabase(process.env.TEST_DATABASE_URL!, 'anli_restore');
    cleanup.push(() => target.drop());
    const restoredStore: StorageConfig = { kind: 's3', s3: s3b.config };
    await restore({ dir, databaseUrl: target.url, storage: restoredStore });
    const report = await reconcile({ databaseUrl: target.url, storage: restoredStore, manifest });
    expect(report).toMatchObject({ ok: true, files: 6, objects: 6, hashed: 6, findings: [] });
    // The point is the backup's: the deleted file is back, byte for byte; the later author is not there.
    const back = Buffer.concat(await (await createObjectStorage(restoredStore).stream(deleted)).toArray());
    expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(deletedBytes).digest('hex'));
    const rdb = new pg.Client({ connectionString: target.url });
    await rdb.connect();
    try {
      expect((await rdb.query('select count(*)::int as n from cases where id = $1', [after.caseId])).rows[0].n).toBe(0);
      expect((await rdb.query('select count(*)::int as n from cases where id = any($1::uuid[])', [[before.caseId, other.caseId]])).rows[0].n).toBe(2);
    } finally {
      await rdb.end();
    }
    expect(await listObjectKeys(restoredStore)).toEqual([...before.keys, ...other.keys].sort());

    // A restore refuses a database that is not empty.
    await expect(restore({ dir, databaseUrl: target.url, storage: restoredStore })).rejects.toThrow(/not empty/);

    // A corrupted object (same size, other bytes) is caught by its hash.
    const victim = other.keys[0]!;
    const size = manifest.objects.find((o) => o.key === victim)!.size;
    await createObjectStorage(restoredStore).put(victim, Readable.from([randomBytes(size)]), size);
    const corrupted = await reconcile({ databaseUrl: target.url, storage: restoredStore });
    expect(corrupted.findings).toEqual([expect.objectContaining({ kind: 'hash_mismatch', subject: victim, severity: 'error' })]);
    expect((await reconcile({ databaseUrl: target.url, storage: restoredStore, hash: false })).ok).toBe(true);
  }, 180_000);

  it('anli backup, restore and reconcile from the command line (local files)', async () => {
    const live: StorageConfig = { kind: 's3', s3: s3.config };
    // Repair the live stores as an operator would after reconcile: put the lost object back, remove the stray one.
    const liveStore = createObjectStorage(live);
    if (broken.deleted) await liveStore.put(broken.deleted[0], Readable.from([broken.deleted[1]]), broken.deleted[1].length);
    if (broken.stray) await liveStore.delete(broken.stray);
    const repaired = await anli(['reconcile'], envOf(srv.db.url!, live));
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toMatch(/files: 7 rows, objects: 7, hashes verified: 7\nOK/);
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'anli-cli-backup-')), 'b');
    dirs.push(path.dirname(dir));
    const b = await anli(['backup', '--out', dir], envOf(srv.db.url!, live));
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/backup written to .*: \d+ tables, \d+ objects/);
    const manifest = await readManifest(dir);

    // Restore into a fresh database and local files (DATA_DIR/files): storage kinds may differ.
    const target = await scratchDatabase(process.env.TEST_DATABASE_URL!, 'anli_restore');
    cleanup.push(() => target.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'anli-restore-files-'));
    dirs.push(dataDir);
    const local: StorageConfig = { kind: 'local', dir: path.join(dataDir, 'files') };
    const r = await anli(['restore', '--from', dir], envOf(target.url, local));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('OK: the database and the object store agree');
    expect((await fs.readdir(local.dir)).sort()).toEqual(manifest.objects.map((o) => o.key).sort());

    // A file removed from the restored folder: reconcile exits 1 and names it.
    const gone = manifest.objects[0]!.key;
    await fs.rm(path.join(local.dir, gone));
    const rc = await anli(['reconcile', '--manifest', path.join(dir, 'manifest.json'), '--json'], envOf(target.url, local));
    expect(rc.code).toBe(1);
    const json = JSON.parse(rc.stdout);
    expect(json.ok).toBe(false);
    expect(json.findings).toEqual([expect.objectContaining({ kind: 'missing_object', subject: gone })]);
    expect((await anli(['reconcile'], { PATH: process.env.PATH })).code).toBe(2);
  }, 180_000);
});
