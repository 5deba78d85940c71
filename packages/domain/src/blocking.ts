// What blocks submission (SPEC §3), decided once for the browser and the server: a fail or error on a measured rule
// blocks outright; a fail or error on a detected rule blocks unless the author explained it (说明); warn never blocks;
// manual results become the province's checklist.
import type { AttachmentSlot } from './calls/schema.ts';

export type FindingKind = 'measured' | 'detected' | 'other';

/** A result as the decision needs it. */
export interface FindingInput {
  rule: string;
  status: 'pass' | 'fail' | 'warn' | 'manual' | 'error';
}

/** How a slot's call data classes a rule. */
export function findingKind(slot: Pick<AttachmentSlot, 'blocking' | 'explainable'>, rule: string): FindingKind {
  if (slot.blocking.includes(rule)) return 'measured';
  if (slot.explainable.includes(rule)) return 'detected';
  return 'other';
}

export type Gate = 'ok' | 'blocks' | 'needs_explanation' | 'explained';

/** The gate one result puts on submission. */
export function gateOf(slot: Pick<AttachmentSlot, 'blocking' | 'explainable'>, r: FindingInput, explained: boolean): Gate {
  if (r.status !== 'fail' && r.status !== 'error') return 'ok';
  const kind = findingKind(slot, r.rule);
  if (kind === 'measured') return 'blocks';
  if (kind === 'detected') return explained ? 'explained' : 'needs_explanation';
  return 'ok';
}

/** Longest explanation an author may attach to one finding (字). */
export const EXPLANATION_MAX_CHARS = 300;

/** Key of a checklist item: the slot and the manual rule, e.g. "video:video.people". */
export const checklistKey = (slot: string, rule: string) => `${slot}:${rule}`;
