-- Calls built on the platform (issue 20): the organiser's drafts and the frozen versions of opened calls.
-- version 0 is the call's draft (edited freely, may be incomplete); 1, 2, … are frozen once the call is open, each later
-- one with the organiser's reason. The newest frozen version is the call everywhere; a built-in call (calls/defs/*.json)
-- changed on the platform gets its versions here too and the newest replaces the file's.
create table call_definitions (
  call_id text not null,
  version int not null check (version >= 0),
  definition jsonb not null,
  source_call_id text,
  year int,
  reason text,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (call_id, version)
);
