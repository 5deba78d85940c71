// Explicit overrides: where a rule (a phase, a closed round, too few sheets) stands in the way, the organiser may
// act anyway with a written reason, recorded in the audit log as `override.<what>`.
import type { Queryable } from '../../infra/db/db.ts';
import { badRequest, conflict } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { actorOf } from './review.present.ts';

/**
 * The override's reason when there are problems: without one, 409 OVERRIDE_REQUIRED naming them, which the page
 * answers with a dialog asking for the reason; with one, it is audited and returned.
 */
export async function requireOverride(q: Queryable, actor: SessionUser, overrideIn: string | null | undefined, what: string, problems: string[], data: Record<string, unknown>, now: number, label: string) {
  const reason = overrideIn?.trim() ?? '';
  if (reason.length < 2) {
    throw conflict('OVERRIDE_REQUIRED', `${problems.join('；')}。如确需${label}，请填写理由后强制执行（记入审计日志）`);
  }
  if (reason.length > 500) throw badRequest('强制执行的理由不超过 500 字');
  await writeAudit(q, actorOf(actor), { event: `override.${what}`, objectType: data.roundId ? 'review_round' : 'call', objectId: String(data.roundId ?? data.callId ?? ''), reason, data: { ...data, problems } }, now);
  return reason;
}

/** The national phase (国家级推荐)'s name in a call, as the problems name it. */
export const nationalPhaseName = (call: { phases: Array<{ id: string; name: string }> }) => call.phases.find((p) => p.id === 'national_recommendation')?.name ?? '国家级推荐';

/**
 * The national phase (国家级推荐) must be open for national rounds, decisions and publication; outside it the organiser
 * gives an explicit override with a reason (requireOverride).
 */
export async function requireNationalPhase(calls: Pick<CallsService, 'requireCall' | 'isOpen'>, q: Queryable, actor: SessionUser, callId: string, overrideIn: string | null | undefined, what: string, data: Record<string, unknown>, now: number, label: string) {
  const call = calls.requireCall(callId);
  if (await calls.isOpen(q, call, 'national_recommendation', null)) return null;
  return requireOverride(q, actor, overrideIn, what, [`“${nationalPhaseName(call)}”阶段未开放`], { callId, ...data }, now, label);
}
