-- The organiser's own rubric for a case type whose notice publishes none (2025): edited before any review round of
-- the call opens, then used for every score sheet. No row: the call definition's built-in rubric applies.
create table call_rubrics (
  call_id text not null,
  case_type text not null,
  rubric jsonb not null,
  updated_by uuid not null references users(id),
  updated_at timestamptz not null,
  primary key (call_id, case_type)
);
