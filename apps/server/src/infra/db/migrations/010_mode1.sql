-- Mode 1 (seed 000: a province collects on its own platform, then the recommended authors fill in here).
-- An imported case is a draft with preselected_at set: it holds a seat of the province's quota from the import on,
-- the author fills it in and submits it through the normal checks, and the province then recommends it.
alter table cases add column preselected_at timestamptz
-- ;
alter table cases add column import_id uuid
-- ;
create table mode1_imports (
  id uuid primary key default gen_random_uuid(),
  call_id text not null,
  province_code text not null,
  file_name text,
  rows integer not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now()
)
-- ;
create index mode1_imports_province on mode1_imports(call_id, province_code, created_at)
-- ;
-- One-time activation codes for authors listed by an import who had no account yet (only the hash is kept).
create table author_invitations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  import_id uuid references mode1_imports(id),
  code_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
)
-- ;
create index author_invitations_user on author_invitations(user_id)
