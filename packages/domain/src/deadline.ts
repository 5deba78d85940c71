// Phases and deadlines in Beijing time, with organiser overrides and per-province extensions (SPEC §2, §4).
import type { CallDef, PhaseDef } from './calls/schema.ts';

export type PhaseId = PhaseDef['id'];

/** Organiser changes to a phase: moved dates, or forced open/closed regardless of dates. */
export interface PhaseOverride {
  phaseId: PhaseId;
  start?: string | null;
  end?: string | null;
  forced?: 'open' | 'closed' | null;
}

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

/** The effective window of a phase for one province (or for the nation when provinceCode is null). */
export function phaseWindow(
  call: CallDef,
  phaseId: PhaseId,
  overrides: PhaseOverride[],
  extensions: ProvinceExtension[],
  provinceCode: string | null,
): PhaseWindow | null {
  const def = call.phases.find((p) => p.id === phaseId);
  if (!def) return null;
  const o = overrides.find((x) => x.phaseId === phaseId);
  const start = o?.start ?? def.start ?? null;
  let end = o?.end ?? def.end;
  const ext = provinceCode ? extensions.find((e) => e.phaseId === phaseId && e.provinceCode === provinceCode) : undefined;
  const extended = !!ext && ext.end > end;
  if (ext && ext.end > end) end = ext.end;
  return {
    phaseId,
    name: def.name,
    startsAt: start ? beijingDayStart(start) : null,
    endsAt: beijingDayEnd(end),
    forced: o?.forced ?? null,
    extendedForProvince: extended,
  };
}

/** Whether a phase is open at `now`. A forced state wins over dates; a province extension only lengthens. */
export function isPhaseOpen(w: PhaseWindow | null, now: number): boolean {
  if (!w) return false;
  if (w.forced === 'closed') return false;
  if (w.forced === 'open') return true;
  return (w.startsAt === null || now >= w.startsAt) && now <= w.endsAt;
}

/** All phases of a call with their effective windows and open state, for display. */
export function describePhases(call: CallDef, overrides: PhaseOverride[], extensions: ProvinceExtension[], provinceCode: string | null, now: number) {
  return call.phases.map((p) => {
    const w = phaseWindow(call, p.id, overrides, extensions, provinceCode)!;
    return {
      id: p.id,
      name: p.name,
      start: w.startsAt === null ? null : formatBeijing(w.startsAt),
      end: formatBeijing(w.endsAt),
      forced: w.forced,
      extended: w.extendedForProvince,
      open: isPhaseOpen(w, now),
    };
  });
}
