-- Units (schools and institutions) under province → city → county; users belong to one.
create table units (
  id uuid primary key default gen_random_uuid(),
  province_code text not null,
  city text not null default '',
  county text not null default '',
  name text not null,
  kind text not null default 'school' check (kind in ('school', 'institution')),
  created_at timestamptz not null default now(),
  unique (province_code, city, county, name)
);
-- ;
alter table users add column unit_id uuid references units(id);
