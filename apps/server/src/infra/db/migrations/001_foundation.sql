-- Foundation schema: accounts, sessions, calls' phase overrides, cases, provincial status, audit log.
-- Keep to what PostgreSQL 15 supports (PGlite is newer). Statements are separated by "-- ;" lines.
create table users (
  id uuid primary key default gen_random_uuid(),
  phone text not null unique,
  password_hash text not null,
  name text not null,
  role text not null check (role in ('author', 'province_admin', 'expert', 'organiser')),
  province_code text,
  unit_name text,
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);
-- ;
create table login_failures (
  phone text primary key,
  failures integer not null default 0,
  window_start timestamptz not null default now(),
  locked_until timestamptz
);
-- ;
create table sessions (
  id text primary key,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
-- ;
create index sessions_user on sessions(user_id);
-- ;
create table verification_codes (
  id uuid primary key default gen_random_uuid(),
  phone text not null,
  purpose text not null,
  code_hash text not null,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
-- ;
create index verification_codes_phone on verification_codes(phone, purpose, created_at);
-- ;
create table activation_codes (
  id uuid primary key default gen_random_uuid(),
  code_hash text not null unique,
  province_code text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users(id)
);
-- ;
create table call_phase_overrides (
  call_id text not null,
  phase_id text not null,
  start_date text,
  end_date text,
  forced text check (forced in ('open', 'closed')),
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  primary key (call_id, phase_id)
);
-- ;
create table province_extensions (
  call_id text not null,
  phase_id text not null,
  province_code text not null,
  end_date text not null,
  granted_by uuid references users(id),
  granted_at timestamptz not null default now(),
  primary key (call_id, phase_id, province_code)
);
-- ;
create table cases (
  id uuid primary key default gen_random_uuid(),
  call_id text not null,
  case_type text not null,
  author_id uuid not null references users(id),
  province_code text not null,
  state text not null,
  form jsonb not null default '{}'::jsonb,
  title text not null default '',
  quota_group text,
  return_reason text,
  ever_submitted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz
);
-- ;
create index cases_scope on cases(call_id, province_code, state);
-- ;
create index cases_author on cases(author_id);
-- ;
create table province_status (
  call_id text not null,
  province_code text not null,
  locked boolean not null default false,
  locked_at timestamptz,
  locked_by uuid references users(id),
  mode integer check (mode in (1, 2)),
  primary key (call_id, province_code)
);
-- ;
create table contact_forms (
  call_id text not null,
  province_code text not null,
  data jsonb not null,
  submitted_at timestamptz not null default now(),
  submitted_by uuid references users(id),
  primary key (call_id, province_code)
);
-- ;
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text,
  actor_name text,
  event text not null,
  outcome text not null default 'success',
  object_type text,
  object_id text,
  from_state text,
  to_state text,
  reason text,
  province_code text,
  data jsonb
);
-- ;
create index audit_log_object on audit_log(object_id);
-- ;
create index audit_log_at on audit_log(at);
-- ;
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
-- ;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
-- ;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
