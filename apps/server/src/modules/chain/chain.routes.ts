// City and county administrators (chained recommendation): their case list, export, quota status and the
// recommend/unrecommend/return actions; activation codes for them; the region list for pickers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseListPage, CaseListQuery } from '@anli/contracts/cases.ts';
import { IdParams, ReasonBody } from '@anli/contracts/common.ts';
import { OptionalCallQuery } from '@anli/contracts/mode1.ts';
import { IssuedRegionCode, IssueRegionCodeBody, RegionCaseResult, RegionCodeRow, RegionMe, RegionNode, RegionStatus, RegionsQuery } from '@anli/contracts/province.ts';
import type { AppDeps, Services } from '../../app.ts';
import { requireRole, requireUser } from '../../http/auth.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { regionFullName, regionTree } from '@anli/domain/regions/regions.ts';
import type { CaseAction } from '@anli/domain/lifecycle.ts';
import { badRequest } from '../../http/errors.ts';
import { presentCaseSummary } from '../cases/case.service.ts';
import { CASE_COLUMNS, caseFilterOf } from '../province/export.ts';
import { downloadName, streamXlsx } from '../../infra/xlsx.ts';
import { chainService } from './chain.service.ts';

const TAG = ['市县推荐'];
const SUMMARIES: Record<string, string> = { recommend: '推荐到上一级（占用本地区名额）', unrecommend: '取消推荐', return: '退回作者修改（须填写原因）' };

export async function chainRoutes(app: FastifyInstance, s: Services, deps: AppDeps) {
  const chain = chainService({ db: deps.db, clock: deps.clock, calls: s.calls });

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  zapp.get('/api/regions', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '某省的市与区县（地区选择）', querystring: RegionsQuery, response: { 200: z.array(RegionNode) } },
  }, async (req) => {
    const code = req.query.provinceCode ?? '';
    if (!findProvince(code)) throw badRequest('请选择省份');
    return regionTree(code);
  });

  zapp.get('/api/region/status', {
    config: { audience: ['city_admin', 'county_admin'] },
    schema: { tags: TAG, summary: '本地区推荐状态（名额、待审核数、截止时间）', querystring: OptionalCallQuery, response: { 200: RegionStatus } },
  }, async (req) => {
    const u = requireRole(req, 'county_admin', 'city_admin');
    return chain.status(u, req.query.callId);
  });

  zapp.get('/api/region/cases', {
    config: { audience: ['county_admin', 'city_admin'] },
    schema: { tags: TAG, summary: '本地区的案例（分页、排序、筛选）', querystring: CaseListQuery, response: { 200: CaseListPage } },
  }, async (req) => {
    const u = requireRole(req, 'county_admin', 'city_admin');
    await chain.regionAdmin(u);
    return s.reports.casePage(u, caseFilterOf(req.query), req.query);
  });

  // The same rows and columns as the province's and the organiser's exports (CASE_COLUMNS), every matching row.
  zapp.get('/api/region/cases.xlsx', {
    config: { audience: ['county_admin', 'city_admin'] },
    schema: { tags: TAG, summary: '导出本地区的案例（Excel，全部符合条件的行）', querystring: CaseListQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'county_admin', 'city_admin');
    const admin = await chain.regionAdmin(u);
    const filter = caseFilterOf(req.query);
    const callTitle = req.query.callId ? s.calls.findCall(req.query.callId)?.title : undefined;
    await streamXlsx(reply, downloadName([regionFullName(admin.regionCode), callTitle, '案例列表'], 'xlsx'), {
      name: '推荐案例', columns: CASE_COLUMNS, rows: s.reports.caseRowsAll(u, filter, req.query),
    }, (rows) => s.audit(u, 'export.region_cases', { callId: req.query.callId ?? null, regionCode: admin.regionCode, rows }));
    return reply;
  });

  const actions: Array<[string, CaseAction]> = [
    ['recommend', 'chain_recommend'],
    ['unrecommend', 'chain_unrecommend'],
    ['return', 'return'],
  ];
  for (const [path, action] of actions) {
    zapp.post(`/api/region/cases/:id/${path}`, {
      config: { audience: ['city_admin', 'county_admin'] },
      schema: { tags: TAG, summary: SUMMARIES[path], params: IdParams, body: ReasonBody, response: { 200: RegionCaseResult } },
    }, async (req) => {
      const u = requireRole(req, 'county_admin', 'city_admin');
      await chain.regionAdmin(u);
      const reason = req.body?.reason ?? null;
      const row = await s.cases.transitionCase(u, req.params.id, action, reason);
      // A case the city returned leaves the city's scope: answer with its summary as the transition left it.
      const visible = await s.cases.get(u, req.params.id).catch(() => null);
      return visible ?? { ...presentCaseSummary(s.calls.requireCall(row.call_id), row, u), returnReason: reason?.trim() ?? null };
    });
  }

  zapp.post('/api/region/activation-codes', {
    config: { audience: ['organiser', 'province_admin', 'city_admin'] },
    schema: { tags: TAG, summary: '为市级或县级管理员生成激活码（仅显示一次）', body: IssueRegionCodeBody, response: { 200: IssuedRegionCode } },
  }, async (req) => {
    const u = requireRole(req, 'organiser', 'province_admin', 'city_admin');
    return chain.issueCode(u, req.body.regionCode);
  });

  zapp.get('/api/region/activation-codes', {
    config: { audience: ['organiser', 'province_admin', 'city_admin'] },
    schema: { tags: TAG, summary: '市级、县级管理员激活码（本人可见范围，最近 500 个）', response: { 200: z.array(RegionCodeRow) } },
  }, async (req) => {
    const u = requireRole(req, 'organiser', 'province_admin', 'city_admin');
    return chain.listCodes(u);
  });

  // The viewer's own region (for the city administrator's county picker).
  zapp.get('/api/region/me', {
    config: { audience: ['city_admin', 'county_admin'] },
    schema: { tags: TAG, summary: '本人管理的地区', response: { 200: RegionMe } },
  }, async (req) => {
    const u = requireUser(req);
    const admin = await chain.regionAdmin(u);
    return { level: admin.level, regionCode: admin.regionCode, provinceCode: u.provinceCode };
  });
}
