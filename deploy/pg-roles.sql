-- Separate PostgreSQL roles for an Anli deployment (docs/security.md, "Database roles"). Run as a superuser (or the
-- database owner) in the Anli database after migrations have been applied by the owner role:
--   psql -v ON_ERROR_STOP=1 -d anli -f deploy/pg-roles.sql
--   psql -d anli -c "alter role anli_app password '…'"
-- The platform then connects as anli_app (DATABASE_URL=postgres://anli_app:…@host/anli). anli_app reads and writes
-- the application's tables but may only INSERT and SELECT the audit log; anli_audit_maintenance (created by
-- migration 009) may delete audit rows older than 180 days and nothing else. Re-run after each upgrade that adds
-- tables (the grants below cover the tables that exist when it runs).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anli_app') then
    create role anli_app login;
  end if;
end;
$$;
grant usage on schema public to anli_app;
grant select, insert, update, delete on all tables in schema public to anli_app;
grant usage, select on all sequences in schema public to anli_app;
-- The audit log: append and read only (the trigger also refuses UPDATE/DELETE/TRUNCATE for every role).
revoke update, delete, truncate on audit_log from anli_app;
-- The job queue (pg-boss) creates its own objects in schema pgboss.
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'pgboss') then
    execute 'grant usage on schema pgboss to anli_app';
    execute 'grant select, insert, update, delete on all tables in schema pgboss to anli_app';
    execute 'grant usage, select on all sequences in schema pgboss to anli_app';
    execute 'grant execute on all functions in schema pgboss to anli_app';
  end if;
end;
$$;
