// Chained recommendation through the API: scoping of county and city administrators (list, detail, files, exports),
// activation codes down the chain, quota per level under concurrent requests, deadlines, and the province's view.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCall } from '@anli/domain/calls/builtin.ts';
import { chainedExampleCall, CHAINED_EXAMPLE_ID } from '@anli/domain/calls/chained-example.ts';
import { beijingDayStart } from '@anli/domain/deadline.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, uniquePhone, validEvidenceForm } from '../../testing/factories.ts';

registerCall(chainedExampleCall);

// 2026-07-15 10:00 Beijing: authors' submission, county, city and province recommendation are all open.
const JULY = beijingDayStart('2026-07-15') + 10 * 3600_000;
let srv: Awaited<ReturnType<typeof startTestServer>>;
type Client = ReturnType<typeof apiClient>;

async function login(u: { phone: string; password: string }): Promise<Client> {
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return c;
}

/** A city or county administrator made directly (the activation path has its own test). */
async function regionAdmin(role: 'city_admin' | 'county_admin', regionCode: string) {
  const u = await buildUser(srv.services, role as any, `${regionCode.slice(0, 2)}0000`);
  await srv.db.query('update users set region_code = $2 where id = $1', [u.id, regionCode]);
  return login(u);
}

/** A submitted case of the chained call in a county, standing at `level`. */
async function chainCase(authorId: string, regionCode: string, level: 'county' | 'city' | 'province' = 'county') {
  const form = validEvidenceForm();
  const id = await buildCase(srv.db, { callId: CHAINED_EXAMPLE_ID, caseType: 'evidence-research', authorId, provinceCode: `${regionCode.slice(0, 2)}0000`, state: 'submitted', form });
  await srv.db.query('update cases set region_code = $2, recommendation_level = $3 where id = $1', [id, regionCode, level]);
  return { id, title: form.title };
}

let zjAuthor: { id: string; phone: string; password: string };
let bjAuthor: { id: string; phone: string; password: string };
let xihu: Client; // 杭州市 西湖区 county admin
let shangcheng: Client; // 杭州市 上城区 county admin
let hangzhou: Client; // 杭州市 city admin
let ningbo: Client; // 宁波市 city admin
let zjProvince: Client;
const cases: Record<string, { id: string; title: string }> = {};

beforeAll(async () => {
  srv = await startTestServer({ demo: false, now: JULY });
  zjAuthor = await buildUser(srv.services, 'author', '330000');
  bjAuthor = await buildUser(srv.services, 'author', '110000');
  xihu = await regionAdmin('county_admin', '330106');
  shangcheng = await regionAdmin('county_admin', '330102');
  hangzhou = await regionAdmin('city_admin', '330100');
  ningbo = await regionAdmin('city_admin', '330200');
  zjProvince = await login(await buildUser(srv.services, 'province_admin', '330000'));
  cases.xihu = await chainCase(zjAuthor.id, '330106');
  cases.shangcheng = await chainCase(zjAuthor.id, '330102');
  cases.shangchengAtCity = await chainCase(zjAuthor.id, '330102', 'city');
  cases.haishu = await chainCase(zjAuthor.id, '330203', 'city'); // 宁波市 海曙区, already at 宁波's level
  cases.haishuAtProvince = await chainCase(zjAuthor.id, '330203', 'province');
}, 60_000);
afterAll(async () => srv?.close());

describe('county and city administrators see only their own region', () => {
  it('a county administrator never sees another county: list, detail, files, info forms, exports, actions', async () => {
    const list = (await xihu.get(`/api/region/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items;
    expect(list.map((c: any) => c.id)).toEqual([cases.xihu.id]);
    expect(list[0]).toMatchObject({ regionCode: '330106', regionName: '杭州市 西湖区', recommendationLevel: 'county', stateLabel: '已提交，待县级审核' });
    expect(list[0].actions.sort()).toEqual(['chain_recommend', 'return']);
    for (const other of [cases.shangcheng, cases.shangchengAtCity, cases.haishu, cases.haishuAtProvince]) {
      const attempts = await Promise.all([
        xihu.get(`/api/cases/${other.id}`),
        xihu.get(`/api/cases/${other.id}/files`),
        xihu.get(`/api/cases/${other.id}/info-form.pdf`),
        xihu.post(`/api/region/cases/${other.id}/recommend`),
        xihu.post(`/api/region/cases/${other.id}/unrecommend`),
        xihu.post(`/api/region/cases/${other.id}/return`, { reason: '越权退回测试' }),
      ]);
      for (const r of attempts) {
        expect(r.status).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(other.title);
      }
    }
    const xlsx = await xihu.get(`/api/region/cases.xlsx?callId=${CHAINED_EXAMPLE_ID}`);
    expect(xlsx.status).toBe(200);
    const name = decodeURIComponent(String(xlsx.headers['content-disposition']).split("UTF-8''")[1]);
    expect(name).toMatch(/西湖区-.+-案例列表\.xlsx$/);
    expect(name).not.toMatch(/\d{6}|example/i);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as any);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String).join('|');
    expect(cells).toContain(cases.xihu.title);
    for (const other of [cases.shangcheng, cases.haishu]) expect(cells).not.toContain(other.title);
    // Another county's list holds its own cases only.
    const sc = (await shangcheng.get(`/api/region/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items.map((c: any) => c.id).sort();
    expect(sc).toEqual([cases.shangcheng.id, cases.shangchengAtCity.id].sort());
    // The author's phone is masked for administrators.
    expect(list[0].authorPhone).not.toBe(zjAuthor.phone);
  });

  it('a city administrator sees what its counties recommended, never another city', async () => {
    const hz = (await hangzhou.get(`/api/region/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items.map((c: any) => c.id);
    expect(hz).toEqual([cases.shangchengAtCity.id]); // not the cases still at county level
    const nb = (await ningbo.get(`/api/region/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items.map((c: any) => c.id).sort();
    expect(nb).toEqual([cases.haishu.id, cases.haishuAtProvince.id].sort());
    for (const other of [cases.haishu, cases.haishuAtProvince, cases.xihu]) {
      expect((await hangzhou.get(`/api/cases/${other.id}`)).status).toBe(404);
      expect((await hangzhou.get(`/api/cases/${other.id}/files`)).status).toBe(404);
      expect((await hangzhou.post(`/api/region/cases/${other.id}/recommend`)).status).toBe(404);
    }
  });

  it('the province sees only what its cities recommended; province routes stay closed to city and county administrators', async () => {
    const list = (await zjProvince.get(`/api/province/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items.map((c: any) => c.id);
    expect(list).toEqual([cases.haishuAtProvince.id]);
    expect((await zjProvince.get(`/api/cases/${cases.xihu.id}`)).status).toBe(404);
    expect((await zjProvince.post(`/api/cases/${cases.xihu.id}/recommend`)).status).toBe(404);
    for (const c of [xihu, hangzhou]) {
      expect((await c.get(`/api/province/cases?callId=${CHAINED_EXAMPLE_ID}`)).status).toBe(403);
      expect((await c.post(`/api/cases/${cases.xihu.id}/recommend`)).status).toBe(403);
    }
    expect((await zjProvince.get(`/api/region/cases`)).status).toBe(403);
  });
});

describe('the province dashboard per city', () => {
  it('counts every city of the province by where its cases stand, without listing the cases below the province', async () => {
    const d = (await zjProvince.get(`/api/province/dashboard?callId=${CHAINED_EXAMPLE_ID}`)).body;
    const city = (code: string) => d.byCity.find((c: any) => c.cityCode === code);
    expect(d.byCity.length).toBeGreaterThanOrEqual(11); // 浙江's 11 cities, empty ones included
    expect(city('330100')).toMatchObject({ cityName: '杭州市', submitted: 3, atCounty: 2, atCity: 1, atProvince: 0 });
    expect(city('330200')).toMatchObject({ cityName: '宁波市', submitted: 2, atCounty: 0, atCity: 1, atProvince: 1 });
    expect(city('330300')).toMatchObject({ submitted: 0, atCounty: 0, atCity: 0, atProvince: 0 });
    expect(typeof city('330100').cityQuota).toBe('number');
    expect(d.total).toBe(1); // the province's own list still holds only what reached it
    // A call without levels has no city breakdown.
    expect((await zjProvince.get('/api/province/dashboard?callId=teacher-training-2026')).body.byCity).toEqual([]);
  });
});

describe('recommending up the chain', () => {
  it('county → city → province, with a counter per level, audit records and the author told where the case stands', async () => {
    const c = await chainCase(zjAuthor.id, '330106');
    const before = (await xihu.get(`/api/region/status?callId=${CHAINED_EXAMPLE_ID}`)).body;
    expect(before).toMatchObject({ level: 'county', regionCode: '330106', quota: { max: 3 }, deadline: { open: true } });
    const r = await xihu.post(`/api/region/cases/${c.id}/recommend`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'submitted', recommendationLevel: 'city', stateLabel: '县级已推荐，待市级审核', actions: ['chain_unrecommend'] });
    expect((await xihu.get(`/api/region/status?callId=${CHAINED_EXAMPLE_ID}`)).body.quota.used).toBe(before.quota.used + 1);
    // The county cannot recommend twice; the author cannot withdraw a recommended case.
    expect((await xihu.post(`/api/region/cases/${c.id}/recommend`)).body.code).toBe('NOT_AT_LEVEL');
    const author = await login(zjAuthor);
    expect((await author.post(`/api/cases/${c.id}/withdraw`)).body.code).toBe('ALREADY_RECOMMENDED');
    // The city recommends to the province; now the county cannot take it back.
    expect((await hangzhou.post(`/api/region/cases/${c.id}/recommend`)).body.recommendationLevel).toBe('province');
    expect((await xihu.post(`/api/region/cases/${c.id}/unrecommend`)).body.code).toBe('NOT_RECOMMENDED_HERE');
    // The province recommends as for any call: the case counts against the province quota.
    const p = await zjProvince.post(`/api/cases/${c.id}/recommend`);
    expect(p.status).toBe(200);
    expect(p.body.state).toBe('province_recommended');
    const audit = await srv.db.query<{ event: string; data: any }>(`select event, data from audit_log where object_id = $1 order by at`, [c.id]);
    expect(audit.map((a) => a.event)).toEqual(['case.chain_recommend', 'case.chain_recommend', 'case.recommend']);
    expect(audit[0].data).toMatchObject({ fromLevel: 'county', toLevel: 'city', regionCode: '330106' });
  });

  it('unrecommend gives the seat back; return sends the case to the author and back to the bottom of the chain', async () => {
    const c = await chainCase(zjAuthor.id, '330106');
    await xihu.post(`/api/region/cases/${c.id}/recommend`);
    const un = await xihu.post(`/api/region/cases/${c.id}/unrecommend`);
    expect(un.body.recommendationLevel).toBe('county');
    const up = await xihu.post(`/api/region/cases/${c.id}/recommend`);
    expect(up.status).toBe(200);
    expect((await hangzhou.post(`/api/region/cases/${c.id}/return`, {})).body.code).toBe('REASON_REQUIRED');
    const ret = await hangzhou.post(`/api/region/cases/${c.id}/return`, { reason: '请补充研修过程材料' });
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ state: 'returned', returnReason: '请补充研修过程材料', recommendationLevel: 'county' });
    // The author is told which level returned it.
    const [n] = await srv.db.query<{ body: string }>(`select body from notices where case_id = $1 and kind = 'case_returned'`, [c.id]);
    expect(n.body).toContain('被市级管理员退回修改');
    // Returned: the city no longer lists it, the county still does.
    expect((await hangzhou.get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await xihu.get(`/api/cases/${c.id}`)).status).toBe(200);
  });

  it('20 parallel county recommendations against a quota of 3: exactly 3 succeed', async () => {
    // 萧山区 (330109) has the default county quota of 3.
    const xiaoshan = await regionAdmin('county_admin', '330109');
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await chainCase(zjAuthor.id, '330109')).id);
    const results = await Promise.all(ids.map((id) => xiaoshan.post(`/api/region/cases/${id}/recommend`)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBe(3);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.code).toBe('QUOTA_FULL');
    const [{ n }] = await srv.db.query<{ n: number }>(`select count(*)::int as n from cases where region_code = '330109' and recommendation_level = 'city'`);
    expect(n).toBe(3);
    expect((await xiaoshan.get(`/api/region/status?callId=${CHAINED_EXAMPLE_ID}`)).body.quota).toEqual({ used: 3, max: 3 });
  });

  it('20 parallel city recommendations against a city quota of 10 (less 1 already used): exactly 9 succeed', async () => {
    // 温州市 (330300): counties 鹿城区 and 瓯海区 recommended 20 cases between them; one is already at the province.
    const wenzhou = await regionAdmin('city_admin', '330300');
    await chainCase(zjAuthor.id, '330302', 'province');
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await chainCase(zjAuthor.id, i % 2 ? '330302' : '330304', 'city')).id);
    const results = await Promise.all(ids.map((id) => wenzhou.post(`/api/region/cases/${id}/recommend`)));
    expect(results.filter((r) => r.status === 200).length).toBe(9);
    expect((await wenzhou.get(`/api/region/status?callId=${CHAINED_EXAMPLE_ID}`)).body.quota).toEqual({ used: 10, max: 10 });
  });

  it('a level\'s deadline is checked on the server, and a province extension of that phase reopens it', async () => {
    const c = await chainCase(zjAuthor.id, '330106');
    srv.clock.set(beijingDayStart('2026-08-11') + 3600_000); // county phase ended 08-10
    try {
      // Sessions idle for weeks are gone: log in afresh at the new time.
      const xihu = await regionAdmin('county_admin', '330106');
      const r = await xihu.post(`/api/region/cases/${c.id}/recommend`);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('PHASE_CLOSED');
      expect(r.body.message).toContain('县级推荐');
      const org = await login(await buildUser(srv.services, 'organiser', null));
      expect((await org.post(`/api/org/calls/${CHAINED_EXAMPLE_ID}/extensions`, { provinceCode: '330000', phaseId: 'county_recommendation', end: '2026-08-12' })).status).toBe(200);
      expect((await xihu.post(`/api/region/cases/${c.id}/recommend`)).status).toBe(200);
    } finally {
      srv.clock.set(JULY);
    }
  });
});

describe('the province reports its list', () => {
  it('closes what it did not recommend at its level; lower levels stay put and are frozen until the organiser unlocks', async () => {
    const prov = await login(await buildUser(srv.services, 'province_admin', '340000'));
    const hefei = await regionAdmin('county_admin', '340102'); // 合肥市 瑶海区
    const atProvince = await chainCase(zjAuthor.id, '340102', 'province');
    const notChosen = await chainCase(zjAuthor.id, '340102', 'province');
    const atCounty = await chainCase(zjAuthor.id, '340102', 'county');
    await srv.db.query(`update cases set province_code = '340000' where id = any($1)`, [[atProvince.id, notChosen.id, atCounty.id]]);
    expect((await prov.post(`/api/cases/${atProvince.id}/recommend`)).status).toBe(200);
    const reported = await prov.post('/api/province/report', { callId: CHAINED_EXAMPLE_ID });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    const states = await srv.db.query<{ id: string; state: string; recommendation_level: string }>('select id, state, recommendation_level from cases where id = any($1)', [[atProvince.id, notChosen.id, atCounty.id]]);
    const by = Object.fromEntries(states.map((r) => [r.id, r]));
    expect(by[atProvince.id].state).toBe('province_recommended');
    expect(by[notChosen.id].state).toBe('not_recommended');
    expect(by[atCounty.id]).toMatchObject({ state: 'submitted', recommendation_level: 'county' });
    const frozen = await hefei.post(`/api/region/cases/${atCounty.id}/recommend`);
    expect(frozen.body.code).toBe('LIST_LOCKED');
    const org = await login(await buildUser(srv.services, 'organiser', null));
    expect((await org.post('/api/org/provinces/340000/unlock', { callId: CHAINED_EXAMPLE_ID, reason: '测试解锁' })).status).toBe(200);
    expect((await hefei.post(`/api/region/cases/${atCounty.id}/recommend`)).status).toBe(200);
  });
});

describe('activation codes down the chain', () => {
  it('province → its cities, city → its counties; nobody beyond their own region', async () => {
    const r = await zjProvince.post('/api/region/activation-codes', { regionCode: '330100' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'city_admin', regionName: '杭州市' });
    expect((await zjProvince.post('/api/region/activation-codes', { regionCode: '320100' })).status).toBe(403); // 南京: another province
    expect((await zjProvince.post('/api/region/activation-codes', { regionCode: '330106' })).status).toBe(403); // a county
    const phone = uniquePhone();
    const activated = apiClient(srv.app);
    const a = await activated.post('/api/auth/activate', { code: r.body.code, phone, password: 'Chain#2026x', name: '杭州市管理员' });
    expect(a.status).toBe(200);
    expect(a.body.user.role).toBe('city_admin');
    const codes = (await zjProvince.get('/api/region/activation-codes')).body;
    expect(codes.find((x: any) => x.regionCode === '330100')).toMatchObject({ state: 'used', usedBy: '杭州市管理员' });
    // The new city administrator creates a code for a county of 杭州, not of 宁波.
    expect((await activated.post('/api/region/activation-codes', { regionCode: '330203' })).status).toBe(403);
    const county = await activated.post('/api/region/activation-codes', { regionCode: '330106' });
    expect(county.body.role).toBe('county_admin');
    const cz = apiClient(srv.app);
    expect((await cz.post('/api/auth/activate', { code: county.body.code, phone: uniquePhone(), password: 'Chain#2026x', name: '西湖区管理员' })).body.user.role).toBe('county_admin');
    const list = (await cz.get(`/api/region/cases?pageSize=200&callId=${CHAINED_EXAMPLE_ID}`)).body.items.map((c: any) => c.id);
    expect(list).toContain(cases.xihu.id);
    expect(list).not.toContain(cases.shangcheng.id);
    // County administrators issue no codes; 宁波's city administrator does not see 杭州's codes.
    expect((await cz.post('/api/region/activation-codes', { regionCode: '330106' })).status).toBe(403);
    expect((await ningbo.get('/api/region/activation-codes')).body.some((x: any) => x.regionCode === '330106')).toBe(false);
  });
});

describe('authors pick their county when the call has a chain', () => {
  it('creates with a county of the author\'s province, refuses others, and submission needs one', async () => {
    const author = await login(zjAuthor);
    expect((await author.post('/api/cases', { callId: CHAINED_EXAMPLE_ID, caseType: 'evidence-research', regionCode: '110108' })).status).toBe(400);
    const made = await author.post('/api/cases', { callId: CHAINED_EXAMPLE_ID, caseType: 'evidence-research', regionCode: '330106' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ regionCode: '330106', recommendationLevel: 'county' });
    // A draft is not shown to the county.
    expect((await xihu.get(`/api/cases/${made.body.id}`)).status).toBe(404);
    const moved = await author.put(`/api/cases/${made.body.id}`, { form: {}, regionCode: '330102' });
    expect(moved.body.regionCode).toBe('330102');
    const city = await author.put(`/api/cases/${made.body.id}`, { form: {}, regionCode: '330100' });
    expect(city.body, JSON.stringify(city.body)).toMatchObject({ fields: [{ path: 'regionCode' }] });
    const none = await author.put(`/api/cases/${made.body.id}`, { form: {}, regionCode: null });
    expect(none.body).toMatchObject({ regionCode: null, recommendationLevel: 'county' });
    // A chained draft without a county is nobody's: not the province's either.
    expect((await zjProvince.get(`/api/cases/${made.body.id}`)).status).toBe(404);
    const sub = await author.post(`/api/cases/${made.body.id}/submit`);
    expect(sub.status).toBe(400);
    expect(sub.body.fields.some((e: any) => e.path === 'regionCode')).toBe(true);
    // The region list for the picker.
    const regions = (await apiClient(srv.app).get('/api/regions?provinceCode=330000')).body;
    expect(regions.find((c: any) => c.code === '330100').counties.some((x: any) => x.name === '西湖区')).toBe(true);
  });

  it('built-in calls are unchanged: no region; the province sees submissions (drafts only as counts, issue 15)', async () => {
    const author = await login(bjAuthor);
    const made = await author.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research' });
    expect(made.body).toMatchObject({ regionCode: null, recommendationLevel: null });
    expect((await author.post('/api/cases', { callId: 'teacher-training-2026', caseType: 'evidence-research', regionCode: '110108' })).status).toBe(400);
    const bj = await login(await buildUser(srv.services, 'province_admin', '110000'));
    // A draft is the author's until submitted: the province sees it only in its counts.
    expect((await bj.get(`/api/cases/${made.body.id}`)).status).toBe(404);
    expect((await bj.get('/api/province/status?callId=teacher-training-2026')).body.drafts).toBeGreaterThanOrEqual(1);
    const county = await regionAdmin('county_admin', '110108');
    expect((await county.get(`/api/cases/${made.body.id}`)).status).toBe(404);
    expect((await county.get('/api/region/cases?pageSize=200')).body.items).toEqual([]);
    expect((await county.get('/api/region/status?callId=teacher-training-2026')).status).toBe(400);
  });
});
