-- Idempotency keys of background jobs' side effects: runOnce() inserts the key in the same transaction
-- as the effect, so a job retried after its worker died never takes effect twice.
-- Keep to what PostgreSQL 15 supports (PGlite is newer). Statements are separated by "-- ;" lines.
create table job_effects (
  key text primary key,
  job_id text,
  done_at timestamptz not null default now()
);
