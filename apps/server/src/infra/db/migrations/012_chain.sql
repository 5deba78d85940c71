-- Chained recommendation (county → city → province): city and county administrators, each case's region and the
-- level its recommendation has reached, activation codes for the new roles, and one lock row per region and call.
alter table users drop constraint if exists users_role_check;
-- ;
alter table users add constraint users_role_check check (role in ('author', 'province_admin', 'expert', 'organiser', 'city_admin', 'county_admin'));
-- ;
-- GB/T 2260 code of the administrator's city or county (city and county administrators only).
alter table users add column region_code text;
-- ;
-- The case's county (or city, where the city has no counties), and for calls with a chain the level that decides on
-- it now: 'county', 'city' or 'province'. Null for calls without a chain (province → nation as before).
alter table cases add column region_code text;
-- ;
alter table cases add column recommendation_level text check (recommendation_level in ('county', 'city', 'province'));
-- ;
create index cases_region on cases(call_id, region_code) where region_code is not null;
-- ;
alter table activation_codes add column role text not null default 'province_admin' check (role in ('province_admin', 'city_admin', 'county_admin'));
-- ;
alter table activation_codes add column region_code text;
-- ;
-- Recommendations of one region at one level queue on this row, so the level's quota holds under concurrency.
create table chain_locks (
  call_id text not null,
  level text not null,
  region_code text not null,
  primary key (call_id, level, region_code)
);
