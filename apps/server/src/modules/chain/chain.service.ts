// Chained recommendation (county → city → province): the city and county administrators' status and quota counter,
// and activation codes for them (province → its cities, city → its counties, organiser → any).
import { createHash, randomBytes } from 'node:crypto';
import { chainLevel, LEVEL_LABELS, levelQuota, type ChainLevel } from '@anli/domain/chain.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { findRegion, placeName, regionFullName } from '@anli/domain/regions/regions.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { badRequest, forbidden } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { levelOfRole } from '../cases/case.service.ts';
import { countChainRecommended } from '../cases/case.repository.ts';
import { countWaitingAtLevel, findUserRegion, insertActivationCode, listActivationCodes } from './chain.repository.ts';
import { activationCodeScope, may } from '@anli/domain/policy.ts';

const ACTIVATION_TTL_MS = 14 * 24 * 3600_000;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export interface RegionAdmin {
  user: SessionUser;
  level: ChainLevel;
  regionCode: string;
}

export function chainService(deps: { db: Db; clock: Clock; calls: CallsService }) {
  const { db, clock, calls } = deps;
  const actorOf = (u: SessionUser) => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });

  /** A city or county administrator with their region (from the users table, never from the request). */
  async function regionAdmin(u: SessionUser): Promise<RegionAdmin> {
    const level = levelOfRole(u.role);
    if (!level) throw forbidden();
    const regionCode = await findUserRegion(db, u.id);
    if (!regionCode) throw forbidden('账号未绑定市、县，请联系上级管理员');
    return { user: u, level, regionCode };
  }

  return {
    regionAdmin,

    /** The administrator's region, quota counter and deadline in one chained call. */
    async status(u: SessionUser, callIdIn: unknown) {
      const admin = await regionAdmin(u);
      const call = calls.requireCall(callIdIn);
      const def = chainLevel(call, admin.level);
      if (!def) throw badRequest(`本活动没有${LEVEL_LABELS[admin.level]}推荐环节`);
      const used = await countChainRecommended(db, call, admin.level, admin.regionCode);
      const waiting = await countWaitingAtLevel(db, call.id, admin.level, admin.regionCode);
      const phase = (await calls.phases(call.id, u.provinceCode)).find((p) => p.id === def.deadlinePhase);
      return {
        callId: call.id,
        level: admin.level,
        levelName: def.name,
        regionCode: admin.regionCode,
        regionName: regionFullName(admin.regionCode),
        provinceName: findProvince(u.provinceCode ?? '')?.name ?? '',
        /** Province, city and county without repeating a municipality (北京市 海淀区). */
        placeName: placeName(findProvince(u.provinceCode ?? '')?.name ?? '', admin.regionCode),
        quota: { used, max: levelQuota(call, admin.level, admin.regionCode) },
        waiting,
        deadline: phase ? { name: phase.name, end: phase.end, open: phase.open, demoMoved: phase.demoMoved } : null,
      };
    },

    /** Issues a one-time activation code for a city administrator (province admin, organiser) or a county one (city admin, organiser). */
    async issueCode(u: SessionUser, regionIn: unknown) {
      const region = findRegion(regionIn);
      if (!region) throw badRequest('请选择市或区县', [{ path: 'regionCode', message: '请选择市或区县' }]);
      const viewer = u.role === 'city_admin' ? { ...u, regionCode: (await regionAdmin(u)).regionCode } : u;
      if (!may(viewer, 'activation_codes.issue', region)) {
        throw forbidden(u.role === 'province_admin' ? '省级管理员只能为本省的市创建激活码' : u.role === 'city_admin' ? '市级管理员只能为本市的区县创建激活码' : undefined);
      }
      const role = region.level === 'city' ? ('city_admin' as const) : ('county_admin' as const);
      const code = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 12);
      const now = clock.now();
      const expiresAt = now + ACTIVATION_TTL_MS;
      await db.tx(async (q) => {
        await insertActivationCode(q, { codeHash: sha(code), provinceCode: region.provinceCode, role, regionCode: region.code, createdBy: u.id, createdAt: iso(now), expiresAt: iso(expiresAt) });
        await writeAudit(q, actorOf(u), { event: 'activation_code.issue', objectType: 'region', objectId: region.code, provinceCode: region.provinceCode, data: { role } }, now);
      });
      return { code, role, regionCode: region.code, regionName: regionFullName(region.code), expiresAt: iso(expiresAt) };
    },

    /** Codes the viewer may see: a province's city codes, a city's county codes, all of them for the organiser. */
    async listCodes(u: SessionUser) {
      const scope = activationCodeScope(u.role === 'city_admin' ? { ...u, regionCode: (await regionAdmin(u)).regionCode } : u);
      if (!scope) throw forbidden();
      const rows = await listActivationCodes(db, scope);
      const now = clock.now();
      return rows.map((r) => ({
        id: r.id,
        role: r.role,
        regionCode: r.region_code,
        regionName: regionFullName(r.region_code),
        createdAt: iso(new Date(r.created_at).getTime()),
        expiresAt: iso(new Date(r.expires_at).getTime()),
        usedAt: r.used_at ? iso(new Date(r.used_at).getTime()) : null,
        usedBy: r.used_by_name,
        state: r.used_at ? ('used' as const) : new Date(r.expires_at).getTime() < now ? ('expired' as const) : ('open' as const),
      }));
    },
  };
}

export type ChainService = ReturnType<typeof chainService>;
