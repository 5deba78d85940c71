-- Upload locks shared by all API processes (infra/uploads/pg-locker.ts): one row per upload being written, a lease
-- renewed while held. Unlogged: a lock means nothing after a server crash, so it need not be written to the WAL
-- (after a crash the table is empty, which is right).
create unlogged table upload_locks (
  upload_id text primary key,
  holder text not null,
  expires_at timestamptz not null
);
