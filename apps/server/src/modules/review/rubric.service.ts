// The organiser's own rubric (SPEC §2.1: the 2025 notice publishes none; the built-in one is the organiser's, the UI
// says so, and the organiser may edit it before a round opens). The edit is stored per call and case type
// (call_rubrics), audited, and used for every score sheet; once any review round of the call has opened it is fixed.
import type { CallDef, CaseTypeDef, RubricIndicator } from '@anli/domain/calls/schema.ts';
import { rubricIssues } from '@anli/domain/review/scoring.ts';
import type { CaseTypeRubric, RubricBody } from '@anli/contracts/rubrics.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { callRubrics, openedRoundNames, rubricOverride, upsertRubric } from './rubric.repository.ts';

/** How pages name a rubric's origin. */
export const RUBRIC_SOURCE_LABELS = {
  notice: '活动通知公布的评分标准',
  organiser: '组委会自定评分标准（通知未公布）',
} as const;

/** The rubric experts score with: the organiser's edit when there is one, else the call definition's. */
export async function effectiveRubric(q: Queryable, call: CallDef, type: CaseTypeDef): Promise<RubricIndicator[]> {
  if (type.rubricSource !== 'organiser') return type.rubric;
  return (await rubricOverride(q, call.id, type.id)) ?? type.rubric;
}

/** Why the call's rubrics can no longer change: a review round (national or provincial) has opened. */
async function lockedReason(q: Queryable, callId: string, lock = false): Promise<string | null> {
  const rounds = await openedRoundNames(q, callId, lock);
  return rounds.length ? `评审轮次“${rounds[0]!}”已开始，评分标准不能再修改` : null;
}

export function rubricService(deps: { db: Db; clock: Clock; calls: Pick<CallsService, 'requireCall'> }) {
  const { db, clock, calls } = deps;

  async function present(q: Queryable, call: CallDef): Promise<CaseTypeRubric[]> {
    const locked = await lockedReason(q, call.id);
    const rows = await callRubrics(q, call.id);
    const out: CaseTypeRubric[] = [];
    for (const type of call.caseTypes) {
      const source = type.rubricSource;
      const row = source === 'organiser' ? rows.find((r) => r.case_type === type.id) : undefined;
      out.push({
        caseType: type.id,
        caseTypeName: type.name,
        source,
        sourceLabel: RUBRIC_SOURCE_LABELS[source],
        rubric: row ? row.rubric : type.rubric,
        edited: row ? { at: new Date(row.updated_at).toISOString(), by: row.name } : null,
        editable: source === 'organiser' && !locked,
        lockedReason: source === 'notice' ? '该评分标准由活动通知公布，不能修改' : locked,
      });
    }
    return out;
  }

  return {
    async list(callId: string) {
      return present(db, calls.requireCall(callId));
    },

    /** Replaces a case type's organiser rubric; refused for a notice's rubric and once a round of the call opened. */
    async update(viewer: SessionUser, callId: string, caseType: string, body: RubricBody): Promise<CaseTypeRubric> {
      const call = calls.requireCall(callId);
      const type = call.caseTypes.find((t) => t.id === caseType);
      if (!type) throw notFound('案例类型');
      if (type.rubricSource !== 'organiser') throw conflict('RUBRIC_FROM_NOTICE', `“${type.name}”的评分标准由活动通知公布，不能修改`);
      const issues = rubricIssues(body.rubric);
      if (issues.length) throw badRequest(`评分标准有 ${issues.length} 处需要修改：${issues[0]!.message}`, issues);
      // Ids: kept for indicators that have one (unique), new ones numbered after the largest.
      const used = new Set<string>();
      const rubric: RubricIndicator[] = body.rubric.map((r) => {
        let id = r.id && !used.has(r.id) ? r.id : '';
        if (!id) for (let n = 1; !id; n++) if (!used.has(`indicator-${n}`) && !body.rubric.some((x) => x.id === `indicator-${n}`)) id = `indicator-${n}`;
        used.add(id);
        return {
          id,
          name: r.name.trim(),
          weight: r.weight,
          subIndicators: r.subIndicators.map((s) => ({ name: s.name.trim(), description: s.description.trim() })),
        };
      });
      const now = clock.now();
      return db.tx(async (q) => {
        // Rounds are locked while the rubric is replaced, so a round cannot open in between.
        const locked = await lockedReason(q, call.id, true);
        if (locked) throw conflict('RUBRIC_LOCKED', locked);
        const before = await effectiveRubric(q, call, type);
        await upsertRubric(q, { callId: call.id, caseType: type.id, rubric, by: viewer.id, now });
        await writeAudit(q, { id: viewer.id, role: viewer.role, name: viewer.name }, {
          event: 'call.rubric_update',
          objectType: 'call',
          objectId: call.id,
          data: {
            caseType: type.id,
            before: before.map((r) => ({ name: r.name, weight: r.weight })),
            after: rubric.map((r) => ({ name: r.name, weight: r.weight, subIndicators: r.subIndicators.length })),
          },
        }, now);
        return (await present(q, call)).find((x) => x.caseType === type.id)!;
      });
    },
  };
}
export type RubricService = ReturnType<typeof rubricService>;
