-- Results: published cases with their award and library flag, certificates (numbered per call, revocable), and
-- server secrets generated on first use (the certificate verify token's HMAC key when CERTIFICATE_SECRET is unset).
create table case_results (
  case_id uuid primary key references cases(id) on delete cascade,
  call_id text not null,
  award text not null,
  published_at timestamptz not null,
  published_by uuid references users(id),
  in_library boolean not null default false,
  library_at timestamptz
);
-- ;
create index case_results_call on case_results(call_id);
-- ;
create index case_results_library on case_results(in_library) where in_library;
-- ;
create table certificate_sequences (
  call_id text primary key,
  last_seq integer not null default 0
);
-- ;
create table certificates (
  number text primary key,
  call_id text not null,
  seq integer not null,
  case_id uuid not null references cases(id) on delete cascade,
  province_code text not null,
  -- What the certificate says, fixed at issue: later edits of the case never change an issued certificate.
  content jsonb not null,
  issued_at timestamptz not null,
  issued_by uuid references users(id),
  revoked_at timestamptz,
  revoked_by uuid references users(id),
  revoke_reason text,
  unique (call_id, seq)
);
-- ;
create unique index certificates_one_valid_per_case on certificates(case_id) where revoked_at is null;
-- ;
create index certificates_province on certificates(call_id, province_code);
-- ;
create table app_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);
