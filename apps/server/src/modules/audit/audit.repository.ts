// The append-only audit log: who, when, what, outcome, object, from/to state and reason.
import { eventLabel, OBJECT_TYPE_LABELS, OUTCOME_LABELS } from '@anli/domain/audit-events.ts';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { ROLE_LABELS, ROUND_STATE_LABELS, STATE_LABELS, type Role } from '@anli/domain/lifecycle.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { regionFullName } from '@anli/domain/regions/regions.ts';
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
  await q.query(`insert into audit_log ${AUDIT_COLUMNS} values (${auditValues(1)})`, auditParams(actor, r, at));
}

const AUDIT_COLUMNS = '(at, actor_id, actor_role, actor_name, event, outcome, object_type, object_id, from_state, to_state, reason, province_code, data)';
/** The values of one audit record as parameters $first … $first+12, typed (a SELECT list infers no column types). */
const AUDIT_TYPES = ['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb'];
const auditValues = (first: number, withData = true) =>
  [`coalesce($${first}::timestamptz, now())`, ...(withData ? AUDIT_TYPES : AUDIT_TYPES.slice(0, -1)).map((t, i) => `$${first + 1 + i}::${t}`)].join(', ');
function auditParams(actor: Actor | null, r: AuditRecord, at?: number): unknown[] {
  return [
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
  ];
}

/**
 * A change and its audit record in one statement, so that both happen or neither without a transaction's two extra
 * round trips (BEGIN, COMMIT). `ctes` are the statement's WITH entries over `params` (data-modifying ones included);
 * the record is written once for each row of the entry named `guard` (its condition: no row, no record). Returns how
 * many records were written. PostgreSQL runs every data-modifying entry whether or not the guard has rows, so each
 * must itself select from the guard when it must not run without it. `dataFromGuard`, a jsonb expression over the
 * guard's row, adds to the record's data what only the statement knows (the file it found, say).
 */
export async function changeWithAudit(q: Queryable, ctes: string, guard: string, params: unknown[], actor: Actor | null, r: AuditRecord, at?: number, dataFromGuard?: string): Promise<number> {
  const first = params.length + 1;
  const values = dataFromGuard
    ? `${auditValues(first, false)}, coalesce($${first + AUDIT_TYPES.length}::jsonb, '{}'::jsonb) || ${dataFromGuard}`
    : auditValues(first);
  const rows = await q.query<{ n: number }>(
    `with ${ctes},
       audit as (insert into audit_log ${AUDIT_COLUMNS} select ${values} from ${guard} returning 1)
     select count(*)::int as n from audit`,
    [...params, ...auditParams(actor, r, at)],
  );
  return rows[0]?.n ?? 0;
}

export interface AuditRow {
  id: number;
  /** A Date as the driver reads it; ISO text when read as json (objectHistoryJson). */
  at: Date | string;
  actor_id?: string | null;
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
  data?: Record<string, unknown> | null;
}

/** Reasons some records carry as codes (older records and refusals), in words. */
const REASON_WORDS: Record<string, string> = { locked: '密码错误次数过多，账号已临时锁定', submitted: '案例已提交', daily_budget: '全平台当日验证码已达预算', ip_numbers: '同一网络获取验证码的号码过多' };

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records as a person reads them: the event's Chinese name, the actor's role, the province as 北京市, and the object
 * by its name (a case's title, a user's name and role, a round's name, a call's title) — ids stay beside for exports.
 */
const caseLabel = (title: string | null | undefined) => `“${title || '（未命名案例）'}”`;

export async function presentAuditRows(q: Queryable, rows: AuditRow[], known: { cases?: ReadonlyArray<{ id: string; title: string }> } = {}) {
  const names = new Map<string, string>();
  // A case the caller already read (its own page's history) is named without reading it again.
  for (const c of known.cases ?? []) names.set(c.id, caseLabel(c.title));
  const ids = (type: string) => [...new Set(rows.filter((r) => r.object_type === type && r.object_id && UUID.test(r.object_id) && !names.has(r.object_id)).map((r) => r.object_id!))];
  const [caseIds, userIds, roundIds, expertIds] = [ids('case'), ids('user'), ids('review_round'), ids('expert')];
  if (caseIds.length) for (const c of await q.query<{ id: string; title: string }>('select id, title from cases where id = any($1::uuid[])', [caseIds])) names.set(c.id, caseLabel(c.title));
  if (userIds.length) {
    for (const u of await q.query<{ id: string; name: string; role: string }>('select id, name, role from users where id = any($1::uuid[])', [userIds])) {
      names.set(u.id, `${u.name}（${ROLE_LABELS[u.role as Role] ?? '用户'}）`);
    }
  }
  if (roundIds.length) for (const r of await q.query<{ id: string; name: string }>('select id, name from review_rounds where id = any($1::uuid[])', [roundIds])) names.set(r.id, r.name);
  if (expertIds.length) for (const e of await q.query<{ id: string; name: string }>('select id, name from experts where id = any($1::uuid[])', [expertIds])) names.set(e.id, `${e.name}（评审专家）`);
  // Calls built on the platform are named by their newest definition (draft or version); built-in ones by their file.
  const callIds = [...new Set(rows.filter((r) => r.object_type === 'call' && r.object_id && !findCall(r.object_id)).map((r) => r.object_id!))];
  const callTitles = new Map<string, string>();
  if (callIds.length) {
    for (const c of await q.query<{ call_id: string; title: string | null }>(
      `select distinct on (call_id) call_id, definition->>'title' as title from call_definitions where call_id = any($1::text[]) order by call_id, version desc`,
      [callIds],
    )) if (c.title) callTitles.set(c.call_id, c.title);
  }
  // Records written without the actor's name (file uploads, jobs acting for a user) read the name from the account.
  const actorIds = [...new Set(rows.filter((r) => !r.actor_name && r.actor_id).map((r) => r.actor_id!))];
  const actorNames = new Map<string, string>();
  if (actorIds.length) for (const u of await q.query<{ id: string; name: string }>('select id, name from users where id = any($1::uuid[])', [actorIds])) actorNames.set(u.id, u.name);
  const objectLabel = (r: AuditRow): string => {
    const id = r.object_id;
    if (!id) return '';
    switch (r.object_type) {
      case 'case':
        return names.get(id) ?? '（已删除的案例）';
      case 'user':
        return names.get(id) ?? '（已删除的用户）';
      case 'expert':
        return names.get(id) ?? '评审专家';
      case 'review_round':
        return names.get(id) ?? '评审轮次';
      case 'province':
        return findProvince(id)?.name ?? '';
      case 'call':
        return findCall(id)?.title ?? callTitles.get(id) ?? '';
      case 'region':
        return regionFullName(id) ?? '';
      case 'phone':
        return id; // stored masked (138****0001)
      case 'export':
        return names.get(id) ?? findCall(id)?.title ?? '';
      default:
        return '';
    }
  };
  return rows.map((r) => {
    const base = presentAudit(r);
    const type = r.object_type ?? '';
    // A state is a case's, or a review round's when the record is about a round.
    const states: Record<string, string> = type === 'review_round' ? ROUND_STATE_LABELS : STATE_LABELS;
    return {
      ...base,
      actorName: r.actor_name ?? (r.actor_id ? (actorNames.get(r.actor_id) ?? null) : null),
      reason: r.reason ? (REASON_WORDS[r.reason] ?? r.reason) : null,
      eventLabel: eventLabel(r.event),
      outcomeLabel: OUTCOME_LABELS[r.outcome] ?? '',
      actorRoleLabel: r.actor_role ? (ROLE_LABELS[r.actor_role as Role] ?? '') : '系统',
      objectTypeLabel: type ? (OBJECT_TYPE_LABELS[type] ?? '') : '',
      objectLabel: objectLabel(r),
      fromStateLabel: r.from_state ? (states[r.from_state] ?? '') : '',
      toStateLabel: r.to_state ? (states[r.to_state] ?? '') : '',
      provinceName: r.province_code ? (findProvince(r.province_code)?.name ?? '') : '',
      /** Chained calls: the levels a case moved between (for the step labels of its history). */
      /** The attachment slot a file's record is about (a case's history names it by the call's label). */
      slot: r.data && typeof r.data.slot === 'string' ? r.data.slot : null,
      chain: r.data && typeof r.data.fromLevel === 'string'
        ? { fromLevel: r.data.fromLevel as string, toLevel: (r.data.toLevel as string | null) ?? null, regionCode: (r.data.regionCode as string | null) ?? null }
        : null,
    };
  });
}

/**
 * An object's newest records (at most `limit`, newest first) as one json value, for a statement that reads more with
 * it (a case's page reads its history with the count behind its form checks); `idParam` is the `$n` holding the id.
 * The rows are AuditRow, with times as ISO text.
 */
export const objectHistoryJson = (idParam: string, limit: number) =>
  `(select coalesce(json_agg(a order by a.id desc), '[]'::json)
      from (select * from audit_log where object_id = ${idParam} order by id desc limit ${Math.min(Math.max(Math.trunc(limit), 1), 1000)}) a)`;

/** The newest entries matching the filter (a case's history), at most `limit` (default 100, at most 1,000). */
export async function listAudit(q: Queryable, filter: AuditFilter & { limit?: number }, known: Parameters<typeof presentAuditRows>[2] = {}) {
  const params: unknown[] = [];
  const where = auditWhere(filter, params);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = await q.query<AuditRow>(`select * from audit_log ${where} order by id desc limit ${limit}`, params);
  return presentAuditRows(q, rows, known);
}

export interface AuditFilter {
  objectId?: string;
  event?: string;
  provinceCode?: string;
}

function auditWhere(filter: AuditFilter, params: unknown[]): string {
  const where: string[] = [];
  if (filter.objectId) where.push(`object_id = $${params.push(filter.objectId)}`);
  if (filter.event) where.push(`event = $${params.push(filter.event)}`);
  if (filter.provinceCode) where.push(`province_code = $${params.push(filter.provinceCode)}`);
  return where.length ? `where ${where.join(' and ')}` : '';
}

/** One page of the log (newest first unless asked otherwise) with the total of matching entries. */
export async function pageAudit(q: Queryable, filter: AuditFilter, page: { limit: number; offset: number; order: 'asc' | 'desc' }) {
  const params: unknown[] = [];
  const where = auditWhere(filter, params);
  const dir = page.order === 'asc' ? 'asc' : 'desc';
  const rows = await q.query<AuditRow>(
    `select * from audit_log ${where} order by id ${dir} limit $${params.push(page.limit)} offset $${params.push(page.offset)}`, params,
  );
  const [{ n }] = await q.query<{ n: number }>(`select count(*)::int as n from audit_log ${where}`, params.slice(0, -2));
  return { items: await presentAuditRows(q, rows), total: n };
}

/** Every matching entry, newest first, read in batches by id (an export streams them). */
export async function* auditRowsAll(q: Queryable, filter: AuditFilter, batch = 1000) {
  let before: number | null = null;
  for (;;) {
    const params: unknown[] = [];
    let where = auditWhere(filter, params);
    if (before !== null) where = `${where ? `${where} and` : 'where'} id < $${params.push(before)}`;
    const rows = await q.query<AuditRow>(`select * from audit_log ${where} order by id desc limit ${batch}`, params);
    yield* await presentAuditRows(q, rows);
    if (rows.length < batch) return;
    before = Number(rows[rows.length - 1].id);
  }
}

/** Records an event without a state change (exports, views of sensitive lists), as routes call it. */
export type AuditFn = (
  u: { id: string | null; role: string | null; name: string | null; provinceCode?: string | null },
  event: string,
  data: Record<string, unknown>,
) => Promise<void>;
