// What changed between two call definitions (a draft against the call it was copied from, a new version against the
// previous one), and which changes make the rules stricter for cases already submitted.
import type { CallDef } from './schema.ts';
import { formatPath } from './validate.ts';
import { withScenarioContentSpelledOut } from './scenario-content.ts';

export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const ID_KEYS = ['id', 'key', 'slot'] as const;

/** The key that identifies the items of a list of objects (a field's key, a slot, a case type's id), if all have one. */
function identity(items: unknown[]): (typeof ID_KEYS)[number] | null {
  for (const k of ID_KEYS) {
    if (items.length && items.every((i) => isObject(i) && typeof i[k] === 'string')) return k;
  }
  return null;
}

function walk(before: unknown, after: unknown, path: PropertyKey[], out: Change[]) {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) {
      if (k === '$comment') continue;
      const p = [...path, k];
      if (!(k in before) || before[k] === undefined) { if (after[k] !== undefined) out.push({ path: formatPath(p), kind: 'added', after: after[k] }); }
      else if (!(k in after) || after[k] === undefined) out.push({ path: formatPath(p), kind: 'removed', before: before[k] });
      else walk(before[k], after[k], p, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const id = identity([...before, ...after]);
    if (id) {
      const old = new Map(before.map((b, i) => [(b as Record<string, string>)[id], { b, i }]));
      const seen = new Set<string>();
      after.forEach((a, i) => {
        const key = (a as Record<string, string>)[id];
        seen.add(key);
        const match = old.get(key);
        if (match) walk(match.b, a, [...path, i], out);
        else out.push({ path: formatPath([...path, i]), kind: 'added', after: a });
      });
      for (const [key, { b, i }] of old) if (!seen.has(key)) out.push({ path: formatPath([...path, i]), kind: 'removed', before: b });
      return;
    }
    if (before.some((x) => x && typeof x === 'object') || after.some((x) => x && typeof x === 'object')) {
      const n = Math.max(before.length, after.length);
      for (let i = 0; i < n; i++) {
        if (i >= before.length) out.push({ path: formatPath([...path, i]), kind: 'added', after: after[i] });
        else if (i >= after.length) out.push({ path: formatPath([...path, i]), kind: 'removed', before: before[i] });
        else walk(before[i], after[i], [...path, i], out);
      }
      return;
    }
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path: formatPath(path), kind: 'changed', before, after });
}

/**
 * Every difference, by path; lists of fields, slots, case types and phases are matched by their key, not position.
 * The version number itself is not a difference (each new version has its own). A scenario field's suggestions are
 * compared as written out (the built-in content where a side has none), so an edited scene shows as that scene.
 */
export function diffDefinitions(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  walk(withScenarioContentSpelledOut(before), withScenarioContentSpelledOut(after), [], out);
  return out.filter((c) => c.path !== 'version');
}

// Numbers where a larger value lets more through, and those where a smaller one does.
const LOOSER_WHEN_LARGER = new Set(['maxBytes', 'maxChars', 'maxDurationS', 'maxS', 'max', 'audioBitrateMax', 'fpsTolerance', 'partToleranceS']);
const LOOSER_WHEN_SMALLER = new Set(['minBitrate', 'minDurationS', 'minS', 'min', 'audioBitrateMin']);
// Words shown to people that do not decide whether a case passes.
const WORDING = new Set(['label', 'help', 'name', 'shortName', 'note', 'itemLabel', 'description', 'text', 'recommendedBitrate', 'audioBitrateRecommended', 'summary']);
// Lists where more entries let more through (formats, choices), and those where more entries block more (rules).
const LOOSER_WHEN_MORE = new Set(['accept', 'mainScenes']);
const STRICTER_WHEN_MORE = new Set(['blocking', 'explainable']);

const lastKey = (path: string) => /([A-Za-z_$][\w$]*)(?:\[\d+\])*$/.exec(path)?.[1] ?? '';

/**
 * The changes that could fail a case that passed before: a smaller limit, a format no longer accepted, a rule added,
 * an optional field made required, a new required field or slot, a choice taken away, a changed check parameter.
 * Only the case types' forms, slots and check parameters count (dates, quotas, rubric and wording do not).
 */
export function tighteningsOf(before: CallDef, after: CallDef): Change[] {
  const out: Change[] = [];
  for (const c of diffDefinitions(before, after)) {
    if (!/^caseTypes\[\d+\]\.(fields|attachments|checkParams)/.test(c.path)) continue;
    // Scenario suggestions (framework, categories) only suggest: the author may always write their own scene.
    if (/\.fields\[\d+\]\.(framework|categories)(\[|\.|$)/.test(c.path)) continue;
    const key = lastKey(c.path);
    if (c.kind === 'removed') {
      // A removed choice may be the one a case chose; a removed field or slot is checked against filled cases instead.
      if (/\.options\[\d+\]$/.test(c.path)) out.push(c);
      continue;
    }
    if (c.kind === 'added') {
      if (/\.options\[\d+\]$/.test(c.path) || WORDING.has(key) || key === 'allowOther') continue;
      if (isObject(c.after) && c.after.required === false) continue;
      out.push(c);
      continue;
    }
    if (WORDING.has(key)) continue;
    if (typeof c.before === 'number' && typeof c.after === 'number') {
      if (LOOSER_WHEN_LARGER.has(key) && c.after >= c.before) continue;
      if (LOOSER_WHEN_SMALLER.has(key) && c.after <= c.before) continue;
      out.push(c);
      continue;
    }
    if (key === 'required' || key === 'allowOther') {
      if ((key === 'required' && c.after === false) || (key === 'allowOther' && c.after === true)) continue;
      out.push(c);
      continue;
    }
    if (Array.isArray(c.before) && Array.isArray(c.after)) {
      const b = new Set(c.before.map(String));
      const a = new Set(c.after.map(String));
      if (LOOSER_WHEN_MORE.has(key) && [...b].every((x) => a.has(x))) continue;
      if (STRICTER_WHEN_MORE.has(key) && [...a].every((x) => b.has(x))) continue;
    }
    out.push(c);
  }
  return out;
}
