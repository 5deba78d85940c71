-- Each call's public notice (活动通知): its text, contacts and attachments (templates, forms), published by the
-- organiser. Without a row the built-in text of the call (modules/callnotices/builtin-texts.ts) is the unpublished
-- draft. Statements are separated by "-- ;" lines.
create table if not exists call_notices (
  call_id text primary key,
  title text not null,
  document_no text,
  body text not null,
  contacts text not null default '',
  published_at timestamptz,
  updated_at timestamptz not null,
  updated_by uuid references users(id)
);
-- ;
create table if not exists call_notice_attachments (
  id uuid primary key default gen_random_uuid(),
  call_id text not null,
  name text not null,
  size bigint not null,
  sha256 text not null,
  object_key text not null,
  position integer not null,
  created_at timestamptz not null,
  created_by uuid references users(id)
);
-- ;
create index if not exists call_notice_attachments_call on call_notice_attachments(call_id, position);
