// Publication, certificates and the public library against the test database: publishing moves selected cases to
// published through transitionCase (audited) and issues certificates naming every author; verification confirms a
// genuine number and denies forged numbers, bad tokens and revoked certificates; a province's ZIP holds only its own
// certificates; the library serves only flagged cases (with range requests); nothing public carries a phone number.
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { MOBILE_IN_TEXT } from '../../testing/phones.ts';
import { buildCase, buildUser, storeSubmittedFile, validAiForm } from '../../testing/factories.ts';
import { certificateNumber, parseCertificateNumber } from '../certificates/certificate.number.ts';

const CALL = 'teacher-ai-2025';
const PHONE = MOBILE_IN_TEXT;
let srv: Awaited<ReturnType<typeof startTestServer>>;
let org: ReturnType<typeof apiClient>;
let anon: ReturnType<typeof apiClient>;
const ids = { bj: '', bj2: '', sh: '', rejected: '', authorBj: '', authorSh: '' };
const users: Record<string, { id: string; phone: string; password: string }> = {};
const video = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((it) => ('str' in it ? it.str : '')).join('');
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

const as = async (u: { phone: string; password: string }) => {
  const c = apiClient(srv.app);
  await c.login(u.phone, u.password);
  return c;
};

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  users.org = await buildUser(srv.services, 'organiser', null);
  users.bj = await buildUser(srv.services, 'author', '110000');
  users.sh = await buildUser(srv.services, 'author', '310000');
  users.adminBj = await buildUser(srv.services, 'province_admin', '110000');
  users.adminSh = await buildUser(srv.services, 'province_admin', '310000');
  org = await as(users.org);
  anon = apiClient(srv.app);
  // Publication belongs to the national phase (outside it an override is needed: season.api.test.ts).
  await srv.services.calls.setPhase({ id: null, role: 'organiser', name: 'test' }, CALL, 'national_recommendation', { forced: 'open' });
  const form = (title: string, authors: Array<[string, string, string]>, extra: Record<string, unknown> = {}) => ({
    ...validAiForm(),
    title,
    authors: authors.map(([name, unit, mobile]) => ({ name, unit, position: '教师', mobile })),
    ...extra,
  });
  ids.bj = await buildCase(srv.db, {
    callId: CALL, caseType: 'ai-application', authorId: users.bj.id, provinceCode: '110000', state: 'selected',
    form: form('基于国产大模型的初中物理实验探究', [['张明', '北京市第一中学', '13812345678'], ['李晓红', '北京市第一中学', '13912345670']]),
  });
  ids.bj2 = await buildCase(srv.db, {
    callId: CALL, caseType: 'ai-application', authorId: (await buildUser(srv.services, 'author', '110000')).id, provinceCode: '110000', state: 'selected',
    form: form('小学语文智能朗读评价', [['赵一', '北京市实验小学', '13700000011']], { stage: '小学', subject: '语文', scenario: { main: '助学', typical: '个性化学习', micro: '朗读评价' } }),
  });
  ids.sh = await buildCase(srv.db, {
    callId: CALL, caseType: 'ai-application', authorId: users.sh.id, provinceCode: '310000', state: 'selected',
    form: form('高中英语分层作业', [['陈晨', '上海市实验学校', '13698765432']], { stage: '高中', subject: '英语' }),
  });
  ids.rejected = await buildCase(srv.db, {
    callId: CALL, caseType: 'ai-application', authorId: users.sh.id, provinceCode: '310000', state: 'not_selected',
    form: form('未入选案例', [['陈晨', '上海市实验学校', '13698765432']]),
  });
  for (const [id, owner] of [[ids.bj, users.bj], [ids.sh, users.sh]] as const) {
    await storeSubmittedFile(srv.services, srv.db, owner.id, id, 'video', '案例视频.mp4', video);
    await storeSubmittedFile(srv.services, srv.db, owner.id, id, 'courseware', '课件.pptx', Buffer.from('PK-courseware'));
  }
}, 120_000);
afterAll(async () => srv?.close());

describe('publication', () => {
  it('is the organiser\'s alone', async () => {
    const author = await as(users.bj);
    expect((await author.post('/api/org/results/publish', { callId: CALL })).status).toBe(403);
    expect((await anon.post('/api/org/results/publish', { callId: CALL })).status).toBe(401);
  });

  it('moves every selected case to published through transitionCase, audited, and issues certificates', async () => {
    const r = await org.post('/api/org/results/publish', { callId: CALL, awards: { [ids.sh]: '优秀案例' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ published: 3, certificatesIssued: 3 });
    const states = await srv.db.query<{ id: string; state: string }>('select id, state from cases where id = any($1::uuid[])', [[ids.bj, ids.sh, ids.rejected]]);
    expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toEqual({ [ids.bj]: 'published', [ids.sh]: 'published', [ids.rejected]: 'not_selected' });
    const audit = await srv.db.query<{ object_id: string; from_state: string; to_state: string; actor_id: string }>(
      `select object_id, from_state, to_state, actor_id from audit_log where event = 'case.publish' order by id`,
    );
    expect(audit.map((a) => a.object_id).sort()).toEqual([ids.bj, ids.bj2, ids.sh].sort());
    expect(audit.every((a) => a.from_state === 'selected' && a.to_state === 'published' && a.actor_id === users.org.id)).toBe(true);
    expect((await srv.db.query(`select 1 from audit_log where event = 'results.publish' and object_id = $1`, [CALL])).length).toBe(1);
    // Nothing left to publish; authors were told.
    expect((await org.post('/api/org/results/publish', { callId: CALL })).status).toBe(409);
    await srv.services.notices.deliverDue(); // the SMS goes through the notices outbox
    // The in-process worker may hold the message's lease, so its send can finish just after ours returns.
    await vi.waitFor(() => expect(srv.sender.sent.some((m) => m.template === 'case_published')).toBe(true));
    // The author sees the outcome on 我的案例.
    const mine = (await (await as(users.bj)).get('/api/my/cases')).body;
    expect(mine.find((c: any) => c.id === ids.bj).stateLabel).toBe('已公布');
  });

  it('lists the published cases publicly, one page with the total, with an Excel export, and no phone numbers', async () => {
    const r = await anon.get(`/api/results?callId=${CALL}`);
    expect(r.status).toBe(200);
    expect(r.body.callId).toBe(CALL);
    expect(r.body).toMatchObject({ total: 3, page: 1 });
    const cases = r.body.items;
    expect(cases.map((c: any) => c.id).sort()).toEqual([ids.bj, ids.bj2, ids.sh].sort());
    const bj = cases.find((c: any) => c.id === ids.bj);
    expect(bj).toMatchObject({ authors: ['张明', '李晓红'], unit: '北京市第一中学', provinceName: '北京市', award: '典型案例', caseTypeName: '教师人工智能应用案例' });
    expect(cases.find((c: any) => c.id === ids.sh).award).toBe('优秀案例');
    expect(JSON.stringify(r.body)).not.toMatch(PHONE);

    const x = await anon.get(`/api/results.xlsx?callId=${CALL}`);
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as any);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '案例类型', '案例名称', '作者', '工作单位', '省份', '获奖等级']);
    expect(ws.rowCount).toBe(4);
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('张明、李晓红');
    expect(cells.join('|')).not.toMatch(PHONE);
  });
});

describe('certificates', () => {
  let number = '';

  it('gives the author the certificate on 我的证书, naming every author', async () => {
    const author = await as(users.bj);
    const mine = (await author.get('/api/my/certificates')).body;
    expect(mine).toHaveLength(1);
    number = mine[0].number;
    expect(parseCertificateNumber(number)?.number).toBe(number);
    expect(mine[0]).toMatchObject({ caseId: ids.bj, authors: ['张明', '李晓红'], award: '典型案例', revoked: false });
    const pdf = await author.get(`/api/certificates/${number}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(pdf.raw));
    for (const t of ['荣誉证书', '张明', '李晓红', '基于国产大模型的初中物理实验探究', '北京市第一中学', `证书编号：${number}`]) expect(text).toContain(t);
    // Another author, an expert-less outsider and another province's administrator get nothing.
    expect((await (await as(users.sh)).get(`/api/certificates/${number}/pdf`)).status).toBe(404);
    expect((await (await as(users.adminSh)).get(`/api/certificates/${number}/pdf`)).status).toBe(404);
    expect((await (await as(users.adminBj)).get(`/api/certificates/${number}/pdf`)).status).toBe(200);
    expect((await anon.get(`/api/certificates/${number}/pdf`)).status).toBe(401);
  });

  it('verifies a genuine number with its token, and denies forged numbers and bad tokens', async () => {
    const url = new URL(await srv.services.certificates.verifyUrl(number));
    expect(url.pathname).toBe(`/verify/${number}`);
    const token = url.searchParams.get('t')!;
    const ok = await anon.get(`/api/certificates/verify/${number}?t=${token}`);
    expect(ok.body).toMatchObject({ status: 'valid', valid: true, tokenChecked: true });
    expect(ok.body.certificate).toMatchObject({ number, caseTitle: '基于国产大模型的初中物理实验探究', authors: ['张明', '李晓红'], unit: '北京市第一中学', award: '典型案例' });
    expect(ok.body.certificate.issuedOn).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(JSON.stringify(ok.body)).not.toMatch(PHONE);
    // Typed by hand (no token), in lower case: still found.
    expect((await anon.get(`/api/certificates/verify/${number.toLowerCase()}`)).body).toMatchObject({ status: 'valid', tokenChecked: false });
    // A well-formed number never issued, a broken check character, and a token that does not match.
    const unknown = certificateNumber(CALL, 999_999);
    expect((await anon.get(`/api/certificates/verify/${unknown}`)).body).toMatchObject({ status: 'not_found', valid: false });
    const broken = number.slice(0, -1) + (number.endsWith('0') ? '1' : '0');
    expect((await anon.get(`/api/certificates/verify/${broken}`)).body).toMatchObject({ status: 'invalid', valid: false });
    const bad = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const forged = await anon.get(`/api/certificates/verify/${number}?t=${bad}`);
    expect(forged.body).toMatchObject({ status: 'forged', valid: false });
    expect(forged.body.certificate).toBeUndefined();
  });

  it('shows a revoked certificate as revoked, refuses its download, and issues a new number on request', async () => {
    const author = await as(users.bj);
    expect((await author.post(`/api/org/certificates/${number}/revoke`, { reason: '作者信息有误' })).status).toBe(403);
    expect((await org.post(`/api/org/certificates/${number}/revoke`, {})).status).toBe(400);
    const r = await org.post(`/api/org/certificates/${number}/revoke`, { reason: '作者信息有误' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number, revoked: true, revokeReason: '作者信息有误' });
    const [a] = await srv.db.query<{ reason: string; actor_id: string }>(`select reason, actor_id from audit_log where event = 'certificate.revoke' and object_id = $1`, [ids.bj]);
    expect(a).toMatchObject({ reason: '作者信息有误', actor_id: users.org.id });
    const v = await anon.get(`/api/certificates/verify/${number}`);
    expect(v.body).toMatchObject({ status: 'revoked', valid: false, revokeReason: '作者信息有误' });
    expect((await author.get(`/api/certificates/${number}/pdf`)).status).toBe(409);
    expect((await org.post(`/api/org/certificates/${number}/revoke`, { reason: '再次撤销' })).status).toBe(409);

    expect((await org.post('/api/org/certificates/issue', { callId: CALL })).body).toEqual({ issued: 1 });
    expect((await org.post('/api/org/certificates/issue', { callId: CALL })).body).toEqual({ issued: 0 });
    const mine = (await author.get('/api/my/certificates')).body;
    expect(mine).toHaveLength(2);
    const fresh = mine.find((c: any) => !c.revoked);
    expect(fresh.number).not.toBe(number);
    expect((await anon.get(`/api/certificates/verify/${fresh.number}`)).body.status).toBe('valid');
    const all = (await org.get(`/api/org/certificates?callId=${CALL}`)).body;
    expect(new Set(all.map((c: any) => c.number)).size).toBe(4);
  });

  it('issues once per case under concurrent requests, with unique numbers', async () => {
    const valid = await srv.db.query<{ number: string }>('select number from certificates where revoked_at is null');
    for (const c of valid) await org.post(`/api/org/certificates/${c.number}/revoke`, { reason: '并发测试' });
    const issued = await Promise.all(Array.from({ length: 5 }, () => org.post('/api/org/certificates/issue', { callId: CALL })));
    expect(issued.every((r) => r.status === 200)).toBe(true);
    expect(issued.reduce((n, r) => n + r.body.issued, 0)).toBe(valid.length);
    const all = await srv.db.query<{ number: string; seq: number; case_id: string; revoked_at: Date | null }>('select number, seq, case_id, revoked_at from certificates');
    expect(new Set(all.map((c) => c.seq)).size).toBe(all.length);
    const perCase = new Map<string, number>();
    for (const c of all.filter((x) => !x.revoked_at)) perCase.set(c.case_id, (perCase.get(c.case_id) ?? 0) + 1);
    expect([...perCase.values()]).toEqual([1, 1, 1]);
  });

  it('zips only the own province\'s valid certificates for its administrator', async () => {
    const bj = await as(users.adminBj);
    const r = await bj.get(`/api/province/certificates.zip?callId=${CALL}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(decodeURIComponent(String(r.headers['content-disposition']).split("UTF-8''")[1])).toBe('北京市-2025 年教师人工智能应用案例征集活动-证书.zip');
    const files = unzipSync(new Uint8Array(r.raw));
    const names = Object.keys(files);
    const valid = (await srv.db.query<{ number: string; province_code: string }>('select number, province_code from certificates where revoked_at is null')).filter((c) => c.province_code === '110000');
    expect(names).toHaveLength(valid.length);
    expect(names.length).toBe(2);
    for (const c of valid) expect(names.some((n) => n.startsWith(c.number))).toBe(true);
    for (const n of names) expect(new TextDecoder().decode(files[n]!.subarray(0, 5))).toBe('%PDF-');
    const shNumbers = (await srv.db.query<{ number: string }>(`select number from certificates where province_code = '310000'`)).map((c) => c.number);
    expect(names.some((n) => shNumbers.some((s) => n.includes(s)))).toBe(false);
    // Text of one PDF in the ZIP names its authors.
    const one = names.find((n) => n.includes('基于国产大模型'))!;
    expect(await pdfText(files[one]!)).toContain('张明');
    // Another role, and the province in the query, change nothing.
    expect((await org.get(`/api/province/certificates.zip?callId=${CALL}`)).status).toBe(403);
    const sh = await as(users.adminSh);
    const shZip = unzipSync(new Uint8Array((await sh.get(`/api/province/certificates.zip?callId=${CALL}&provinceCode=110000`)).raw));
    expect(Object.keys(shZip)).toHaveLength(1);
    expect(Object.keys(shZip)[0]).toContain('高中英语分层作业');
  });
});

describe('public library', () => {
  it('serves nothing of a case before it is flagged', async () => {
    expect((await anon.get(`/api/library/${ids.bj}`)).status).toBe(404);
    expect((await anon.get(`/api/library/${ids.bj}/video`)).status).toBe(404);
    expect((await anon.get('/api/library')).body.items).toEqual([]);
  });

  it('takes only published cases, on the organiser\'s word, audited', async () => {
    expect((await (await as(users.bj)).put(`/api/org/library/${ids.bj}`, { inLibrary: true })).status).toBe(403);
    expect((await org.put(`/api/org/library/${ids.rejected}`, { inLibrary: true })).status).toBe(409);
    for (const id of [ids.bj, ids.bj2]) expect((await org.put(`/api/org/library/${id}`, { inLibrary: true })).body).toEqual({ id, inLibrary: true });
    expect((await srv.db.query(`select 1 from audit_log where event = 'library.add'`)).length).toBe(2);
  });

  it('lists, searches and filters flagged cases by scenario, 学段, 学科 and category, without phone numbers', async () => {
    const all = (await anon.get('/api/library')).body;
    expect(all.items.map((c: any) => c.id).sort()).toEqual([ids.bj, ids.bj2].sort());
    expect(all.facets.stage.map((f: any) => f.value).sort()).toEqual(['初中', '小学']);
    expect(all.facets.sceneMain.map((f: any) => f.value).sort()).toEqual(['助学', '助教']);
    const q = (s: string) => anon.get(`/api/library?${s}`).then((r) => r.body.items.map((c: any) => c.id));
    expect(await q(`stage=${encodeURIComponent('小学')}`)).toEqual([ids.bj2]);
    expect(await q(`sceneMain=${encodeURIComponent('助教')}`)).toEqual([ids.bj]);
    expect(await q(`sceneTypical=${encodeURIComponent('个性化学习')}`)).toEqual([ids.bj2]);
    expect(await q(`subject=${encodeURIComponent('语文')}`)).toEqual([ids.bj2]);
    expect(await q(`q=${encodeURIComponent('物理')}`)).toEqual([ids.bj]);
    expect(await q(`q=${encodeURIComponent('张明')}`)).toEqual([ids.bj]);
    expect(await q(`q=13812345678`)).toEqual([]);
    expect(await q(`category=${encodeURIComponent('学校案例')}`)).toEqual([]);
    const one = await anon.get(`/api/library/${ids.bj}`);
    expect(one.body).toMatchObject({ title: '基于国产大模型的初中物理实验探究', authors: ['张明', '李晓红'], stage: '初中', sceneMain: '助教', video: { filename: '案例视频.mp4', size: video.length } });
    expect(one.body.summary.length).toBeGreaterThan(0);
    for (const body of [all, one.body, (await anon.get(`/api/results`)).body]) expect(JSON.stringify(body)).not.toMatch(PHONE);
  });

  it('streams the video of a flagged case with range requests and offers the courseware; 404 for the others', async () => {
    const full = await anon.get(`/api/library/${ids.bj}/video`);
    expect(full.status).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(full.raw, video)).toBe(0);
    const res = await srv.app.inject({ method: 'GET', url: `/api/library/${ids.bj}/video`, headers: { range: 'bytes=100-199' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-199/${video.length}`);
    expect(Buffer.compare(res.rawPayload, video.subarray(100, 200))).toBe(0);
    const tail = await srv.app.inject({ method: 'GET', url: `/api/library/${ids.bj}/video`, headers: { range: 'bytes=-10' } });
    expect(Buffer.compare(tail.rawPayload, video.subarray(video.length - 10))).toBe(0);
    expect((await srv.app.inject({ method: 'GET', url: `/api/library/${ids.bj}/video`, headers: { range: 'bytes=99999-' } })).statusCode).toBe(416);
    const cw = await anon.get(`/api/library/${ids.bj}/courseware`);
    expect(cw.status).toBe(200);
    expect(String(cw.headers['content-disposition'])).toContain('attachment');
    // Published but not flagged, not selected, no video, junk id.
    expect((await anon.get(`/api/library/${ids.sh}/video`)).status).toBe(404);
    expect((await anon.get(`/api/library/${ids.rejected}/courseware`)).status).toBe(404);
    expect((await anon.get(`/api/library/${ids.bj2}/video`)).status).toBe(404);
    expect((await anon.get('/api/library/not-a-uuid/video')).status).toBe(404);
    // Taking it out closes it again.
    await org.put(`/api/org/library/${ids.bj}`, { inLibrary: false });
    expect((await anon.get(`/api/library/${ids.bj}/video`)).status).toBe(404);
    await org.put(`/api/org/library/${ids.bj}`, { inLibrary: true });
  });

  it('no longer shows a published case that is disqualified, and its certificate reads as revoked', async () => {
    const orgUser = (await srv.db.query<any>('select * from users where id = $1', [users.org.id]))[0];
    await srv.services.cases.transitionCase({ id: orgUser.id, phone: orgUser.phone, name: orgUser.name, role: 'organiser', provinceCode: null, sessionId: 't' }, ids.bj2, 'disqualify', '抄袭');
    expect((await anon.get('/api/library')).body.items.map((c: any) => c.id)).toEqual([ids.bj]);
    expect((await anon.get(`/api/results?callId=${CALL}`)).body.items.map((c: any) => c.id)).not.toContain(ids.bj2);
    const [c] = await srv.db.query<{ number: string }>('select number from certificates where case_id = $1 and revoked_at is null', [ids.bj2]);
    expect((await anon.get(`/api/certificates/verify/${c!.number}`)).body).toMatchObject({ status: 'revoked', revokeReason: '案例已被取消资格' });
  });
});
