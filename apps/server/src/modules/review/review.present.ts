// How review data is shown: experts, rounds, score sheets, and the case facts assignment matches on. Shared by the
// review services (experts, rounds, assignments, sheets, decisions).
import type { SheetStatus } from '@anli/contracts/review.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { maskPhone } from '@anli/domain/mask.ts';
import { ROUND_STATE_LABELS } from '@anli/domain/lifecycle.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { AssignmentRow, ExpertRow, RoundCounts, RoundRow } from './review.repository.ts';

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOf = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
export const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
export const provinceName = (code: string) => findProvince(code)?.name ?? code;
export const untitled = (title: string) => title || '（未命名案例）';

/** Where an expert's sheet stands: not started, saved as a draft, or submitted. */
export const sheetStatus = (a: { submitted_at: Date | null; saved_at: Date | null }): SheetStatus => (a.submitted_at ? 'submitted' : a.saved_at ? 'draft' : 'pending');

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(key(x));
    if (list) list.push(x);
    else m.set(key(x), [x]);
  }
  return m;
}

/** A list of texts trimmed, without blanks and repeats, at most `max`. */
export const strList = (v: string[] | undefined, max = 20): string[] => [...new Set((v ?? []).map((x) => x.trim()).filter(Boolean))].slice(0, max);

/** A call by id, or undefined when it is no longer defined (a list still shows its rows). */
export function safeCall(calls: Pick<CallsService, 'requireCall'>, callId: string): CallDef | undefined {
  try {
    return calls.requireCall(callId);
  } catch {
    return undefined;
  }
}

/** The first author's 工作单位, the 学科 and the 学段 (or 案例类别) of a case, for 回避 and matching. */
export function caseFacts(type: CaseTypeDef | undefined, form: Record<string, unknown>) {
  const authors = type ? form[type.authorsField] : undefined;
  const first = Array.isArray(authors) && authors[0] && typeof authors[0] === 'object' ? (authors[0] as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    unitName: text(first.unit),
    // 2026 工作室 cases name it 研修学科领域 (subjectArea).
    subject: text(form.subject) ?? text(form.subjectArea),
    stage: text(type?.quotaGroupField ? form[type.quotaGroupField] : form.category) ?? text(form.stage),
  };
}

export function presentExpert(e: ExpertRow, conflicts: Array<{ caseId: string; caseTitle: string; reason: string }> = []) {
  return {
    id: e.id,
    userId: e.user_id,
    name: e.name,
    phone: maskPhone(e.phone),
    unitName: e.unit_name,
    provinceCode: e.province_code,
    provinceName: provinceName(e.province_code),
    subjects: e.subjects ?? [],
    stages: e.stages ?? [],
    invitedAt: iso(new Date(e.invited_at).getTime()),
    inviteExpiresAt: isoOf(e.invite_expires_at),
    activatedAt: isoOf(e.activated_at),
    status: (e.activated_at ? 'active' : 'invited') as 'active' | 'invited',
    ownerProvinceCode: e.owner_province ?? null,
    ownerProvinceName: e.owner_province ? provinceName(e.owner_province) : null,
    conflicts,
  };
}

/** The expert list rows: each expert with the recorded conflicts and the load in open rounds (grouped once). */
export function presentPool(
  rows: ExpertRow[],
  conflicts: Array<{ expert_id: string; case_id: string; reason: string; title: string }>,
  loads: Array<{ expert_id: string; n: number; done: number }>,
) {
  const conflictsOf = groupBy(conflicts, (c) => c.expert_id);
  const loadOf = new Map(loads.map((l) => [l.expert_id, l]));
  return rows.map((e) => ({
    ...presentExpert(e, (conflictsOf.get(e.id) ?? []).map((c) => ({ caseId: c.case_id, caseTitle: untitled(c.title), reason: c.reason }))),
    openAssignments: loadOf.get(e.id)?.n ?? 0,
    openSubmitted: loadOf.get(e.id)?.done ?? 0,
  }));
}

export function presentRound(r: RoundRow, call: CallDef | undefined, counts?: RoundCounts) {
  return {
    id: r.id,
    callId: r.call_id,
    callTitle: call?.title ?? r.call_id,
    name: r.name,
    scope: r.province_code ? ('province' as const) : ('national' as const),
    provinceCode: r.province_code,
    provinceName: r.province_code ? provinceName(r.province_code) : null,
    caseTypes: r.case_types.map((t) => ({ id: t, name: (call && findCaseType(call, t)?.name) ?? t })),
    perCase: r.per_case,
    blind: !!r.blind,
    reviewModeLabel: r.blind ? '匿名评审（专家看不到作者姓名和单位）' : '实名评审（专家可见作者姓名和单位）',
    state: r.state,
    stateLabel: ROUND_STATE_LABELS[r.state],
    createdAt: iso(new Date(r.created_at).getTime()),
    openedAt: isoOf(r.opened_at),
    closedAt: isoOf(r.closed_at),
    ...(counts ?? {}),
  };
}

export function presentSheet(a: AssignmentRow) {
  return {
    scores: Object.fromEntries(Object.entries(a.scores ?? {}).map(([k, v]) => [k, v ?? null])),
    comment: a.comment ?? '',
    total: a.total,
    savedAt: isoOf(a.saved_at),
    submittedAt: isoOf(a.submitted_at),
    status: sheetStatus(a),
  };
}
