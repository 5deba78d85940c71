// File queries: uploads and the files they become, check results, the last submission's frozen files and hashes,
// authors' explanations and the province's checklist, duplicates, purging and the calls' rules versions. A case's files
// are read after its case was found in the viewer's scope (findCaseInScope) or by the system (jobs, the upload layer).
import type { RuleResult } from '@anli/checks/types.ts';
import { changeWithAudit, type Actor, type AuditRecord } from '../audit/audit.repository.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { caseKeysQuery, hasIdShape, scopeCondition, type CaseKeys, type Scope } from '../cases/case.repository.ts';

export interface FileRow {
  id: string;
  case_id: string;
  slot: string;
  object_key: string;
  filename: string;
  size: number;
  sha256: string | null;
  detected_type: string | null;
  created_at: Date;
  check_status: 'pending' | 'running' | 'done' | 'error';
  checked_at: Date | null;
}

export interface ResultRow {
  file_id: string;
  rule: string;
  status: RuleResult['status'];
  actual: unknown;
  expected: unknown;
  message: string;
  details: Record<string, unknown> | null;
}

export interface ExplanationRow {
  file_id: string;
  rule: string;
  text: string;
  created_at: Date;
  accepted_at: Date | null;
  accepted_by_name: string | null;
}

export interface CheckRow {
  file_id: string;
  rule: string;
  checked_at: Date;
  checked_by_name: string | null;
}

export interface UploadRow {
  case_id: string;
  slot: string;
  owner_id: string;
  filename: string;
  completed_at: Date | null;
  terminated_at: Date | null;
}

/** A file with what its check needs of its case. */
export type FileForCheckRow = FileRow & { call_id: string; case_type: string; form: Record<string, unknown>; checked_rules_version: string | null; author_id: string; title: string | null };

/** A replaced file whose bytes are due for removal, with its case's province. */
export interface PurgeDueRow {
  id: string;
  case_id: string;
  slot: string;
  object_key: string;
  filename: string;
  size: string;
  sha256: string | null;
  province_code: string;
}

/** A current file whose content is also in another case. */
export interface DuplicateFileRow {
  sha256: string;
  case_id: string;
  title: string;
  province_code: string;
  slot: string;
  filename: string;
  author_name: string;
}

// ---------- uploads ----------

/** Records an unfinished upload (its id is the object key of its bytes). */
export async function insertUpload(q: Queryable, u: { id: string; caseId: string; slot: string; ownerId: string; filename: string; size: number }): Promise<void> {
  await q.query('insert into uploads (id, case_id, slot, owner_id, filename, size) values ($1, $2, $3, $4, $5, $6)', [u.id, u.caseId, u.slot, u.ownerId, u.filename, u.size]);
}

/** An upload, locked for the transaction. */
/**
 * Locks an upload for its registration; with its owner's name (the audit record names who uploaded) and the file it
 * already became, if it was registered before (registration is idempotent).
 */
type LockedUpload = UploadRow & { owner_name: string | null; file_id: string | null; case_state: CaseState; province_code: string; has_current: boolean };

/**
 * An upload and its case, both locked (the upload first, then the case: the case row is the lock submission takes
 * too), with its owner's name, the file already registered for it (if any) and whether the slot has a current file.
 * Null when the upload or its case does not exist.
 */
export async function lockUploadWithCase(q: Queryable, uploadId: string): Promise<LockedUpload | null> {
  const [u] = await q.query<LockedUpload>(
    `select up.*, c.state as case_state, c.province_code, (select name from users where id = up.owner_id) as owner_name,
       (select id from files where object_key = up.id) as file_id,
       exists (select 1 from files f where f.case_id = up.case_id and f.slot = up.slot and f.is_current) as has_current
     from uploads up join cases c on c.id = up.case_id where up.id = $1 for update of up, c`,
    [uploadId],
  );
  return u ?? null;
}

/**
 * A completed upload becomes its slot's current file, in one statement with its audit record: the upload is marked
 * completed, the slot's current file (if any) stops being current, then the new file (id `fileId`) is inserted.
 * The caller holds the locks of lockUploadWithCase.
 */
export async function acceptUpload(
  q: Queryable,
  f: { uploadId: string; fileId: string; caseId: string; slot: string; filename: string; size: number; uploadedBy: string; at: number },
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  await changeWithAudit(
    q,
    `done as (update uploads set completed_at = $8::timestamptz where id = $3::text),
     old as (update files set is_current = false, replaced_at = $8::timestamptz where case_id = $2::uuid and slot = $4::text and is_current returning 1),
     -- After the old file stopped being current (one current file per slot): reading old's rows runs it first.
     new_file as (insert into files (id, case_id, slot, object_key, filename, size, uploaded_by, created_at)
       select $1::uuid, $2::uuid, $4::text, $3::text, $5::text, $6::bigint, $7::uuid, $8::timestamptz from (select count(*) from old) o returning id)`,
    'new_file',
    [f.fileId, f.caseId, f.uploadId, f.slot, f.filename, f.size, f.uploadedBy, new Date(f.at).toISOString()],
    actor,
    record,
    f.at,
  );
}

/** An upload with its size and why it ended, if it did. */
export async function findUpload(q: Queryable, uploadId: string) {
  const [u] = await q.query<{ case_id: string; slot: string; owner_id: string; filename: string; size: string; ended_reason: string | null }>(
    'select case_id, slot, owner_id, filename, size, ended_reason from uploads where id = $1',
    [uploadId],
  );
  return u ?? null;
}

/** Ends an upload as refused (keeping an earlier end time and reason). */
export async function markUploadRefused(q: Queryable, uploadId: string, at: string): Promise<void> {
  await q.query(`update uploads set terminated_at = coalesce(terminated_at, $2), ended_reason = coalesce(ended_reason, 'refused') where id = $1`, [uploadId, at]);
}

/** Whether an upload was ended, and its case's state (null when the case is gone). */
export async function findUploadState(q: Queryable, uploadId: string) {
  const [u] = await q.query<{ terminated_at: Date | null; state: CaseState | null }>(
    'select u.terminated_at, c.state from uploads u left join cases c on c.id = u.case_id where u.id = $1',
    [uploadId],
  );
  return u ?? null;
}

// ---------- the case a file belongs to (system operations without a viewer) ----------

/** A case's province and state (locked for the transaction with `forUpdate`: the lock submission takes too). */
export async function findCaseState(q: Queryable, caseId: string, forUpdate = false): Promise<{ province_code: string; state: CaseState } | null> {
  const [c] = await q.query<{ province_code: string; state: CaseState }>(`select province_code, state from cases where id = $1${forUpdate ? ' for update' : ''}`, [caseId]);
  return c ?? null;
}

// ---------- files ----------

/** A file (purged or not), whatever its case. */
export async function findFile(q: Queryable, fileId: string): Promise<(FileRow & { purged_at: Date | null }) | null> {
  const [f] = await q.query<FileRow & { purged_at: Date | null }>('select * from files where id = $1', [fileId]);
  return f ?? null;
}

export async function findFileForCheck(q: Queryable, fileId: string): Promise<FileForCheckRow | null> {
  const [f] = await q.query<FileForCheckRow>(
    `select f.*, c.call_id, c.case_type, c.form, c.author_id, c.title from files f join cases c on c.id = f.case_id where f.id = $1`,
    [fileId],
  );
  return f ?? null;
}

/** The current file of a slot of a case. */
export async function findCurrentFile(q: Queryable, caseId: string, slot: string): Promise<{ id: string; object_key: string } | null> {
  const [f] = await q.query<{ id: string; object_key: string }>('select id, object_key from files where case_id = $1 and slot = $2 and is_current', [caseId, slot]);
  return f ?? null;
}

/** A check that could not finish: the file shows that its check failed (检查出错，将自动重试). */
export async function markCheckError(q: Queryable, fileId: string): Promise<void> {
  await q.query(`update files set check_status = 'error' where id = $1`, [fileId]);
}

/**
 * A check has started: the file is 'running' and keeps its content hash from now on (never overwriting one), so that a
 * check that then fails still leaves the hash a submission records. One statement.
 */
export async function markCheckRunning(q: Queryable, fileId: string, sha256: string): Promise<void> {
  await q.query(`update files set check_status = 'running', sha256 = coalesce(sha256, $2) where id = $1`, [fileId, sha256]);
}

/** The current files of these slots are checked again; returns their ids. */
export async function markSlotsForRecheck(q: Queryable, caseId: string, slots: string[]) {
  return q.query<{ id: string }>(
    `update files set check_status = 'pending' where case_id = $1 and is_current and slot = any($2::text[]) returning id`,
    [caseId, slots],
  );
}

/**
 * Replaced files whose bytes may go: replaced before `cutoff`, not purged yet, and named by no last submission
 * (oldest first, at most 500).
 */
export async function listPurgeDue(q: Queryable, cutoff: string): Promise<PurgeDueRow[]> {
  return q.query<PurgeDueRow>(
    `select f.id, f.case_id, f.slot, f.object_key, f.filename, f.size, f.sha256, c.province_code
     from files f join cases c on c.id = f.case_id
     where not f.is_current and f.purged_at is null and f.replaced_at < $1
       and not exists (select 1 from submission_files s where s.file_id = f.id and s.submission = c.submission_count)
     order by f.replaced_at limit 500`,
    [cutoff],
  );
}

export async function markFilePurged(q: Queryable, fileId: string, at: string, sha256: string | null): Promise<void> {
  await q.query('update files set purged_at = $2, sha256 = coalesce(sha256, $3) where id = $1', [fileId, at, sha256]);
}

/** Current files whose content is in two or more cases (of one call when given), grouped by hash. */
export async function listDuplicateFiles(q: Queryable, callId?: string): Promise<DuplicateFileRow[]> {
  return q.query<DuplicateFileRow>(
    `select f.sha256, f.case_id, c.title, c.province_code, f.slot, f.filename, u.name as author_name
     from files f join cases c on c.id = f.case_id join users u on u.id = c.author_id
     where f.is_current and f.sha256 in (
       select sha256 from files where is_current and sha256 is not null group by sha256 having count(distinct case_id) > 1
     ) ${callId ? 'and c.call_id = $1' : ''} order by f.sha256, c.title`,
    callId ? [callId] : [],
  );
}

// ---------- check results ----------

/** A file's results, rule and status only (to compare a re-check with). */
export async function listResultStatuses(q: Queryable, fileId: string) {
  return q.query<{ rule: string; status: string }>('select rule, status from check_results where file_id = $1', [fileId]);
}

/** The status of one rule of a file's check (null: no such result). */
export async function findResultStatus(q: Queryable, fileId: string, rule: string): Promise<string | null> {
  const [res] = await q.query<{ status: string }>('select status from check_results where file_id = $1 and rule = $2', [fileId, rule]);
  return res?.status ?? null;
}

/**
 * A finished check in one statement: the file's results become `results` (a rule no longer reported goes, the others
 * are written or overwritten) and the file is 'done' with its hash and the rules version it was checked under.
 * A rule reported twice counts once (the first).
 */
export async function storeCheckResults(q: Queryable, fileId: string, results: RuleResult[], c: { at: string; sha256: string; rulesVersion: string }): Promise<void> {
  const seen = new Set<string>();
  const once = results.filter((r) => !seen.has(r.rule) && seen.add(r.rule));
  await q.query(
    `with gone as (delete from check_results where file_id = $1 and not (rule = any($2::text[]))),
     kept as (
       insert into check_results (file_id, rule, status, actual, expected, message, details)
       select $1, r.rule, r.status, r.actual::jsonb, r.expected::jsonb, r.message, r.details::jsonb
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as r(rule, status, actual, expected, message, details)
       on conflict (file_id, rule) do update set status = excluded.status, actual = excluded.actual, expected = excluded.expected,
         message = excluded.message, details = excluded.details)
     update files set check_status = 'done', checked_at = $8, sha256 = $9, checked_rules_version = $10 where id = $1`,
    [
      fileId,
      once.map((r) => r.rule),
      once.map((r) => r.status),
      once.map((r) => JSON.stringify(r.actual ?? null)),
      once.map((r) => JSON.stringify(r.expected ?? null)),
      once.map((r) => r.message),
      once.map((r) => (r.details ? JSON.stringify(r.details) : null)),
      c.at,
      c.sha256,
      c.rulesVersion,
    ],
  );
}

// ---------- submissions ----------

/** The file of a slot in one submission of a case. */
export async function findSubmittedFileId(q: Queryable, caseId: string, submission: number, slot: string): Promise<string | null> {
  const [f] = await q.query<{ file_id: string }>('select file_id from submission_files where case_id = $1 and submission = $2 and slot = $3', [caseId, submission, slot]);
  return f?.file_id ?? null;
}

/** The file of a slot in a submission with its result for one rule (status null: the file has no such result). */
export async function findSubmittedResult(q: Queryable, caseId: string, submission: number, slot: string, rule: string): Promise<{ file_id: string; status: string | null } | null> {
  const [f] = await q.query<{ file_id: string; status: string | null }>(
    `select s.file_id, r.status from submission_files s left join check_results r on r.file_id = s.file_id and r.rule = $4
     where s.case_id = $1 and s.submission = $2 and s.slot = $3`,
    [caseId, submission, slot, rule],
  );
  return f ?? null;
}

/** The content hash a submission recorded for a file (null: the submission does not name it). */
export async function findSubmittedFileHash(q: Queryable, caseId: string, submission: number, fileId: string): Promise<string | null> {
  const [s] = await q.query<{ sha256: string }>('select sha256 from submission_files where case_id = $1 and submission = $2 and file_id = $3', [caseId, submission, fileId]);
  return s?.sha256 ?? null;
}

/**
 * A submission freezes the case's files, in one statement (inside the submission's transaction, the case row locked):
 * the case's open uploads end, its submission count goes up by one, and its current checked files (with their hashes
 * and sizes) become that submission's. Returns the new submission number, how many uploads ended and the files, by slot.
 */
export async function freezeSubmissionFiles(q: Queryable, caseId: string, at: string) {
  const [r] = await q.query<{ submission: number; ended: number; files: Array<{ id: string; slot: string; sha256: string; size: number }> }>(
    `with ended as (update uploads set terminated_at = $2::timestamptz, ended_reason = 'submitted' where case_id = $1::uuid and completed_at is null and terminated_at is null returning id),
       n as (update cases set submission_count = submission_count + 1 where id = $1::uuid returning submission_count),
       f as (select id, slot, sha256, size from files where case_id = $1::uuid and is_current and sha256 is not null),
       frozen as (insert into submission_files (case_id, submission, slot, file_id, sha256, size, submitted_at)
                  select $1::uuid, n.submission_count, f.slot, f.id, f.sha256, f.size, $2::timestamptz from f, n returning 1)
     select (select submission_count from n) as submission, (select count(*) from ended)::int as ended,
       coalesce((select json_agg(json_build_object('id', f.id, 'slot', f.slot, 'sha256', f.sha256, 'size', f.size) order by f.slot) from f), '[]'::json) as files`,
    [caseId, at],
  );
  return r!;
}

/** The manual-check items of the files of the case's last submission. */
export async function listManualItemsOfLastSubmission(q: Queryable, caseId: string) {
  return q.query<{ slot: string; rule: string }>(
    `select s.slot, r.rule from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
     join check_results r on r.file_id = s.file_id and r.status = 'manual' where s.case_id = $1`,
    [caseId],
  );
}

// ---------- explanations and the checklist ----------

export async function deleteExplanation(q: Queryable, fileId: string, rule: string): Promise<void> {
  await q.query('delete from finding_explanations where file_id = $1 and rule = $2', [fileId, rule]);
}

/** Stores the author's explanation; a changed one needs accepting again. */
export async function upsertExplanation(q: Queryable, e: { fileId: string; rule: string; caseId: string; text: string; authorId: string; at: string }): Promise<void> {
  await q.query(
    `insert into finding_explanations (file_id, rule, case_id, text, author_id, created_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (file_id, rule) do update set text = excluded.text, created_at = excluded.created_at, accepted_by = null, accepted_at = null`,
    [e.fileId, e.rule, e.caseId, e.text, e.authorId, e.at],
  );
}

/** Accepts an explanation not accepted yet; false when there was none. */
export async function acceptExplanation(q: Queryable, fileId: string, rule: string, by: string, at: string): Promise<boolean> {
  const done = await q.query<{ rule: string }>(
    `update finding_explanations set accepted_by = $3, accepted_at = $4 where file_id = $1 and rule = $2 and accepted_at is null returning rule`,
    [fileId, rule, by, at],
  );
  return done.length > 0;
}

/**
 * Ticks (or unticks) a manual item of the case's last submission with its audit record, in one statement: only while
 * the case is in the viewer's scope and submitted (its row locked until the statement ends), and only for a rule whose
 * result on the slot's submitted file is a manual check. The record names the file. False: nothing was written (the
 * caller reads why).
 */
export async function setChecklistItemAudited(
  q: Queryable,
  scope: Scope,
  k: { caseId: string; slot: string; rule: string; checked: boolean; by: string; at: string },
  actor: Actor,
  record: AuditRecord,
  at?: number,
): Promise<boolean> {
  if (!hasIdShape(k.caseId)) return false;
  const params: unknown[] = [k.caseId, k.slot, k.rule, k.by, k.at];
  const change = k.checked
    ? `insert into case_checklist (case_id, file_id, rule, checked_by, checked_at) select g.id, g.file_id, $3::text, $4::uuid, $5::timestamptz from g on conflict do nothing`
    : `delete from case_checklist k using g where k.case_id = g.id and k.file_id = g.file_id and k.rule = $3::text and $4::uuid is not null and $5::timestamptz is not null`;
  const n = await changeWithAudit(
    q,
    `c as (select c.id, c.submission_count from cases c where c.id = $1 and c.state = 'submitted' and ${scopeCondition(scope, params)} for update of c),
     g as (select c.id, s.file_id from c join submission_files s on s.case_id = c.id and s.submission = c.submission_count and s.slot = $2::text
           join check_results r on r.file_id = s.file_id and r.rule = $3::text and r.status = 'manual'),
     item as (${change})`,
    'g',
    params,
    actor,
    record,
    at,
    `jsonb_build_object('fileId', g.file_id)`,
  );
  return n > 0;
}

// ---------- rules versions ----------

/** The rules version a call's files were last queued for checking under (null: never). */
export async function findRulesVersion(q: Queryable, callId: string): Promise<string | null> {
  const [v] = await q.query<{ rules_version: string }>('select rules_version from call_versions where call_id = $1', [callId]);
  return v?.rules_version ?? null;
}

export async function setRulesVersion(q: Queryable, callId: string, version: string): Promise<void> {
  await q.query(
    `insert into call_versions (call_id, rules_version) values ($1, $2) on conflict (call_id) do update set rules_version = $2, updated_at = now()`,
    [callId, version],
  );
}

/** The call's current files last checked under another rules version. */
export async function listStaleFiles(q: Queryable, callId: string, version: string) {
  return q.query<{ id: string }>(
    `select f.id from files f join cases c on c.id = f.case_id where c.call_id = $1 and f.is_current and (f.checked_rules_version is distinct from $2)`,
    [callId, version],
  );
}

// ---------- open uploads (the tus policy's caps) ----------

/** Records a tus upload as open (its id is the tus id; a repeat is ignored); `atStatementTime` orders uploads created in one transaction. */
export async function recordOpenUpload(
  q: Queryable,
  u: { id: string; caseId: string; slot: string; ownerId: string; filename: string; size: number },
  opts: { atStatementTime?: boolean } = {},
): Promise<void> {
  await q.query(
    opts.atStatementTime
      ? `insert into uploads (id, case_id, slot, owner_id, filename, size, created_at) values ($1, $2, $3, $4, $5, $6, clock_timestamp()) on conflict (id) do nothing`
      : `insert into uploads (id, case_id, slot, owner_id, filename, size) values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
    [u.id, u.caseId, u.slot, u.ownerId, u.filename.slice(0, 200), u.size],
  );
}

/** One uploader's new uploads at a time: the account's row is the lock. */
export async function lockUploader(q: Queryable, ownerId: string): Promise<void> {
  await q.query('select 1 from users where id = $1 for update', [ownerId]);
}

/** An uploader's uploads still open (not completed, not ended, younger than the expiry), oldest first. */
export async function openUploadsOf(q: Queryable, ownerId: string, expiryMs: number) {
  return q.query<{ id: string; case_id: string; slot: string }>(
    `select id, case_id, slot from uploads where owner_id = $1 and completed_at is null and terminated_at is null
       and created_at > now() - make_interval(secs => $2::double precision / 1000)
     order by created_at, id`,
    [ownerId, expiryMs],
  );
}

export async function supersedeUploads(q: Queryable, ids: string[], at: string): Promise<void> {
  await q.query(`update uploads set terminated_at = $2, ended_reason = 'superseded' where id = any($1::text[])`, [ids, at]);
}

/** Ends an upload that did not complete (cancelled or expired); one already ended keeps its time and reason. */
export async function endOpenUpload(q: Queryable, id: string, at: string): Promise<void> {
  await q.query(`update uploads set terminated_at = coalesce(terminated_at, $2), ended_reason = coalesce(ended_reason, 'ended') where id = $1 and completed_at is null`, [id, at]);
}

// ---------- the case page's attachments ----------

/**
 * The files a viewer reads of a case (its current files, those of one submission or of its last) with, in one round trip,
 * each file's check results, the authors' explanations and the province's ticked items (with who accepted or ticked
 * them), and, when `withDuplicates`, how many other cases hold the same bytes. The case page reads this on every
 * refresh while a check runs, so it is one statement instead of five.
 */
export async function listFilesWithReview(q: Queryable, caseId: string, submission: number | 'last' | null, withDuplicates: boolean) {
  // Joins from the case's key (an IN over the submission made the planner read every file).
  const which =
    submission === null ? 'files f where f.case_id = $1 and f.is_current and $2::int is null'
    : submission === 'last'
      ? 'cases c join submission_files s on s.case_id = c.id and s.submission = c.submission_count join files f on f.id = s.file_id where c.id = $1 and $2::int is null'
      : 'submission_files s join files f on f.id = s.file_id where s.case_id = $1 and s.submission = $2';
  const rows = await q.query<FileReviewRow>(
    `select f.*, ${fileReviewColumns('$3')} from ${which} order by f.slot`,
    [caseId, typeof submission === 'number' ? submission : null, withDuplicates],
  );
  return collectFileReview(rows);
}

type FileReviewRow = FileRow & { results_json: ResultRow[]; explanations_json: ExplanationRow[]; checks_json: CheckRow[]; duplicate_cases: number };

/**
 * What the case page shows with each file `f`: its check results, the authors' explanations and the province's ticked
 * items (with who accepted or ticked them), and, when the boolean parameter `withDuplicates` holds, how many other
 * cases hold the same bytes.
 */
const fileReviewColumns = (withDuplicates: string) => `
       coalesce((select json_agg(r) from check_results r where r.file_id = f.id), '[]'::json) as results_json,
       coalesce((select json_agg(json_build_object('file_id', e.file_id, 'rule', e.rule, 'text', e.text, 'created_at', e.created_at,
                   'accepted_at', e.accepted_at, 'accepted_by_name', u.name))
                 from finding_explanations e left join users u on u.id = e.accepted_by where e.file_id = f.id), '[]'::json) as explanations_json,
       coalesce((select json_agg(json_build_object('file_id', k.file_id, 'rule', k.rule, 'checked_at', k.checked_at, 'checked_by_name', u.name))
                 from case_checklist k left join users u on u.id = k.checked_by where k.case_id = f.case_id and k.file_id = f.id), '[]'::json) as checks_json,
       case when ${withDuplicates}::boolean and f.sha256 is not null
            then (select count(distinct o.case_id)::int - 1 from files o where o.is_current and o.sha256 = f.sha256) else 0 end as duplicate_cases`;

function collectFileReview(rows: FileReviewRow[]) {
  const files: FileRow[] = [];
  const results: ResultRow[] = [];
  const explanations: ExplanationRow[] = [];
  const checks: CheckRow[] = [];
  const duplicates = new Map<string, number>();
  for (const { results_json, explanations_json, checks_json, duplicate_cases, ...f } of rows) {
    files.push(f);
    results.push(...results_json);
    explanations.push(...explanations_json);
    checks.push(...checks_json);
    if (f.sha256 && duplicate_cases > 0) duplicates.set(f.sha256, duplicate_cases);
  }
  return { files, results, review: { explanations, checks }, duplicates };
}

/**
 * The files a viewer reads of a case, with `kc` the keys of the case (findCaseKeysInScope's columns): its author, and
 * anyone while it was never submitted, reads its current files; everyone else exactly what was last submitted. `viewer`
 * is the placeholder bound to the viewer's id.
 */
const shownFilesOf = (viewer: string) => `(
    select f.* from kc join files f on f.case_id = kc.id and f.is_current where kc.author_id = ${viewer}::uuid or coalesce(kc.submission_count, 0) = 0
    union all
    select f.* from kc join submission_files s on s.case_id = kc.id and s.submission = kc.submission_count join files f on f.id = s.file_id
     where not (kc.author_id = ${viewer}::uuid or coalesce(kc.submission_count, 0) = 0))`;

/** The keys of a case as one round trip reads them with its files (each row repeats them, prefixed). */
const KEY_COLUMNS = 'kc.id as key_id, kc.call_id as key_call_id, kc.case_type as key_case_type, kc.author_id as key_author_id, kc.submission_count as key_submission_count, kc.state as key_state, kc.province_code as key_province_code';
type KeyColumns = { key_id: string; key_call_id: string; key_case_type: string; key_author_id: string; key_submission_count: number; key_state: CaseState; key_province_code: string };
const keysOf = (r: KeyColumns): CaseKeys => ({
  id: r.key_id, call_id: r.key_call_id, case_type: r.key_case_type, author_id: r.key_author_id, submission_count: r.key_submission_count, state: r.key_state, province_code: r.key_province_code,
});

/**
 * The case page's attachment card in one round trip: the keys of the case if the viewer may see it (null otherwise,
 * as findCaseKeysInScope) and the files shown to the viewer (shownFilesOf) with what listFilesWithReview reads with
 * them. The card is read on every refresh while a check runs.
 */
export async function findCaseFilesInScope(q: Queryable, scope: Scope, caseId: string, withDuplicates: boolean) {
  if (!hasIdShape(caseId)) return null;
  const params: unknown[] = [caseId, scope.id, withDuplicates];
  const rows = await q.query<KeyColumns & Partial<FileReviewRow>>(
    `with kc as (${caseKeysQuery(scope, params)})
     select ${KEY_COLUMNS}, f.*, ${fileReviewColumns('$3')}
     from kc left join ${shownFilesOf('$2')} f on true
     order by f.slot`,
    params,
  );
  if (!rows.length) return null;
  const keys = keysOf(rows[0]);
  const fileRows = rows.filter((r) => r.id != null).map(({ key_id, key_call_id, key_case_type, key_author_id, key_submission_count, key_state, key_province_code, ...f }) => f as FileReviewRow);
  return { keys, ...collectFileReview(fileRows) };
}

/** The keys of a case the viewer may see (null otherwise) and the check status of each file shown to them, in one round trip. */
export async function findCaseFileStatusesInScope(q: Queryable, scope: Scope, caseId: string) {
  if (!hasIdShape(caseId)) return null;
  const params: unknown[] = [caseId, scope.id];
  const rows = await q.query<KeyColumns & { slot: string | null; id: string | null; check_status: FileRow['check_status'] | null }>(
    `with kc as (${caseKeysQuery(scope, params)})
     select ${KEY_COLUMNS}, f.slot, f.id, f.check_status from kc left join ${shownFilesOf('$2')} f on true`,
    params,
  );
  if (!rows.length) return null;
  return {
    keys: keysOf(rows[0]),
    files: rows.filter((r) => r.id != null).map((r) => ({ slot: r.slot!, id: r.id!, check_status: r.check_status! })),
  };
}
