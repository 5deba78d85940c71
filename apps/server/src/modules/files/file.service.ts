// Files of cases: registering completed uploads, the authoritative background check, results per rule,
// what blocks submission, duplicates across cases, and scoped downloads.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { can } from '@anli/domain/case-policy.ts';
import type { AttachmentSlot, CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { checkFile } from '@anli/checks/index.ts';
import { sharedIsolatedChecker } from '@anli/checks/node/isolated.ts';
import type { CheckAs, RuleResult, ToolPorts } from '@anli/checks/types.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { ObjectStorage } from '../../infra/storage/storage.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, forbidden, gone, notFound } from '@anli/domain/errors.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { findCaseInScope } from '../cases/case.repository.ts';
import type { FieldError } from '@anli/domain/form.ts';
import { isEditableByAuthor, type CaseState } from '@anli/domain/lifecycle.ts';
import { EXPLANATION_MAX_CHARS, findingKind, gateOf } from '@anli/domain/blocking.ts';
import { slotRequirements } from '@anli/domain/slot-requirements.ts';
import { countZi } from '@anli/domain/text.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';

/**
 * The authoritative check runs in a worker thread bounded in time and heap (packages/checks/src/node/isolated.ts), so
 * a hostile file can neither stall the server's event loop nor take its memory. CHECK_ISOLATION=off runs it in this
 * thread (debugging).
 */
const runCheck: typeof checkFile = (source, options) =>
  process.env.CHECK_ISOLATION === 'off' ? checkFile(source, options) : sharedIsolatedChecker().check(source, options);

/** Bump when the checker's rules change in a way that needs every file checked again. */
export const CHECKER_VERSION = '3';

export const ROLE_TO_CHECK: Record<AttachmentSlot['role'], CheckAs> = {
  infoform_pdf: 'infoform',
  infoform_word: 'infoform',
  courseware: 'courseware',
  video: 'video',
  report: 'report',
};

/**
 * The rules version of a call: a digest of what its file checks read — each case type's check parameters as the
 * checker gets them (checkParamsFor) and its slots' rules (formats, sizes, which rules block or may be explained) —
 * plus the checker's version. Wording (labels, help texts) and dates are not in it, so a new version of a call that
 * changes only those checks nothing again; a changed threshold or slot changes it, and every file is checked again.
 */
const rulesDigests = new WeakMap<CallDef, string>();
export function rulesVersionOf(call: CallDef): string {
  let d = rulesDigests.get(call);
  if (!d) {
    const used = call.caseTypes.map((t) => [
      t.id,
      checkParamsFor(call, t),
      t.attachments.map(({ label: _label, ...rules }) => rules),
      t.videoPartsField ?? null,
    ]);
    d = createHash('sha256').update(JSON.stringify(used)).digest('hex').slice(0, 12);
    rulesDigests.set(call, d);
  }
  return `${call.id}@${d}/checker@${CHECKER_VERSION}`;
}

/** The findings whose standing changed between two checks of a file, by Chinese rule name. */
/** A file whose findings changed on a re-check under a call's changed rules: what its author is told. */
export interface CheckChange {
  caseId: string;
  authorId: string;
  title: string;
  slotLabel: string;
  fileId: string;
  version: string;
  became: string[];
  cleared: string[];
}

export function resultChange(before: Array<{ rule: string; status: string }>, after: Array<{ rule: string; status: string }>) {
  const bad = (st: string | undefined) => st === 'fail' || st === 'error' || st === 'warn';
  const was = new Map(before.map((r) => [r.rule, r.status]));
  const now = new Map(after.map((r) => [r.rule, r.status]));
  const became = [...now].filter(([rule, st]) => bad(st) && was.get(rule) !== st).map(([rule]) => ruleName(rule));
  const cleared = [...was].filter(([rule, st]) => bad(st) && !bad(now.get(rule)) && now.has(rule)).map(([rule]) => ruleName(rule));
  return { became: [...new Set(became)], cleared: [...new Set(cleared)] };
}

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

interface ExplanationRow {
  file_id: string;
  rule: string;
  text: string;
  created_at: Date;
  accepted_at: Date | null;
  accepted_by_name: string | null;
}
interface CheckRow {
  file_id: string;
  rule: string;
  checked_at: Date;
  checked_by_name: string | null;
}

export interface JobSender {
  send(name: 'file.check', data: { fileId: string; rulesVersion?: string }, opts?: { tx?: Queryable }): Promise<unknown>;
  send(name: 'files.purge', data: Record<string, never>, opts?: { singletonKey?: string; startAfterSeconds?: number }): Promise<unknown>;
}

export interface FilesDeps {
  db: Db;
  clock: Clock;
  storage: ObjectStorage;
  calls: CallsService;
  jobs: JobSender;
  tools: () => ToolPorts;
}

/** An upload that can no longer become a file of its case (submitted meanwhile, or the upload was ended). */
/** Slots an expert never sees (PIPL: full phone numbers, stamps). */
const INFO_FORM_ROLES = new Set<string>(['infoform_pdf', 'infoform_word']);

export const uploadEnded = () =>
  conflict('CASE_NOT_EDITABLE', '案例已提交，本次上传未被采用，已提交的文件保持不变；如需更换文件，请先撤回案例（省级管理员审核前）或等待退回修改');

/** A rule's Chinese name for messages. */
const ruleName = (rule: string) => RULE_NAMES[rule] ?? rule;

/** The info form slots each need their own format: a Word file in the PDF slot is a fail, not a pass. */
function completeSlotResults(slot: AttachmentSlot, results: RuleResult[]): RuleResult[] {
  const need = slot.role === 'infoform_pdf' ? 'infoform.pdf' : slot.role === 'infoform_word' ? 'infoform.word' : null;
  if (!need || results.some((r) => r.rule === need)) return results;
  const what = need === 'infoform.pdf' ? 'PDF' : 'Word';
  return [
    {
      rule: need,
      status: 'fail',
      actual: '其他格式',
      expected: what,
      message: need === 'infoform.pdf' ? '此处须上传打印、盖章后扫描的 PDF 版信息表，请重新上传。' : '此处须上传 Word 版信息表（.docx），请重新上传。',
    },
    ...results.filter((r) => r.rule !== 'infoform.pdf' && r.rule !== 'infoform.word'),
  ];
}

export function filesService(deps: FilesDeps) {
  const { db, clock, storage, calls } = deps;

  async function hashObject(key: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of await storage.stream(key)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /** The files a viewer reads: the author their current files; everyone else exactly what was last submitted. */
  async function visibleFiles(q: Queryable, viewer: SessionUser, row: { id: string; author_id: string; submission_count: number }) {
    if (viewer.id === row.author_id || !row.submission_count) return currentFiles(q, row.id);
    const files = await q.query<FileRow>(
      `select f.* from submission_files s join files f on f.id = s.file_id where s.case_id = $1 and s.submission = $2 order by f.slot`,
      [row.id, row.submission_count],
    );
    const results = files.length
      ? await q.query<ResultRow>('select * from check_results where file_id = any($1::uuid[])', [files.map((f) => f.id)])
      : [];
    return { files, results };
  }

  /** A submitted case the viewer (a provincial administrator of its province) may review; locked for update. */
  async function reviewableCase(q: Queryable, viewer: SessionUser, caseId: string) {
    if (!can(viewer, 'review.findings')) throw forbidden();
    const row = await findCaseInScope(q, viewer, caseId, true);
    if (!row) throw notFound();
    if (row.state !== 'submitted') throw conflict('CASE_NOT_UNDER_REVIEW', '只有已提交、待审核的案例可以进行人工复核');
    return row;
  }

  /** The file of a slot in the case's last submission (what the province reads). */
  async function submittedFileId(q: Queryable, row: { id: string; submission_count: number }, slot: string) {
    const [f] = await q.query<{ file_id: string }>('select file_id from submission_files where case_id = $1 and submission = $2 and slot = $3', [row.id, row.submission_count, slot]);
    if (!f) throw notFound('附件');
    return f.file_id;
  }

  function slotOf(call: CallDef, typeId: string, slotId: string) {
    const type = findCaseType(call, typeId);
    return { type, slot: type?.attachments.find((a) => a.slot === slotId) };
  }

  async function currentFiles(q: Queryable, caseId: string) {
    const files = await q.query<FileRow>('select * from files where case_id = $1 and is_current order by slot', [caseId]);
    const results = files.length
      ? await q.query<ResultRow>('select * from check_results where file_id = any($1::uuid[])', [files.map((f) => f.id)])
      : [];
    return { files, results };
  }

  async function reviewRows(q: Queryable, fileIds: string[]) {
    if (!fileIds.length) return { explanations: [] as ExplanationRow[], checks: [] as CheckRow[] };
    const explanations = await q.query<ExplanationRow>(
      `select e.file_id, e.rule, e.text, e.created_at, e.accepted_at, u.name as accepted_by_name
       from finding_explanations e left join users u on u.id = e.accepted_by where e.file_id = any($1::uuid[])`,
      [fileIds],
    );
    const checks = await q.query<CheckRow>(
      `select k.file_id, k.rule, k.checked_at, u.name as checked_by_name from case_checklist k left join users u on u.id = k.checked_by where k.file_id = any($1::uuid[])`,
      [fileIds],
    );
    return { explanations, checks };
  }

  function present(call: CallDef, type: CaseTypeDef, files: FileRow[], results: ResultRow[], dupes: Map<string, number>, review: { explanations: ExplanationRow[]; checks: CheckRow[] }) {
    return type.attachments.map((slot) => {
      const f = files.find((x) => x.slot === slot.slot);
      const explanationOf = (rule: string) => review.explanations.find((e) => e.file_id === f?.id && e.rule === rule);
      const checkOf = (rule: string) => review.checks.find((k) => k.file_id === f?.id && k.rule === rule);
      return {
        slot: slot.slot,
        label: slot.label,
        role: slot.role,
        accept: slot.accept,
        maxBytes: slot.maxBytes,
        required: slot.required,
        blocking: slot.blocking,
        explainable: slot.explainable,
        /** What the slot asks for, from the call data, shown beside the upload button. */
        requirements: slotRequirements(call, type, slot),
        file: f
          ? {
              id: f.id,
              filename: f.filename,
              size: Number(f.size),
              uploadedAt: new Date(f.created_at).toISOString(),
              checkStatus: f.check_status,
              checkedAt: f.checked_at ? new Date(f.checked_at).toISOString() : null,
              duplicateCases: (f.sha256 && dupes.get(f.sha256)) || 0,
              results: results
                .filter((r) => r.file_id === f.id)
                .map((r) => {
                  const e = explanationOf(r.rule);
                  const k = checkOf(r.rule);
                  const gate = gateOf(slot, r, !!e);
                  return {
                    rule: r.rule, status: r.status, actual: r.actual, expected: r.expected, message: r.message,
                    blocking: gate === 'blocks',
                    kind: findingKind(slot, r.rule),
                    gate,
                    explanation: e
                      ? { text: e.text, createdAt: new Date(e.created_at).toISOString(), acceptedAt: e.accepted_at ? new Date(e.accepted_at).toISOString() : null, acceptedBy: e.accepted_by_name }
                      : null,
                    check: r.status === 'manual' ? (k ? { checkedAt: new Date(k.checked_at).toISOString(), checkedBy: k.checked_by_name } : null) : undefined,
                  };
                }),
            }
          : null,
      };
    });
  }

  return {
    /**
     * Called when an upload completes: the file becomes the slot's current file and a check job is queued.
     * Idempotent per upload id.
     */
    async registerUpload(uploadId: string, size: number, opts: { enqueue?: boolean } = {}) {
      return db.tx(async (q) => {
        const [u] = await q.query<{ case_id: string; slot: string; owner_id: string; filename: string; completed_at: Date | null; terminated_at: Date | null }>(
          'select * from uploads where id = $1 for update',
          [uploadId],
        );
        if (!u) throw notFound('上传');
        const existing = await q.query<{ id: string }>('select id from files where object_key = $1', [uploadId]);
        if (existing.length) return existing[0].id;
        // The case row is the lock that submission takes too: a file becomes current only while the case is editable,
        // so an upload that completes after the case was submitted can never replace what was submitted.
        const [c] = await q.query<{ province_code: string; state: CaseState }>('select province_code, state from cases where id = $1 for update', [u.case_id]);
        if (!c) throw notFound();
        if (u.terminated_at || !isEditableByAuthor(c.state)) throw uploadEnded();
        const now = new Date(clock.now()).toISOString();
        await q.query('update uploads set completed_at = $2 where id = $1', [uploadId, now]);
        const old = await q.query<{ object_key: string }>(
          'update files set is_current = false, replaced_at = $3 where case_id = $1 and slot = $2 and is_current returning object_key',
          [u.case_id, u.slot, now],
        );
        const [f] = await q.query<{ id: string }>(
          `insert into files (case_id, slot, object_key, filename, size, uploaded_by, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
          [u.case_id, u.slot, uploadId, u.filename, size, u.owner_id, now],
        );
        await writeAudit(q, { id: u.owner_id, role: 'author', name: null }, {
          event: 'file.upload', objectType: 'case', objectId: u.case_id, provinceCode: c?.province_code, data: { slot: u.slot, fileId: f.id, size, replaced: old.length > 0 },
        }, clock.now());
        // Enqueued in the same transaction: the job exists exactly when the file does.
        if (opts.enqueue !== false) await deps.jobs.send('file.check', { fileId: f.id }, { tx: q });
        return f.id;
      });
    },

    /** Stores bytes or a local file as an uploaded file of a slot (generated demo files, imports), as if the owner uploaded it. */
    async storeFile(ownerId: string, caseId: string, slot: string, filename: string, content: Uint8Array | { path: string }, opts: { enqueue?: boolean } = {}) {
      const key = randomBytes(16).toString('hex');
      const size = content instanceof Uint8Array ? content.length : (await stat(content.path)).size;
      if (!(content instanceof Uint8Array) && storage.putFile) await storage.putFile(key, content.path);
      else await storage.put(key, content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : createReadStream(content.path), size);
      await db.query('insert into uploads (id, case_id, slot, owner_id, filename, size) values ($1, $2, $3, $4, $5, $6)', [key, caseId, slot, ownerId, filename, size]);
      return this.registerUpload(key, size, opts);
    },

    /**
     * The authoritative check of one file (a job handler). Safe to run twice: results are replaced as a whole
     * in one transaction, so a retried job leaves one set of results.
     */
    /**
     * Checks a stored file against its call's current rules and stores the findings. When a re-check under changed
     * rules changes the result, `onChanged` runs inside the same transaction as the new findings (the author's notice
     * is written with them, or neither is: a retried job compares again and tells the author then).
     */
    async checkStoredFile(fileId: string, queuedFor?: string, onChanged?: (q: Queryable, change: CheckChange) => Promise<unknown>): Promise<{ changed: CheckChange | null }> {
      const [f] = await db.query<FileRow & { call_id: string; case_type: string; form: Record<string, unknown>; checked_rules_version: string | null; author_id: string; title: string | null }>(
        `select f.*, c.call_id, c.case_type, c.form, c.author_id, c.title from files f join cases c on c.id = f.case_id where f.id = $1`,
        [fileId],
      );
      if (!f) return { changed: null }; // the case was deleted meanwhile: nothing to do
      let call = calls.requireCall(f.call_id);
      // Queued for rules this process has not loaded yet (the call changed through another process): load them.
      if (queuedFor && rulesVersionOf(call) !== queuedFor) {
        await calls.reload();
        call = calls.requireCall(f.call_id);
      }
      const { type, slot } = slotOf(call, f.case_type, f.slot);
      if (!type || !slot) return { changed: null };
      // Checked before under other rules (the organiser changed the call and confirmed re-checking): the author is
      // told when the result changes, so the earlier findings are kept for the comparison.
      const version = rulesVersionOf(call);
      const earlier =
        f.checked_rules_version && f.checked_rules_version !== version
          ? await db.query<{ rule: string; status: string }>('select rule, status from check_results where file_id = $1', [fileId])
          : null;
      await db.query(`update files set check_status = 'running' where id = $1`, [fileId]);
      // The content hash is kept as soon as it is known (before the check, which may fail): submission records it.
      const sha256 = f.sha256 ?? (await hashObject(f.object_key));
      if (!f.sha256) await db.query('update files set sha256 = $2 where id = $1 and sha256 is null', [fileId, sha256]);
      const source = await storage.source(f.object_key);
      let results: RuleResult[];
      let coursewareSource: Awaited<ReturnType<ObjectStorage['source']>> | undefined;
      try {
        if (slot.role === 'video') {
          const [cw] = await db.query<{ object_key: string }>(`select object_key from files where case_id = $1 and slot = 'courseware' and is_current`, [f.case_id]);
          if (cw) coursewareSource = await storage.source(cw.object_key);
        }
        const report = await runCheck(Object.assign(source, { name: f.filename }), {
          as: ROLE_TO_CHECK[slot.role],
          params: checkParamsFor(call, type, f.form?.aiContent === '是', f.form ?? {}),
          tools: deps.tools(),
          courseware: coursewareSource,
          timeoutMs: 5 * 60_000,
        });
        results = completeSlotResults(slot, report.results);
      } finally {
        await source.close();
        await coursewareSource?.close();
      }
      const now = new Date(clock.now()).toISOString();
      const diff = earlier?.length ? resultChange(earlier, results) : null;
      const changed: CheckChange | null = diff && (diff.became.length || diff.cleared.length)
        ? { caseId: f.case_id, authorId: f.author_id, title: f.title ?? '', slotLabel: slot.label, fileId, version, ...diff }
        : null;
      await db.tx(async (q) => {
        await q.query('delete from check_results where file_id = $1', [fileId]);
        // All of a file's results in one statement (a video has about 15).
        await q.query(
          `insert into check_results (file_id, rule, status, actual, expected, message, details)
           select $1, r.rule, r.status, r.actual::jsonb, r.expected::jsonb, r.message, r.details::jsonb
           from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as r(rule, status, actual, expected, message, details)
           on conflict (file_id, rule) do nothing`,
          [
            fileId,
            results.map((r) => r.rule),
            results.map((r) => r.status),
            results.map((r) => JSON.stringify(r.actual ?? null)),
            results.map((r) => JSON.stringify(r.expected ?? null)),
            results.map((r) => r.message),
            results.map((r) => (r.details ? JSON.stringify(r.details) : null)),
          ],
        );
        await q.query(`update files set check_status = 'done', checked_at = $2, sha256 = $3, checked_rules_version = $4 where id = $1`, [fileId, now, sha256, version]);
        if (changed && onChanged) await onChanged(q, changed);
      });
      return { changed };
    },

    async markCheckFailed(fileId: string) {
      await db.query(`update files set check_status = 'error' where id = $1`, [fileId]);
    },

    /** Slots of a case with their current files and check results, for the case page. */
    async forCase(viewer: SessionUser, caseId: string) {
      const row = await findCaseInScope(db, viewer, caseId);
      if (!row) throw notFound();
      const call = calls.requireCall(row.call_id);
      const fullType = findCaseType(call, row.case_type)!;
      // PIPL: experts never see the info forms (they carry full phone numbers and the unit's stamp).
      const type = !can(viewer, 'read.info_forms') ? { ...fullType, attachments: fullType.attachments.filter((a) => !INFO_FORM_ROLES.has(a.role)) } : fullType;
      const visible = await visibleFiles(db, viewer, row);
      const slots = new Set(type.attachments.map((a) => a.slot));
      const files = visible.files.filter((f) => slots.has(f.slot));
      const results = visible.results.filter((r) => files.some((f) => f.id === r.file_id));
      const hashes = files.map((f) => f.sha256).filter(Boolean) as string[];
      const dupes = new Map<string, number>();
      if (hashes.length && can(viewer, 'read.duplicate_files')) {
        const rows = await db.query<{ sha256: string; n: number }>(
          `select sha256, count(distinct case_id)::int - 1 as n from files where is_current and sha256 = any($1::text[]) group by sha256`,
          [hashes],
        );
        for (const r of rows) dupes.set(r.sha256, r.n);
      }
      return present(call, type, files, results, dupes, await reviewRows(db, files.map((f) => f.id)));
    },

    /**
     * The author attaches (or replaces) a short explanation to a detected-rule finding of a current file, or removes
     * it (text empty). Only while the case is editable; only for rules the slot's call data calls explainable.
     */
    async explain(viewer: SessionUser, caseId: string, input: { slot: string; rule: string; text: string }) {
      return db.tx(async (q) => {
        const row = await findCaseInScope(q, viewer, caseId, true);
        if (!row || row.author_id !== viewer.id) throw notFound();
        if (!isEditableByAuthor(row.state)) throw conflict('CASE_NOT_EDITABLE', '案例已提交，不能修改说明；如需修改请先撤回（省级管理员审核前）');
        const call = calls.requireCall(row.call_id);
        const { slot } = slotOf(call, row.case_type, input.slot);
        if (!slot) throw notFound('附件');
        if (findingKind(slot, input.rule) !== 'detected') throw badRequest('此项检查结果不能以说明代替修改，请按提示修改文件后重新上传');
        const [f] = await q.query<{ id: string }>('select id from files where case_id = $1 and slot = $2 and is_current', [caseId, input.slot]);
        if (!f) throw notFound('文件');
        const [res] = await q.query<{ status: string }>('select status from check_results where file_id = $1 and rule = $2', [f.id, input.rule]);
        if (!res || (res.status !== 'fail' && res.status !== 'error')) throw conflict('NOTHING_TO_EXPLAIN', '此项检查已通过，无需说明');
        const text = input.text.trim();
        const now = new Date(clock.now()).toISOString();
        if (!text) {
          await q.query('delete from finding_explanations where file_id = $1 and rule = $2', [f.id, input.rule]);
        } else {
          if (countZi(text) > EXPLANATION_MAX_CHARS) throw badRequest(`说明不能超过 ${EXPLANATION_MAX_CHARS} 字，请精简后再保存`);
          await q.query(
            `insert into finding_explanations (file_id, rule, case_id, text, author_id, created_at) values ($1, $2, $3, $4, $5, $6)
             on conflict (file_id, rule) do update set text = excluded.text, created_at = excluded.created_at, accepted_by = null, accepted_at = null`,
            [f.id, input.rule, caseId, text, viewer.id, now],
          );
        }
        await writeAudit(q, { id: viewer.id, role: viewer.role, name: viewer.name }, {
          event: text ? 'finding.explain' : 'finding.explain_remove', objectType: 'case', objectId: caseId, provinceCode: row.province_code,
          data: { slot: input.slot, rule: input.rule, fileId: f.id },
        }, clock.now());
      });
    },

    /** The provincial administrator accepts an author's explanation of a finding (who and when recorded, audited). */
    async acceptExplanation(viewer: SessionUser, caseId: string, input: { slot: string; rule: string }) {
      return db.tx(async (q) => {
        const row = await reviewableCase(q, viewer, caseId);
        const fileId = await submittedFileId(q, row, input.slot);
        const done = await q.query<{ rule: string }>(
          `update finding_explanations set accepted_by = $3, accepted_at = $4 where file_id = $1 and rule = $2 and accepted_at is null returning rule`,
          [fileId, input.rule, viewer.id, new Date(clock.now()).toISOString()],
        );
        if (!done.length) throw conflict('NO_EXPLANATION', '此项没有待复核的说明（可能已确认）');
        await writeAudit(q, { id: viewer.id, role: viewer.role, name: viewer.name }, {
          event: 'finding.accept', objectType: 'case', objectId: caseId, provinceCode: row.province_code, data: { slot: input.slot, rule: input.rule, fileId },
        }, clock.now());
      });
    },

    /** The provincial administrator ticks (or unticks) a manual item of the checklist (stored, audited). */
    async setChecklist(viewer: SessionUser, caseId: string, input: { slot: string; rule: string; checked: boolean }) {
      return db.tx(async (q) => {
        const row = await reviewableCase(q, viewer, caseId);
        const fileId = await submittedFileId(q, row, input.slot);
        const [res] = await q.query<{ status: string }>('select status from check_results where file_id = $1 and rule = $2', [fileId, input.rule]);
        if (res?.status !== 'manual') throw notFound('人工核对项');
        if (input.checked) {
          await q.query(
            `insert into case_checklist (case_id, file_id, rule, checked_by, checked_at) values ($1, $2, $3, $4, $5) on conflict do nothing`,
            [caseId, fileId, input.rule, viewer.id, new Date(clock.now()).toISOString()],
          );
        } else {
          await q.query('delete from case_checklist where case_id = $1 and file_id = $2 and rule = $3', [caseId, fileId, input.rule]);
        }
        await writeAudit(q, { id: viewer.id, role: viewer.role, name: viewer.name }, {
          event: input.checked ? 'checklist.check' : 'checklist.uncheck', objectType: 'case', objectId: caseId, provinceCode: row.province_code,
          data: { slot: input.slot, rule: input.rule, fileId },
        }, clock.now());
      });
    },

    /**
     * Inside the form's save transaction: the form answers a check depends on changed (the video parts' start times,
     * the AI-content declaration), so the current files of these slots are checked again.
     */
    async recheckSlots(q: Queryable, caseId: string, slots: string[]) {
      if (!slots.length) return;
      const files = await q.query<{ id: string }>(
        `update files set check_status = 'pending' where case_id = $1 and is_current and slot = any($2::text[]) returning id`,
        [caseId, slots],
      );
      for (const f of files) await deps.jobs.send('file.check', { fileId: f.id }, { tx: q });
    },

    /** Demo seeding: the province ticks every manual item of a submitted case at once (each audited). */
    async tickAllManual(viewer: SessionUser, caseId: string) {
      const rows = await db.query<{ slot: string; rule: string }>(
        `select s.slot, r.rule from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
         join check_results r on r.file_id = s.file_id and r.status = 'manual' where s.case_id = $1`,
        [caseId],
      );
      for (const r of rows) await this.setChecklist(viewer, caseId, { ...r, checked: true });
    },

    /**
     * What keeps a submitted case from being recommended: explanations not yet accepted and manual items not ticked,
     * on the files of the last submission.
     */
    async recommendProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]> {
      const files = await q.query<FileRow>(
        `select f.* from submission_files s join files f on f.id = s.file_id join cases c on c.id = s.case_id and s.submission = c.submission_count where s.case_id = $1`,
        [caseId],
      );
      if (!files.length) return [];
      const ids = files.map((f) => f.id);
      const results = await q.query<ResultRow>('select * from check_results where file_id = any($1::uuid[])', [ids]);
      const { explanations, checks } = await reviewRows(q, ids);
      const problems: FieldError[] = [];
      for (const slot of type.attachments) {
        const f = files.find((x) => x.slot === slot.slot);
        if (!f) continue;
        for (const r of results.filter((x) => x.file_id === f.id)) {
          const e = explanations.find((x) => x.file_id === f.id && x.rule === r.rule);
          if (e && !e.accepted_at && gateOf(slot, r, true) === 'explained') {
            problems.push({ path: `files.${slot.slot}.${r.rule}`, message: `${slot.label}：作者对“${ruleName(r.rule)}”的说明尚待人工复核确认` });
          }
          if (r.status === 'manual' && !checks.some((k) => k.file_id === f.id && k.rule === r.rule)) {
            problems.push({ path: `files.${slot.slot}.${r.rule}`, message: `${slot.label}：人工核对项“${ruleName(r.rule)}”尚未勾选` });
          }
        }
      }
      return problems;
    },

    /** What keeps a case from being submitted: missing required files, checks not finished, blocking fails. */
    async submissionProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]> {
      const { files, results } = await currentFiles(q, caseId);
      const problems: FieldError[] = [];
      for (const slot of type.attachments) {
        const f = files.find((x) => x.slot === slot.slot);
        if (!f) {
          if (slot.required) problems.push({ path: `files.${slot.slot}`, message: `请上传${slot.label}` });
          continue;
        }
        if (f.check_status === 'pending' || f.check_status === 'running') {
          problems.push({ path: `files.${slot.slot}`, message: `${slot.label}正在检查中，请稍候再提交` });
          continue;
        }
        if (!f.sha256) {
          problems.push({ path: `files.${slot.slot}`, message: `${slot.label}未能完成校验，请重新上传该文件后再提交` });
          continue;
        }
        const explained = await q.query<{ rule: string }>('select rule from finding_explanations where file_id = $1', [f.id]);
        for (const r of results.filter((x) => x.file_id === f.id)) {
          const gate = gateOf(slot, r, explained.some((e) => e.rule === r.rule));
          if (gate === 'blocks') problems.push({ path: `files.${slot.slot}`, message: `${slot.label}：${r.message}` });
          if (gate === 'needs_explanation') {
            problems.push({
              path: `files.${slot.slot}.${r.rule}`,
              message: `${slot.label}：${r.message}（如确认无误，可在该项检查结果下填写说明，由省级管理员人工复核）`,
            });
          }
        }
      }
      return problems;
    },

    /**
     * Inside the submit transaction (the case row is locked): ends the author's unfinished uploads on the case, so none
     * can complete into it afterwards, and records the content hash of every current file as this submission.
     * submissionProblems has already made sure every file is checked and hashed.
     */
    async freezeSubmission(q: Queryable, caseId: string, at: number) {
      const now = new Date(at).toISOString();
      const ended = await q.query<{ id: string }>(
        `update uploads set terminated_at = $2, ended_reason = 'submitted' where case_id = $1 and completed_at is null and terminated_at is null returning id`,
        [caseId, now],
      );
      const [c] = await q.query<{ submission_count: number }>('update cases set submission_count = submission_count + 1 where id = $1 returning submission_count', [caseId]);
      const files = await q.query<{ id: string; slot: string; sha256: string; size: string }>(
        'select id, slot, sha256, size from files where case_id = $1 and is_current and sha256 is not null order by slot',
        [caseId],
      );
      if (files.length) {
        await q.query(
          `insert into submission_files (case_id, submission, slot, file_id, sha256, size, submitted_at)
           select $1, $2, x.slot, x.file_id::uuid, x.sha256, x.size::bigint, $3
           from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as x(slot, file_id, sha256, size)`,
          [caseId, c.submission_count, now, files.map((f) => f.slot), files.map((f) => f.id), files.map((f) => f.sha256), files.map((f) => String(f.size))],
        );
      }
      return {
        submission: c.submission_count,
        endedUploads: ended.length,
        files: files.map((f) => ({ slot: f.slot, fileId: f.id, sha256: f.sha256, size: Number(f.size) })),
      };
    },

    /**
     * An upload that completed when its case could no longer take it: its bytes are not used. Records it (with the
     * hash of what was sent) so the refusal is on the record; the tus layer then removes the bytes.
     */
    async refuseUpload(uploadId: string) {
      const [u] = await db.query<{ case_id: string; slot: string; owner_id: string; filename: string; size: string; ended_reason: string | null }>(
        'select case_id, slot, owner_id, filename, size, ended_reason from uploads where id = $1',
        [uploadId],
      );
      if (!u) return;
      const sha256 = await hashObject(uploadId).catch(() => null);
      await db.tx(async (q) => {
        await q.query(`update uploads set terminated_at = coalesce(terminated_at, $2), ended_reason = coalesce(ended_reason, 'refused') where id = $1`, [uploadId, new Date(clock.now()).toISOString()]);
        const [c] = await q.query<{ province_code: string; state: string }>('select province_code, state from cases where id = $1', [u.case_id]);
        await writeAudit(q, { id: u.owner_id, role: 'author', name: null }, {
          event: 'file.upload_refused', outcome: 'denied', objectType: 'case', objectId: u.case_id, provinceCode: c?.province_code,
          data: { slot: u.slot, filename: u.filename, size: Number(u.size), sha256, caseState: c?.state, reason: u.ended_reason ?? 'not_editable' },
        }, clock.now());
      });
    },

    /** Whether an unfinished upload may still be written: not ended, and its case still editable by its author. */
    async uploadOpen(uploadId: string): Promise<boolean> {
      const [u] = await db.query<{ terminated_at: Date | null; state: CaseState | null }>(
        'select u.terminated_at, c.state from uploads u left join cases c on c.id = u.case_id where u.id = $1',
        [uploadId],
      );
      // Uploads created before uploads were recorded at creation have no row yet: the completion check decides.
      if (!u) return true;
      return !u.terminated_at && !!u.state && isEditableByAuthor(u.state);
    },

    /**
     * Removes the bytes of files replaced more than `retentionMs` ago, unless a submission still names them (what the
     * province or an expert may read). The row stays, marked purged, and the audit keeps each file's hash.
     */
    async purgeReplaced(retentionMs: number) {
      const cutoff = new Date(clock.now() - retentionMs).toISOString();
      const due = await db.query<{ id: string; case_id: string; slot: string; object_key: string; filename: string; size: string; sha256: string | null; province_code: string }>(
        `select f.id, f.case_id, f.slot, f.object_key, f.filename, f.size, f.sha256, c.province_code
         from files f join cases c on c.id = f.case_id
         where not f.is_current and f.purged_at is null and f.replaced_at < $1
           and not exists (select 1 from submission_files s where s.file_id = f.id and s.submission = c.submission_count)
         order by f.replaced_at limit 500`,
        [cutoff],
      );
      for (const f of due) {
        const sha256 = f.sha256 ?? (await hashObject(f.object_key).catch(() => null));
        await storage.delete(f.object_key).catch(() => undefined);
        await db.tx(async (q) => {
          await q.query('update files set purged_at = $2, sha256 = coalesce(sha256, $3) where id = $1', [f.id, new Date(clock.now()).toISOString(), sha256]);
          await writeAudit(q, null, {
            event: 'file.purge', objectType: 'case', objectId: f.case_id, provinceCode: f.province_code,
            data: { slot: f.slot, fileId: f.id, filename: f.filename, size: Number(f.size), sha256 },
          }, clock.now());
        });
      }
      return due.length;
    },

    /** Queues the next purge run (one waiting run for all processes). */
    async schedulePurge(inSeconds = 3600) {
      await deps.jobs.send('files.purge', {}, { singletonKey: 'hourly', startAfterSeconds: inSeconds });
    },

    /** Organiser: the same file content in two or more cases. */
    async duplicates(callId?: string) {
      const rows = await db.query<{ sha256: string; case_id: string; title: string; province_code: string; slot: string; filename: string; author_name: string }>(
        `select f.sha256, f.case_id, c.title, c.province_code, f.slot, f.filename, u.name as author_name
         from files f join cases c on c.id = f.case_id join users u on u.id = c.author_id
         where f.is_current and f.sha256 in (
           select sha256 from files where is_current and sha256 is not null group by sha256 having count(distinct case_id) > 1
         ) ${callId ? 'and c.call_id = $1' : ''} order by f.sha256, c.title`,
        callId ? [callId] : [],
      );
      const groups = new Map<string, typeof rows>();
      for (const r of rows) groups.set(r.sha256, [...(groups.get(r.sha256) ?? []), r]);
      return [...groups.entries()].map(([sha256, list]) => ({
        sha256,
        cases: list.map((r) => ({ caseId: r.case_id, title: r.title, provinceCode: r.province_code, slot: r.slot, filename: r.filename, authorName: r.author_name })),
      }));
    },

    /** A file of a case the viewer may see (author, own province, organiser; experts once assigned). */
    async fileForDownload(viewer: SessionUser, fileId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw notFound('文件');
      const [f] = await db.query<FileRow & { purged_at: Date | null }>('select * from files where id = $1', [fileId]);
      const row = f ? await findCaseInScope(db, viewer, f.case_id) : null;
      if (!f || !row) throw notFound('文件');
      if (!can(viewer, 'read.info_forms')) {
        const slot = findCaseType(calls.requireCall(row.call_id), row.case_type)?.attachments.find((a) => a.slot === f.slot);
        if (!slot || INFO_FORM_ROLES.has(slot.role)) throw notFound('文件');
      }
      // Everyone but the author reads exactly the files of the last submission (once there is one).
      if (viewer.id !== row.author_id && row.submission_count > 0) {
        const [s] = await db.query<{ sha256: string }>('select sha256 from submission_files where case_id = $1 and submission = $2 and file_id = $3', [row.id, row.submission_count, f.id]);
        if (!s) throw notFound('文件');
        return { ...f, sha256: s.sha256 };
      }
      if (f.purged_at) throw gone('FILE_PURGED', '该文件已被替换，并已按保存期限清理');
      return f;
    },

    /** Queues a new check of every current file of calls whose rules changed since their files were checked. */
    async recheckChangedCalls() {
      // This process's copy of the calls may be seconds old (a call changed through another API process).
      await calls.reload();
      let queued = 0;
      for (const call of calls.list()) {
        const version = rulesVersionOf(call);
        const [v] = await db.query<{ rules_version: string }>('select rules_version from call_versions where call_id = $1', [call.id]);
        if (v?.rules_version === version) continue;
        const stale = await db.query<{ id: string }>(
          `select f.id from files f join cases c on c.id = f.case_id where c.call_id = $1 and f.is_current and (f.checked_rules_version is distinct from $2)`,
          [call.id, version],
        );
        for (const f of stale) await deps.jobs.send('file.check', { fileId: f.id, rulesVersion: version });
        queued += stale.length;
        await db.query(
          `insert into call_versions (call_id, rules_version) values ($1, $2) on conflict (call_id) do update set rules_version = $2, updated_at = now()`,
          [call.id, version],
        );
      }
      return queued;
    },
  };
}

export type FilesService = ReturnType<typeof filesService>;
