// PostgreSQL deployments (docs/security.md, "Database roles"): after deploy/pg-roles.sql the platform's role anli_app
// starts (migrations already applied, job queue installed), writes and reads the audit log, and cannot UPDATE, DELETE
// or TRUNCATE it — refused by the privileges before the trigger is even reached. Needs TEST_DATABASE_URL (a server).
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../infra/db/db.ts';
import { migrate } from '../../infra/db/migrate.ts';
import { createJobQueue } from '../../infra/jobs/queue.ts';
import { writeAudit } from './audit.repository.ts';

const url = process.env.TEST_DATABASE_URL;
const rolesSql = readFileSync(new URL('../../../../../deploy/pg-roles.sql', import.meta.url), 'utf8');

/**
 * A fresh database set up as a deployment is: the owner applies migrations and installs the job queue (first start),
 * `beforeRoles` runs as the owner, then the roles script; `fn` gets anli_app's connection.
 */
async function asApplicationRole(fn: (app: Db) => Promise<void>, beforeRoles?: (owner: Db) => Promise<void>) {
  const name = `anli_roles_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const base = new URL(url!);
  base.pathname = `/${name}`;
  try {
    const owner = await openPostgres(base.toString(), 2);
    await migrate(owner);
    const q = await createJobQueue(owner, {});
    await q.start();
    await q.stop({ graceful: false });
    await beforeRoles?.(owner);
    await owner.exec(rolesSql);
    const password = randomBytes(12).toString('hex');
    await owner.exec(`alter role anli_app password '${password}'`);
    await owner.close();

    const appUrl = new URL(base.toString());
    appUrl.username = 'anli_app';
    appUrl.password = password;
    const app = await openPostgres(appUrl.toString(), 2);
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

describe.skipIf(!url)('PostgreSQL roles: the application role may only append to the audit log', () => {
  it('starts as anli_app, appends audit rows, and is refused UPDATE, DELETE and TRUNCATE', { timeout: 120_000 }, async () => {
    await asApplicationRole(async (app) => {
      expect(await migrate(app)).toEqual([]);
      const queue = await createJobQueue(app, {});
      await queue.start();
      await queue.stop({ graceful: false });
      await writeAudit(app, null, { event: 'test.append', objectType: 'test', objectId: 'x' });
      expect((await app.query(`select 1 from audit_log where event = 'test.append'`)).length).toBe(1);
      await expect(app.query(`update audit_log set reason = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(app.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await expect(app.query('truncate audit_log')).rejects.toThrow(/permission denied/);
      // Other tables stay writable for the application.
      await app.query(`insert into login_failures (phone, failures) values ('13000000000', 1)`);
      await app.query(`delete from login_failures where phone = '13000000000'`);
    });
  });

  it("without the job table's wake-up trigger (an owner's start that predates it), anli_app's worker cannot add it and polls as before", { timeout: 120_000 }, async () => {
    await asApplicationRole(
      async (app) => {
        // Wake-ups would let the poller sleep 10 minutes; without the trigger it must poll every half second.
        const queue = await createJobQueue(app, { pollingIntervalSeconds: 0.5, wakeupPollSeconds: 600, onError: () => {} });
        await queue.start();
        try {
          const seen: string[] = [];
          await queue.work('file.check', async (job) => {
            seen.push(job.data.fileId);
          });
          await new Promise((r) => setTimeout(r, 500));
          const fileId = randomUUID();
          await queue.send('file.check', { fileId });
          const end = Date.now() + 10_000;
          while (!seen.includes(fileId) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
          expect(seen).toEqual([fileId]);
          // It could not add the trigger (only the table's owner may), and did not fail for it.
          expect(await app.query(`select 1 from pg_trigger where tgname = 'anli_job_wakeup'`)).toEqual([]);
        } finally {
          await queue.stop({ graceful: false });
        }
      },
      (owner) => owner.exec('drop trigger anli_job_wakeup on pgboss.job; drop function pgboss.anli_job_wakeup()'),
    );
  });
});
