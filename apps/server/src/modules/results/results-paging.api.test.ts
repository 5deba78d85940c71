// The results lists and the library page on the server (issue 17 item 3), on a batch larger than one page: the public
// 结果公布 list, the organiser's 结果发布 list and the 优秀案例库 answer one page with the total of what the filters
// match, sort on the server, refuse a page over 200 rows, and the public Excel holds every match (not the page).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { MOBILE_IN_TEXT } from '../../testing/phones.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';

const CALL = 'teacher-training-2026';
const OTHER = 'teacher-ai-2025';
const N = 60;
// A mobile number on its own, not 11 digits inside an id (this check once failed on a UUID's all-decimal last group).
const PHONE = MOBILE_IN_TEXT;
const pad = (i: number) => String(i).padStart(2, '0');
const enc = encodeURIComponent;

let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let anon: ReturnType<typeof apiClient>;
let selectedId = '';

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const o = await buildUser(srv.services, 'organiser', null);
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  anon = apiClient(srv.app);
  const author = await buildUser(srv.services, 'author', '110000');
  // 60 published cases of the 2026 call: every third an 名师线上工作室 case, the first 15 from 上海, the first 10
  // 优秀案例 (the others 入围), the even ones in the library, every fourth a 教研案例, every fifth in 数学.
  for (let i = 1; i <= N; i++) {
    const id = await buildCase(srv.db, {
      callId: CALL, caseType: i % 3 === 0 ? 'online-studio' : 'evidence-research', authorId: author.id, provinceCode: i <= 15 ? '310000' : '110000', state: 'published',
      form: {
        title: `研修案例${pad(i)}`, category: i % 4 === 0 ? '教研案例' : '教师案例', subject: i % 5 === 0 ? '数学' : '语文', summary: `第${pad(i)}号案例的简介`,
        authors: [{ name: `作者${pad(i)}`, unit: `第${pad(i)}实验学校`, position: '教师', mobile: '13800000000' }],
      },
    });
    await srv.db.query(
      `insert into case_results (case_id, call_id, award, published_at, published_by, in_library, library_at)
       values ($1, $2, $3, now() - make_interval(mins => $4::int), $5, $6, case when $6 then now() end)`,
      [id, CALL, i <= 10 ? '优秀案例' : '入围', i, o.id, i % 2 === 0],
    );
  }
  // Another call's published case, and a 2026 case selected but not yet published.
  const other = await buildCase(srv.db, { callId: OTHER, caseType: 'ai-application', authorId: author.id, provinceCode: '110000', state: 'published', form: { ...validAiForm(), title: '往届案例' } });
  await srv.db.query(`insert into case_results (case_id, call_id, award, published_at, published_by, in_library) values ($1, $2, '典型案例', now() - interval '1 year', $3, true)`, [other, OTHER, o.id]);
  selectedId = await buildCase(srv.db, {
    callId: CALL, caseType: 'evidence-research', authorId: author.id, provinceCode: '110000', state: 'selected',
    form: { title: '待公布案例', category: '教师案例', authors: [{ name: '待公布作者', unit: '某校', position: '教师', mobile: '13800000000' }] },
  });
}, 300_000);
afterAll(async () => srv?.close());

const ids = (body: any) => body.items.map((c: any) => c.id);

describe('the public results list (结果公布)', () => {
  it('answers one page of the call with the total; page 2 holds other cases; sorted on the server', async () => {
    const p1 = (await anon.get(`/api/results?callId=${CALL}&pageSize=20`)).body;
    const p2 = (await anon.get(`/api/results?callId=${CALL}&pageSize=20&page=2`)).body;
    expect(p1).toMatchObject({ callId: CALL, total: N, page: 1, pageSize: 20 });
    expect(p2).toMatchObject({ total: N, page: 2, pageSize: 20 });
    expect(p1.items).toHaveLength(20);
    expect(p2.items).toHaveLength(20);
    expect(ids(p2).some((id: string) => ids(p1).includes(id))).toBe(false);
    expect(p1.calls.map((c: any) => [c.id, c.count])).toEqual([[CALL, N], [OTHER, 1]]);
    const byTitle = (await anon.get(`/api/results?callId=${CALL}&sort=title&order=asc&page=2&pageSize=20`)).body;
    expect(byTitle.items.map((c: any) => c.title)).toEqual(Array.from({ length: 20 }, (_, i) => `研修案例${pad(21 + i)}`));
    const newest = (await anon.get(`/api/results?callId=${CALL}&sort=publishedAt&order=desc&pageSize=3`)).body;
    expect(newest.items.map((c: any) => c.title)).toEqual(['研修案例01', '研修案例02', '研修案例03']);
    expect(JSON.stringify(p1)).not.toMatch(PHONE);
  });

  it('narrows the total by case type, award, province and search text, and offers the choices with counts', async () => {
    const total = async (q: string) => (await anon.get(`/api/results?callId=${CALL}&pageSize=5&${q}`)).body.total;
    expect(await total('caseType=online-studio')).toBe(20);
    expect(await total(`award=${enc('优秀案例')}`)).toBe(10);
    expect(await total('provinceCode=310000')).toBe(15);
    expect(await total(`provinceCode=310000&caseType=online-studio`)).toBe(5);
    expect(await total(`q=${enc('作者07')}`)).toBe(1);
    expect(await total(`q=${enc('第12实验')}`)).toBe(1);
    expect(await total(`q=${enc('上海')}`)).toBe(15);
    expect(await total(`q=${enc('研修案例')}`)).toBe(N);
    expect(await total('q=13800000000')).toBe(0);
    expect(await total('q=%25')).toBe(0);
    const { facets } = (await anon.get(`/api/results?callId=${CALL}`)).body;
    expect(facets.caseTypes).toEqual([
      { value: 'evidence-research', label: '人机协同循证教研案例', count: 40 },
      { value: 'online-studio', label: '名师线上工作室研修案例', count: 20 },
    ]);
    expect(facets.awards).toEqual([{ value: '入围', label: '入围', count: 50 }, { value: '优秀案例', label: '优秀案例', count: 10 }]);
    expect(facets.provinces).toEqual([{ value: '110000', label: '北京市', count: 45 }, { value: '310000', label: '上海市', count: 15 }]);
  });

  it('refuses a page over 200 rows', async () => {
    expect((await anon.get(`/api/results?callId=${CALL}&pageSize=201`)).status).toBe(400);
    expect((await anon.get(`/api/results?callId=${CALL}&pageSize=200`)).body.items).toHaveLength(N);
  });

  it('the Excel holds every case matching the filters, not the page', async () => {
    const rows = async (q: string) => {
      const x = await anon.get(`/api/results.xlsx?callId=${CALL}&pageSize=5&${q}`);
      expect(x.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.raw as any);
      return wb.worksheets[0]!.actualRowCount - 1;
    };
    expect(await rows('')).toBe(N);
    expect(await rows('caseType=online-studio')).toBe(20);
    expect(await rows(`provinceCode=310000&award=${enc('优秀案例')}`)).toBe(10);
  });
});

describe('the organiser\'s results list (结果发布)', () => {
  it('pages the published cases with the total, keeps every selected case, and filters on the server', async () => {
    const p1 = (await org.get(`/api/org/results?callId=${CALL}&pageSize=25`)).body;
    const p2 = (await org.get(`/api/org/results?callId=${CALL}&pageSize=25&page=2`)).body;
    expect(p1).toMatchObject({ total: N, page: 1, pageSize: 25 });
    expect(p2).toMatchObject({ total: N, page: 2, pageSize: 25 });
    expect(ids(p2).some((id: string) => ids(p1).includes(id))).toBe(false);
    expect(p1.items[0]).toMatchObject({ certificate: null, callId: CALL });
    expect(p1.selected.map((c: any) => c.id)).toEqual([selectedId]);
    expect((await org.get(`/api/org/results?callId=${CALL}&provinceCode=310000&pageSize=5`)).body.total).toBe(15);
    expect((await org.get(`/api/org/results?callId=${CALL}&caseType=online-studio&award=${enc('优秀案例')}`)).body.total).toBe(3);
    // Sorted by award: the two awards in two blocks, the other way round when descending.
    const awards = async (order: string) => (await org.get(`/api/org/results?callId=${CALL}&sort=award&order=${order}&pageSize=${N}`)).body.items.map((c: any) => c.award);
    const asc = await awards('asc');
    const desc = await awards('desc');
    expect(asc.filter((a: string, i: number) => i > 0 && a !== asc[i - 1])).toHaveLength(1);
    expect(desc).toEqual([...asc].reverse());
    expect((await org.get(`/api/org/results?callId=${CALL}&pageSize=201`)).status).toBe(400);
    expect((await org.get('/api/org/results')).status).toBe(400);
    expect((await anon.get(`/api/org/results?callId=${CALL}`)).status).toBe(401);
  });

  it('its Excel holds every selected case and every published one matching the list\'s filters, in the list\'s order', async () => {
    const book = async (q: string) => {
      const x = await org.get(`/api/org/results.xlsx?callId=${CALL}&${q}`);
      expect(x.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.raw as any);
      return { selected: wb.getWorksheet('入选待公布')!.actualRowCount - 1, published: wb.getWorksheet('已公布')! };
    };
    const all = await book('');
    expect(all.selected).toBe(1);
    expect(all.published.actualRowCount - 1).toBe(N);
    expect((await book('provinceCode=310000')).published.actualRowCount - 1).toBe(15);
    const byTitle = (await book('sort=title&order=asc')).published;
    const titles = byTitle.getColumn(1).values.slice(2).map(String);
    const listed = (await org.get(`/api/org/results?callId=${CALL}&sort=title&order=asc&pageSize=${N}`)).body.items.map((c: any) => c.title);
    expect(titles).toEqual(listed);
  });
});

describe('the library (优秀案例库)', () => {
  it('pages the flagged cases with the total and filters in SQL by type, province, 学科, category and text', async () => {
    const p1 = (await anon.get('/api/library?pageSize=10')).body;
    const p2 = (await anon.get('/api/library?pageSize=10&page=2')).body;
    expect(p1).toMatchObject({ total: N / 2 + 1, page: 1, pageSize: 10 });
    expect(p2).toMatchObject({ total: N / 2 + 1, page: 2, pageSize: 10 });
    expect(ids(p2).some((id: string) => ids(p1).includes(id))).toBe(false);
    const total = async (q: string) => (await anon.get(`/api/library?pageSize=5&${q}`)).body.total;
    expect(await total(`callId=${CALL}`)).toBe(30);
    expect(await total('caseType=online-studio')).toBe(10);
    expect(await total('provinceCode=310000')).toBe(7);
    expect(await total(`subject=${enc('数学')}`)).toBe(6 + 1);
    expect(await total(`category=${enc('教研案例')}`)).toBe(15);
    expect(await total(`q=${enc('作者08')}`)).toBe(1);
    expect(await total(`q=${enc('第10号案例')}`)).toBe(1);
    expect(await total(`q=${enc('作者07')}`)).toBe(0);
    expect(await total(`callId=${CALL}&provinceCode=310000&category=${enc('教研案例')}`)).toBe(3);
    const { facets } = p1;
    expect(facets.provinces).toEqual([{ value: '110000', label: '北京市', count: 24 }, { value: '310000', label: '上海市', count: 7 }]);
    expect([...facets.category].sort((a: any, b: any) => (a.value < b.value ? -1 : 1))).toEqual([{ value: '教师案例', count: 15 }, { value: '教研案例', count: 15 }]);
    expect(facets.subject).toEqual([{ value: '语文', count: 24 }, { value: '数学', count: 7 }]);
    const byTitle = (await anon.get(`/api/library?callId=${CALL}&sort=title&order=asc&pageSize=3&page=2`)).body;
    expect(byTitle.items.map((c: any) => c.title)).toEqual(['研修案例08', '研修案例10', '研修案例12']);
    expect((await anon.get('/api/library?pageSize=201')).status).toBe(400);
    expect(JSON.stringify(p1)).not.toMatch(PHONE);
  });
});
