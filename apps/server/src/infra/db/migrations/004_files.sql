-- Uploaded files of cases, their check results, and tus uploads in progress.
create table uploads (
  id text primary key,
  case_id uuid not null references cases(id) on delete cascade,
  slot text not null,
  owner_id uuid not null references users(id),
  filename text not null default '',
  size bigint not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  terminated_at timestamptz
);
-- ;
create table files (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  slot text not null,
  object_key text not null unique,
  filename text not null default '',
  size bigint not null,
  sha256 text,
  detected_type text,
  uploaded_by uuid references users(id),
  created_at timestamptz not null default now(),
  is_current boolean not null default true,
  check_status text not null default 'pending' check (check_status in ('pending', 'running', 'done', 'error')),
  checked_at timestamptz,
  checked_rules_version text
);
-- ;
create unique index files_current_slot on files(case_id, slot) where is_current;
-- ;
create index files_sha256 on files(sha256) where sha256 is not null;
-- ;
create table check_results (
  file_id uuid not null references files(id) on delete cascade,
  rule text not null,
  status text not null check (status in ('pass', 'fail', 'warn', 'manual', 'error')),
  actual jsonb,
  expected jsonb,
  message text not null,
  details jsonb,
  primary key (file_id, rule)
);
-- ;
create table call_versions (
  call_id text primary key,
  rules_version text not null,
  updated_at timestamptz not null default now()
);
