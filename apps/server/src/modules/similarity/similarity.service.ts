// Near-duplicate detection across the cases of a call (and against the cases of other calls): text per source
// (form summary, report, courseware; extracted text cached per file), MinHash LSH, pairs above the threshold
// stored with their overlapping passages. Every result is a machine suggestion for the organiser to judge.
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { alignPassages } from '@anli/similarity/align.ts';
import { findNearDuplicatePairs, sketchText, type TextSketch } from '@anli/similarity/near-duplicates.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { similarityRepository, type FoundPair, type SimilarityCaseRow as CaseRow } from './similarity.repository.ts';
import type { ObjectStorage } from '../../infra/storage/storage.ts';
import { badRequest, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { extractCoursewareText, extractReportText, type TextSource } from './text-extract.ts';
import { rankScenes, scenarioField } from './scenario-suggest.ts';
import { findCaseInScope } from '../cases/case.repository.ts';
import { MACHINE_SUGGESTION_LABEL } from '@anli/similarity/scenario-match.ts';

export const SIMILARITY_LABEL = '机器建议，需人工判断';
const SOURCES: TextSource[] = ['summary', 'report', 'courseware'];
const SOURCE_LABEL: Record<TextSource, string> = { summary: '案例简介', report: '总结报告', courseware: '课件文字' };

/** Where the scan job goes (the queue; typed here so this module needs only its own job). */
export interface SimilarityJobs {
  send(name: 'similarity.scan', data: { callId: string }, opts?: { singletonKey?: string }): Promise<unknown>;
}

export interface SimilarityDeps {
  db: Db;
  clock: Clock;
  storage: ObjectStorage;
  calls: CallsService;
  jobs: SimilarityJobs;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function similarityService(deps: SimilarityDeps) {
  const { db, clock, storage, calls } = deps;
  const repo = similarityRepository(db);

  function summaryOf(c: CaseRow): string {
    const call = calls.list().find((x: CallDef) => x.id === c.call_id);
    const type = call && findCaseType(call, c.case_type);
    const v = type ? c.form?.[type.summaryField] : undefined;
    return typeof v === 'string' ? v : '';
  }

  /** Role of a slot (report / courseware) in the case type, or null for other files. */
  function roleOf(c: CaseRow, slot: string): TextSource | null {
    const call = calls.list().find((x: CallDef) => x.id === c.call_id);
    const role = call && findCaseType(call, c.case_type)?.attachments.find((a) => a.slot === slot)?.role;
    return role === 'report' || role === 'courseware' ? role : null;
  }

  /** Text of a stored file, extracted once and cached in file_texts (an unreadable file caches an empty text). */
  async function fileText(file: { id: string; object_key: string }, role: 'report' | 'courseware'): Promise<string> {
    const cached = await repo.cachedText(file.id);
    if (cached !== undefined) return cached;
    let text = '';
    let error: string | null = null;
    try {
      const source = await storage.source(file.object_key);
      try {
        text = role === 'report' ? await extractReportText(source) : await extractCoursewareText(source);
      } finally {
        await source.close();
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await repo.cacheText(file.id, text, error);
    return text;
  }

  /** Texts of cases by source: caseId → text. */
  async function textsOf(cases: CaseRow[]): Promise<Record<TextSource, Map<string, string>>> {
    const out: Record<TextSource, Map<string, string>> = { summary: new Map(), report: new Map(), courseware: new Map() };
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const c of cases) {
      const s = summaryOf(c);
      if (s.trim()) out.summary.set(c.id, s);
    }
    if (!cases.length) return out;
    const files = await repo.currentFilesOf(cases.map((c) => c.id));
    for (const f of files) {
      const role = roleOf(byId.get(f.case_id)!, f.slot);
      if (role !== 'report' && role !== 'courseware') continue;
      const text = await fileText(f, role);
      if (text.trim()) out[role].set(f.case_id, text);
    }
    return out;
  }

  const caseSummary = (r: { id: string; title: string; province_code: string; call_id: string }) => ({
    caseId: r.id,
    title: r.title,
    provinceCode: r.province_code,
    callId: r.call_id,
  });

  return {
    /** Organiser: queue a scan of a call (one waiting scan per call). */
    async requestScan(user: SessionUser, callId: unknown) {
      const call = calls.requireCall(callId);
      const now = new Date(clock.now()).toISOString();
      await repo.markQueued(call.id, now);
      await deps.jobs.send('similarity.scan', { callId: call.id }, { singletonKey: call.id });
      await writeAudit(db, user, { event: 'similarity.scan', objectType: 'call', objectId: call.id, provinceCode: null, data: {} }, clock.now());
      return { callId: call.id, state: 'queued' as const };
    },

    /**
     * The scan (job handler): all non-draft cases of the call against each other and against the non-draft cases
     * of other calls, per source. Replaces the call's pairs as a whole, so a retried job leaves one set.
     */
    async scan(callId: string) {
      const call = calls.requireCall(callId);
      const started = new Date(clock.now()).toISOString();
      await repo.markRunning(call.id, started);
      try {
        const cases = await repo.casesToScan();
        const texts = await textsOf(cases);
        const inCall = new Set(cases.filter((c) => c.call_id === call.id).map((c) => c.id));
        const found: FoundPair[] = [];
        for (const source of SOURCES) {
          const ids = [...texts[source].keys()];
          const sketches: TextSketch[] = ids.map((id) => sketchText(texts[source].get(id)!));
          const pairs = findNearDuplicatePairs(sketches, { skip: (i, j) => !inCall.has(ids[i]!) && !inCall.has(ids[j]!) });
          for (const p of pairs) {
            const [a, b] = ids[p.a]! < ids[p.b]! ? [ids[p.a]!, ids[p.b]!] : [ids[p.b]!, ids[p.a]!];
            const passages = alignPassages(texts[source].get(a)!, texts[source].get(b)!);
            found.push({ a, b, source, score: round(p.score), jaccard: round(p.jaccard), containment: round(p.containment), passages });
          }
        }
        await repo.replacePairs(call.id, found, inCall.size, new Date(clock.now()).toISOString());
        return { cases: inCall.size, pairs: found.length };
      } catch (e) {
        await repo.markFailed(call.id, new Date(clock.now()).toISOString(), e instanceof Error ? e.message : String(e));
        throw e;
      }
    },

    /** Organiser: the pairs of a call with both cases, best first, and the state of the last scan. */
    async list(callId: unknown) {
      const call = calls.requireCall(callId);
      const scan = await repo.scanOf(call.id);
      const rows = await repo.pairsOfCall(call.id);
      return {
        label: SIMILARITY_LABEL,
        scan: scan
          ? {
              state: scan.state,
              requestedAt: new Date(scan.requested_at).toISOString(),
              startedAt: scan.started_at ? new Date(scan.started_at).toISOString() : null,
              finishedAt: scan.finished_at ? new Date(scan.finished_at).toISOString() : null,
              cases: scan.cases,
              pairs: scan.pairs,
              error: scan.error,
            }
          : null,
        pairs: rows.map((r) => ({
          a: caseSummary({ id: r.case_a, title: r.a_title, province_code: r.a_province, call_id: r.a_call }),
          b: caseSummary({ id: r.case_b, title: r.b_title, province_code: r.b_province, call_id: r.b_call }),
          source: r.source,
          sourceLabel: SOURCE_LABEL[r.source],
          score: Number(r.score),
          jaccard: Number(r.jaccard),
          containment: Number(r.containment),
          passages: Array.isArray(r.passages) ? r.passages.length : 0,
          foundAt: new Date(r.found_at).toISOString(),
        })),
      };
    },

    /** Organiser: both cases' texts per source with the overlapping passages (ranges in each text). */
    async pair(a: unknown, b: unknown) {
      if (typeof a !== 'string' || typeof b !== 'string' || !/^[0-9a-f-]{36}$/i.test(a) || !/^[0-9a-f-]{36}$/i.test(b) || a === b) throw badRequest('请指定两个不同的案例');
      const cases = await repo.casesById([a, b]);
      const ca = cases.find((c) => c.id === a);
      const cb = cases.find((c) => c.id === b);
      if (!ca || !cb) throw notFound();
      const texts = await textsOf([ca, cb]);
      const stored = await repo.pairsBetween(a, b);
      const sources = SOURCES.flatMap((source) => {
        const ta = texts[source].get(a);
        const tb = texts[source].get(b);
        if (!ta || !tb) return [];
        const s = stored.find((p) => p.source === source);
        const passages = alignPassages(ta, tb).map((p) => ({ a: p.a, b: p.b, matched: p.matched }));
        return [{ source, sourceLabel: SOURCE_LABEL[source], score: s ? Number(s.score) : null, textA: ta, textB: tb, passages }];
      });
      return { label: SIMILARITY_LABEL, a: caseSummary(ca), b: caseSummary(cb), sources };
    },

    /**
     * How well the declared scenario fits the case's content (title, summary, courseware text): the declared
     * 典型场景's rank among the machine's ranking. For reviewers and organisers; a machine suggestion.
     */
    async scenarioFit(viewer: SessionUser, caseId: string) {
      const row = (await findCaseInScope(db, viewer, caseId)) as unknown as CaseRow | null;
      if (!row) throw notFound();
      const call = calls.requireCall(row.call_id);
      const type = findCaseType(call, row.case_type);
      const field = scenarioField(type?.fields);
      const source = field?.source ?? 'free';
      const declared = (field && row.form?.[field.key] && typeof row.form[field.key] === 'object' ? row.form[field.key] : {}) as { main?: string; typical?: string; micro?: string };
      const texts = await textsOf([row]);
      const text = [row.title, texts.summary.get(row.id) ?? '', texts.courseware.get(row.id) ?? ''].join('\n');
      const ranked = rankScenes(field, text.slice(0, 50_000), { limit: 100 });
      const idx = declared.typical ? ranked.typical.findIndex((r) => r.typical === declared.typical) : -1;
      const rank = idx >= 0 ? idx + 1 : null;
      const relative = idx >= 0 ? ranked.typical[idx]!.relative : 0;
      const fit: 'good' | 'partial' | 'weak' | 'unknown' = source === 'free' || !declared.typical || !text.trim() ? 'unknown' : rank === 1 || relative >= 0.8 ? 'good' : (rank ?? 99) <= 3 || relative >= 0.5 ? 'partial' : 'weak';
      const FIT_LABEL = { good: '声明场景与内容较符合', partial: '声明场景与内容部分符合', weak: '声明场景与内容关联较弱，建议核实', unknown: '无法判断' } as const;
      return {
        label: MACHINE_SUGGESTION_LABEL,
        declared,
        declaredRank: rank,
        declaredRelative: relative,
        fit,
        fitLabel: FIT_LABEL[fit],
        usedCourseware: texts.courseware.has(row.id),
        typical: ranked.typical.slice(0, 3),
        micro: ranked.micro.slice(0, 3),
      };
    },

    /** The similarity flag of one case (organiser only for now; experts later). */
    async forCase(caseId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
      if (!(await repo.caseExists(caseId))) throw notFound();
      const rows = await repo.pairsOfCase(caseId);
      return {
        label: SIMILARITY_LABEL,
        similarityFlag: rows.length > 0,
        maxScore: rows.length ? Number(rows[0]!.score) : null,
        pairs: rows.map((r) => ({ other: caseSummary({ id: r.other, title: r.title, province_code: r.province_code, call_id: r.other_call }), source: r.source, sourceLabel: SOURCE_LABEL[r.source], score: Number(r.score) })),
      };
    },
  };
}

export type SimilarityService = ReturnType<typeof similarityService>;
