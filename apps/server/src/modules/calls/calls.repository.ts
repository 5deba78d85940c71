// Call queries: the stored call definitions (drafts are version 0, opened versions 1, 2, …), the organiser's phase
// overrides, the per-province extensions and author deadlines, and the counts of a call's cases the builder checks
// before a change. Calls are national data (no province owns one), so reads take no viewer scope.
import type { PhaseId } from '@anli/domain/deadline.ts';
import type { Queryable } from '../../infra/db/db.ts';

/** One row of the union of a call's phase overrides ('o'), province extensions ('e') and province author deadlines ('a'). */
export interface PhaseSettingRow {
  kind: 'o' | 'e' | 'a';
  phase_id: PhaseId;
  start_date: string | null;
  end_date: string | null;
  forced: 'open' | 'closed' | null;
  province_code: string | null;
  demo: boolean | null;
  ends_at: Date | string | null;
}

/** A stored version of a call definition with the name of whoever made it. */
export interface DefinitionRow {
  call_id: string;
  version: number;
  definition: Record<string, unknown>;
  source_call_id: string | null;
  year: number | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
  created_by_name: string | null;
}

/** The newest row of a call for the builder's list (the draft first when there is one). */
export interface DefinitionHeadRow {
  call_id: string;
  version: number;
  definition: Record<string, unknown>;
  source_call_id: string | null;
  year: number | null;
  updated_at: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

// ---------- phase settings ----------

/** A call's phase overrides, province extensions and province author deadlines in one round trip (read on every phase check). */
export async function phaseSettingRows(q: Queryable, callId: string): Promise<PhaseSettingRow[]> {
  return q.query<PhaseSettingRow>(
    `select 'o' as kind, phase_id, start_date, end_date, forced, null::text as province_code, demo, null::timestamptz as ends_at from call_phase_overrides where call_id = $1
     union all
     select 'e', phase_id, null, end_date, null, province_code, null, null from province_extensions where call_id = $1
     union all
     select 'a', 'submission', null, null, null, province_code, null, ends_at from province_author_deadlines where call_id = $1`,
    [callId],
  );
}

/** Stores (or replaces) the organiser's override of a phase's dates or forced state. */
export async function upsertPhaseOverride(q: Queryable, o: {
  callId: string; phaseId: string; start: string | null; end: string | null; forced: 'open' | 'closed' | null; by: string | null; now: number; demo: boolean;
}) {
  await q.query(
    `insert into call_phase_overrides (call_id, phase_id, start_date, end_date, forced, updated_by, updated_at, demo) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (call_id, phase_id) do update set start_date = $3, end_date = $4, forced = $5, updated_by = $6, updated_at = $7, demo = $8`,
    [o.callId, o.phaseId, o.start, o.end, o.forced, o.by, iso(o.now), o.demo],
  );
}

/** Stores (or moves) one province's extension of a phase. */
export async function upsertExtension(q: Queryable, e: { callId: string; phaseId: string; provinceCode: string; end: string; by: string | null; now: number }) {
  await q.query(
    `insert into province_extensions (call_id, phase_id, province_code, end_date, granted_by, granted_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (call_id, phase_id, province_code) do update set end_date = $4, granted_by = $5, granted_at = $6`,
    [e.callId, e.phaseId, e.provinceCode, e.end, e.by, iso(e.now)],
  );
}

/** Removes a province's extension of a phase; false when there was none. */
export async function deleteExtension(q: Queryable, callId: string, provinceCode: string, phaseId: string): Promise<boolean> {
  const r = await q.query('delete from province_extensions where call_id = $1 and province_code = $2 and phase_id = $3 returning 1', [callId, provinceCode, phaseId]);
  return r.length > 0;
}

// ---------- opened calls ----------

/** How many frozen versions there are and when the newest was made: changes when any process opens or revises a call. */
export async function definitionsStamp(q: Queryable): Promise<{ n: number; at: string | null } | undefined> {
  const [r] = await q.query<{ n: number; at: string | null }>('select count(*)::int as n, max(created_at)::text as at from call_definitions where version > 0');
  return r;
}

/** The newest frozen version of each opened call, with when the call was first opened. */
export async function latestFrozenDefinitions(q: Queryable): Promise<Array<{ call_id: string; definition: unknown; first_at: string }>> {
  return q.query<{ call_id: string; definition: unknown; first_at: string }>(
    `select distinct on (d.call_id) d.call_id, d.definition, f.first_at
       from call_definitions d
       join (select call_id, min(created_at)::text as first_at from call_definitions where version > 0 group by call_id) f on f.call_id = d.call_id
      where d.version > 0
      order by d.call_id, d.version desc`,
  );
}

// ---------- the builder ----------

/** Every stored version of a call (the draft is version 0), oldest first. */
export async function definitionRows(q: Queryable, callId: string): Promise<DefinitionRow[]> {
  return q.query<DefinitionRow>(
    `select d.call_id, d.version, d.definition, d.source_call_id, d.year, d.reason, d.created_at::text, d.updated_at::text, u.name as created_by_name
       from call_definitions d left join users u on u.id = d.created_by
      where d.call_id = $1 order by d.version`,
    [callId],
  );
}

/** The newest row of every stored call, a draft before its versions. */
export async function definitionHeads(q: Queryable): Promise<DefinitionHeadRow[]> {
  return q.query<DefinitionHeadRow>(
    `select distinct on (call_id) call_id, version, definition, source_call_id, year, updated_at::text from call_definitions order by call_id, version = 0 desc, version desc`,
  );
}

/** Whether any definition (draft or version) uses this id. */
export async function definitionIdTaken(q: Queryable, callId: string): Promise<boolean> {
  const [taken] = await q.query('select 1 from call_definitions where call_id = $1 limit 1', [callId]);
  return !!taken;
}

export async function insertDraft(q: Queryable, d: {
  callId: string; definition: Record<string, unknown>; sourceCallId: string | null; year: number | null; by: string | null; now: string;
}) {
  await q.query(
    `insert into call_definitions (call_id, version, definition, source_call_id, year, created_by, created_at, updated_at) values ($1, 0, $2, $3, $4, $5, $6, $6)`,
    [d.callId, JSON.stringify(d.definition), d.sourceCallId, d.year, d.by, d.now],
  );
}

/** Replaces a call's draft definition. */
export async function updateDraft(q: Queryable, callId: string, definition: unknown, now: string) {
  await q.query('update call_definitions set definition = $2, updated_at = $3 where call_id = $1 and version = 0', [callId, JSON.stringify(definition), now]);
}

/** Deletes a call's draft; false when there was none. */
export async function deleteDraft(q: Queryable, callId: string): Promise<boolean> {
  const r = await q.query('delete from call_definitions where call_id = $1 and version = 0 returning 1', [callId]);
  return r.length > 0;
}

/** Stores a frozen version (1 when a draft opens, the next one for a revision with its reason). */
export async function insertVersion(q: Queryable, v: {
  callId: string; version: number; definition: unknown; sourceCallId: string | null; year: number | null; reason: string | null; by: string | null; now: string;
}) {
  await q.query(
    `insert into call_definitions (call_id, version, definition, source_call_id, year, reason, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [v.callId, v.version, JSON.stringify(v.definition), v.sourceCallId, v.year, v.reason, v.by, v.now],
  );
}

/** Serialises changes of one call across processes until the transaction ends. */
export async function lockCallRevision(q: Queryable, callId: string) {
  await q.query('select pg_advisory_xact_lock(hashtext($1))', [`call-revise:${callId}`]);
}

// ---------- the call's cases ----------

/** A call's cases and how many of them were ever submitted. */
export async function callCaseCounts(q: Queryable, callId: string): Promise<{ cases: number; submitted: number }> {
  const [r] = await q.query<{ cases: number; submitted: number }>(
    'select count(*)::int as cases, count(*) filter (where submission_count > 0)::int as submitted from cases where call_id = $1',
    [callId],
  );
  return { cases: r?.cases ?? 0, submitted: r?.submitted ?? 0 };
}

/** Cases per call (every call). */
export async function caseCountsByCall(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.query<{ call_id: string; n: number }>('select call_id, count(*)::int as n from cases group by call_id');
  return new Map(rows.map((r) => [r.call_id, r.n]));
}

/** How many cases of a call have this case type. */
export async function countCasesOfType(q: Queryable, callId: string, caseType: string): Promise<number> {
  const [r] = await q.query<{ n: number }>('select count(*)::int as n from cases where call_id = $1 and case_type = $2', [callId, caseType]);
  return r.n;
}

/** How many cases of a call's case type filled a form field (an empty value — null, "", [], {}, false — is not filled). */
export async function countCasesWithField(q: Queryable, callId: string, caseType: string, key: string): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `select count(*)::int as n from cases where call_id = $1 and case_type = $2
       and form -> $3 is not null and form -> $3 not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb, 'false'::jsonb)`,
    [callId, caseType, key],
  );
  return r.n;
}

/** How many cases of a call's case type hold a current file in an attachment slot. */
export async function countCasesWithSlot(q: Queryable, callId: string, caseType: string, slot: string): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `select count(distinct f.case_id)::int as n from files f join cases c on c.id = f.case_id where c.call_id = $1 and c.case_type = $2 and f.slot = $3 and f.is_current`,
    [callId, caseType, slot],
  );
  return r.n;
}
