// Files of cases: registering completed uploads, the authoritative background check, results per rule,
// what blocks submission, duplicates across cases, and scoped downloads.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
import { findCaseInScope, findCaseKeysInScope } from '../cases/case.repository.ts';
import type { FieldError } from '@anli/domain/form.ts';
import { isEditableByAuthor } from '@anli/domain/lifecycle.ts';
import { EXPLANATION_MAX_CHARS, findingKind, gateOf } from '@anli/domain/blocking.ts';
import { slotRequirements } from '@anli/domain/slot-requirements.ts';
import { countZi } from '@anli/domain/text.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import {
  acceptExplanation, acceptUpload, deleteExplanation, findCaseState, findCurrentFile, findFile,
  findFileForCheck, findResultStatus, findRulesVersion, findSubmittedFileHash, findSubmittedFileId, findSubmittedResult, findUpload, findCaseFilesInScope, findCaseFileStatusesInScope, freezeSubmissionFiles,
  findUploadState, insertUpload, listDuplicateFiles,
  listManualItemsOfLastSubmission, listPurgeDue,
  listFilesWithReview, listResultStatuses, listStaleFiles, lockUploadWithCase, markCheckRunning, markFilePurged, markSlotsForRecheck,
  markUploadRefused, markCheckError, setChecklistItemAudited, setRulesVersion, storeCheckResults,
  upsertExplanation, type ExplanationRow, type FileRow, type ResultRow, type CheckRow,
} from './file.repository.ts';

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

export type { FileRow, ResultRow } from './file.repository.ts';

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


  /** A submitted case the viewer (a provincial administrator of its province) may review; locked for update. */
  async function reviewableCase(q: Queryable, viewer: SessionUser, caseId: string, forUpdate = true) {
    if (!can(viewer, 'review.findings')) throw forbidden();
    const row = await findCaseKeysInScope(q, viewer, caseId, forUpdate);
    if (!row) throw notFound();
    if (row.state !== 'submitted') throw conflict('CASE_NOT_UNDER_REVIEW', '只有已提交、待审核的案例可以进行人工复核');
    return row;
  }

  /** The file of a slot in the case's last submission (what the province reads). */
  async function submittedFileId(q: Queryable, row: { id: string; submission_count: number }, slot: string) {
    const fileId = await findSubmittedFileId(q, row.id, row.submission_count, slot);
    if (!fileId) throw notFound('附件');
    return fileId;
  }

  /**
   * Which slots a viewer is shown: experts never see the info forms (PIPL: they carry full phone numbers and the unit's
   * stamp). Which files fill them (the author's current ones, everyone else's the last submission's) is the
   * repository's shownFilesOf.
   */
  function shownSlots(viewer: SessionUser, row: { call_id: string; case_type: string }) {
    const call = calls.requireCall(row.call_id);
    const fullType = findCaseType(call, row.case_type)!;
    const type = !can(viewer, 'read.info_forms') ? { ...fullType, attachments: fullType.attachments.filter((a) => !INFO_FORM_ROLES.has(a.role)) } : fullType;
    return { call, type };
  }

  function slotOf(call: CallDef, typeId: string, slotId: string) {
    const type = findCaseType(call, typeId);
    return { type, slot: type?.attachments.find((a) => a.slot === slotId) };
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
    async registerUpload(uploadId: string, size: number, opts: { enqueue?: boolean; record?: (q: Queryable) => Promise<void> } = {}) {
      return db.tx(async (q) => {
        // The case row is the lock that submission takes too: a file becomes current only while the case is editable,
        // so an upload that completes after the case was submitted can never replace what was submitted.
        let u = await lockUploadWithCase(q, uploadId);
        // An upload without its row (`record` writes it): recorded, then read again.
        if (!u && opts.record && !(await findUpload(q, uploadId))) {
          await opts.record(q);
          u = await lockUploadWithCase(q, uploadId);
        }
        if (!u) throw (await findUpload(q, uploadId)) ? notFound() : notFound('上传');
        if (u.file_id) return u.file_id;
        if (u.terminated_at || !isEditableByAuthor(u.case_state)) throw uploadEnded();
        const fileId = randomUUID();
        // Marked completed, the slot's file replaced and the audit record written in one statement.
        await acceptUpload(
          q,
          { uploadId, fileId, caseId: u.case_id, slot: u.slot, filename: u.filename, size, uploadedBy: u.owner_id, at: clock.now() },
          { id: u.owner_id, role: 'author', name: u.owner_name },
          { event: 'file.upload', objectType: 'case', objectId: u.case_id, provinceCode: u.province_code, data: { slot: u.slot, fileId, size, replaced: u.has_current } },
        );
        // Enqueued in the same transaction: the job exists exactly when the file does.
        if (opts.enqueue !== false) await deps.jobs.send('file.check', { fileId }, { tx: q });
        return fileId;
      });
    },

    /** Stores bytes or a local file as an uploaded file of a slot (generated demo files, imports), as if the owner uploaded it. */
    async storeFile(ownerId: string, caseId: string, slot: string, filename: string, content: Uint8Array | { path: string }, opts: { enqueue?: boolean } = {}) {
      const key = randomBytes(16).toString('hex');
      const size = content instanceof Uint8Array ? content.length : (await stat(content.path)).size;
      if (!(content instanceof Uint8Array) && storage.putFile) await storage.putFile(key, content.path);
      else await storage.put(key, content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : createReadStream(content.path), size);
      await insertUpload(db, { id: key, caseId, slot, ownerId, filename, size });
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
      const f = await findFileForCheck(db, fileId);
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
          ? await listResultStatuses(db, fileId)
          : null;
      // The content hash is kept as soon as it is known (before the check, which may fail): submission records it.
      const sha256 = f.sha256 ?? (await hashObject(f.object_key));
      await markCheckRunning(db, fileId, sha256);
      const source = await storage.source(f.object_key);
      let results: RuleResult[];
      let coursewareSource: Awaited<ReturnType<ObjectStorage['source']>> | undefined;
      try {
        if (slot.role === 'video') {
          const cw = await findCurrentFile(db, f.case_id, 'courseware');
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
      const checked = { at: now, sha256, rulesVersion: version };
      if (changed && onChanged) {
        await db.tx(async (q) => {
          await storeCheckResults(q, fileId, results, checked);
          await onChanged(q, changed);
        });
      } else await storeCheckResults(db, fileId, results, checked);
      return { changed };
    },

    async markCheckFailed(fileId: string) {
      await markCheckError(db, fileId);
    },

    /** Slots of a case with their current files and check results, for the case page. */
    async forCase(viewer: SessionUser, caseId: string) {
      // The case (in the viewer's scope) and the files shown to the viewer, in one read.
      const found = await findCaseFilesInScope(db, viewer, caseId, can(viewer, 'read.duplicate_files'));
      if (!found) throw notFound();
      const { call, type } = shownSlots(viewer, found.keys);
      const slots = new Set(type.attachments.map((a) => a.slot));
      const files = found.files.filter((f) => slots.has(f.slot));
      const results = found.results.filter((r) => files.some((f) => f.id === r.file_id));
      return present(call, type, files, results, found.duplicates, found.review);
    },

    /** The same slots and files as forCase, with only their check status: what a page waiting for checks polls. */
    async statusForCase(viewer: SessionUser, caseId: string) {
      const found = await findCaseFileStatusesInScope(db, viewer, caseId);
      if (!found) throw notFound();
      const { type } = shownSlots(viewer, found.keys);
      return type.attachments.map((a) => {
        const f = found.files.find((x) => x.slot === a.slot);
        return { slot: a.slot, fileId: f?.id ?? null, checkStatus: f?.check_status ?? null };
      });
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
        const f = await findCurrentFile(q, caseId, input.slot);
        if (!f) throw notFound('文件');
        const status = await findResultStatus(q, f.id, input.rule);
        if (status !== 'fail' && status !== 'error') throw conflict('NOTHING_TO_EXPLAIN', '此项检查已通过，无需说明');
        const text = input.text.trim();
        const now = new Date(clock.now()).toISOString();
        if (!text) {
          await deleteExplanation(q, f.id, input.rule);
        } else {
          if (countZi(text) > EXPLANATION_MAX_CHARS) throw badRequest(`说明不能超过 ${EXPLANATION_MAX_CHARS} 字，请精简后再保存`);
          await upsertExplanation(q, { fileId: f.id, rule: input.rule, caseId, text, authorId: viewer.id, at: now });
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
        const done = await acceptExplanation(q, fileId, input.rule, viewer.id, new Date(clock.now()).toISOString());
        if (!done) throw conflict('NO_EXPLANATION', '此项没有待复核的说明（可能已确认）');
        await writeAudit(q, { id: viewer.id, role: viewer.role, name: viewer.name }, {
          event: 'finding.accept', objectType: 'case', objectId: caseId, provinceCode: row.province_code, data: { slot: input.slot, rule: input.rule, fileId },
        }, clock.now());
      });
    },

    /** The provincial administrator ticks (or unticks) a manual item of the checklist (stored, audited). */
    async setChecklist(viewer: SessionUser, caseId: string, input: { slot: string; rule: string; checked: boolean }) {
      if (!can(viewer, 'review.findings')) throw forbidden();
      // One statement and no transaction (an administrator ticks item after item): the tick and its audit record,
      // written only while the case is in the viewer's scope and submitted and the item is a manual check of the last
      // submission. When nothing was written, the reads say why.
      for (let attempt = 0; ; attempt++) {
        const now = clock.now();
        const written = await setChecklistItemAudited(
          db,
          viewer,
          { caseId, slot: input.slot, rule: input.rule, checked: input.checked, by: viewer.id, at: new Date(now).toISOString() },
          { id: viewer.id, role: viewer.role, name: viewer.name },
          {
            event: input.checked ? 'checklist.check' : 'checklist.uncheck', objectType: 'case', objectId: caseId, provinceCode: viewer.provinceCode ?? null,
            data: { slot: input.slot, rule: input.rule },
          },
          now,
        );
        if (written) return;
        const row = await reviewableCase(db, viewer, caseId, false);
        const found = await findSubmittedResult(db, row.id, row.submission_count, input.slot, input.rule);
        if (!found) throw notFound('附件');
        if (found.status !== 'manual') throw notFound('人工核对项');
        // The case moved on between the write and the reads (and may be back under review): try again. A case that
        // changed under three tries in a row is still changing: say so.
        if (attempt >= 2) throw conflict('CASE_CHANGED', '该案例刚刚被其他操作修改，请刷新页面后重新勾选');
      }
    },

    /**
     * Inside the form's save transaction: the form answers a check depends on changed (the video parts' start times,
     * the AI-content declaration), so the current files of these slots are checked again.
     */
    async recheckSlots(q: Queryable, caseId: string, slots: string[]) {
      if (!slots.length) return;
      const files = await markSlotsForRecheck(q, caseId, slots);
      for (const f of files) await deps.jobs.send('file.check', { fileId: f.id }, { tx: q });
    },

    /** Demo seeding: the province ticks every manual item of a submitted case at once (each audited). */
    async tickAllManual(viewer: SessionUser, caseId: string) {
      const rows = await listManualItemsOfLastSubmission(db, caseId);
      for (const r of rows) await this.setChecklist(viewer, caseId, { ...r, checked: true });
    },

    /**
     * What keeps a submitted case from being recommended: explanations not yet accepted and manual items not ticked,
     * on the files of the last submission.
     */
    async recommendProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]> {
      const { files, results, review: { explanations, checks } } = await listFilesWithReview(q, caseId, 'last', false);
      if (!files.length) return [];
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
      // The current files with their results and the rules the author explained, in one read.
      const { files, results, review: { explanations: explained } } = await listFilesWithReview(q, caseId, null, false);
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
        for (const r of results.filter((x) => x.file_id === f.id)) {
          const gate = gateOf(slot, r, explained.some((e) => e.file_id === f.id && e.rule === r.rule));
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
      const frozen = await freezeSubmissionFiles(q, caseId, new Date(at).toISOString());
      return {
        submission: frozen.submission,
        endedUploads: frozen.ended,
        files: frozen.files.map((f) => ({ slot: f.slot, fileId: f.id, sha256: f.sha256, size: Number(f.size) })),
      };
    },

    /**
     * An upload that completed when its case could no longer take it: its bytes are not used. Records it (with the
     * hash of what was sent) so the refusal is on the record; the tus layer then removes the bytes.
     */
    async refuseUpload(uploadId: string) {
      const u = await findUpload(db, uploadId);
      if (!u) return;
      const sha256 = await hashObject(uploadId).catch(() => null);
      await db.tx(async (q) => {
        await markUploadRefused(q, uploadId, new Date(clock.now()).toISOString());
        const c = await findCaseState(q, u.case_id);
        await writeAudit(q, { id: u.owner_id, role: 'author', name: null }, {
          event: 'file.upload_refused', outcome: 'denied', objectType: 'case', objectId: u.case_id, provinceCode: c?.province_code,
          data: { slot: u.slot, filename: u.filename, size: Number(u.size), sha256, caseState: c?.state, reason: u.ended_reason ?? 'not_editable' },
        }, clock.now());
      });
    },

    /** Whether an unfinished upload may still be written: not ended, and its case still editable by its author. */
    async uploadOpen(uploadId: string): Promise<boolean> {
      const u = await findUploadState(db, uploadId);
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
      const due = await listPurgeDue(db, cutoff);
      for (const f of due) {
        const sha256 = f.sha256 ?? (await hashObject(f.object_key).catch(() => null));
        await storage.delete(f.object_key).catch(() => undefined);
        await db.tx(async (q) => {
          await markFilePurged(q, f.id, new Date(clock.now()).toISOString(), sha256);
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
      const rows = await listDuplicateFiles(db, callId);
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
      const f = await findFile(db, fileId);
      const row = f ? await findCaseKeysInScope(db, viewer, f.case_id) : null;
      if (!f || !row) throw notFound('文件');
      if (!can(viewer, 'read.info_forms')) {
        const slot = findCaseType(calls.requireCall(row.call_id), row.case_type)?.attachments.find((a) => a.slot === f.slot);
        if (!slot || INFO_FORM_ROLES.has(slot.role)) throw notFound('文件');
      }
      // Everyone but the author reads exactly the files of the last submission (once there is one).
      if (viewer.id !== row.author_id && row.submission_count > 0) {
        const sha256 = await findSubmittedFileHash(db, row.id, row.submission_count, f.id);
        if (!sha256) throw notFound('文件');
        return { ...f, sha256 };
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
        if ((await findRulesVersion(db, call.id)) === version) continue;
        const stale = await listStaleFiles(db, call.id, version);
        for (const f of stale) await deps.jobs.send('file.check', { fileId: f.id, rulesVersion: version });
        queued += stale.length;
        await setRulesVersion(db, call.id, version);
      }
      return queued;
    },
  };
}

export type FilesService = ReturnType<typeof filesService>;
