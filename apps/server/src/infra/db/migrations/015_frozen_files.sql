-- Submitted files are frozen (issue: a tus upload started while a case was editable could complete after submission
-- and replace the file the province and the experts read).
-- Each submission records the content hash of every file; readers other than the author get exactly those files.
create table submission_files (
  case_id uuid not null references cases(id) on delete cascade,
  submission int not null,
  slot text not null,
  file_id uuid not null references files(id),
  sha256 text not null,
  size bigint not null,
  submitted_at timestamptz not null,
  primary key (case_id, submission, slot)
);
-- ;
create index submission_files_file on submission_files (file_id);
-- ;
alter table cases add column submission_count int not null default 0;
-- ;
-- A replaced file is kept for a retention period (FILE_RETENTION_DAYS), then its bytes are removed; the row and the
-- audit keep its hash.
alter table files add column replaced_at timestamptz;
-- ;
alter table files add column purged_at timestamptz;
-- ;
create index files_replaced on files (replaced_at) where not is_current and purged_at is null;
-- ;
-- Uploads are recorded when they are created (not only when they complete), so submitting a case can end them.
alter table uploads add column ended_reason text;
-- ;
create index uploads_open on uploads (case_id) where completed_at is null and terminated_at is null;
-- ;
-- Cases submitted before this migration: their current files (checked, so hashed) are their first submission.
insert into submission_files (case_id, submission, slot, file_id, sha256, size, submitted_at)
select f.case_id, 1, f.slot, f.id, f.sha256, f.size, coalesce(c.submitted_at, now())
from files f join cases c on c.id = f.case_id
where f.is_current and f.sha256 is not null and c.ever_submitted and c.state not in ('draft', 'returned');
-- ;
update cases c set submission_count = 1 where exists (select 1 from submission_files s where s.case_id = c.id);
-- ;
update files set replaced_at = created_at where not is_current and replaced_at is null;
