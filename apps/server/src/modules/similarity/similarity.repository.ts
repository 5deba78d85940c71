// The similarity module's SQL: the cases a scan reads, their files and cached texts, the scan's state and its pairs.
// Only the organiser reaches these lists (the routes say so); per-case reads for other viewers go through
// findCaseInScope in the cases repository.
import type { AlignedPassage } from '@anli/similarity/align.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { CaseRow } from '../cases/case.repository.ts';
import type { TextSource } from './text-extract.ts';

export type SimilarityCaseRow = Pick<CaseRow, 'id' | 'call_id' | 'case_type' | 'title' | 'province_code' | 'form'>;

export interface PairRow {
  call_id: string;
  case_a: string;
  case_b: string;
  source: TextSource;
  score: number;
  jaccard: number;
  containment: number;
  passages: AlignedPassage[];
  found_at: Date;
}

export interface ScanRow {
  state: 'queued' | 'running' | 'done' | 'error';
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cases: number | null;
  pairs: number | null;
  error: string | null;
}

export interface FoundPair {
  a: string;
  b: string;
  source: TextSource;
  score: number;
  jaccard: number;
  containment: number;
  passages: AlignedPassage[];
}

const CASE_COLUMNS = 'id, call_id, case_type, title, province_code, form';

export function similarityRepository(db: Db) {
  return {
    /** Every case that left its author's hands (all calls): what a scan compares. */
    casesToScan: () => db.query<SimilarityCaseRow>(`select ${CASE_COLUMNS} from cases where state <> 'draft' order by id`),

    casesById: (ids: string[]) => db.query<SimilarityCaseRow>(`select ${CASE_COLUMNS} from cases where id = any($1::uuid[])`, [ids]),

    caseExists: async (id: string) => (await db.query('select 1 from cases where id = $1', [id])).length > 0,

    currentFilesOf: (caseIds: string[]) =>
      db.query<{ id: string; case_id: string; slot: string; object_key: string }>(
        'select id, case_id, slot, object_key from files where is_current and case_id = any($1::uuid[])',
        [caseIds],
      ),

    cachedText: async (fileId: string) => (await db.query<{ text: string }>('select text from file_texts where file_id = $1', [fileId]))[0]?.text,

    cacheText: (fileId: string, text: string, error: string | null) =>
      db.query('insert into file_texts (file_id, text, error) values ($1, $2, $3) on conflict (file_id) do nothing', [fileId, text, error]),

    markQueued: (callId: string, at: string) =>
      db.query(
        `insert into similarity_scans (call_id, state, requested_at) values ($1, 'queued', $2)
         on conflict (call_id) do update set state = 'queued', requested_at = $2, error = null`,
        [callId, at],
      ),

    markRunning: (callId: string, at: string) =>
      db.query(
        `insert into similarity_scans (call_id, state, started_at) values ($1, 'running', $2)
         on conflict (call_id) do update set state = 'running', started_at = $2, error = null`,
        [callId, at],
      ),

    markFailed: (callId: string, at: string, error: string) =>
      db.query(`update similarity_scans set state = 'error', finished_at = $2, error = $3 where call_id = $1`, [callId, at, error]),

    /** Replaces the call's pairs as a whole (a retried scan leaves one set) and records the scan as done. */
    replacePairs: (callId: string, found: FoundPair[], cases: number, at: string) =>
      db.tx(async (q: Queryable) => {
        await q.query('delete from similar_pairs where call_id = $1', [callId]);
        for (const f of found) {
          await q.query(
            `insert into similar_pairs (call_id, case_a, case_b, source, score, jaccard, containment, passages, found_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
            [callId, f.a, f.b, f.source, f.score, f.jaccard, f.containment, JSON.stringify(f.passages), at],
          );
        }
        await q.query(`update similarity_scans set state = 'done', finished_at = $2, cases = $3, pairs = $4 where call_id = $1`, [callId, at, cases, found.length]);
      }),

    scanOf: async (callId: string) => (await db.query<ScanRow>('select * from similarity_scans where call_id = $1', [callId]))[0],

    pairsOfCall: (callId: string) =>
      db.query<PairRow & { a_title: string; a_province: string; a_call: string; b_title: string; b_province: string; b_call: string }>(
        `select p.*, a.title as a_title, a.province_code as a_province, a.call_id as a_call, b.title as b_title, b.province_code as b_province, b.call_id as b_call
         from similar_pairs p join cases a on a.id = p.case_a join cases b on b.id = p.case_b
         where p.call_id = $1 order by p.score desc, p.case_a, p.case_b, p.source`,
        [callId],
      ),

    pairsBetween: (a: string, b: string) =>
      db.query<PairRow>('select * from similar_pairs where (case_a = $1 and case_b = $2) or (case_a = $2 and case_b = $1) order by found_at desc', [a, b]),

    pairsOfCase: (caseId: string) =>
      db.query<PairRow & { other: string; title: string; province_code: string; other_call: string }>(
        `select p.*, o.id as other, o.title, o.province_code, o.call_id as other_call from similar_pairs p
         join cases o on o.id = case when p.case_a = $1 then p.case_b else p.case_a end
         where p.case_a = $1 or p.case_b = $1 order by p.score desc`,
        [caseId],
      ),
  };
}

export type SimilarityRepository = ReturnType<typeof similarityRepository>;
