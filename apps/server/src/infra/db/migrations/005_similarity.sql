-- Near-duplicate detection: extracted text per file (cache), pairs found per call, and the state of each call's scan.
create table file_texts (
  file_id uuid primary key references files(id) on delete cascade,
  text text not null,
  error text,
  extracted_at timestamptz not null default now()
);
-- ;
create table similar_pairs (
  call_id text not null,
  case_a uuid not null references cases(id) on delete cascade,
  case_b uuid not null references cases(id) on delete cascade,
  source text not null check (source in ('summary', 'report', 'courseware')),
  score real not null,
  jaccard real not null,
  containment real not null,
  passages jsonb not null default '[]'::jsonb,
  found_at timestamptz not null default now(),
  primary key (call_id, case_a, case_b, source)
);
-- ;
create index similar_pairs_case_a on similar_pairs(case_a);
-- ;
create index similar_pairs_case_b on similar_pairs(case_b);
-- ;
create table similarity_scans (
  call_id text primary key,
  state text not null check (state in ('queued', 'running', 'done', 'error')),
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  cases integer,
  pairs integer,
  error text
);
