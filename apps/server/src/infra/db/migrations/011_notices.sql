-- Notices: in-app notices per user, an outbox of SMS/e-mail messages (delivered and retried by a job, so nothing
-- is lost when a process dies), and the organiser's announcements. Statements are separated by "-- ;" lines.
alter table users add column if not exists email text;
-- ;
create table announcements (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  body text not null,
  audience text not null,
  call_id text,
  send_sms boolean not null default false,
  recipients integer not null default 0,
  created_by uuid references users(id),
  created_by_name text,
  created_at timestamptz not null default now()
);
-- ;
create index announcements_created on announcements(created_at desc);
-- ;
create table notices (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  kind text not null,
  title text not null,
  body text not null,
  link text,
  case_id uuid,
  announcement_id uuid references announcements(id),
  -- A moment that must reach a user once (a reminder for one case and one deadline) carries a key.
  dedupe_key text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
-- ;
create unique index notices_dedupe on notices(user_id, dedupe_key) where dedupe_key is not null;
-- ;
create index notices_user on notices(user_id, created_at desc);
-- ;
create index notices_unread on notices(user_id) where read_at is null;
-- ;
create index notices_announcement on notices(announcement_id) where announcement_id is not null;
-- ;
create table notice_outbox (
  id uuid primary key default gen_random_uuid(),
  notice_id uuid references notices(id) on delete set null,
  user_id uuid references users(id) on delete set null,
  channel text not null check (channel in ('sms', 'email')),
  recipient text not null,
  template text not null,
  text text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  -- When the next attempt may start; a claimed message is leased by moving this forward.
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
-- ;
create index notice_outbox_due on notice_outbox(next_attempt_at) where status = 'pending';
-- ;
create index notice_outbox_notice on notice_outbox(notice_id);
