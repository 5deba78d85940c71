// Results: publishing a call's selected cases (through transitionCase, with their award), the public list and its
// Excel, the organiser's view, and the public case library (cases the organiser flags) with its files.
import { videoChapters } from '@anli/domain/check-params.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { AttachmentSlot } from '@anli/domain/calls/schema.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';
import type { PageQuery } from '@anli/contracts/common.ts';
import type { LibraryQuery, PublicResultsQuery, ResultsFilter } from '@anli/contracts/results.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import { authorsOf, type CertificatesService } from '../certificates/certificate.service.ts';
import {
  certificatesOfCases, type FacetKey, lastSubmissionFile, lastSubmissionFiles, libraryCaseTypes, libraryFacetCounts, libraryProvinceCounts, publishedAll,
  publishedCallCounts, type PublishedFilter, publishedPage as publishedPageRows, type PublishedRow, publishedRows, resultsFacetCounts, selectedCaseIdsForUpdate,
  selectedCases, setLibraryFlag, type TextFields, upsertCaseResult,
} from './results.repository.ts';

export const DEFAULT_AWARD = '典型案例';

export interface ResultsDeps {
  db: Db;
  clock: Clock;
  calls: CallsService;
  cases: CasesService;
  certificates: CertificatesService;
}

/** An empty filter value is no filter. */
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function resultsService(deps: ResultsDeps) {
  const { db, clock, calls } = deps;

  /** A published case as the public sees it: names and unit, never a phone number. */
  function presentPublic(r: PublishedRow) {
    const call = calls.requireCall(r.call_id);
    const type = findCaseType(call, r.case_type);
    const { names, unit } = authorsOf(call, r.case_type, r.form);
    return {
      id: r.id,
      callId: r.call_id,
      callTitle: call.title,
      caseType: r.case_type,
      caseTypeName: type?.name ?? r.case_type,
      title: r.title || '（未命名案例）',
      authors: names,
      unit,
      provinceCode: r.province_code,
      provinceName: findProvince(r.province_code)?.name ?? r.province_code,
      award: r.award,
      publishedAt: new Date(r.published_at).toISOString(),
      inLibrary: r.in_library,
    };
  }

  /** Where each case type keeps its summary and its authors (call data), by "call/type": what the search text reads. */
  function textFields(): TextFields {
    const fields: TextFields = {};
    for (const call of calls.list()) for (const t of call.caseTypes) fields[`${call.id}/${t.id}`] = { s: t.summaryField, a: t.authorsField };
    return fields;
  }

  /** One page of the matching rows and the total of all of them. */
  async function publishedPage(filter: PublishedFilter, query: PageQuery & { sort?: string }) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await publishedPageRows(db, filter, { sort: query.sort, order: query.order, limit: pageSize, offset: (page - 1) * pageSize });
    return { rows, total, page, pageSize };
  }

  /** The case types, awards and provinces of a call's published cases, with their counts (the filter choices). */
  async function resultsFacets(callId: string) {
    const call = calls.requireCall(callId);
    const rows = await resultsFacetCounts(db, callId);
    const sum = (key: 'case_type' | 'award' | 'province_code') => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r[key], (m.get(r[key]) ?? 0) + r.n);
      return m;
    };
    const types = sum('case_type');
    const provinces = sum('province_code');
    const awards = sum('award');
    return {
      caseTypes: [...call.caseTypes.filter((t) => types.has(t.id)).map((t) => ({ value: t.id, label: t.name, count: types.get(t.id)! })),
        ...[...types.entries()].filter(([id]) => !call.caseTypes.some((t) => t.id === id)).map(([id, count]) => ({ value: id, label: findCaseType(call, id)?.name ?? '其他类型', count }))],
      awards: [...awards.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([value, count]) => ({ value, label: value, count })),
      provinces: PROVINCES.filter((p) => provinces.has(p.code)).map((p) => ({ value: p.code, label: p.name, count: provinces.get(p.code)! })),
    };
  }

  /** Library facets and the text a search looks through, from the form (scenario, 学段, 学科, category). */
  function libraryFields(r: PublishedRow) {
    const f = r.form ?? {};
    const scenario = (f.scenario && typeof f.scenario === 'object' ? f.scenario : {}) as Record<string, unknown>;
    return {
      sceneMain: str(scenario.main) || null,
      sceneTypical: str(scenario.typical) || null,
      sceneMicro: str(scenario.micro) || null,
      stage: str(f.stage) || null,
      subject: str(f.subject) || str(f.subjectArea) || null,
      category: str(f.category) || null,
      summary: str(f[findCaseType(calls.requireCall(r.call_id), r.case_type)?.summaryField ?? 'summary']),
    };
  }

  /** The certificate of each case (its valid one, else its last revoked one), for the organiser's list. */
  async function withCertificates<T extends { id: string }>(callId: string, rows: T[]) {
    if (!rows.length) return rows.map((r) => ({ ...r, certificate: null }));
    const certs = await certificatesOfCases(db, callId, rows.map((r) => r.id));
    const certOf = (caseId: string) => {
      const mine = certs.filter((c) => c.case_id === caseId);
      const valid = mine.find((c) => !c.revoked_at);
      return valid ? { number: valid.number, revoked: false } : mine.length ? { number: mine[mine.length - 1]!.number, revoked: true } : null;
    };
    return rows.map((r) => ({ ...r, certificate: certOf(r.id) }));
  }

  const svc = {
    /**
     * Publishes every selected case of a call: each goes selected → published through transitionCase (audited),
     * its award is stored, and certificates are issued, all in one transaction; each author's notice (and SMS) comes
     * from the transition.
     */
    async publish(org: SessionUser, body: { callId?: unknown; award?: unknown; awards?: unknown; overrideReason?: unknown }) {
      const call = calls.requireCall(body.callId);
      const award = str(body.award) || call.certificate.defaultAward;
      if (award.length > 30) throw badRequest('获奖等级不超过 30 字', [{ path: 'award', message: '获奖等级不超过 30 字' }]);
      const awards = (body.awards && typeof body.awards === 'object' ? body.awards : {}) as Record<string, unknown>;
      const result = await db.tx(async (q) => {
        const rows = await selectedCaseIdsForUpdate(q, call.id);
        if (!rows.length) throw conflict('NOTHING_TO_PUBLISH', '没有待公布的入选案例：请先在评审结果中确定入选案例');
        const now = clock.now();
        // Publication belongs to the national phase; outside it the organiser overrides with a reason (audited).
        if (!(await calls.isOpen(q, call, 'national_recommendation', null))) {
          const reason = typeof body.overrideReason === 'string' ? body.overrideReason.trim() : '';
          const phase = call.phases.find((p) => p.id === 'national_recommendation')?.name ?? '国家级推荐';
          if (reason.length < 2) throw conflict('OVERRIDE_REQUIRED', `“${phase}”阶段未开放。如确需公布结果，请填写理由后强制执行（记入审计日志）`);
          await writeAudit(q, actorOf(org), { event: 'override.publish', objectType: 'call', objectId: call.id, reason: reason.slice(0, 500), data: { callId: call.id, problems: [`“${phase}”阶段未开放`], cases: rows.length } }, now);
        }
        const published = [];
        for (const { id } of rows) {
          const row = await deps.cases.transitionCase(org, id, 'publish', null, q);
          const own = str(awards[id]).slice(0, 30) || award;
          await upsertCaseResult(q, { caseId: id, callId: call.id, award: own, now, by: org.id });
          published.push(row);
        }
        await writeAudit(q, actorOf(org), { event: 'results.publish', objectType: 'call', objectId: call.id, data: { cases: rows.length, award } }, now);
        const certificates = await deps.certificates.issueMissing(org, call.id, q);
        return { published, certificates };
      });
      return { published: result.published.length, certificatesIssued: result.certificates };
    },

    /** Every selected case of a call waiting for publication (the publication takes all of them). */
    async selectedOf(callId: string) {
      const call = calls.requireCall(callId);
      const selected = await selectedCases(db, call.id);
      return selected.map((r) => ({
        id: r.id,
        caseTypeName: findCaseType(call, r.case_type)?.name ?? r.case_type,
        title: r.title || '（未命名案例）',
        authors: authorsOf(call, r.case_type, r.form).names,
        provinceName: findProvince(r.province_code)?.name ?? r.province_code,
      }));
    },

    /**
     * The organiser's Excel of a call: every case waiting to be published, and every published one matching the 结果发布
     * page's filters in its order, with certificates — read in batches as the file is written.
     */
    async orgView(query: ResultsFilter & { callId: string; sort?: string; order?: 'asc' | 'desc' }) {
      const call = calls.requireCall(query.callId);
      const filter = { callId: call.id, caseType: opt(query.caseType), award: opt(query.award), provinceCode: opt(query.provinceCode), q: opt(query.q), textFields: textFields() };
      async function* published() {
        let batch: PublishedRow[] = [];
        const flush = async () => withCertificates(call.id, batch.splice(0).map(presentPublic));
        for await (const r of publishedAll(db, filter, query)) {
          batch.push(r);
          if (batch.length === 500) yield* await flush();
        }
        if (batch.length) yield* await flush();
      }
      return { selected: await svc.selectedOf(call.id), published: published() };
    },

    /**
     * The organiser's 结果发布 page: every selected case waiting for publication, and one page of the published ones
     * (filtered and sorted on the server, with the total) with their certificates.
     */
    async orgPage(query: PageQuery & ResultsFilter & { callId: string; sort?: string }) {
      const call = calls.requireCall(query.callId);
      const filter = { callId: call.id, caseType: opt(query.caseType), award: opt(query.award), provinceCode: opt(query.provinceCode), q: opt(query.q), textFields: textFields() };
      const { rows, total, page, pageSize } = await publishedPage(filter, query);
      return {
        items: await withCertificates(call.id, rows.map(presentPublic)),
        total,
        page,
        pageSize,
        selected: await svc.selectedOf(call.id),
        facets: await resultsFacets(call.id),
      };
    },

    /** Calls with published results, the latest first, and the call a public list shows (the asked one, else the latest). */
    async publishedCalls(callIdIn?: string) {
      const calledFor = await publishedCallCounts(db);
      const callsList = calledFor
        .filter((c) => calls.list().some((x) => x.id === c.call_id))
        .map((c) => ({ id: c.call_id, title: calls.requireCall(c.call_id).title, count: c.n, publishedAt: new Date(c.at).toISOString() }));
      const callId = callIdIn && callsList.some((c) => c.id === callIdIn) ? callIdIn : (callsList[0]?.id ?? null);
      return { calls: callsList, callId };
    },

    /** The public list: one page of a call's published cases (the latest published call by default), filtered and sorted. */
    async publicResults(query: PublicResultsQuery) {
      const { calls: callsList, callId } = await svc.publishedCalls(opt(query.callId));
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      if (!callId) return { calls: callsList, callId: null, items: [], total: 0, page, pageSize, facets: { caseTypes: [], awards: [], provinces: [] } };
      const filter = { callId, caseType: opt(query.caseType), award: opt(query.award), provinceCode: opt(query.provinceCode), q: opt(query.q), textFields: textFields() };
      const res = await publishedPage(filter, query);
      return { calls: callsList, callId, items: res.rows.map(presentPublic), total: res.total, page: res.page, pageSize: res.pageSize, facets: await resultsFacets(callId) };
    },

    /** Every published case of the public list's call matching its filters, in its order, read in batches (the Excel). */
    async publicResultsAll(query: PublicResultsQuery) {
      const { calls: callsList, callId } = await svc.publishedCalls(opt(query.callId));
      if (!callId) return null;
      const filter = { callId, caseType: opt(query.caseType), award: opt(query.award), provinceCode: opt(query.provinceCode), q: opt(query.q), textFields: textFields() };
      async function* rows() {
        for await (const r of publishedAll(db, filter, query)) yield presentPublic(r);
      }
      return { callId, title: callsList.find((c) => c.id === callId)!.title, rows: rows() };
    },

    /** Flags a published case for the public library, or takes it out (organiser; audited). */
    async setLibrary(org: SessionUser, caseId: string, inLibrary: boolean) {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await setLibraryFlag(q, caseId, inLibrary, now);
        if (!r) throw conflict('NOT_PUBLISHED', '只有已公布的案例可以加入案例库');
        await writeAudit(q, actorOf(org), { event: inLibrary ? 'library.add' : 'library.remove', objectType: 'case', objectId: caseId, provinceCode: r.province_code }, now);
        return { id: caseId, inLibrary };
      });
    },

    /**
     * The public library: one page of the flagged published cases matching the filters (applied in SQL), with the
     * facets to filter by over the whole library.
     */
    async library(query: LibraryQuery) {
      const filter: PublishedFilter = {
        libraryOnly: true, q: opt(query.q), callId: opt(query.callId), caseType: opt(query.caseType), provinceCode: opt(query.provinceCode),
        sceneMain: opt(query.sceneMain), sceneTypical: opt(query.sceneTypical), stage: opt(query.stage), subject: opt(query.subject), category: opt(query.category),
        textFields: textFields(),
      };
      const { rows, total, page, pageSize } = await publishedPage(filter, query);
      const items = rows.map((r) => {
        const c = { ...presentPublic(r), ...libraryFields(r) };
        return { ...c, summary: c.summary.length > 160 ? `${c.summary.slice(0, 160)}…` : c.summary };
      });
      const facet = async (key: FacetKey) => {
        const counts = await libraryFacetCounts(db, key);
        return counts.sort((a, b) => b.n - a.n || a.v.localeCompare(b.v, 'zh')).map((x) => ({ value: x.v, count: x.n }));
      };
      const types = await libraryCaseTypes(db);
      const provinces = await libraryProvinceCounts(db);
      return {
        items,
        total,
        page,
        pageSize,
        facets: {
          caseTypes: [...new Map(types.map((t) => [t.case_type, findCaseType(calls.requireCall(t.call_id), t.case_type)?.name ?? '其他类型'])).entries()].map(([value, label]) => ({ value, label })),
          sceneMain: await facet('sceneMain'),
          sceneTypical: await facet('sceneTypical'),
          stage: await facet('stage'),
          subject: await facet('subject'),
          category: await facet('category'),
          provinces: PROVINCES.filter((p) => provinces.has(p.code)).map((p) => ({ value: p.code, label: p.name, count: provinces.get(p.code)! })),
        },
      };
    },

    /** One library case for the public: summary, facets and which files can be played or downloaded. */
    async libraryCase(caseId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
      const [r] = await publishedRows(db, { libraryOnly: true, caseId });
      if (!r) throw notFound();
      // The library shows exactly the files of the case's last submission.
      const files = await lastSubmissionFiles(db, caseId);
      const type = findCaseType(calls.requireCall(r.call_id), r.case_type);
      const fileOf = (role: AttachmentSlot['role']) => {
        const slot = type?.attachments.find((a) => a.role === role);
        const f = slot && files.find((x) => x.slot === slot.slot);
        return f ? { filename: f.filename, size: Number(f.size) } : null;
      };
      return { ...presentPublic(r), ...libraryFields(r), video: fileOf('video'), courseware: fileOf('courseware'), chapters: type ? videoChapters(type, r.form) : [] };
    },

    /** The current video or courseware file of a library case (public); 404 for any case not in the library. */
    async libraryFile(caseId: string, role: 'video' | 'courseware') {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound('文件');
      const [r] = await publishedRows(db, { libraryOnly: true, caseId });
      if (!r) throw notFound('文件');
      const slot = findCaseType(calls.requireCall(r.call_id), r.case_type)?.attachments.find((a) => a.role === role);
      if (!slot) throw notFound('文件');
      const f = await lastSubmissionFile(db, caseId, slot.slot);
      if (!f) throw notFound('文件');
      return { objectKey: f.object_key, filename: f.filename, size: Number(f.size), sha256: f.sha256 };
    },
  };
  return svc;
}

export type ResultsService = ReturnType<typeof resultsService>;
