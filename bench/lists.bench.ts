// Lists that page (issue 17): the first page of the organiser's 全部案例 at LISTS_CASES cases (default 20,000), next to
// a baseline measured in the same run on the same database — a bare `select count(*)` of the call's cases, the least
// any list answer must do — as a ratio; a province's filtered first page; and the streamed Excel export of every row
// (time, size, and the process's peak RSS growth while it runs).
// `npm run bench -- lists` (LISTS_CASES, LISTS_RUNS change the sizes; TEST_DATABASE_URL runs it on PostgreSQL).
import ExcelJS from 'exceljs';
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { apiClient } from '../apps/server/src/testing/client.ts';
import { buildUser } from '../apps/server/src/testing/factories.ts';
import { insertBulkCases } from '../apps/server/src/testing/bulk-cases.ts';

const N = Number(process.env.LISTS_CASES ?? 20_000);
const RUNS = Number(process.env.LISTS_RUNS ?? 20);
const CALL = 'teacher-ai-2025';
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const srv = await startTestServer({ demo: false });
try {
  const db = srv.db;
  const authors: string[] = [];
  for (let i = 0; i < 20; i++) authors.push((await buildUser(srv.services, 'author', '110000')).id);
  let t0 = performance.now();
  await insertBulkCases(db, { callId: CALL, caseType: 'ai-application', authorIds: authors, provinces: ['110000', '310000', '440000'], n: N });
  const insertMs = ms(t0);
  const o = await buildUser(srv.services, 'organiser', null);
  const org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  const a = await buildUser(srv.services, 'province_admin', '110000');
  const bj = apiClient(srv.app);
  await bj.login(a.phone, a.password);

  const timed = async (fn: () => Promise<unknown>) => {
    await fn(); // warm
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      xs.push(ms(t));
    }
    return median(xs);
  };
  const baseline = await timed(() => db.query('select count(*)::int as n from cases where call_id = $1', [CALL]));
  const firstPage = await timed(async () => {
    const r = await org.get(`/api/org/cases?callId=${CALL}&page=1&pageSize=50`);
    if (r.status !== 200 || r.body.total !== N || r.body.items.length !== 50) throw new Error(`first page: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  });
  const lastPage = await timed(() => org.get(`/api/org/cases?callId=${CALL}&page=${Math.ceil(N / 50)}&pageSize=50`));
  const provincePage = await timed(() => bj.get(`/api/province/cases?callId=${CALL}&state=returned&sort=title&order=asc&pageSize=50`));

  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  t0 = performance.now();
  const x = await org.get(`/api/org/cases.xlsx?callId=${CALL}`);
  const exportMs = ms(t0);
  clearInterval(sampler);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.raw as any);
  const rows = wb.worksheets[0]!.actualRowCount - 1;
  if (rows !== N) throw new Error(`export has ${rows} rows, expected ${N}`);

  console.log(`${N} cases inserted in ${insertMs.toFixed(0)} ms (${db.kind})`);
  console.log(`first page of /api/org/cases (50 rows, total ${N}): median ${firstPage.toFixed(1)} ms; baseline select count(*): ${baseline.toFixed(1)} ms; ratio ${(firstPage / baseline).toFixed(1)}`);
  console.log(`last page: ${lastPage.toFixed(1)} ms; a province's filtered, title-sorted first page: ${provincePage.toFixed(1)} ms`);
  console.log(`export of ${rows} rows: ${exportMs.toFixed(0)} ms, ${(x.raw.length / 1e6).toFixed(1)} MB, RSS +${((peak - rss0) / 1e6).toFixed(0)} MB during the export`);
  console.log(JSON.stringify({
    bench: 'lists',
    db: db.kind,
    cases: N,
    first_page_ms: Number(firstPage.toFixed(1)),
    baseline_count_ms: Number(baseline.toFixed(1)),
    ratio: Number((firstPage / baseline).toFixed(1)),
    last_page_ms: Number(lastPage.toFixed(1)),
    province_page_ms: Number(provincePage.toFixed(1)),
    export_rows: rows,
    export_ms: Math.round(exportMs),
    export_mb: Number((x.raw.length / 1e6).toFixed(2)),
    export_rss_growth_mb: Math.round((peak - rss0) / 1e6),
  }));
} finally {
  await srv.close();
}
