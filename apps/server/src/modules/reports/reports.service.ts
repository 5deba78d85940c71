// Lists with their check status, dashboards (organiser per province, province over its own cases), the most frequent
// failing rules of a call, and the organiser's view of all contact forms. Exports reuse these lists unchanged, so a
// sheet has exactly the rows and values of the list on screen.
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { caseAuthors } from '@anli/domain/form.ts';
import { CASE_STATES, STATE_LABELS } from '@anli/domain/lifecycle.ts';
import { PROVINCES, findProvince } from '@anli/domain/provinces.ts';
import { COUNTED_STATES, quotaTotal, quotaUsage } from '@anli/domain/quota.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import { chainLevel, hasChain } from '@anli/domain/chain.ts';
import { citiesOf } from '@anli/domain/regions/regions.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { PRESELECTED_LABEL, presentCaseSummary } from '../cases/case.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import { countRecommended, seatsByProvince, type CaseFilter, type CaseRow, type CaseSortKey } from '../cases/case.repository.ts';
import {
  countAuthorDrafts, countCasesByCity, countChecksByProvince, countFailingRules, countSubmittedByProvince, currentFileCounts, listContactForms,
  openCheckResults,
} from './reports.repository.ts';
import { provinceStatuses } from '../province/province.repository.ts';
import { pageParams, type Page, type PageQuery } from '@anli/contracts/common.ts';

const ruleName = (r: string) => RULE_NAMES[r] ?? r;

export type CheckStatus = 'no_files' | 'checking' | 'failing' | 'review' | 'passed';

export const CHECK_LABELS: Record<CheckStatus, string> = {
  no_files: '未上传材料',
  checking: '检测中',
  failing: '有未通过项',
  review: '待人工复核',
  passed: '通过',
};

export interface CheckSummary {
  checkStatus: CheckStatus;
  checkLabel: string;
  failingRules: string[];
}

/** Per case: the state of its current files' checks. */
export async function checkSummaries(q: Queryable, caseIds: string[]): Promise<Map<string, CheckSummary>> {
  const out = new Map<string, CheckSummary>();
  if (!caseIds.length) return out;
  const files = await currentFileCounts(q, caseIds);
  const results = await openCheckResults(q, caseIds);
  // Grouped once: a province list has thousands of cases.
  const filesOf = new Map(files.map((f) => [f.case_id, f]));
  const resultsOf = new Map<string, typeof results>();
  for (const r of results) {
    const list = resultsOf.get(r.case_id);
    if (list) list.push(r);
    else resultsOf.set(r.case_id, [r]);
  }
  for (const id of caseIds) {
    const f = filesOf.get(id);
    const mine = resultsOf.get(id) ?? [];
    const failing = [...new Set(mine.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.rule))].sort();
    const status: CheckStatus = !f ? 'no_files' : f.checking > 0 ? 'checking' : failing.length ? 'failing' : mine.length ? 'review' : 'passed';
    out.set(id, {
      checkStatus: status,
      // The failing rules by their Chinese names, so the province sees what it decides on.
      checkLabel: status === 'failing' ? `未通过：${failing.map(ruleName).join('、')}` : CHECK_LABELS[status],
      failingRules: failing,
    });
  }
  return out;
}

export function reportsService(deps: { db: Db; calls: CallsService; cases: CasesService }) {
  const { db, calls, cases } = deps;

  /** Rows of a case list as the list shows them: with the first author's unit and the files' check status. */
  async function presentRows(viewer: SessionUser, rows: CaseRow[]) {
    const checks = await checkSummaries(db, rows.map((r) => r.id));
    return rows.map((row) => {
      const call = calls.requireCall(row.call_id);
      const type = findCaseType(call, row.case_type);
      const first = type ? caseAuthors(type, row.form ?? {})[0] : undefined;
      const c = checks.get(row.id)!;
      return {
        ...presentCaseSummary(call, row, viewer),
        unit: first?.unit ?? '',
        checkStatus: c.checkStatus,
        checkLabel: c.checkLabel,
        failingRules: c.failingRules,
        failingRuleNames: c.failingRules.map(ruleName),
      };
    });
  }
  type CaseListRow = Awaited<ReturnType<typeof presentRows>>[number];

  /** One page of the list, sorted and filtered in the database, with the total of matching rows. */
  async function casePage(viewer: SessionUser, filter: CaseFilter, query: PageQuery & { sort?: CaseSortKey }): Promise<Page<CaseListRow>> {
    const { page, pageSize, offset, order } = pageParams(query);
    const rows = await cases.listRows(viewer, filter, { sort: query.sort, order, limit: pageSize, offset });
    const total = await cases.countRows(viewer, filter);
    return { items: await presentRows(viewer, rows), total, page, pageSize };
  }

  /**
   * Every matching row of the list in its order, read from the database in batches (an export streams them to the
   * sheet without holding the whole list): the ordered ids first (one query), then the rows a batch of ids at a time,
   * so no batch pays for skipping the ones before it.
   */
  async function* caseRowsAll(viewer: SessionUser, filter: CaseFilter, query: { sort?: CaseSortKey; order?: 'asc' | 'desc' } = {}, batch = 1000): AsyncGenerator<CaseListRow> {
    const ids = await cases.listIds(viewer, filter, { sort: query.sort, order: query.order ?? 'desc' });
    for (let i = 0; i < ids.length; i += batch) {
      yield* await presentRows(viewer, await cases.rowsByIds(viewer, ids.slice(i, i + batch)));
    }
  }

  /**
   * Province, on a call with city/county levels: per city of the province (all of them, empty ones too) how many
   * cases were submitted, where they stand (at the county, at the city, passed on to the province), how many have a
   * failing rule, and the city level's quota. Counts only: the cases below the province stay with their city and
   * county administrators.
   */
  async function cityBreakdown(callId: string, provinceCode: string) {
    const call = calls.requireCall(callId);
    if (!hasChain(call)) return [];
    const rows = await countCasesByCity(db, callId, provinceCode);
    const cityLevel = chainLevel(call, 'city');
    return citiesOf(provinceCode).map((city) => {
      const r = rows.find((x) => x.city === city.code);
      return {
        cityCode: city.code,
        cityName: city.name,
        submitted: r?.submitted ?? 0,
        atCounty: r?.at_county ?? 0,
        atCity: r?.at_city ?? 0,
        atProvince: r?.at_province ?? 0,
        failing: r?.failing ?? 0,
        /** The city level's quota (null when the chain has no city level). */
        cityQuota: cityLevel ? (cityLevel.quotas[city.code] ?? cityLevel.quotaDefault) : null,
      };
    });
  }

  /** Failing rules over a set of cases: rule, Chinese name, cases and files failing it. */
  async function failingRules(callId: string, provinceCode?: string) {
    const rows = await countFailingRules(db, callId, provinceCode);
    return rows.map((r) => ({ rule: r.rule, ruleName: ruleName(r.rule), cases: r.cases, files: r.files }));
  }

  return {
    casePage,
    caseRowsAll,
    failingRules,

    /** Organiser: per province submitted, checked, failing, recommended vs quota, reported, contact form; top failing rules. */
    async orgDashboard(callId: string) {
      const call = calls.requireCall(callId);
      const counts = await countSubmittedByProvince(db, callId);
      const seatsOf = await seatsByProvince(db, callId);
      // Checked: a submitted case whose current files are all checked; failing: one with at least one failing rule.
      const checks = await countChecksByProvince(db, callId);
      const status = await provinceStatuses(db, callId);
      const forms = new Set((await listContactForms(db, callId)).map((r) => r.province_code));
      const provinces = PROVINCES.map((p) => {
        const c = counts.find((x) => x.province_code === p.code);
        const k = checks.find((x) => x.province_code === p.code);
        const st = status.find((x) => x.province_code === p.code);
        const s = seatsOf.get(p.code);
        return {
          provinceCode: p.code,
          provinceName: p.name,
          submitted: c?.submitted ?? 0,
          checked: k?.checked ?? 0,
          failing: k?.failing ?? 0,
          recommended: s?.recommended ?? 0,
          /** 方式一预选（占用名额）: imported cases not yet recommended. */
          preselected: s?.preselected ?? 0,
          /** Recommended plus mode-1 preselected cases: the seats in use (quotaSeats, as on every page). */
          quotaUsed: s?.seats ?? 0,
          quota: quotaTotal(call, p.code),
          reported: st?.locked ?? false,
          mode: st?.mode ?? null,
          contactFormSubmitted: forms.has(p.code),
        };
      });
      const totals = provinces.reduce(
        (a, p) => ({ submitted: a.submitted + p.submitted, checked: a.checked + p.checked, failing: a.failing + p.failing, recommended: a.recommended + p.recommended, preselected: a.preselected + p.preselected, quotaUsed: a.quotaUsed + p.quotaUsed, reported: a.reported + (p.reported ? 1 : 0), contactForms: a.contactForms + (p.contactFormSubmitted ? 1 : 0) }),
        { submitted: 0, checked: 0, failing: 0, recommended: 0, preselected: 0, quotaUsed: 0, reported: 0, contactForms: 0 },
      );
      return { callId, provinces, totals, failingRules: await failingRules(callId) };
    },

    cityBreakdown,

    /** Province: its own cases by state and check status, failing rules and quota use. */
    async provinceDashboard(admin: SessionUser & { provinceCode: string }, callId: string) {
      const call = calls.requireCall(callId);
      // Counted in the database (a province may hold thousands of cases); imported cases not yet recommended form
      // their own bar (方式一预选（占用名额）), as in the list.
      const groups = await cases.countGroups(admin, { callId });
      const sum = (keep: (g: (typeof groups)[number]) => boolean) => groups.filter(keep).reduce((n, g) => n + g.n, 0);
      const byState = [
        { state: 'preselected', label: PRESELECTED_LABEL, count: sum((g) => g.preselected) },
        ...CASE_STATES.map((s) => ({ state: s as string, label: STATE_LABELS[s], count: sum((g) => g.state === s && !g.preselected) })),
      ].filter((x) => x.count > 0);
      const drafts = await countAuthorDrafts(db, callId, admin.provinceCode);
      const byCheck = (Object.keys(CHECK_LABELS) as CheckStatus[]).map((s) => ({ status: s, label: CHECK_LABELS[s], count: sum((g) => g.check === s) }));
      return {
        callId,
        provinceCode: admin.provinceCode,
        provinceName: findProvince(admin.provinceCode)?.name ?? admin.provinceCode,
        total: sum(() => true),
        /** Authors' drafts (not preselected): a count only, the cases stay the authors' until submitted. */
        drafts,
        byState,
        byCheck,
        quota: quotaUsage(call, await countRecommended(db, callId, admin.provinceCode), admin.provinceCode),
        failingRules: await failingRules(callId, admin.provinceCode),
        byCity: await cityBreakdown(callId, admin.provinceCode),
      };
    },

    /** Organiser: every province's contact form of a call (32 rows; unsubmitted ones empty). */
    async contactForms(callId: string) {
      const call = calls.requireCall(callId);
      const rows = await listContactForms(db, callId);
      return {
        fields: call.contactForm.fields.map((f) => ({ key: f.key, label: f.label })),
        rows: PROVINCES.map((p) => {
          const r = rows.find((x) => x.province_code === p.code);
          return {
            provinceCode: p.code,
            provinceName: p.name,
            submittedAt: r ? new Date(r.submitted_at).toISOString() : null,
            data: Object.fromEntries(call.contactForm.fields.map((f) => [f.key, typeof r?.data?.[f.key] === 'string' ? (r.data[f.key] as string) : ''])),
          };
        }),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof reportsService>;
