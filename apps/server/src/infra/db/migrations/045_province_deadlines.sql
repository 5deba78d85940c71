-- Issue 14 item 6: each province's own author deadline (mode 2: 报送截止; mode 1: 推荐作者填报截止), set by its
-- administrator, no later than its recommendation deadline; until it is set the recommendation deadline applies.
create table province_author_deadlines (
  call_id text not null,
  province_code text not null,
  ends_at timestamptz not null,
  set_by uuid references users(id),
  set_at timestamptz not null default now(),
  primary key (call_id, province_code)
)
-- ;
-- A case returned after the province's author deadline can be resubmitted until this instant and not after.
alter table cases add column resubmit_until timestamptz
-- ;
-- Dates the demo seed moved so every role can act today: every page that shows them says so.
alter table call_phase_overrides add column demo boolean not null default false
