-- Login throttling per (account, client address) with growing delays, and a per-account ceiling that slows strangers
-- rather than locking the account (issue 18 item 2). Replaces login_failures' lock-out (the table stays, unused).
-- `client` is the client address, or '*' for the account-wide row. `phone` is the number typed (unknown numbers are
-- throttled the same way, so the reply does not tell them apart).
create table login_throttle (
  phone text not null,
  client text not null,
  attempts integer not null default 0,
  last_at timestamptz not null,
  next_at timestamptz not null,
  alerted_at timestamptz,
  primary key (phone, client)
);
-- ;
create index login_throttle_last on login_throttle (last_at);
-- ;
-- Addresses from which an account completed a login: the account-wide ceiling does not slow them.
create table login_known_clients (
  user_id uuid not null references users(id) on delete cascade,
  client text not null,
  last_success_at timestamptz not null,
  primary key (user_id, client)
);
