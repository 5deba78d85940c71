// Phases and deadlines in Beijing time, with organiser overrides and per-province extensions (SPEC §2, §4).
import type { CallDef, PhaseDef } from './calls/schema.ts';

export type PhaseId = PhaseDef['id'];

/** Organiser changes to a phase: moved dates, or forced open/closed regardless of dates. */
export interface PhaseOverride {
  phaseId: PhaseId;
  start?: string | null;
  end?: string | null;
  forced?: 'open' | 'closed' | null;
  /** Moved by the demo seed so every role can act today: pages showing the date say so. */
  demo?: boolean;
}

/** A province's own author deadline (mode 2: 报送截止; mode 1: the date until which its recommended authors fill in). */
export interface ProvinceAuthorDeadline {
  provinceCode: string;
  /** Instant (UTC ms). */
  endsAt: number;
}

/** Where the end of a province's submission window comes from. */
export type AuthorDeadlineSource = 'province' | 'recommendation' | 'call';

/** An extension of one phase's end for one province only. */
export interface ProvinceExtension {
  phaseId: PhaseId;
  provinceCode: string;
  end: string;
}

export interface PhaseWindow {
  phaseId: PhaseId;
  name: string;
  /** Instants (UTC ms). start null = open since the call began. */
  startsAt: number | null;
  endsAt: number;
  forced: 'open' | 'closed' | null;
  extendedForProvince: boolean;
  /** The dates were moved by the demo seed (differ from the call's own). */
  demoMoved: boolean;
  /** Submission of a call whose provinces set their own author deadline: whose date ends the window. */
  authorDeadline: AuthorDeadlineSource | null;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** 00:00:00 Beijing time of a YYYY-MM-DD date, as an instant. */
export function beijingDayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) - BEIJING_OFFSET_MS;
}

/** 23:59:59.999 Beijing time of a YYYY-MM-DD date: "a deadline date means until 23:59:59 that day". */
export function beijingDayEnd(date: string): number {
  return beijingDayStart(date) + 24 * 3600 * 1000 - 1;
}

/** Formats an instant as Beijing local date and time, e.g. 2026-08-31 23:59:59. */
export function formatBeijing(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
}

/** The YYYY-MM-DD date in Beijing of an instant. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The effective window of a phase for one province (or for the nation when provinceCode is null). For the submission
 * phase of a call whose provinces set their own author deadline (provinceModes), a province's window ends at its own
 * date, and until it sets one at its recommendation deadline (seed 000: 各省自定报送截止时间); an organiser's extension
 * of the submission phase for that province still lengthens it.
 */
export function phaseWindow(
  call: CallDef,
  phaseId: PhaseId,
  overrides: readonly PhaseOverride[],
  extensions: readonly ProvinceExtension[],
  provinceCode: string | null,
  authorDeadlines: readonly ProvinceAuthorDeadline[] = [],
): PhaseWindow | null {
  const def = call.phases.find((p) => p.id === phaseId);
  if (!def) return null;
  const o = overrides.find((x) => x.phaseId === phaseId);
  const start = o?.start ?? def.start ?? null;
  let end = o?.end ?? def.end;
  const ext = provinceCode ? extensions.find((e) => e.phaseId === phaseId && e.provinceCode === provinceCode) : undefined;
  const extended = !!ext && ext.end > end;
  if (ext && ext.end > end) end = ext.end;
  let endsAt = beijingDayEnd(end);
  let authorDeadline: AuthorDeadlineSource | null = null;
  let recDemoMoved = false;
  if (phaseId === 'submission' && call.provinceModes && provinceCode) {
    const own = authorDeadlines.find((d) => d.provinceCode === provinceCode);
    const rec = phaseWindow(call, 'province_recommendation', overrides, extensions, provinceCode);
    authorDeadline = own ? 'province' : rec ? 'recommendation' : 'call';
    recDemoMoved = authorDeadline === 'recommendation' && !!rec?.demoMoved;
    const base = own ? own.endsAt : rec ? rec.endsAt : endsAt;
    endsAt = extended ? Math.max(base, endsAt) : base;
  }
  // A date the demo moved, this phase's own or (an author deadline that is the recommendation deadline) that one's.
  const demoMoved = recDemoMoved || (!!o?.demo && ((o.start != null && o.start !== (def.start ?? null)) || (o.end != null && o.end !== def.end)));
  return {
    phaseId,
    name: def.name,
    startsAt: start ? beijingDayStart(start) : null,
    endsAt,
    forced: o?.forced ?? null,
    extendedForProvince: extended,
    demoMoved,
    authorDeadline,
  };
}

/** The longest a late return gives by default: until the end of the Beijing day three days later (SPEC §2). */
export const RESUBMIT_DEFAULT_DAYS = 3;

/** The default resubmission date of a case returned at `now`: 3 days, never past the recommendation deadline. */
export function defaultResubmitUntil(now: number, recommendationEndsAt: number): number {
  return Math.min(beijingDayEnd(beijingDate(now + RESUBMIT_DEFAULT_DAYS * 24 * 3600_000)), recommendationEndsAt);
}

/** Why a resubmission date given with a late return is not acceptable, or null. */
export function resubmitUntilProblem(until: number, now: number, recommendationEndsAt: number): string | null {
  if (!Number.isFinite(until)) return '请选择重新提交截止时间';
  if (until <= now) return '重新提交截止时间须晚于现在，请重新选择';
  if (until > recommendationEndsAt) return `重新提交截止时间不能晚于本省推荐上报截止时间（北京时间 ${formatBeijing(recommendationEndsAt)}），请重新选择`;
  return null;
}

/** Why a province's own author deadline is not acceptable, or null: after the submission opens, by its recommendation deadline. */
export function authorDeadlineProblem(endsAt: number, submissionStartsAt: number | null, recommendationEndsAt: number): string | null {
  if (!Number.isFinite(endsAt)) return '请选择截止时间';
  if (endsAt > recommendationEndsAt) {
    return `截止时间不能晚于本省推荐上报截止时间（北京时间 ${formatBeijing(recommendationEndsAt)}），请选择此前的时间`;
  }
  if (submissionStartsAt !== null && endsAt < submissionStartsAt) {
    return `截止时间不能早于作者报送开始时间（北京时间 ${formatBeijing(submissionStartsAt)}），请重新选择`;
  }
  return null;
}

/** Whether a phase is open at `now`. A forced state wins over dates; a province extension only lengthens. */
export function isPhaseOpen(w: PhaseWindow | null, now: number): boolean {
  if (!w) return false;
  if (w.forced === 'closed') return false;
  if (w.forced === 'open') return true;
  return (w.startsAt === null || now >= w.startsAt) && now <= w.endsAt;
}

/** All phases of a call with their effective windows and open state, for display. */
export function describePhases(
  call: CallDef, overrides: readonly PhaseOverride[], extensions: readonly ProvinceExtension[], provinceCode: string | null, now: number, authorDeadlines: readonly ProvinceAuthorDeadline[] = [],
) {
  return call.phases.map((p) => {
    const w = phaseWindow(call, p.id, overrides, extensions, provinceCode, authorDeadlines)!;
    return {
      id: p.id,
      name: p.name,
      start: w.startsAt === null ? null : formatBeijing(w.startsAt),
      end: formatBeijing(w.endsAt),
      forced: w.forced,
      extended: w.extendedForProvince,
      open: isPhaseOpen(w, now),
      /** 'organiser': the notice gives no date; the platform's date is the organiser's setting (shown as such). */
      dateSource: p.dateSource,
      /** The dates were moved by the demo seed so every role can act today. */
      demoMoved: w.demoMoved,
      /** The call's own dates (the notice's), shown beside a moved date. */
      noticeStart: p.start ?? null,
      noticeEnd: p.end,
      /** Submission of a call whose provinces set their author deadline: the province's own date, or its recommendation deadline. */
      authorDeadline: w.authorDeadline,
      /** Provinces set their own author deadline and none is known here (the national view). */
      perProvince: p.id === 'submission' && call.provinceModes && !provinceCode,
    };
  });
}
