// Lists that page (issue 17 item 3): 20,000 generated cases; the first page of the organiser's and a province's list
// is sorted, filtered and counted in the database and answers quickly, and the Excel export streams every matching
// row (no cap). Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { insertBulkCases } from '../../testing/bulk-cases.ts';

const CALL = 'teacher-ai-2025';
const N = 20_000;
let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let bj: ReturnType<typeof apiClient>;

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const authors = [];
  for (let i = 0; i < 3; i++) authors.push((await buildUser(srv.services, 'author', '110000')).id);
  await insertBulkCases(srv.db, { callId: CALL, caseType: 'ai-application', authorIds: authors, provinces: ['110000', '310000'], n: N });
  const o = await buildUser(srv.services, 'organiser', null);
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  const a = await buildUser(srv.services, 'province_admin', '110000');
  bj = apiClient(srv.app);
  await bj.login(a.phone, a.password);
}, 300_000);
afterAll(async () => srv?.close());

const titles = (body: any) => body.items.map((c: any) => c.title);
const num = (i: number) => `批量案例 ${String(i).padStart(5, '0')}`;

describe('case lists at 20,000 cases', () => {
  it('the organiser\'s first page: the right total, the page size kept, newest change first', async () => {
    const r = await org.get(`/api/org/cases?callId=${CALL}&page=1&pageSize=50`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: N, page: 1, pageSize: 50 });
    expect(r.body.items).toHaveLength(50);
    expect(titles(r.body).slice(0, 3)).toEqual([num(1), num(2), num(3)]);
    expect(r.body.items[0]).toMatchObject({ provinceName: '上海市', unit: '第2中学', classification: '小学', checkStatus: 'no_files', checkLabel: '未上传材料' });
    // Its speed is measured by the bench (npm run bench -- lists) against a baseline, not asserted here.
  });

  it('sorts, pages and filters on the server', async () => {
    const p2 = (await org.get(`/api/org/cases?callId=${CALL}&sort=title&order=asc&page=2&pageSize=20`)).body;
    expect(titles(p2)).toEqual(Array.from({ length: 20 }, (_, i) => num(21 + i)));
    expect(p2.total).toBe(N);
    const returned = (await org.get(`/api/org/cases?callId=${CALL}&state=returned&provinceCode=110000&pageSize=5`)).body;
    expect(returned.total).toBe(2000);
    expect(returned.items.every((c: any) => c.state === 'returned' && c.provinceCode === '110000')).toBe(true);
    const found = (await org.get(`/api/org/cases?callId=${CALL}&q=${encodeURIComponent('批量案例 0001')}&sort=title&order=asc`)).body;
    expect(found.total).toBe(10);
    expect(titles(found)).toEqual(Array.from({ length: 10 }, (_, i) => num(10 + i)));
    // Past the last page: no rows, the total still told.
    const past = (await org.get(`/api/org/cases?callId=${CALL}&page=1000&pageSize=50`)).body;
    expect(past).toMatchObject({ total: N, items: [] });
  });

  it('a province\'s list: its own cases only, sorted by submission, with the 材料检测 filter in the database', async () => {
    const r = (await bj.get(`/api/province/cases?callId=${CALL}&state=returned&sort=submitted&order=asc&pageSize=100`)).body;
    expect(r.total).toBe(2000); // the multiples of 10 are even: all in 北京
    expect(r.items).toHaveLength(100);
    expect(r.items.every((c: any) => c.provinceCode === '110000' && c.state === 'returned')).toBe(true);
    expect(titles(r)[0]).toBe(num(20_000)); // submitted first: the largest n
    expect((await bj.get(`/api/province/cases?callId=${CALL}&pageSize=1`)).body.total).toBe(N / 2);
    expect((await bj.get(`/api/province/cases?callId=${CALL}&check=no_files&pageSize=1`)).body.total).toBe(N / 2);
    expect((await bj.get(`/api/province/cases?callId=${CALL}&check=passed&pageSize=1`)).body.total).toBe(0);
    // A province cannot widen its scope through the query.
    expect((await bj.get(`/api/province/cases?callId=${CALL}&provinceCode=310000&pageSize=1`)).body.total).toBe(N / 2);
  });

  it('refuses a page size over the limit and an unknown sort, in Chinese', async () => {
    const big = await org.get(`/api/org/cases?callId=${CALL}&pageSize=5000`);
    expect(big.status).toBe(400);
    expect(big.body.message).toBe('“每页条数”不能大于 200');
    const sort = await org.get(`/api/org/cases?callId=${CALL}&sort=phone`);
    expect(sort.status).toBe(400);
    expect(sort.body.message).toBe('“排序”的取值不在可选范围内');
  });

  it('the Excel export streams all 20,000 rows with the sheet rules kept', async () => {
    const t0 = performance.now();
    const r = await org.get(`/api/org/cases.xlsx?callId=${CALL}`);
    console.log(`export of ${N} rows: ${(performance.now() - t0).toFixed(0)} ms, ${(r.raw.length / 1e6).toFixed(1)} MB`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const name = decodeURIComponent(String(r.headers['content-disposition']).split("UTF-8''")[1]);
    expect(name).toMatch(/-全部案例\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as any);
    const ws = wb.worksheets[0];
    expect(ws.actualRowCount).toBe(N + 1);
    expect(ws.getRow(1).getCell(2).value).toBe('案例名称');
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(2).value).toBe(num(1));
    expect(ws.getRow(N + 1).getCell(2).value).toBe(num(N));
    // 提交时间 as a date cell in Beijing time; landscape, one page wide, the header row on every page; frozen header.
    const submitted = ws.getRow(2).getCell(11);
    expect(submitted.value).toBeInstanceOf(Date);
    expect(submitted.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const [audit] = (await org.get('/api/org/audit?event=export.org_cases&pageSize=1')).body.items;
    expect(audit).toBeTruthy();
    const [{ data }] = await srv.db.query<{ data: any }>(`select data from audit_log where event = 'export.org_cases' order by id desc limit 1`);
    expect(data.rows).toBe(N);
  }, 180_000);

  it('a province\'s export has every row its filters match', async () => {
    const r = await bj.get(`/api/province/cases.xlsx?callId=${CALL}&state=returned`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as any);
    expect(wb.worksheets[0].actualRowCount).toBe(2000 + 1);
  }, 120_000);
});
