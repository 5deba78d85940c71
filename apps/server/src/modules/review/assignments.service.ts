// Assignment of experts to the cases of a round: automatic (assignExperts, packages/domain/src/review/assignment.ts;
// existing assignments stay), by hand (an override with a reason past the conflict rules), and removal.
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { STATE_LABELS } from '@anli/domain/lifecycle.ts';
import {
  assignExperts, isEligibleByRules, matchKind, type AssignmentCase, type AssignmentExpert,
} from '@anli/domain/review/assignment.ts';
import { DomainError, badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf, caseFacts, groupBy, presentRound, provinceName, safeCall, sheetStatus, untitled } from './review.present.ts';
import {
  assignmentExists, assignmentForUpdate, assignmentsOf, conflictReason, conflictSet, deleteAssignment, ensureProfiles, expertPool, findExpert,
  insertAutoAssignments, insertManualAssignment, isUuid, roundAssignments, roundCase, roundCases, type ExpertRow,
} from './review.repository.ts';
import { roundFor } from './rounds.service.ts';

const expertInput = (e: ExpertRow): AssignmentExpert => ({ id: e.id, provinceCode: e.province_code, unitName: e.unit_name, subjects: e.subjects, stages: e.stages });

export function assignmentsService(deps: Pick<ReviewDeps, 'db' | 'clock' | 'calls'>) {
  const { db, clock, calls } = deps;

  return {
    /** Automatic assignment with assignExperts: existing assignments stay (fixed) and open slots are filled. */
    async autoAssign(actor: SessionUser, roundId: string, seed?: number, pick?: string[]) {
      const now = clock.now();
      const picked = (pick ?? []).filter(isUuid);
      if (pick && pick.length && picked.length !== pick.length) throw badRequest('所选专家不存在，请刷新后重新选择');
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.state === 'closed') throw conflict('ROUND_CLOSED', '该评审轮次已结束，不能再分配');
        const call = calls.requireCall(r.call_id);
        await ensureProfiles(q);
        const list = await roundCases(q, r.id);
        if (!list.length) {
          throw conflict('ROUND_EMPTY', r.province_code ? '本轮还没有案例，请先开始评审（本省已提交的案例进入本轮）' : '本轮还没有案例，请先开始评审（省级推荐的案例进入本轮）');
        }
        // The pool: the activated experts of the national pool and, in a provincial round, the province's own
        // (experts a province invited belong to it); or the experts picked for this assignment among them.
        const experts = await expertPool(q, r, picked);
        if (picked.length && experts.length !== picked.length) throw badRequest('所选专家中有未激活或不存在的专家，请重新选择');
        const existing = await assignmentsOf(q, r.id);
        const caseInputs: AssignmentCase[] = list.map((c) => ({ id: c.id, provinceCode: c.province_code, ...caseFacts(findCaseType(call, c.case_type), c.form ?? {}) }));
        const expertIds = new Set(experts.map((e) => e.id));
        const result = assignExperts({
          cases: caseInputs,
          experts: experts.map(expertInput),
          perCase: r.per_case,
          conflicts: (await conflictSet(q, list.map((c) => c.id))).filter((p) => expertIds.has(p.expertId)),
          fixed: existing.filter((a) => expertIds.has(a.expert_id)).map((a) => ({ expertId: a.expert_id, caseId: a.case_id })),
          seed: seed ?? 1,
          // All cases of a provincial round are of one province: the province rule cannot hold there (unit and
          // recorded conflicts still do).
          allowSameProvince: !!r.province_code,
        });
        const fresh = result.assignments.filter((a) => !a.fixed);
        await insertAutoAssignments(q, r.id, fresh, now);
        await writeAudit(q, actorOf(actor), {
          event: 'review.assign_auto', objectType: 'review_round', objectId: r.id, provinceCode: r.province_code,
          data: { added: fresh.length, unassigned: result.unassigned.length, ...(picked.length ? { experts: picked.length } : {}) },
        }, now);
        const titles = new Map(list.map((c) => [c.id, c.title]));
        return {
          added: fresh.length,
          unassigned: result.unassigned.map((u) => ({ ...u, title: untitled(titles.get(u.caseId) ?? '') })),
          loads: result.loads,
        };
      });
    },

    /** Per case of the round: its experts with match, source, override and sheet status; per expert: the load. */
    async assignments(viewer: SessionUser, roundId: string) {
      const r = await roundFor(db, viewer, roundId, 'read');
      const call = safeCall(calls, r.call_id);
      await ensureProfiles(db);
      const list = await roundCases(db, r.id);
      const rows = await roundAssignments(db, r.id);
      const conflicts = groupBy(await conflictSet(db, list.map((c) => c.id)), (x) => x.caseId);
      const byCase = groupBy(rows, (a) => a.case_id);
      const loads: Record<string, number> = {};
      for (const a of rows) loads[a.expert_id] = (loads[a.expert_id] ?? 0) + 1;
      return {
        round: presentRound(r, call),
        cases: list.map((c) => {
          const type = call ? findCaseType(call, c.case_type) : undefined;
          const facts = caseFacts(type, c.form ?? {});
          return {
            caseId: c.id,
            title: untitled(c.title),
            caseType: c.case_type,
            caseTypeName: type?.name ?? c.case_type,
            provinceCode: c.province_code,
            provinceName: provinceName(c.province_code),
            state: c.state,
            stateLabel: STATE_LABELS[c.state],
            ...facts,
            conflictExpertIds: (conflicts.get(c.id) ?? []).map((x) => x.expertId),
            experts: (byCase.get(c.id) ?? []).map((a) => ({
              expertId: a.expert_id,
              name: a.name,
              unitName: a.unit_name,
              provinceName: provinceName(a.province_code),
              source: a.source,
              match: a.match,
              overrideReason: a.override_reason,
              status: sheetStatus(a),
              total: a.total,
            })),
          };
        }),
        loads,
      };
    },

    /**
     * Adds an expert to a case by hand. An expert of the case's province or unit, or with a recorded conflict, needs
     * an explicit override with a reason, which is audited as such.
     */
    async addAssignment(actor: SessionUser, roundId: string, input: { caseId?: string; expertId?: string; overrideReason?: string | null }) {
      const caseId = input.caseId ?? '';
      const expertId = input.expertId ?? '';
      const overrideReason = input.overrideReason?.trim() ?? '';
      if (!isUuid(caseId) || !isUuid(expertId)) throw badRequest('请选择案例和专家');
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.state === 'closed') throw conflict('ROUND_CLOSED', '该评审轮次已结束，不能再分配');
        const call = calls.requireCall(r.call_id);
        const c = await roundCase(q, r.id, caseId);
        if (!c) throw notFound();
        // A provincial round uses the national pool and the province's own experts, never another province's.
        const e = await findExpert(q, expertId);
        if (!e || (r.province_code && e.owner_province && e.owner_province !== r.province_code)) throw notFound('专家');
        if (await assignmentExists(q, r.id, c.id, e.id)) throw conflict('ALREADY_ASSIGNED', '该专家已分配到此案例');
        const ac: AssignmentCase = { id: c.id, provinceCode: c.province_code, ...caseFacts(findCaseType(call, c.case_type), c.form ?? {}) };
        const ae = expertInput(e);
        const reasons: string[] = [];
        const allowSameProvince = !!r.province_code;
        if (!isEligibleByRules(ac, ae, { allowSameProvince })) {
          reasons.push(!allowSameProvince && c.province_code === e.province_code ? '专家与案例同省' : '专家与案例第一作者同单位');
        }
        const recorded = await conflictReason(q, e.id, c.id);
        if (recorded !== null) reasons.push(`已登记回避：${recorded}`);
        if (reasons.length && overrideReason.length < 2) {
          throw new DomainError('conflict', 'CONFLICT_OF_INTEREST', `${reasons.join('；')}。如确需分配，请填写越过回避的理由`, [{ path: 'overrideReason', message: '请填写越过回避的理由' }]);
        }
        const override = reasons.length ? overrideReason : null;
        await insertManualAssignment(q, { roundId: r.id, caseId: c.id, expertId: e.id, match: matchKind(ac, ae), override, now });
        await writeAudit(q, actorOf(actor), {
          event: override ? 'review.conflict_override' : 'review.assign_manual', objectType: 'case', objectId: c.id, reason: override,
          provinceCode: c.province_code, data: { roundId: r.id, expertId: e.id, expertName: e.name, conflicts: reasons },
        }, now);
        return { ok: true as const, override: !!override };
      });
    },

    /** Removes an expert from a case; a submitted sheet cannot be removed. */
    async removeAssignment(actor: SessionUser, roundId: string, caseId: string, expertId: string) {
      if (!isUuid(caseId) || !isUuid(expertId)) throw notFound();
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        const a = await assignmentForUpdate(q, r.id, caseId, expertId);
        if (!a) throw notFound('分配');
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '该专家已提交评分，不能移除');
        await deleteAssignment(q, r.id, caseId, expertId);
        await writeAudit(q, actorOf(actor), { event: 'review.unassign', objectType: 'case', objectId: caseId, provinceCode: a.province_code, data: { roundId: r.id, expertId } }, now);
        return { ok: true as const };
      });
    },
  };
}

export type AssignmentsService = ReturnType<typeof assignmentsService>;
