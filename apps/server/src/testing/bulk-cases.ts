// Many cases at once for the paging tests and the lists bench: one INSERT … SELECT over generate_series, not one
// service call per case. Case n (1-based) is titled 批量案例 00001…, belongs to provinces[n % provinces.length], is
// 'returned' when n is a multiple of 10 and 'submitted' otherwise, and was last changed n seconds before `at` (so
// case 1 is the newest).
import type { Db } from '../infra/db/db.ts';

export interface BulkCases {
  callId: string;
  caseType: string;
  /** The authors, used in turn. */
  authorIds: string[];
  provinces: string[];
  n: number;
  at?: Date;
}

export async function insertBulkCases(db: Db, b: BulkCases): Promise<void> {
  const at = (b.at ?? new Date()).toISOString();
  await db.query(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, ever_submitted, created_at, updated_at, submitted_at)
     select $1, $2, ($3::uuid[])[1 + g % cardinality($3::uuid[])], ($4::text[])[1 + g % cardinality($4::text[])],
       case when g % 10 = 0 then 'returned' else 'submitted' end,
       jsonb_build_object('title', '批量案例 ' || lpad(g::text, 5, '0'), 'stage', case when g % 2 = 0 then '初中' else '小学' end,
         'authors', jsonb_build_array(jsonb_build_object('name', '作者' || g, 'unit', '第' || (g % 97 + 1) || '中学'))),
       '批量案例 ' || lpad(g::text, 5, '0'), true,
       $5::timestamptz - make_interval(secs => g), $5::timestamptz - make_interval(secs => g), $5::timestamptz - make_interval(secs => g)
     from generate_series(1, $6::int) g`,
    [b.callId, b.caseType, b.authorIds, b.provinces, at, b.n],
  );
}
