// Who an announcement reaches: each audience is a SQL condition on users, so a new role (city or county
// administrators) is one more entry here, not a change to the announcement code.
import { sqlParams } from '../../infra/db/db.ts';

export interface AudienceDef {
  label: string;
  /** The audience needs a call (e.g. the authors of one call). */
  needsCall?: boolean;
  /** A condition on `users u`; `param(v)` binds a value and returns its placeholder. */
  where(ctx: { callId: string | null; param: (v: unknown) => string }): string;
}

export const AUDIENCES = {
  province_admins: { label: '全体省级管理员', where: () => `u.role = 'province_admin'` },
  experts: { label: '全体评审专家', where: () => `u.role = 'expert'` },
  call_authors: {
    label: '某一活动的全体作者',
    needsCall: true,
    where: ({ callId, param }) => `u.id in (select author_id from cases where call_id = ${param(callId)})`,
  },
  everyone: { label: '全体用户', where: () => 'true' },
} as const satisfies Record<string, AudienceDef>;

export type AudienceId = keyof typeof AUDIENCES;

export const isAudience = (v: unknown): v is AudienceId => typeof v === 'string' && Object.hasOwn(AUDIENCES, v);

/** The SQL selecting the ids of an audience's active users, with its parameters. */
export function audienceQuery(audience: AudienceId, callId: string | null, params: unknown[] = []): { sql: string; params: unknown[] } {
  const param = sqlParams(params);
  const def: AudienceDef = AUDIENCES[audience];
  return { sql: `select u.id from users u where not u.disabled and (${def.where({ callId, param })})`, params };
}
