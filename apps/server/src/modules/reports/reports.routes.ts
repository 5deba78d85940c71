// Dashboards and the Excel exports of the organiser's lists. Each export takes the same query as its JSON list and
// writes that list's rows through the shared sheet helper; every export is recorded in the audit log.
// Phone numbers: the organiser sees authors' and contact persons' numbers in full (it contacts them); experts'
// numbers are masked as on the 专家 list; a provincial administrator's case export masks them as its list does.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgCaseListQuery } from '@anli/contracts/cases.ts';
import { AuditListQuery } from '@anli/contracts/common.ts';
import { ExpertListQuery, type ExpertItem } from '@anli/contracts/experts.ts';
import { OrgResultsExportQuery } from '@anli/contracts/results.ts';
import { OptionalCallQuery } from '@anli/contracts/mode1.ts';
import { ContactForms, OrgDashboard, ProvinceDashboard, ResultsXlsxQuery, RoundIdParams } from '@anli/contracts/reports.ts';
import type { Services } from '../../app.ts';
import type { AppDeps } from '../../app.ts';
import { requireProvinceAdmin, requireRole } from '../../http/auth.ts';
import { addSheet, downloadName, newWorkbook, sendXlsx, streamXlsx, streamXlsxSheets, timeCell, toXlsx, type Column, type StreamSheetSpec } from '../../infra/xlsx.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { auditRowsAll, type listAudit } from '../audit/audit.repository.ts';
import { CASE_COLUMNS, caseFilterOf } from '../province/export.ts';

const time = timeCell;

export const auditFilter = (q: { objectId?: string; event?: string; provinceCode?: string }) => ({
  objectId: q.objectId?.trim() || undefined,
  event: q.event || undefined,
  provinceCode: q.provinceCode || undefined,
});

type AuditEntry = Awaited<ReturnType<typeof listAudit>>[number];
export const AUDIT_COLUMNS: Column<AuditEntry>[] = [
  { header: '时间', width: 20, value: (r) => time(r.at) },
  { header: '操作人', width: 14, value: (r) => r.actorName ?? '系统' },
  { header: '角色', width: 12, value: (r) => r.actorRoleLabel },
  { header: '事件', width: 26, value: (r) => r.eventLabel },
  // The codes stay in the export beside the names (for tracing), never on screen.
  { header: '事件代码', width: 24, value: (r) => r.event },
  { header: '结果', width: 8, value: (r) => r.outcomeLabel },
  { header: '对象类型', width: 10, value: (r) => r.objectTypeLabel },
  { header: '对象', width: 36, value: (r) => r.objectLabel },
  { header: '原状态', width: 16, value: (r) => r.fromStateLabel },
  { header: '新状态', width: 16, value: (r) => r.toStateLabel },
  { header: '原因', width: 30, value: (r) => r.reason ?? '' },
  { header: '省份', width: 14, value: (r) => r.provinceName },
  { header: '对象编号', width: 38, value: (r) => r.objectId ?? '' },
];

const TAG = ['统计与导出'];

export async function reportsRoutes(app: FastifyInstance, s: Services, deps: AppDeps) {
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  // ---------- dashboards ----------
  zapp.get('/api/org/dashboard', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '统计看板：各省提交、检测、推荐与名额，未通过最多的规则', querystring: OptionalCallQuery, response: { 200: OrgDashboard } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.reports.orgDashboard(req.query.callId ?? '');
  });
  zapp.get('/api/province/dashboard', {
    config: { audience: ['province_admin'] },
    schema: { tags: TAG, summary: '本省统计看板：按状态、检测结果、名额与各市情况', querystring: OptionalCallQuery, response: { 200: ProvinceDashboard } },
  }, async (req) => {
    const u = requireProvinceAdmin(req);
    return s.reports.provinceDashboard(u, req.query.callId ?? '');
  });

  zapp.get('/api/org/dashboard.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出统计看板（Excel：各省概况、未通过规则）', querystring: OptionalCallQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const d = await s.reports.orgDashboard(req.query.callId ?? '');
    const wb = newWorkbook();
    type P = (typeof d.provinces)[number];
    addSheet<P>(wb, {
      name: '各省概况',
      rows: d.provinces,
      columns: [
        { header: '省份', width: 16, value: (r) => r.provinceName },
        { header: '已提交', value: (r) => r.submitted },
        { header: '已检测', value: (r) => r.checked },
        { header: '有未通过项', value: (r) => r.failing },
        { header: '已推荐', value: (r) => r.recommended },
        { header: '方式一预选（占用名额）', width: 16, value: (r) => r.preselected },
        { header: '名额已用', value: (r) => r.quotaUsed },
        { header: '名额上限', value: (r) => r.quota },
        { header: '推荐名单', value: (r) => (r.reported ? '已上报' : '未上报') },
        { header: '征集方式', value: (r) => (r.mode ? `方式${r.mode === 1 ? '一' : '二'}` : '') },
        { header: '联系人信息表', width: 14, value: (r) => (r.contactFormSubmitted ? '已提交' : '未提交') },
      ],
    });
    type F = (typeof d.failingRules)[number];
    addSheet<F>(wb, {
      name: '未通过规则',
      rows: d.failingRules,
      columns: [
        { header: '规则', width: 24, value: (r) => r.rule },
        { header: '规则名称', width: 20, value: (r) => r.ruleName },
        { header: '未通过案例数', width: 14, value: (r) => r.cases },
        { header: '未通过文件数', width: 14, value: (r) => r.files },
      ],
    });
    await s.audit(u, 'export.dashboard', { callId: d.callId });
    return sendXlsx(reply, downloadName([s.calls.findCall(d.callId)?.title, '各省概况'], 'xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  });

  // ---------- organiser lists ----------
  // Every row the list matches, in the list's order, streamed (no cap on the number of rows).
  zapp.get('/api/org/cases.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出全部案例（Excel，全部符合条件的行）', querystring: OrgCaseListQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const filter = caseFilterOf(req.query);
    const callTitle = req.query.callId ? s.calls.findCall(req.query.callId)?.title : undefined;
    await streamXlsx(reply, downloadName([callTitle, '全部案例'], 'xlsx'), {
      name: '全部案例', columns: CASE_COLUMNS, rows: s.reports.caseRowsAll(u, filter, req.query),
    }, (rows) => s.audit(u, 'export.org_cases', { filter, rows }));
    return reply;
  });

  zapp.get('/api/org/audit.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出审计日志（Excel，全部符合条件的记录）', querystring: AuditListQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const filter = auditFilter(req.query);
    await streamXlsx(reply, '审计日志.xlsx', { name: '审计日志', columns: AUDIT_COLUMNS, rows: auditRowsAll(deps.db, filter) }, (rows) => s.audit(u, 'export.audit', { filter, rows }));
    return reply;
  });

  zapp.get('/api/org/contact-forms', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '各省联系人信息表', querystring: OptionalCallQuery, response: { 200: ContactForms } },
  }, async (req) => {
    requireRole(req, 'organiser');
    return s.reports.contactForms(req.query.callId ?? '');
  });
  zapp.get('/api/org/contact-forms.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出各省联系人信息表（Excel）', querystring: OptionalCallQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const { fields, rows } = await s.reports.contactForms(req.query.callId ?? '');
    type R = (typeof rows)[number];
    const columns: Column<R>[] = [
      { header: '省份', width: 16, value: (r) => r.provinceName },
      { header: '提交时间', width: 20, value: (r) => time(r.submittedAt) ?? '未提交' },
      ...fields.map((f: { key: string; label: string }): Column<R> => ({ header: f.label, width: 18, value: (r) => r.data[f.key] ?? '' })),
    ];
    await s.audit(u, 'export.contact_forms', { callId: req.query.callId ?? null, rows: rows.length });
    return sendXlsx(reply, '联系人信息表.xlsx', await toXlsx({ name: '联系人信息表', columns, rows }));
  });

  // Every expert the list's filters match, streamed; phone numbers masked as on the list.
  zapp.get('/api/org/experts.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出评审专家（Excel，全部符合条件的专家）', querystring: ExpertListQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    type E = ExpertItem;
    const columns: Column<E>[] = [
      { header: '姓名', width: 12, value: (r) => r.name },
      { header: '手机号码', width: 14, value: (r) => r.phone },
      { header: '工作单位', width: 30, value: (r) => r.unitName },
      { header: '省份', width: 14, value: (r) => r.provinceName },
      { header: '学科', width: 20, value: (r) => r.subjects.join('、') },
      { header: '学段', width: 20, value: (r) => r.stages.join('、') },
      { header: '状态', width: 10, value: (r) => (r.status === 'active' ? '已激活' : '已邀请') },
      { header: '回避案例数', width: 12, value: (r) => r.conflicts.length },
    ];
    await streamXlsx(reply, '评审专家.xlsx', { name: '评审专家', columns, rows: s.review.expertRowsAll(u, req.query) as AsyncIterable<E> }, (rows) => s.audit(u, 'export.experts', { rows }));
    return reply;
  });

  zapp.get('/api/org/review/rounds/:roundId/results.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出评审轮次结果（Excel；by=raw 为原始分）', params: RoundIdParams, querystring: ResultsXlsxQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const by = req.query.by === 'raw' ? 'raw' : 'normalised';
    const r = await s.review.results(u, req.params.roundId, by);
    type R = (typeof r.rows)[number];
    const num = (v: number | null) => (v === null ? '' : Math.round(v * 100) / 100);
    const columns: Column<R>[] = [
      { header: '案例名称', width: 40, value: (x) => x.title },
      { header: '案例类型', width: 22, value: (x) => x.caseTypeName },
      { header: '省份', width: 14, value: (x) => x.provinceName },
      { header: '状态', width: 16, value: (x) => x.stateLabel },
      { header: '分配专家数', value: (x) => x.assigned },
      { header: '已评分', value: (x) => x.submitted },
      { header: '原始均分', value: (x) => num(x.rawMean) },
      { header: '标准化均分', value: (x) => num(x.normalisedMean) },
      { header: '评分分歧', value: (x) => (x.disagreement?.flagged ? `分歧较大（极差 ${num(x.disagreement.range)}）` : '') },
      { header: '类型内排名', value: (x) => x.typeRank ?? '' },
      { header: '省内排名', value: (x) => x.provinceRank ?? '' },
      { header: '并列', value: (x) => (x.tied ? '是' : '') },
    ];
    await s.audit(u, 'export.review_results', { roundId: req.params.roundId, by, rows: r.rows.length });
    return sendXlsx(reply, '评审结果.xlsx', await toXlsx({ name: '评审结果', columns, rows: r.rows }));
  });

  zapp.get('/api/org/results.xlsx', {
    config: { audience: ['organiser'] },
    schema: { tags: TAG, summary: '导出评审结果与公布（入选待公布全部，已公布按列表的筛选与排序，逐批写出）', querystring: OrgResultsExportQuery },
  }, async (req, reply) => {
    const u = requireRole(req, 'organiser');
    const v = await s.results.orgView(req.query);
    type Sel = (typeof v.selected)[number];
    const selected: StreamSheetSpec<Sel> = {
      name: '入选待公布',
      rows: v.selected,
      columns: [
        { header: '案例名称', width: 40, value: (r) => r.title },
        { header: '案例类型', width: 22, value: (r) => r.caseTypeName },
        { header: '作者', width: 24, value: (r) => r.authors.join('、') },
        { header: '省份', width: 14, value: (r) => r.provinceName },
      ],
    };
    type Pub = typeof v.published extends AsyncIterable<infer P> ? P : never;
    const published: StreamSheetSpec<Pub> = {
      name: '已公布',
      rows: v.published,
      columns: [
        { header: '案例名称', width: 40, value: (r) => r.title },
        { header: '案例类型', width: 22, value: (r) => r.caseTypeName },
        { header: '作者', width: 24, value: (r) => r.authors.join('、') },
        { header: '工作单位', width: 30, value: (r) => r.unit },
        { header: '省份', width: 14, value: (r) => r.provinceName },
        { header: '等次', width: 10, value: (r) => r.award ?? '' },
        { header: '公布时间', width: 20, value: (r) => time(r.publishedAt) },
        { header: '证书编号', width: 22, value: (r) => (r.certificate ? `${r.certificate.number}${r.certificate.revoked ? '（已撤销）' : ''}` : '') },
        { header: '案例库', width: 8, value: (r) => (r.inLibrary ? '是' : '') },
      ],
    };
    await streamXlsxSheets(reply, downloadName([s.calls.findCall(req.query.callId)?.title, '评审结果与公布'], 'xlsx'), [selected, published], (rows) => s.audit(u, 'export.org_results', { callId: req.query.callId ?? null, rows: rows[0]! + rows[1]! }));
    return reply;
  });
}
