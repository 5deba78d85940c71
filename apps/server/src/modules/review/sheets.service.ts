// An expert's review work: the tasks in open rounds, the review page, and score sheets saved as drafts and submitted.
// Sheets are checked by packages/domain/src/review/scoring.ts (draftScoreSheetIssues, validateScoreSheet).
import type { SheetBody } from '@anli/contracts/review.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import {
  draftScoreSheetIssues, validateScoreSheet, weightedTotal, type ScoredIndicator, type ScoreIssue, type ScoreSheet,
} from '@anli/domain/review/scoring.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf, presentRound, presentSheet, provinceName, safeCall, untitled } from './review.present.ts';
import { caseProvince, expertOfUser, isUuid, openTasks, ownOpenAssignment, roundById, storeSheet } from './review.repository.ts';
import { effectiveRubric, RUBRIC_SOURCE_LABELS } from './rubric.service.ts';

const fieldsOf = (issues: ScoreIssue[]) => issues.map((i) => ({ path: `scores.${i.indicatorId}`, message: i.message }));

/** A draft's scores as stored: checked by the domain's draft rules, empty indicators left out. */
function draftSheet(rubric: ScoredIndicator[], raw: Record<string, number | null> = {}): ScoreSheet {
  const issues = draftScoreSheetIssues(rubric, raw);
  if (issues.length) throw badRequest('评分有需要修改的内容', fieldsOf(issues));
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
}

function commentOf(v: string | null | undefined): string {
  if (v === undefined || v === null) return '';
  if (v.length > 2000) throw badRequest('评语最多 2000 字', [{ path: 'comment', message: '评语最多 2000 字' }]);
  return v.trim();
}

export function sheetsService(deps: Pick<ReviewDeps, 'db' | 'clock' | 'calls' | 'cases'>) {
  const { db, clock, calls, cases } = deps;

  /** The rubric experts score with: the organiser's edit, if any (rubric.service.ts), else the call's. */
  async function rubricOf(q: Queryable, call: CallDef, caseType: string) {
    const type = findCaseType(call, caseType);
    if (!type) throw badRequest('案例类型不存在');
    return effectiveRubric(q, call, type);
  }

  /** The expert's own assignment in an open round, locked for update when asked. */
  async function ownAssignment(q: Queryable, expert: SessionUser, roundId: string, caseId: string, forUpdate = false) {
    if (!isUuid(roundId) || !isUuid(caseId)) throw notFound();
    const e = await expertOfUser(q, expert);
    if (!e) throw notFound();
    const a = await ownOpenAssignment(q, e.id, roundId, caseId, forUpdate);
    if (!a) throw notFound();
    return { a, expert: e };
  }

  return {
    async tasks(expert: SessionUser) {
      const e = await expertOfUser(db, expert);
      if (!e) return { total: 0, submitted: 0, tasks: [] };
      const rows = await openTasks(db, e.id);
      const tasks = rows.map((a) => {
        const call = safeCall(calls, a.call_id);
        return {
          roundId: a.round_id,
          roundName: a.round_name,
          roundScope: a.round_province ? `省级评审（${provinceName(a.round_province)}）` : '国家级评审',
          reviewMode: a.round_blind ? '匿名评审' : '实名评审',
          caseId: a.case_id,
          title: untitled(a.title),
          callTitle: call?.title ?? a.call_id,
          caseType: a.case_type,
          caseTypeName: (call && findCaseType(call, a.case_type)?.name) ?? a.case_type,
          ...presentSheet(a),
        };
      });
      return { total: tasks.length, submitted: tasks.filter((t) => t.status === 'submitted').length, tasks };
    },

    /** The review page's data: the case (scoped, phones masked), its rubric and the expert's own sheet. */
    async sheet(expert: SessionUser, roundId: string, caseId: string) {
      const { a } = await ownAssignment(db, expert, roundId, caseId);
      const call = calls.requireCall(a.call_id);
      const r = await roundById(db, roundId);
      const source = findCaseType(call, a.case_type)?.rubricSource ?? 'notice';
      return {
        round: presentRound(r, call),
        case: await cases.get(expert, caseId),
        rubric: await rubricOf(db, call, a.case_type),
        rubricSource: source,
        rubricSourceLabel: RUBRIC_SOURCE_LABELS[source],
        scale: 'points' as const,
        sheet: presentSheet(a),
      };
    },

    /** Saves a draft: scores may still be empty; the total is kept once the sheet is complete. */
    async saveSheet(expert: SessionUser, roundId: string, caseId: string, input: SheetBody) {
      const now = clock.now();
      return db.tx(async (q) => {
        const { a } = await ownAssignment(q, expert, roundId, caseId, true);
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '评分已提交，不能再修改');
        const rubric = await rubricOf(q, calls.requireCall(a.call_id), a.case_type);
        const scores = draftSheet(rubric, input.scores);
        const comment = commentOf(input.comment);
        const complete = validateScoreSheet(rubric, scores).length === 0;
        const total = complete ? weightedTotal(rubric, scores) : null;
        await storeSheet(q, a, { scores, comment, total, now, submit: false });
        return presentSheet({ ...a, scores, comment, total, saved_at: new Date(now) });
      });
    },

    /** Submits the sheet: complete and valid (scoring.ts), then locked. */
    async submitSheet(expert: SessionUser, roundId: string, caseId: string, input: SheetBody) {
      const now = clock.now();
      return db.tx(async (q) => {
        const { a, expert: e } = await ownAssignment(q, expert, roundId, caseId, true);
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '评分已提交，不能再修改');
        const rubric = await rubricOf(q, calls.requireCall(a.call_id), a.case_type);
        const scores = input.scores === undefined ? a.scores ?? {} : draftSheet(rubric, input.scores);
        const comment = input.comment === undefined ? a.comment ?? '' : commentOf(input.comment);
        const issues = validateScoreSheet(rubric, scores);
        if (issues.length) throw badRequest(`还有 ${issues.length} 项评分需要完善`, fieldsOf(issues));
        const total = weightedTotal(rubric, scores);
        await storeSheet(q, a, { scores, comment, total, now, submit: true });
        const c = await caseProvince(q, caseId);
        await writeAudit(q, actorOf(expert), {
          event: 'review.score_submit', objectType: 'case', objectId: caseId, provinceCode: c?.province_code ?? null, data: { roundId, expertId: e.id, total },
        }, now);
        return presentSheet({ ...a, scores, comment, total, saved_at: new Date(now), submitted_at: new Date(now) });
      });
    },
  };
}

export type SheetsService = ReturnType<typeof sheetsService>;
