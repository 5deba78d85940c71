// Which cases a provincial review round holds and how long its experts may work on them; shared by the review
// service and the case repository's expert scope.
import type { CaseState } from '@anli/domain/lifecycle.ts';

/** States of a province's cases that join its provincial round: submitted and not yet reported nationally. */
export const PROVINCIAL_ROUND_STATES: readonly CaseState[] = ['submitted', 'province_recommended'];

/**
 * SQL condition over a round alias and a case alias: an expert works on a case of a provincial round only while the
 * case is still in those states (a withdrawn or returned case is the author's again). National rounds: always.
 */
export const expertMayReview = (round: string, kase: string) =>
  `(${round}.province_code is null or ${kase}.state in (${PROVINCIAL_ROUND_STATES.map((s) => `'${s}'`).join(', ')}))`;
