// Review routes: experts and rounds for the organiser, provincial rounds for a provincial administrator (own province
// only, advisory), tasks and score sheets for experts, expert activation. Each route states its audience and its
// request/response schemas (@anli/contracts/review.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UserResult } from '@anli/contracts/accounts.ts';
import { NoBody, IdParams, Ok } from '@anli/contracts/common.ts';
import { ExpertListQuery, ExpertPage } from '@anli/contracts/experts.ts';
import {
  ActivateExpertBody, AddAssignmentBody, AddAssignmentResult, AssignBody, AssignmentParams, AutoAssignResult, CallQuery, ConflictBody,
  ConflictResult, CreateRoundBody, DecisionsBody, DecisionsResult, Invitation, InviteExpertBody, InviteExpertResult,
  OpenRoundBody, OpenRoundResult, ProvinceAdviceMap, ResultsQuery, ReviewRound, ReviewTasks, RoundAssignments, RoundCaseParams,
  RoundParams, RoundResults, RoundsQuery, Sheet, SheetBody, SheetPage, UnreportedProvince,
} from '@anli/contracts/review.ts';
import type { AppDeps, Services } from '../../app.ts';
import { requireProvinceAdmin, requireRole, setSessionCookie } from '../../http/auth.ts';

const TAG = ['评审'];

export async function reviewRoutes(fastify: FastifyInstance, s: Services, deps: AppDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Public: an invited expert activates the account.
  app.post('/api/auth/activate-expert', {
    config: { audience: 'public' },
    schema: { tags: TAG, summary: '评审专家激活账号（邀请码、受邀手机号、设置密码），激活后即登录', body: ActivateExpertBody, response: { 200: UserResult } },
  }, async (req, reply) => {
    const r = await s.review.activateExpert(req.body);
    setSessionCookie(reply, r.token, deps.secureCookies, deps.sessionMaxMs);
    return { user: r.user };
  });

  // Organiser: experts.
  app.post('/api/org/experts', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '邀请评审专家（生成一次性邀请码并短信发送）', body: InviteExpertBody, response: { 200: InviteExpertResult } },
  }, async (req) => s.review.inviteExpert(requireRole(req, 'organiser'), req.body));
  app.get('/api/org/experts', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '评审专家（分页、排序、筛选）', querystring: ExpertListQuery, response: { 200: ExpertPage } },
  }, async (req) => s.review.expertPage(requireRole(req, 'organiser'), req.query));
  app.post('/api/org/experts/:id/invitation', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '重新生成邀请码（专家尚未激活；旧邀请码作废）', params: IdParams, body: NoBody, response: { 200: Invitation } },
  }, async (req) => s.review.reissueInvitation(requireRole(req, 'organiser'), req.params.id));
  app.post('/api/org/experts/:id/conflicts', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '登记专家回避的案例（须填写原因；未提交的分配随即移除）', params: IdParams, body: ConflictBody, response: { 200: ConflictResult } },
  }, async (req) => s.review.addConflict(requireRole(req, 'organiser'), req.params.id, req.body));

  // Organiser: rounds, assignment, results, decisions.
  const R = '/api/org/review/rounds';
  app.get(R, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '评审轮次（国家级与各省省级，含案例数、分配数与提交数）', querystring: RoundsQuery, response: { 200: z.array(ReviewRound) } },
  }, async (req) => s.review.listRounds(requireRole(req, 'organiser'), req.query.callId || undefined));
  app.post(R, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '新建国家级评审轮次（案例类型、每案专家数、是否匿名评审）', body: CreateRoundBody, response: { 200: ReviewRound } },
  }, async (req) => s.review.createRound(requireRole(req, 'organiser'), req.body));
  app.post(`${R}/:roundId/open`, {
    config: { audience: ['organiser'] },
    schema: {
      tags: TAG,
      summary: '开始国家级评审轮次（已上报省份的推荐案例进入国家级评审）；国家级推荐阶段未开放时须填写强制执行理由',
      params: RoundParams,
      body: OpenRoundBody,
      response: { 200: OpenRoundResult },
    },
  }, async (req) => s.review.openRound(requireRole(req, 'organiser'), req.params.roundId, { overrideReason: req.body?.overrideReason }));
  // Provinces whose recommended cases wait outside national review because their list is not reported.
  app.get('/api/org/review/unreported', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '有推荐案例但尚未上报名单的省份（其案例暂不进入国家级评审）', querystring: RoundsQuery, response: { 200: z.array(UnreportedProvince) } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.review.unreportedProvinces(req.query.callId ?? '');
  });
  app.post(`${R}/:roundId/close`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '结束评审轮次（专家不能再评分，评分保留用于排名）', params: RoundParams, body: NoBody, response: { 200: ReviewRound } },
  }, async (req) => s.review.closeRound(requireRole(req, 'organiser'), req.params.roundId));
  app.post(`${R}/:roundId/assign`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '自动分配评审专家（回避同省、同单位与已登记回避；已有分配保留）', params: RoundParams, body: AssignBody, response: { 200: AutoAssignResult } },
  }, async (req) => s.review.autoAssign(requireRole(req, 'organiser'), req.params.roundId, req.body?.seed, req.body?.expertIds));
  app.get(`${R}/:roundId/assignments`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '本轮各案例的评审专家（匹配、来源、越过回避的理由、评分状态）与专家工作量', params: RoundParams, response: { 200: RoundAssignments } },
  }, async (req) => s.review.assignments(requireRole(req, 'organiser'), req.params.roundId));
  app.post(`${R}/:roundId/assignments`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '手动为案例分配专家（同省、同单位或已登记回避时须填写理由）', params: RoundParams, body: AddAssignmentBody, response: { 200: AddAssignmentResult } },
  }, async (req) => s.review.addAssignment(requireRole(req, 'organiser'), req.params.roundId, req.body));
  app.delete(`${R}/:roundId/assignments/:caseId/:expertId`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '移除案例的一位评审专家（已提交评分的不能移除）', params: AssignmentParams, response: { 200: Ok } },
  }, async (req) => s.review.removeAssignment(requireRole(req, 'organiser'), req.params.roundId, req.params.caseId, req.params.expertId));
  app.get(`${R}/:roundId/results`, {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '评审结果（原始均分、标准化分、分歧提示、按类型与省份排名）', params: RoundParams, querystring: ResultsQuery, response: { 200: RoundResults } },
  }, async (req) => s.review.results(requireRole(req, 'organiser'), req.params.roundId, req.query.by ?? 'normalised'));
  app.post(`${R}/:roundId/decisions`, {
    config: { audience: ['organiser'] },
    schema: {
      tags: TAG,
      summary: '确定入选或未入选（全部成功或全部不变）；阶段未开放、轮次未结束或评分不足时须填写强制执行理由',
      params: RoundParams,
      body: DecisionsBody,
      response: { 200: DecisionsResult },
    },
  }, async (req) => s.review.decide(requireRole(req, 'organiser'), req.params.roundId, req.body));

  // Provincial administrator: optional provincial rounds over the own province's submitted cases (advisory: the
  // results are shown beside the case list when recommending and never decide or publish anything).
  const P = '/api/province/review/rounds';
  app.get('/api/province/experts', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省可选用的评审专家（分页、排序、筛选）', querystring: ExpertListQuery, response: { 200: ExpertPage } },
  }, async (req) => s.review.expertPage(requireProvinceAdmin(req), req.query));
  // Experts a province invites belong to it: only its own rounds use them.
  app.post('/api/province/experts', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '邀请本省评审专家（只用于本省的省级评审）', body: InviteExpertBody, response: { 200: InviteExpertResult } },
  }, async (req) => s.review.inviteExpert(requireProvinceAdmin(req), req.body));
  app.post('/api/province/experts/:id/invitation', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '重新生成本省专家的邀请码（旧邀请码作废）', params: IdParams, body: NoBody, response: { 200: Invitation } },
  }, async (req) => s.review.reissueInvitation(requireProvinceAdmin(req), req.params.id));
  app.get(P, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省的省级评审轮次', querystring: RoundsQuery, response: { 200: z.array(ReviewRound) } },
  }, async (req) => s.review.listRounds(requireProvinceAdmin(req), req.query.callId || undefined));
  app.post(P, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '新建省级评审轮次（仅在本省推荐阶段内；结果只作推荐参考）', body: CreateRoundBody, response: { 200: ReviewRound } },
  }, async (req) => s.review.createRound(requireProvinceAdmin(req), req.body));
  app.post(`${P}/:roundId/open`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '开始省级评审轮次（本省已提交的案例进入本轮，案例状态不变）', params: RoundParams, body: OpenRoundBody, response: { 200: OpenRoundResult } },
  }, async (req) => s.review.openRound(requireProvinceAdmin(req), req.params.roundId));
  app.post(`${P}/:roundId/close`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '结束省级评审轮次', params: RoundParams, body: NoBody, response: { 200: ReviewRound } },
  }, async (req) => s.review.closeRound(requireProvinceAdmin(req), req.params.roundId));
  app.post(`${P}/:roundId/assign`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '自动分配本轮评审专家（回避同单位与已登记回避；已有分配保留）', params: RoundParams, body: AssignBody, response: { 200: AutoAssignResult } },
  }, async (req) => s.review.autoAssign(requireProvinceAdmin(req), req.params.roundId, req.body?.seed, req.body?.expertIds));
  app.get(`${P}/:roundId/assignments`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本轮各案例的评审专家与专家工作量', params: RoundParams, response: { 200: RoundAssignments } },
  }, async (req) => s.review.assignments(requireProvinceAdmin(req), req.params.roundId));
  app.post(`${P}/:roundId/assignments`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '手动为案例分配专家（同单位或已登记回避时须填写理由）', params: RoundParams, body: AddAssignmentBody, response: { 200: AddAssignmentResult } },
  }, async (req) => s.review.addAssignment(requireProvinceAdmin(req), req.params.roundId, req.body));
  app.delete(`${P}/:roundId/assignments/:caseId/:expertId`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '移除案例的一位评审专家（已提交评分的不能移除）', params: AssignmentParams, response: { 200: Ok } },
  }, async (req) => s.review.removeAssignment(requireProvinceAdmin(req), req.params.roundId, req.params.caseId, req.params.expertId));
  app.get(`${P}/:roundId/results`, {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '省级评审结果（供推荐参考）', params: RoundParams, querystring: ResultsQuery, response: { 200: RoundResults } },
  }, async (req) => s.review.results(requireProvinceAdmin(req), req.params.roundId, req.query.by ?? 'normalised'));
  app.get('/api/province/review/advice', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省各案例在最近一次省级评审中的结果（推荐时参考）', querystring: CallQuery, response: { 200: ProvinceAdviceMap } },
  }, async (req) => s.review.provinceAdvice(requireProvinceAdmin(req), req.query.callId));

  // Expert: own tasks and score sheets (open rounds only).
  app.get('/api/review/tasks', {
    config: { audience: ['expert'] },
    schema: { tags: TAG, summary: '我的评审任务（进行中的轮次）', response: { 200: ReviewTasks } },
  }, async (req) => s.review.tasks(requireRole(req, 'expert')));
  app.get('/api/review/rounds/:roundId/cases/:id', {
    config: { audience: ['expert'] },
    schema: { tags: TAG, summary: '评审页：案例、评分标准与我的评分表', params: RoundCaseParams, response: { 200: SheetPage } },
  }, async (req) => s.review.sheet(requireRole(req, 'expert'), req.params.roundId, req.params.id));
  app.put('/api/review/rounds/:roundId/cases/:id', {
    config: { audience: ['expert'] },
    schema: { tags: TAG, summary: '保存评分草稿（各项得分可暂时留空）', params: RoundCaseParams, body: SheetBody, response: { 200: Sheet } },
  }, async (req) => s.review.saveSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, req.body));
  app.post('/api/review/rounds/:roundId/cases/:id/submit', {
    config: { audience: ['expert'] },
    schema: { tags: TAG, summary: '提交评分（各项须填写完整；提交后不能修改）', params: RoundCaseParams, body: SheetBody.nullish(), response: { 200: Sheet } },
  }, async (req) => s.review.submitSheet(requireRole(req, 'expert'), req.params.roundId, req.params.id, req.body ?? {}));
}
