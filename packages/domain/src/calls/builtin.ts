// The two built-in calls of the seeds, as data: each is a readable definition file under ./defs/ (JSON with
// `$comment` notes), the same format the organiser exports and imports. A new year's call is a new file like these,
// or a call built on the platform (apps/server/src/modules/calls/builder.service.ts).
import teacherAi2025 from './defs/teacher-ai-2025.json' with { type: 'json' };
import teacherTraining2026 from './defs/teacher-training-2026.json' with { type: 'json' };
import { loadCall, type CallDef } from './schema.ts';
import { validateDefinition } from './validate.ts';

function fromFile(name: string, file: unknown): CallDef {
  const r = validateDefinition(file);
  if (!r.ok) throw new Error(`内置活动定义 calls/defs/${name} 有误：\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.call;
}

/** The built-in calls, validated when this module loads: a broken definition fails at start-up, not mid-call. */
export const BUILTIN_CALLS: readonly CallDef[] = [
  fromFile('teacher-ai-2025.json', teacherAi2025),
  fromFile('teacher-training-2026.json', teacherTraining2026),
];

/** Calls added at run time beside the built-in ones (the chained example call of tests and the demo). */
const REGISTERED_CALLS: CallDef[] = [];

/** Adds a validated call definition (idempotent by id). */
export function registerCall(def: CallDef): void {
  if (!findCall(def.id)) REGISTERED_CALLS.push(loadCall(def));
}

/**
 * Registered calls, then the built-in ones: the web app opens on the last call of the list, which stays the newest
 * built-in call (teacher-training-2026) when the demo adds its example.
 */
export function listCalls(): readonly CallDef[] {
  return REGISTERED_CALLS.length ? [...REGISTERED_CALLS, ...BUILTIN_CALLS] : BUILTIN_CALLS;
}

export function findCall(id: string): CallDef | undefined {
  return BUILTIN_CALLS.find((c) => c.id === id) ?? REGISTERED_CALLS.find((c) => c.id === id);
}

export function findCaseType(call: CallDef, typeId: string) {
  return call.caseTypes.find((t) => t.id === typeId);
}
