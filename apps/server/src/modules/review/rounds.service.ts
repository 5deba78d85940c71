// Review rounds: national rounds (the organiser; opening one moves the reported provinces' recommended cases into
// national review) and provincial rounds (a provincial administrator; advisory, no case changes state). Every round
// state change goes through changeRoundState, which asks the domain's ROUND_TRANSITIONS table.
import type { CreateRoundBody } from '@anli/contracts/review.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { decideRoundTransition, type RoundAction } from '@anli/domain/review/rounds.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { ReviewDeps } from './review.deps.ts';
import { requireNationalPhase } from './review.overrides.ts';
import { actorOf, presentRound, provinceName, safeCall, strList } from './review.present.ts';
import {
  addNationalReviewCases, addProvincialCases, insertRound, reportedRecommendedCases, reviewScope, roundInScope, roundsInScope,
  roundWithCounts, setRoundState, unreportedProvinceCounts, type RoundCounts, type RoundRow,
} from './review.repository.ts';

/**
 * A round as the user may see it (read) or change it (write): a provincial administrator only the own province's
 * rounds; the organiser reads every round but changes only national ones (provincial rounds belong to the province).
 */
export async function roundFor(q: Queryable, u: SessionUser, roundId: string, mode: 'read' | 'write', forUpdate = false): Promise<RoundRow> {
  const scope = reviewScope(u);
  const r = await roundInScope(q, scope, roundId, forUpdate);
  if (!r) throw notFound('评审轮次');
  if (scope.provinceCode === null && mode === 'write' && r.province_code) {
    throw conflict('PROVINCIAL_ROUND', '这是省级评审轮次，由该省省级管理员管理；组委会只能查看');
  }
  return r;
}

/** Moves a round to the state the transition table gives for the action (or refuses), stores it and audits it. */
async function changeRoundState(q: Queryable, actor: SessionUser, r: RoundRow, action: RoundAction, now: number, data?: Record<string, unknown>) {
  const to = decideRoundTransition(r.state, action);
  await setRoundState(q, r.id, to, now);
  await writeAudit(q, actorOf(actor), {
    event: `review.round_${action}`, objectType: 'review_round', objectId: r.id, provinceCode: r.province_code, fromState: r.state, toState: to, ...(data ? { data } : {}),
  }, now);
}

const countsOf = (r: RoundCounts): RoundCounts => ({ cases: r.cases, assignments: r.assignments, submitted: r.submitted, unassigned: r.unassigned });

export function roundsService(deps: Pick<ReviewDeps, 'db' | 'clock' | 'calls' | 'cases'>) {
  const { db, clock, calls, cases } = deps;

  /** A round with its counts, as lists show it. */
  async function presentWithCounts(roundId: string) {
    const r = await roundWithCounts(db, roundId);
    return presentRound(r, safeCall(calls, r.call_id), countsOf(r));
  }

  /**
   * Opens a provincial round: the province's cases of the round's types that are submitted (recommended or not yet)
   * join it; no case changes state (the round is advisory). Only while the province may still recommend.
   */
  async function openProvincialRound(q: Queryable, actor: SessionUser, r: RoundRow, now: number): Promise<number> {
    const call = calls.requireCall(r.call_id);
    await calls.assertOpen(q, call, 'province_recommendation', r.province_code);
    const added = await addProvincialCases(q, r, now);
    await changeRoundState(q, actor, r, 'open', now, { added });
    return 0;
  }

  return {
    async createRound(actor: SessionUser, input: CreateRoundBody) {
      const call = calls.requireCall(input.callId);
      const name = input.name?.trim() ?? '';
      const types = strList(input.caseTypes);
      const perCase = input.perCase ?? NaN;
      const fields: Array<{ path: string; message: string }> = [];
      if (!name || name.length > 40) fields.push({ path: 'name', message: '请填写轮次名称（40 字以内）' });
      if (!types.length || types.some((t) => !findCaseType(call, t))) fields.push({ path: 'caseTypes', message: '请选择本轮评审的案例类型' });
      if (!Number.isInteger(perCase) || perCase < 1 || perCase > 20) fields.push({ path: 'perCase', message: '每个案例的评审专家数须为 1–20' });
      if (fields.length) throw badRequest('评审轮次有需要修改的内容', fields);
      const { provinceCode } = reviewScope(actor);
      const now = clock.now();
      const r = await db.tx(async (q) => {
        // A provincial round helps the province decide what to recommend: only while it may still recommend.
        if (provinceCode) await calls.assertOpen(q, call, 'province_recommendation', provinceCode);
        const r = await insertRound(q, { callId: call.id, name, caseTypes: types, perCase, provinceCode, by: actor.id, now, blind: !!input.blind });
        await writeAudit(q, actorOf(actor), {
          event: 'review.round_create', objectType: 'review_round', objectId: r.id, provinceCode, data: { callId: call.id, name, caseTypes: types, perCase, blind: !!input.blind, scope: provinceCode ? 'province' : 'national' },
        }, now);
        return r;
      });
      return presentRound(r, call, { cases: 0, assignments: 0, submitted: 0, unassigned: 0 });
    },

    /** The rounds a user may see: the organiser every round, a provincial administrator the own province's. */
    async listRounds(viewer: SessionUser, callId?: string) {
      const rows = await roundsInScope(db, reviewScope(viewer), callId);
      return rows.map((r) => presentRound(r, safeCall(calls, r.call_id), countsOf(r)));
    },

    /**
     * Opens a round: the call's province-recommended cases of the round's types enter national review (through
     * transitionCase, audited), and every case of those types in national review joins the round.
     */
    async openRound(actor: SessionUser, roundId: string, input: { overrideReason?: string | null } = {}) {
      const now = clock.now();
      const moved = await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.province_code) return openProvincialRound(q, actor, r, now);
        // A national round opens in the national phase, or on the organiser's explicit override with a reason.
        await requireNationalPhase(calls, q, actor, r.call_id, input.overrideReason, 'round_open', { roundId: r.id }, now, '开启国家级评审轮次');
        // Only cases of provinces that reported (locked) their list enter national review.
        const recommended = await reportedRecommendedCases(q, r);
        for (const c of recommended) await cases.transitionCase(actor, c.id, 'start_review', null, q);
        await addNationalReviewCases(q, r, now);
        await changeRoundState(q, actor, r, 'open', now, { moved: recommended.length });
        return recommended.length;
      });
      return { moved, round: await presentWithCounts(roundId) };
    },

    /** Provinces with recommended cases of the round's types that have not reported their list (they wait outside). */
    async unreportedProvinces(callId: string) {
      const rows = await unreportedProvinceCounts(db, callId);
      return rows.map((r) => ({ provinceCode: r.province_code, provinceName: provinceName(r.province_code), cases: r.n }));
    },

    /** Closes a round: experts no longer see its cases; scores stay for the ranking. */
    async closeRound(actor: SessionUser, roundId: string) {
      const now = clock.now();
      await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        await changeRoundState(q, actor, r, 'close', now);
      });
      return presentWithCounts(roundId);
    },
  };
}

export type RoundsService = ReturnType<typeof roundsService>;
