-- Outgoing messages (the notice_outbox table carries every SMS and e-mail the platform sends, not only notices):
-- an SMS is a template kind plus named parameters (modules/messaging/templates.ts), so it can go to a Chinese
-- gateway that sends only approved templates. Codes live in secret_params and are cleared once the message is sent
-- or expired. Statements are separated by "-- ;" lines.
alter table notice_outbox add column if not exists params jsonb;
-- ;
alter table notice_outbox add column if not exists secret_params jsonb;
-- ;
alter table notice_outbox add column if not exists subject text;
-- ;
-- A message that is useless later (a verification code) is not sent after this.
alter table notice_outbox add column if not exists expires_at timestamptz;
-- ;
-- The gateway's error code of the last failure (e.g. isv.MOBILE_NUMBER_ILLEGAL), and whether it means "never retry".
alter table notice_outbox add column if not exists error_code text;
-- ;
alter table notice_outbox add column if not exists permanent boolean not null default false;
-- ;
-- Which gateway took the message (log, aliyun, tencent, smtp) and its reference (BizId, SerialNo, Message-ID).
alter table notice_outbox add column if not exists provider text;
-- ;
alter table notice_outbox add column if not exists provider_ref text;
-- ;
alter table notice_outbox add column if not exists last_attempt_at timestamptz;
-- ;
create index if not exists notice_outbox_created on notice_outbox(created_at desc, id desc);
-- ;
-- Rate limits count what went to a phone, and to all phones, in the last hour and day.
create index if not exists notice_outbox_sms_sent on notice_outbox(sent_at) where channel = 'sms' and status = 'sent';
-- ;
create index if not exists notice_outbox_recipient on notice_outbox(recipient, sent_at);
-- ;
-- Verification codes remember the client address that asked, to limit codes to many numbers from one address.
alter table verification_codes add column if not exists client_ip text;
-- ;
create index if not exists verification_codes_ip on verification_codes(client_ip, created_at);
-- ;
create index if not exists verification_codes_created on verification_codes(created_at);
-- ;
-- Image challenges the platform serves itself before sending a code beyond the limits; single use, short-lived.
create table if not exists sms_challenges (
  id uuid primary key default gen_random_uuid(),
  answer_hash text not null,
  client_ip text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- Set once the right answer was given; a passed challenge lets one code request through.
  passed boolean not null default false
);
-- ;
create index if not exists sms_challenges_ip on sms_challenges(client_ip, created_at);
-- ;
-- SMS counters per phone and in total, per clock hour and Beijing day: a message reserves its place with one atomic
-- increment before it goes to the gateway, so concurrent senders (several workers) never exceed a limit.
create table if not exists sms_counters (
  key text primary key,
  n integer not null default 0,
  expires_at timestamptz not null
);
-- ;
create index if not exists sms_counters_expires on sms_counters(expires_at);
-- ;
create index if not exists sms_challenges_created on sms_challenges(created_at);
