// Rubric queries: the organiser's edited rubrics of a call (call_rubrics, one per case type) and the review rounds
// whose opening fixes them. Rubrics belong to the call (national data), so reads take no viewer scope.
import type { RubricIndicator } from '@anli/domain/calls/schema.ts';
import type { Queryable } from '../../infra/db/db.ts';

/** An edited rubric with when and by whom it was last changed. */
export interface RubricRow {
  case_type: string;
  rubric: RubricIndicator[];
  updated_at: Date;
  name: string | null;
}

/** A stored rubric column: jsonb from PostgreSQL, text from some drivers. */
const parseRubric = (v: RubricIndicator[] | string): RubricIndicator[] => (typeof v === 'string' ? (JSON.parse(v) as RubricIndicator[]) : v);

/** The stored override of a case type's rubric, if the organiser edited it. */
export async function rubricOverride(q: Queryable, callId: string, caseType: string): Promise<RubricIndicator[] | null> {
  const [row] = await q.query<{ rubric: RubricIndicator[] | string }>('select rubric from call_rubrics where call_id = $1 and case_type = $2', [callId, caseType]);
  return row ? parseRubric(row.rubric) : null;
}

/** Every edited rubric of the call in one query (not one per case type). */
export async function callRubrics(q: Queryable, callId: string): Promise<RubricRow[]> {
  const rows = await q.query<Omit<RubricRow, 'rubric'> & { rubric: RubricIndicator[] | string }>(
    'select r.case_type, r.rubric, r.updated_at, u.name from call_rubrics r left join users u on u.id = r.updated_by where r.call_id = $1',
    [callId],
  );
  return rows.map((r) => ({ ...r, rubric: parseRubric(r.rubric) }));
}

/** Stores (or replaces) a case type's rubric. */
export async function upsertRubric(q: Queryable, r: { callId: string; caseType: string; rubric: RubricIndicator[]; by: string; now: number }) {
  await q.query(
    `insert into call_rubrics (call_id, case_type, rubric, updated_by, updated_at) values ($1, $2, $3, $4, $5)
     on conflict (call_id, case_type) do update set rubric = excluded.rubric, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [r.callId, r.caseType, JSON.stringify(r.rubric), r.by, new Date(r.now).toISOString()],
  );
}

/**
 * The names of the call's review rounds (national or provincial) that have opened, the first opened first; with
 * `lock` the rounds are locked for update, so none can open while the caller changes a rubric.
 */
export async function openedRoundNames(q: Queryable, callId: string, lock = false): Promise<string[]> {
  const rounds = await q.query<{ name: string }>(
    `select name from review_rounds where call_id = $1 and (state <> 'draft' or opened_at is not null) order by opened_at nulls last${lock ? ' for update' : ''}`,
    [callId],
  );
  return rounds.map((r) => r.name);
}
