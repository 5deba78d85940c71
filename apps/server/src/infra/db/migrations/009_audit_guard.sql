-- Second factor (TOTP), staged sessions, and a stricter append-only guard on the audit log.
alter table users add column totp_secret text;
-- ;
alter table users add column totp_pending_secret text;
-- ;
alter table users add column totp_enabled_at timestamptz;
-- ;
alter table users add column totp_last_step bigint;
-- ;
alter table users add column password_changed_at timestamptz;
-- ;
create table totp_recovery_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
-- ;
create index totp_recovery_codes_user on totp_recovery_codes(user_id);
-- ;
-- A session is 'full', or half-way through login: password checked, waiting for the TOTP code ('totp') or for the
-- first enrolment of an account that must have one ('enrol').
alter table sessions add column stage text not null default 'full' check (stage in ('full', 'totp', 'enrol'));
-- ;
alter table sessions add column attempts integer not null default 0;
-- ;
-- Retention purges run as this role only (docs/security.md): it may delete rows older than 180 days, nothing else.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anli_audit_maintenance') then
    create role anli_audit_maintenance nologin;
  end if;
exception when duplicate_object or unique_violation then
  null; -- another database on the same server created it at the same moment
end;
$$;
-- ;
grant select, delete on audit_log to anli_audit_maintenance;
-- ;
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_user = 'anli_audit_maintenance' and old.at < now() - interval '180 days' then
    return old;
  end if;
  raise exception 'audit_log is append-only (% refused; rows are kept at least 180 days and purged only by the maintenance role)', tg_op;
end;
$$;
