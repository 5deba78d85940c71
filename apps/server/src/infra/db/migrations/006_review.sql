-- National review: expert profiles (invited by the organiser, activated with a one-time code), recorded conflicts
-- of interest, review rounds per call, the cases of a round, and one assignment row per (round, case, expert) that
-- also holds the expert's score sheet.
create table experts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique references users(id),
  name text not null,
  phone text not null unique,
  unit_name text not null default '',
  province_code text not null,
  subjects jsonb not null default '[]'::jsonb,
  stages jsonb not null default '[]'::jsonb,
  invite_code_hash text unique,
  invite_expires_at timestamptz,
  invited_by uuid references users(id),
  invited_at timestamptz not null default now(),
  activated_at timestamptz
);
-- ;
create table expert_conflicts (
  expert_id uuid not null references experts(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  reason text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  primary key (expert_id, case_id)
);
-- ;
create index expert_conflicts_case on expert_conflicts(case_id);
-- ;
create table review_rounds (
  id uuid primary key default gen_random_uuid(),
  call_id text not null,
  name text not null,
  case_types jsonb not null,
  per_case integer not null check (per_case between 1 and 20),
  state text not null default 'draft' check (state in ('draft', 'open', 'closed')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz
);
-- ;
create table review_round_cases (
  round_id uuid not null references review_rounds(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (round_id, case_id)
);
-- ;
create table review_assignments (
  round_id uuid not null references review_rounds(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  expert_id uuid not null references experts(id) on delete cascade,
  source text not null check (source in ('auto', 'manual')),
  match text not null default 'none',
  override_reason text,
  assigned_at timestamptz not null default now(),
  scores jsonb not null default '{}'::jsonb,
  comment text not null default '',
  total double precision,
  saved_at timestamptz,
  submitted_at timestamptz,
  primary key (round_id, case_id, expert_id)
);
-- ;
create index review_assignments_expert on review_assignments(expert_id);
-- ;
create index review_assignments_case on review_assignments(case_id)
