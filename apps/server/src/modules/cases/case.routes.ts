// Case routes for authors, provincial administrators and the organiser. Each route states its audience and its
// request/response schemas; scope (own case, own province) is enforced in the service and repository.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseDetail, CaseSummary, CreateCaseBody, MY_CASES_MAX, ReturnBody, UpdateCaseBody } from '@anli/contracts/cases.ts';
import { IdParams, Ok, ReasonBody } from '@anli/contracts/common.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CaseAction } from '@anli/domain/lifecycle.ts';
import type { Role } from '@anli/domain/lifecycle.ts';
import { viewerOf } from '../../http/audience.ts';
import { notFound } from '@anli/domain/errors.ts';
import { can } from '@anli/domain/case-policy.ts';
import type { CasesService } from './case.service.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { AuditFn } from '../audit/audit.repository.ts';

export interface CaseRoutesDeps {
  cases: CasesService;
  calls: CallsService;
  audit: AuditFn;
}

const TAG = ['案例'];

export async function caseRoutes(fastify: FastifyInstance, s: CaseRoutesDeps) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // An author's own cases as one complete list (most calls take one case per author; the page also needs every open
  // case's call for its deadlines), newest change first, capped at MY_CASES_MAX rows: a list, not a page.
  app.get('/api/my/cases', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: `我的案例（全部，按最近修改排序，最多 ${MY_CASES_MAX} 个）`, response: { 200: z.array(CaseSummary) } },
  }, async (req) => s.cases.list(viewerOf(req), {}, { limit: MY_CASES_MAX }));

  app.post('/api/cases', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '新建案例（草稿）', body: CreateCaseBody, response: { 200: CaseDetail } },
  }, async (req) => s.cases.create(viewerOf(req), req.body));

  app.get('/api/cases/:id', {
    config: { audience: 'user' },
    schema: { tags: TAG, summary: '案例详情（表单、检查、历史）', params: IdParams, response: { 200: CaseDetail } },
  }, async (req) => s.cases.get(viewerOf(req), req.params.id));

  app.put('/api/cases/:id', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '保存案例表单（草稿或退回修改时）', params: IdParams, body: UpdateCaseBody, response: { 200: CaseDetail } },
  }, async (req) => s.cases.update(viewerOf(req), req.params.id, req.body.form, req.body.regionCode));

  app.delete('/api/cases/:id', {
    config: { audience: ['author'] },
    schema: { tags: TAG, summary: '删除从未提交过的草稿', params: IdParams, response: { 200: Ok } },
  }, async (req) => {
    await s.cases.remove(viewerOf(req), req.params.id);
    return { ok: true as const };
  });

  // Each state change is a POST naming its action; all go through transitionCase.
  const actions: Array<{ path: string; action: CaseAction | 'submit_or_resubmit'; audience: Role[]; summary: string }> = [
    { path: 'submit', action: 'submit_or_resubmit', audience: ['author'], summary: '提交（退回后为重新提交）' },
    { path: 'withdraw', action: 'withdraw', audience: ['author'], summary: '撤回（省级审核前）' },
    { path: 'return', action: 'return', audience: ['province_admin'], summary: '退回修改（须填写原因）' },
    { path: 'recommend', action: 'recommend', audience: ['province_admin'], summary: '推荐（占用名额）' },
    { path: 'unrecommend', action: 'unrecommend', audience: ['province_admin'], summary: '取消推荐' },
    { path: 'disqualify', action: 'disqualify', audience: ['organiser'], summary: '取消资格（须填写原因）' },
    { path: 'decline', action: 'decline', audience: ['author'], summary: '放弃方式一预选（须填写原因；名额退回本省）' },
  ];
  /** Applies the action (submit becomes resubmit after a return) and answers with the case as it now stands. */
  async function act(u: ReturnType<typeof viewerOf>, id: string, action: CaseAction | 'submit_or_resubmit', reason: string | null, resubmitUntil: string | null) {
    await s.cases.transitionCase(u, id, action, reason, undefined, { resubmitUntil });
    return s.cases.get(u, id);
  }
  for (const { path, action, audience, summary } of actions) {
    if (action === 'return') {
      // 退回修改 also takes the resubmission date (after the province's author deadline).
      app.post(`/api/cases/:id/${path}`, {
        config: { audience },
        schema: { tags: TAG, summary, params: IdParams, body: ReturnBody, response: { 200: CaseDetail } },
      }, async (req) => act(viewerOf(req), req.params.id, action, req.body?.reason ?? null, req.body?.resubmitUntil ?? null));
      continue;
    }
    app.post(`/api/cases/:id/${path}`, {
      config: { audience },
      schema: { tags: TAG, summary, params: IdParams, body: ReasonBody, response: { 200: CaseDetail } },
    }, async (req) => act(viewerOf(req), req.params.id, action, req.body?.reason ?? null, null));
  }

  for (const ext of ['docx', 'pdf'] as const) {
    app.get(`/api/cases/:id/info-form.${ext}`, {
      config: { audience: 'user' },
      schema: {
        tags: TAG,
        summary: ext === 'docx' ? '下载由表单生成的信息表（Word）' : '下载由表单生成的信息表（PDF，打印盖章用）',
        params: IdParams,
        produces: [ext === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf'],
      },
    }, async (req, reply) => {
      const u = viewerOf(req);
      // PIPL: the 信息表 carries full phone numbers and is no part of what an expert reviews.
      if (!can(u, 'read.info_forms')) throw notFound();
      const row = await s.cases.getRow(u, req.params.id);
      const call = s.calls.requireCall(row.call_id);
      const type = findCaseType(call, row.case_type)!;
      // The info form carries the authors' full mobile numbers: only the author and the organiser get it unmasked.
      const detail = await s.cases.detailOf(u, row);
      const bytes =
        ext === 'docx'
          ? await (await import('../infoform/infoform.docx.ts')).generateInfoFormDocx(call, type, detail.form)
          : await (await import('../infoform/infoform.pdf.ts')).generateInfoFormPdf(call, type, detail.form);
      const name = encodeURIComponent(`${type.name}信息表-${row.title || '未命名'}.${ext}`);
      // The info form carries full mobile numbers: every download is on the record.
      await s.audit(u, `export.info_form_${ext}`, { caseId: row.id });
      reply
        .header('content-type', ext === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      return reply.send(Buffer.from(bytes));
    });
  }
}
