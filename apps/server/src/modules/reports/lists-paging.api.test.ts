// Lists that page (issue 17 item 3) on small data: the audit log, the expert lists, a user's notices and the case
// library answer one page with the total of what the filters match, sort on the server, and the audit and expert
// exports hold every match (not the page).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { writeAudit } from '../audit/audit.repository.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let bj: ReturnType<typeof apiClient>;
let orgId = '';

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const o = await buildUser(srv.services, 'organiser', null);
  orgId = o.id;
  org = apiClient(srv.app);
  await org.login(o.phone, o.password);
  const a = await buildUser(srv.services, 'province_admin', '110000');
  bj = apiClient(srv.app);
  await bj.login(a.phone, a.password);
  // 35 entries of one event, 5 of them for 上海.
  for (let i = 1; i <= 35; i++) {
    await writeAudit(srv.db, { id: orgId, role: 'organiser', name: '审计员' }, { event: 'province.unlock', objectType: 'province', objectId: i <= 5 ? '310000' : '110000', provinceCode: i <= 5 ? '310000' : '110000', reason: `第${i}次` }, Date.parse('2026-03-01T00:00:00Z') + i * 60_000);
  }
  // 25 experts: 专家01…专家25, the odd ones activated.
  await srv.db.query(
    `insert into experts (name, phone, unit_name, province_code, invited_at, activated_at)
     select '专家' || lpad(g::text, 2, '0'), '1990000' || lpad(g::text, 4, '0'), '第' || g || '中学', case when g <= 10 then '110000' else '320000' end,
            now() - make_interval(mins => g), case when g % 2 = 1 then now() end
     from generate_series(1, 25) g`,
  );
  // 30 notices of the organiser, the first 12 read.
  await srv.db.query(
    `insert into notices (user_id, kind, title, body, created_at, read_at)
     select $1, 'announcement', '通知' || lpad(g::text, 2, '0'), '正文', now() - make_interval(mins => g), case when g <= 12 then now() end
     from generate_series(1, 30) g`, [orgId],
  );
}, 300_000);
afterAll(async () => srv?.close());

describe('the other lists page on the server', () => {
  it('the audit log: a page with the total, newest first or oldest first, filtered; the export has every match', async () => {
    const p2 = (await org.get('/api/org/audit?event=province.unlock&page=2&pageSize=10')).body;
    expect(p2).toMatchObject({ total: 35, page: 2, pageSize: 10 });
    expect(p2.items.map((e: any) => e.reason)).toEqual(Array.from({ length: 10 }, (_, i) => `第${25 - i}次`));
    const oldest = (await org.get('/api/org/audit?event=province.unlock&order=asc&pageSize=3')).body;
    expect(oldest.items.map((e: any) => e.reason)).toEqual(['第1次', '第2次', '第3次']);
    const sh = (await org.get('/api/org/audit?event=province.unlock&provinceCode=310000')).body;
    expect(sh.total).toBe(5);
    expect(sh.items.every((e: any) => e.provinceName === '上海市')).toBe(true);
    const x = await org.get('/api/org/audit.xlsx?event=province.unlock');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as any);
    expect(wb.worksheets[0]!.actualRowCount).toBe(35 + 1);
    expect((await org.get('/api/org/audit?pageSize=201')).status).toBe(400);
  });

  it('experts: sorted by name, filtered by status, province and search; a province sees no unactivated national expert', async () => {
    const p = (await org.get('/api/org/experts?sort=name&order=asc&page=2&pageSize=10')).body;
    expect(p).toMatchObject({ total: 25, page: 2, pageSize: 10 });
    expect(p.items.map((e: any) => e.name)).toEqual(Array.from({ length: 10 }, (_, i) => `专家${String(11 + i).padStart(2, '0')}`));
    expect(p.items[0].phone).toMatch(/\*\*\*\*/);
    expect((await org.get('/api/org/experts?status=active&pageSize=1')).body.total).toBe(13);
    expect((await org.get('/api/org/experts?status=invited&provinceCode=110000&pageSize=1')).body.total).toBe(5);
    expect((await org.get(`/api/org/experts?q=${encodeURIComponent('第7中学')}`)).body.items.map((e: any) => e.name)).toEqual(['专家07']);
    expect((await org.get('/api/org/experts?q=0025')).body.items.map((e: any) => e.name)).toEqual(['专家25']);
    // No account behind these experts: nothing a province could pick.
    expect((await bj.get('/api/province/experts')).body).toMatchObject({ total: 0, items: [] });
    const x = await org.get('/api/org/experts.xlsx?status=active');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as any);
    expect(wb.worksheets[0]!.actualRowCount).toBe(13 + 1);
  });

  it('notices: a page of the user\'s own, the unread filter counted on the server', async () => {
    const all = (await org.get('/api/notices?page=3&pageSize=10')).body;
    expect(all).toMatchObject({ total: 30, unread: 18, page: 3, pageSize: 10 });
    expect(all.items.map((n: any) => n.title)).toEqual(Array.from({ length: 10 }, (_, i) => `通知${21 + i}`));
    const unread = (await org.get('/api/notices?unread=1&pageSize=5')).body;
    expect(unread).toMatchObject({ total: 18, unread: 18 });
    expect(unread.items.map((n: any) => n.title)).toEqual(['通知13', '通知14', '通知15', '通知16', '通知17']);
    expect((await bj.get('/api/notices')).body).toMatchObject({ total: 0, items: [] });
  });

  it('the library and the outgoing messages answer the shared page fields', async () => {
    expect((await apiClient(srv.app).get('/api/library?page=2&pageSize=5')).body).toMatchObject({ total: 0, page: 2, pageSize: 5, items: [] });
    expect((await org.get('/api/org/messages?page=3&pageSize=10')).body).toMatchObject({ page: 3, pageSize: 10 });
  });
});
