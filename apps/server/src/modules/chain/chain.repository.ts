// Chained-recommendation queries: a city or county administrator's region, the cases waiting at a level, and the
// activation codes issued for those administrators (read within the viewer's activation-code scope).
import type { ChainLevel } from '@anli/domain/chain.ts';
import type { activationCodeScope } from '@anli/domain/policy.ts';
import type { Queryable } from '../../infra/db/db.ts';

/** What activation codes a viewer may list (domain/policy.ts decides). */
export type ActivationCodeScope = NonNullable<ReturnType<typeof activationCodeScope>>;

export interface ActivationCodeRow {
  id: string;
  role: 'city_admin' | 'county_admin';
  region_code: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by_name: string | null;
}

/** The region a user's account is bound to (null when none). */
export async function findUserRegion(q: Queryable, userId: string): Promise<string | null> {
  const [r] = await q.query<{ region_code: string | null }>('select region_code from users where id = $1', [userId]);
  return r?.region_code ?? null;
}

/** Cases of a region submitted to its level and not yet decided there (a county by its code, a city by its first four digits). */
export async function countWaitingAtLevel(q: Queryable, callId: string, level: ChainLevel, regionCode: string): Promise<number> {
  const regionMatch = level === 'county' ? 'region_code = $2' : 'left(region_code, 4) = left($2, 4)';
  const [{ n }] = await q.query<{ n: number }>(
    `select count(*)::int as n from cases where call_id = $1 and ${regionMatch} and recommendation_level = $3 and state = 'submitted'`,
    [callId, regionCode, level],
  );
  return n;
}

export async function insertActivationCode(q: Queryable, c: {
  codeHash: string; provinceCode: string; role: 'city_admin' | 'county_admin'; regionCode: string; createdBy: string; createdAt: string; expiresAt: string;
}): Promise<void> {
  await q.query(
    'insert into activation_codes (code_hash, province_code, role, region_code, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)',
    [c.codeHash, c.provinceCode, c.role, c.regionCode, c.createdBy, c.createdAt, c.expiresAt],
  );
}

/** The newest 500 region activation codes within the scope (a province's city codes, a city's county codes, or all). */
export async function listActivationCodes(q: Queryable, scope: ActivationCodeScope): Promise<ActivationCodeRow[]> {
  const params: unknown[] = [];
  let where: string;
  if (scope.kind === 'all') where = 'a.region_code is not null';
  else if (scope.kind === 'province_cities') where = `a.role = 'city_admin' and a.province_code = $${params.push(scope.provinceCode)}`;
  else where = `a.role = 'county_admin' and left(a.region_code, 4) = left($${params.push(scope.cityCode)}, 4)`;
  return q.query<ActivationCodeRow>(
    `select a.id, a.role, a.region_code, a.created_at, a.expires_at, a.used_at, u.name as used_by_name
     from activation_codes a left join users u on u.id = a.used_by where ${where} order by a.created_at desc limit 500`,
    params,
  );
}
