// The append-only audit log: who, when, what, outcome, object, from/to state and reason.
import type { Queryable } from '../../infra/db/db.ts';

export interface Actor {
  id: string | null;
  role: string | null;
  name: string | null;
  provinceCode?: string | null;
}

export interface AuditRecord {
  event: string;
  outcome?: 'success' | 'denied' | 'failure';
  objectType?: string;
  objectId?: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  provinceCode?: string | null;
  data?: Record<string, unknown>;
}

export async function writeAudit(q: Queryable, actor: Actor | null, r: AuditRecord, at?: number): Promise<void> {
  await q.query(
    `insert into audit_log (at, actor_id, actor_role, actor_name, event, outcome, object_type, object_id, from_state, to_state, reason, province_code, data)
     values (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      at ? new Date(at).toISOString() : null,
      actor?.id ?? null,
      actor?.role ?? null,
      actor?.name ?? null,
      r.event,
      r.outcome ?? 'success',
      r.objectType ?? null,
      r.objectId ?? null,
      r.fromState ?? null,
      r.toState ?? null,
      r.reason ?? null,
      r.provinceCode ?? null,
      r.data ? JSON.stringify(r.data) : null,
    ],
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  actor_name: string | null;
  actor_role: string | null;
  event: string;
  outcome: string;
  object_type: string | null;
  object_id: string | null;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  province_code: string | null;
}

export function presentAudit(r: AuditRow) {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actorName: r.actor_name,
    actorRole: r.actor_role,
    event: r.event,
    outcome: r.outcome,
    objectType: r.object_type,
    objectId: r.object_id,
    fromState: r.from_state,
    toState: r.to_state,
    reason: r.reason,
    provinceCode: r.province_code,
  };
}

export async function listAudit(
  q: Queryable,
  filter: { objectId?: string; event?: string; provinceCode?: string; limit?: number; before?: number },
) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.objectId) where.push(`object_id = $${params.push(filter.objectId)}`);
  if (filter.event) where.push(`event = $${params.push(filter.event)}`);
  if (filter.provinceCode) where.push(`province_code = $${params.push(filter.provinceCode)}`);
  // `before` is epoch milliseconds of the last entry seen (the web pages the log by time).
  if (filter.before) where.push(`at < $${params.push(new Date(filter.before).toISOString())}`);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = await q.query<AuditRow>(
    `select * from audit_log ${where.length ? 'where ' + where.join(' and ') : ''} order by id desc limit ${limit}`,
    params,
  );
  return rows.map(presentAudit);
}

/** Records an event without a state change (exports, views of sensitive lists), as routes call it. */
export type AuditFn = (
  u: { id: string | null; role: string | null; name: string | null; provinceCode?: string | null },
  event: string,
  data: Record<string, unknown>,
) => Promise<void>;
