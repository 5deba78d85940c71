// Results and decisions: a round's aggregated scores and rankings (scoring.ts), the provincial rounds' advice beside a
// province's case list, and the organiser's selected / not selected decisions (through cases.transitionCase).
import type { DecisionsBody } from '@anli/contracts/review.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { STATE_LABELS } from '@anli/domain/lifecycle.ts';
import { aggregateCases, normalisationUse, normaliseByExpert, rankCases } from '@anli/domain/review/scoring.ts';
import { badRequest, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { ReviewDeps } from './review.deps.ts';
import { nationalPhaseName, requireOverride } from './review.overrides.ts';
import { groupBy, presentRound, provinceName, safeCall, sheetStatus, untitled } from './review.present.ts';
import {
  caseInRound, openedProvincialRounds, reviewScope, roundAssignments, roundCases, submittedSheetCounts, type RoundRow,
} from './review.repository.ts';
import { roundFor } from './rounds.service.ts';

export function decisionsService(deps: Pick<ReviewDeps, 'db' | 'clock' | 'calls' | 'cases'>) {
  const { db, clock, calls, cases } = deps;

  /**
   * A round's results: per case the raw and normalised means (per-expert z-scores over the round's submitted sheets),
   * the disagreement flag, and ranks per case type and per province; ranked on `by` (raw when normalising is not
   * meaningful yet).
   */
  async function roundResults(r: RoundRow, by: 'normalised' | 'raw') {
    const call = safeCall(calls, r.call_id);
    const list = await roundCases(db, r.id);
    const sheets = await roundAssignments(db, r.id);
    const submitted = sheets.filter((s) => s.submitted_at && s.total !== null);
    const scores = submitted.map((s) => ({ expertId: s.expert_id, caseId: s.case_id, total: Number(s.total) }));
    // Normalised scores only when every expert of the round scored enough cases; otherwise the raw mean ranks.
    const use = normalisationUse(scores);
    const rankBy = use.available ? by : 'raw';
    const names = new Map(sheets.map((s) => [s.expert_id, s.name]));
    const normalisation = {
      available: use.available,
      minCases: use.minCases,
      reason: use.available
        ? null
        : scores.length === 0
          ? '尚无专家提交评分，暂不计算标准化分'
          : `标准化分要求每位专家在本轮至少评阅 ${use.minCases} 个案例，${use.tooFew.slice(0, 5).map((t) => `${names.get(t.expertId) ?? '一位专家'}仅 ${t.count} 个`).join('、')}${use.tooFew.length > 5 ? ` 等 ${use.tooFew.length} 位专家` : ''}；评阅案例太少时 z 分数没有意义，因此本页按原始均分排名，不显示标准化分`,
    };
    const normalised = new Map(use.available ? normaliseByExpert(scores).map((n) => [`${n.expertId}:${n.caseId}`, n.normalised]) : []);
    const sheetsByCase = groupBy(sheets, (x) => x.case_id);
    const perCase = new Map(aggregateCases(scores).map((a) => [a.caseId, a]));
    const ranked = new Map(
      rankCases(list.filter((c) => perCase.has(c.id)).map((c) => ({
        caseId: c.id, caseTypeId: c.case_type, provinceCode: c.province_code,
        score: rankBy === 'raw' ? perCase.get(c.id)!.rawMean : perCase.get(c.id)!.normalisedMean,
      }))).map((x) => [x.caseId, x]),
    );
    const rows = list.map((c) => {
      const agg = perCase.get(c.id);
      const rk = ranked.get(c.id);
      const mine = sheetsByCase.get(c.id) ?? [];
      return {
        caseId: c.id,
        title: untitled(c.title),
        caseType: c.case_type,
        caseTypeName: (call && findCaseType(call, c.case_type)?.name) ?? c.case_type,
        provinceCode: c.province_code,
        provinceName: provinceName(c.province_code),
        state: c.state,
        stateLabel: STATE_LABELS[c.state],
        assigned: mine.length,
        submitted: agg?.count ?? 0,
        rawMean: agg?.rawMean ?? null,
        normalisedMean: use.available ? (agg?.normalisedMean ?? null) : null,
        disagreement: agg?.disagreement ?? null,
        typeRank: rk?.typeRank ?? null,
        provinceRank: rk?.provinceRank ?? null,
        tied: rk?.tied ?? false,
        sheets: mine.map((s) => ({
          expertId: s.expert_id,
          expertName: s.name,
          status: sheetStatus(s),
          total: s.submitted_at ? s.total : null,
          normalised: s.submitted_at ? normalised.get(`${s.expert_id}:${s.case_id}`) ?? null : null,
          comment: s.submitted_at ? s.comment : '',
        })),
      };
    });
    rows.sort((a, b) =>
      a.caseType.localeCompare(b.caseType) || (a.typeRank ?? 1e9) - (b.typeRank ?? 1e9) || a.caseId.localeCompare(b.caseId));
    return { round: presentRound(r, call), by: rankBy, normalisation, rows };
  }

  return {
    /** The round's results as the viewer may see them (roundResults), ranked on `by` (default normalised). */
    async results(viewer: SessionUser, roundId: string, by: 'normalised' | 'raw' = 'normalised') {
      const r = await roundFor(db, viewer, roundId, 'read');
      return roundResults(r, by);
    },

    /**
     * Provincial round results beside the province's case list (advisory): per case of the own province, its
     * standing in the latest opened provincial round of the call that holds it.
     */
    async provinceAdvice(admin: SessionUser, callId: string) {
      const { provinceCode } = reviewScope(admin);
      const call = calls.requireCall(callId);
      const rounds = await openedProvincialRounds(db, call.id, provinceCode);
      const out: Record<string, { roundId: string; roundName: string; roundState: string; assigned: number; submitted: number; rawMean: number | null; normalisedMean: number | null; typeRank: number | null; typeCount: number; tied: boolean; disagreement: boolean }> = {};
      for (const r of rounds) {
        const res = await roundResults(r, 'normalised');
        const typeCounts = new Map<string, number>();
        for (const row of res.rows) if (row.typeRank !== null) typeCounts.set(row.caseType, (typeCounts.get(row.caseType) ?? 0) + 1);
        for (const row of res.rows) {
          if (out[row.caseId]) continue;
          out[row.caseId] = {
            roundId: r.id, roundName: r.name, roundState: res.round.stateLabel, assigned: row.assigned, submitted: row.submitted,
            rawMean: row.rawMean, normalisedMean: row.normalisedMean, typeRank: row.typeRank, typeCount: typeCounts.get(row.caseType) ?? 0,
            tied: row.tied, disagreement: !!row.disagreement?.flagged,
          };
        }
      }
      return { callId: call.id, cases: out };
    },

    /** Decides selected / not selected for cases of the round, all or nothing, through transitionCase (audited). */
    async decide(actor: SessionUser, roundId: string, input: DecisionsBody) {
      const decisions = input.decisions;
      if (!decisions.length) throw badRequest('请选择案例并确定入选或未入选');
      const now = clock.now();
      await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write');
        for (const d of decisions) {
          if (!(await caseInRound(q, r.id, d.caseId))) throw notFound();
        }
        const problems: string[] = [];
        const call = calls.requireCall(r.call_id);
        if (!(await calls.isOpen(q, call, 'national_recommendation', null))) problems.push(`“${nationalPhaseName(call)}”阶段未开放`);
        const selecting = decisions.filter((d) => d.decision === 'select').map((d) => d.caseId);
        if (selecting.length) {
          if (r.state === 'open') problems.push('本轮评审仍在进行中（专家仍可评分），请先关闭轮次');
          // Each selected case needs the round's number of submitted score sheets.
          const lacking = (await submittedSheetCounts(q, r.id, selecting)).filter((c) => c.n < r.per_case);
          if (lacking.length) {
            problems.push(`${lacking.length} 个案例评分不足 ${r.per_case} 份（${lacking.slice(0, 5).map((c) => `“${untitled(c.title)}”${c.n} 份`).join('、')}${lacking.length > 5 ? ' 等' : ''}）`);
          }
        }
        const reason = problems.length
          ? await requireOverride(q, actor, input.overrideReason, 'decide', problems, { roundId: r.id, callId: r.call_id, cases: decisions.length }, now, '确定结果')
          : null;
        for (const d of decisions) {
          await cases.transitionCase(actor, d.caseId, d.decision, reason ? `强制执行：${reason}` : null, q);
        }
      });
      return { ok: true as const, decided: decisions.length };
    },
  };
}

export type DecisionsService = ReturnType<typeof decisionsService>;
