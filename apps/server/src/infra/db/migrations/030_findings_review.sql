-- What blocks submission (SPEC §3): an author's explanation (说明) of a detected-rule finding, the province's
-- acceptance of it, and the province's checklist of manual items. Both are tied to the file they judge: a new upload
-- of the slot starts over.
create table finding_explanations (
  file_id uuid not null references files(id) on delete cascade,
  rule text not null,
  case_id uuid not null references cases(id) on delete cascade,
  text text not null,
  author_id uuid not null references users(id),
  created_at timestamptz not null,
  accepted_by uuid references users(id),
  accepted_at timestamptz,
  primary key (file_id, rule)
);
-- ;
create index finding_explanations_case on finding_explanations (case_id);
-- ;
create table case_checklist (
  case_id uuid not null references cases(id) on delete cascade,
  file_id uuid not null references files(id) on delete cascade,
  rule text not null,
  checked_by uuid not null references users(id),
  checked_at timestamptz not null,
  primary key (case_id, file_id, rule)
);
