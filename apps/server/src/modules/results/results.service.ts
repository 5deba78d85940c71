// Results: publishing a call's selected cases (through transitionCase, with their award), the public list and its
// Excel, the organiser's view, and the public case library (cases the organiser flags) with its files.
import { videoChapters } from '@anli/domain/check-params.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { AttachmentSlot } from '@anli/domain/calls/schema.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import { authorsOf, type CertificatesService } from '../certificates/certificate.service.ts';

export const DEFAULT_AWARD = '典型案例';

export interface ResultsDeps {
  db: Db;
  clock: Clock;
  calls: CallsService;
  cases: CasesService;
  certificates: CertificatesService;
}

interface PublishedRow {
  id: string;
  call_id: string;
  case_type: string;
  title: string;
  province_code: string;
  form: Record<string, unknown>;
  award: string;
  published_at: Date;
  in_library: boolean;
}

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

  async function publishedRows(filter: { callId?: string; libraryOnly?: boolean; caseId?: string }) {
    const params: unknown[] = [];
    const where = [`c.state = 'published'`];
    if (filter.callId) where.push(`c.call_id = $${params.push(filter.callId)}`);
    if (filter.libraryOnly) where.push('r.in_library');
    if (filter.caseId) where.push(`c.id = $${params.push(filter.caseId)}`);
    return db.query<PublishedRow>(
      `select c.id, c.call_id, c.case_type, c.title, c.province_code, c.form, r.award, r.published_at, r.in_library
       from case_results r join cases c on c.id = r.case_id
       where ${where.join(' and ')}
       order by c.call_id, c.case_type, c.province_code, c.title, c.id`,
      params,
    );
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

  return {
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
        const rows = await q.query<{ id: string }>(`select id from cases where call_id = $1 and state = 'selected' order by id for update`, [call.id]);
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
          await q.query(
            `insert into case_results (case_id, call_id, award, published_at, published_by) values ($1, $2, $3, $4, $5)
             on conflict (case_id) do update set award = excluded.award, published_at = excluded.published_at, published_by = excluded.published_by`,
            [id, call.id, own, new Date(now).toISOString(), org.id],
          );
          published.push(row);
        }
        await writeAudit(q, actorOf(org), { event: 'results.publish', objectType: 'call', objectId: call.id, data: { cases: rows.length, award } }, now);
        const certificates = await deps.certificates.issueMissing(org, call.id, q);
        return { published, certificates };
      });
      return { published: result.published.length, certificatesIssued: result.certificates };
    },

    /** The organiser's view of a call: cases waiting to be published and the published ones. */
    async orgView(callId: string) {
      const call = calls.requireCall(callId);
      const selected = await db.query<{ id: string; case_type: string; title: string; province_code: string; form: Record<string, unknown> }>(
        `select id, case_type, title, province_code, form from cases where call_id = $1 and state = 'selected' order by case_type, province_code, title`,
        [call.id],
      );
      const published = await publishedRows({ callId: call.id });
      const certs = await db.query<{ case_id: string; number: string; revoked_at: Date | null }>(
        'select case_id, number, revoked_at from certificates where call_id = $1 order by seq',
        [call.id],
      );
      const certOf = (caseId: string) => {
        const mine = certs.filter((c) => c.case_id === caseId);
        const valid = mine.find((c) => !c.revoked_at);
        return valid ? { number: valid.number, revoked: false } : mine.length ? { number: mine[mine.length - 1]!.number, revoked: true } : null;
      };
      return {
        selected: selected.map((r) => ({
          id: r.id,
          caseTypeName: findCaseType(call, r.case_type)?.name ?? r.case_type,
          title: r.title || '（未命名案例）',
          authors: authorsOf(call, r.case_type, r.form).names,
          provinceName: findProvince(r.province_code)?.name ?? r.province_code,
        })),
        published: published.map((r) => ({ ...presentPublic(r), certificate: certOf(r.id) })),
      };
    },

    /** The public list: published cases of a call (the latest published call by default), grouped by case type. */
    async publicResults(callIdIn?: string) {
      const calledFor = await db.query<{ call_id: string; n: number; at: Date }>(
        `select r.call_id, count(*)::int as n, max(r.published_at) as at from case_results r join cases c on c.id = r.case_id
         where c.state = 'published' group by r.call_id order by max(r.published_at) desc`,
      );
      const callsList = calledFor
        .filter((c) => calls.list().some((x) => x.id === c.call_id))
        .map((c) => ({ id: c.call_id, title: calls.requireCall(c.call_id).title, count: c.n, publishedAt: new Date(c.at).toISOString() }));
      const callId = callIdIn && callsList.some((c) => c.id === callIdIn) ? callIdIn : callsList[0]?.id;
      if (!callId) return { calls: callsList, callId: null, groups: [] };
      const call = calls.requireCall(callId);
      const rows = (await publishedRows({ callId })).map(presentPublic);
      const groups = call.caseTypes
        .map((t) => ({ caseType: t.id, caseTypeName: t.name, cases: rows.filter((r) => r.caseType === t.id) }))
        .filter((g) => g.cases.length);
      return { calls: callsList, callId, groups };
    },

    /** Flags a published case for the public library, or takes it out (organiser; audited). */
    async setLibrary(org: SessionUser, caseId: string, inLibrary: boolean) {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
      const now = clock.now();
      return db.tx(async (q) => {
        const [r] = await q.query<{ province_code: string }>(
          `update case_results r set in_library = $2, library_at = case when $2 then $3::timestamptz else null end
           from cases c where c.id = r.case_id and r.case_id = $1 and c.state = 'published' returning c.province_code`,
          [caseId, inLibrary, new Date(now).toISOString()],
        );
        if (!r) throw conflict('NOT_PUBLISHED', '只有已公布的案例可以加入案例库');
        await writeAudit(q, actorOf(org), { event: inLibrary ? 'library.add' : 'library.remove', objectType: 'case', objectId: caseId, provinceCode: r.province_code }, now);
        return { id: caseId, inLibrary };
      });
    },

    /** The public library: flagged published cases, searchable and filterable, with the facets to filter by. */
    async library(f: { q?: string; callId?: string; caseType?: string; sceneMain?: string; sceneTypical?: string; stage?: string; subject?: string; category?: string; page?: number; pageSize?: number }) {
      const all = (await publishedRows({ libraryOnly: true })).map((r) => ({ ...presentPublic(r), ...libraryFields(r) }));
      const facet = (key: 'sceneMain' | 'sceneTypical' | 'stage' | 'subject' | 'category' | 'caseTypeName') => {
        const counts = new Map<string, number>();
        for (const c of all) if (c[key]) counts.set(c[key]!, (counts.get(c[key]!) ?? 0) + 1);
        return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([value, count]) => ({ value, count }));
      };
      const q = str(f.q).toLowerCase().slice(0, 50);
      const items = all.filter(
        (c) =>
          (!f.callId || c.callId === f.callId) &&
          (!f.caseType || c.caseType === f.caseType) &&
          (!f.sceneMain || c.sceneMain === f.sceneMain) &&
          (!f.sceneTypical || c.sceneTypical === f.sceneTypical) &&
          (!f.stage || c.stage === f.stage) &&
          (!f.subject || c.subject === f.subject) &&
          (!f.category || c.category === f.category) &&
          (!q || [c.title, c.summary, c.unit, c.provinceName, c.subject, c.sceneMain, c.sceneTypical, c.sceneMicro, ...c.authors].some((t) => t && t.toLowerCase().includes(q))),
      );
      // One page of the matches (the library holds the published cases flagged for it: hundreds, filtered here).
      const pageSize = Math.min(Math.max(Number(f.pageSize) || 20, 1), 200);
      const page = Math.max(Number(f.page) || 1, 1);
      return {
        total: items.length,
        page,
        pageSize,
        items: items.slice((page - 1) * pageSize, page * pageSize).map((c) => ({ ...c, summary: c.summary.length > 160 ? `${c.summary.slice(0, 160)}…` : c.summary })),
        facets: {
          caseTypes: [...new Map(all.map((c) => [c.caseType, c.caseTypeName])).entries()].map(([value, label]) => ({ value, label })),
          sceneMain: facet('sceneMain'),
          sceneTypical: facet('sceneTypical'),
          stage: facet('stage'),
          subject: facet('subject'),
          category: facet('category'),
        },
      };
    },

    /** One library case for the public: summary, facets and which files can be played or downloaded. */
    async libraryCase(caseId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
      const [r] = await publishedRows({ libraryOnly: true, caseId });
      if (!r) throw notFound();
      // The library shows exactly the files of the case's last submission.
      const files = await db.query<{ slot: string; filename: string; size: number }>(
        `select f.slot, f.filename, f.size from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
         join files f on f.id = s.file_id where s.case_id = $1`,
        [caseId],
      );
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
      const [r] = await publishedRows({ libraryOnly: true, caseId });
      if (!r) throw notFound('文件');
      const slot = findCaseType(calls.requireCall(r.call_id), r.case_type)?.attachments.find((a) => a.role === role);
      if (!slot) throw notFound('文件');
      const [f] = await db.query<{ object_key: string; filename: string; size: number; sha256: string }>(
        `select f.object_key, f.filename, f.size, s.sha256 from submission_files s join cases c on c.id = s.case_id and s.submission = c.submission_count
         join files f on f.id = s.file_id where s.case_id = $1 and s.slot = $2`,
        [caseId, slot.slot],
      );
      if (!f) throw notFound('文件');
      return { objectKey: f.object_key, filename: f.filename, size: Number(f.size), sha256: f.sha256 };
    },
  };
}

export type ResultsService = ReturnType<typeof resultsService>;
