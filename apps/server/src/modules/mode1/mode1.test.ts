// Mode 1 import: template, all-or-nothing row validation, invitations (SMS through the in-memory sender — the SMS
// gateway is outside our control), quota seats held by imported cases, activation by the invited author.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { XLSX_MIME } from '../../infra/xlsx.ts';

const CALL = 'teacher-training-2026';
let srv: Awaited<ReturnType<typeof startTestServer>>;
let sh: ReturnType<typeof apiClient>;

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  sh = apiClient(srv.app);
  await sh.login('13900000031');
});
afterAll(async () => srv?.close());

type Row = [string, string, string, string, string, string | number];

async function fileOf(rows: Row[], headers?: string[]): Promise<Buffer> {
  const tpl = await sh.get(`/api/province/mode1/template.xlsx?callId=${CALL}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.raw as any);
  const ws = wb.getWorksheet('推荐案例')!;
  if (headers) headers.forEach((h, i) => (ws.getCell(1, i + 1).value = h));
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(i + 2, j + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: ReturnType<typeof apiClient>, body: Buffer, callId = CALL) {
  const res = await srv.app.inject({
    method: 'POST', url: `/api/province/mode1/import?callId=${callId}&fileName=list.xlsx`, payload: body,
    headers: { cookie: client.cookie, 'content-type': XLSX_MIME },
  });
  return { status: res.statusCode, body: res.json() };
}

const casesOfShanghai = async () => Number((await srv.db.query<{ n: number }>(`select count(*)::int as n from cases where province_code = '310000' and call_id = $1`, [CALL]))[0].n);
const phone = (i: number) => `1370000${String(1000 + i).padStart(4, '0')}`;

describe('mode 1 import', () => {
  it('offers a template with Chinese headers, drop-downs for 案例类型 and 案例类别, and instructions', async () => {
    const res = await sh.get(`/api/province/mode1/template.xlsx?callId=${CALL}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    const ws = wb.getWorksheet('推荐案例')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['案例名称', '案例类型', '案例类别', '第一作者姓名', '第一作者工作单位', '第一作者手机号码']);
    expect(ws.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$A$1:$A$2'] });
    expect(ws.getCell('C5').dataValidation).toMatchObject({ type: 'list' });
    // As written in the file: one list per column over the whole input range, no two ranges overlapping (Excel
    // "repairs" overlapping validations on opening; LibreOffice showed two lists).
    const sheetXml = new TextDecoder().decode(unzipSync(new Uint8Array(res.raw))['xl/worksheets/sheet1.xml']!);
    const sqrefs = [...sheetXml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(sqrefs).toEqual(['B2:B501', 'C2:C501']);
    const opts = wb.getWorksheet('选项')!;
    expect([opts.getCell('A1').value, opts.getCell('A2').value]).toEqual(['人机协同循证教研案例', '名师线上工作室研修案例']);
    expect(String(wb.getWorksheet('填写说明')!.getCell('A1').value)).toContain('导入模板');
    expect((await sh.get(`/api/province/mode1/template.xlsx?callId=teacher-ai-2025`)).status).toBe(400);
  });

  it('only a province in mode 1 imports, and only its administrator', async () => {
    const body = await fileOf([['某案例', '人机协同循证教研案例', '学校案例', '张老师', '某中学', phone(1)]]);
    const bj = apiClient(srv.app);
    await bj.login('13900000011');
    const r = await upload(bj, body);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('NOT_MODE_1');
    const author = apiClient(srv.app);
    await author.login('13800000003');
    expect((await upload(author, body)).status).toBe(403);
    expect((await upload(apiClient(srv.app), body)).status).toBe(401);
  });

  it('rejects a whole file when any row is bad and names every bad row, column and problem', async () => {
    expect((await sh.put('/api/province/mode', { callId: CALL, mode: 1 })).status).toBe(200);
    const before = await casesOfShanghai();
    const smsBefore = srv.sender.sent.length;
    const body = await fileOf([
      ['好案例一', '人机协同循证教研案例', '学校案例', '张老师', '上海市某中学', phone(1)], // row 2 good
      ['', '人机协同循证教研案例', '学校案例', '李老师', '上海市某小学', phone(2)], // row 3: no title
      ['案例三', '不存在的类型', '学校案例', '王老师', '上海市某小学', phone(3)], // row 4: bad type
      ['案例四', '名师线上工作室研修案例', '学校案例', '赵老师', '上海市某小学', phone(4)], // row 5: category not of this type
      ['案例五', '人机协同循证教研案例', '教师案例', '钱老师', '上海市某小学', '1380000'], // row 6: mobile format
      ['案例六', '人机协同循证教研案例', '区域案例', '孙老师', '上海市某小学', phone(1)], // row 7: duplicate mobile in file
      ['好案例一', '人机协同循证教研案例', '区域案例', '周老师', '上海市某小学', phone(7)], // row 8: duplicate title in file
      ['案例八', '人机协同循证教研案例', '区域案例', '陈老师', '上海市某小学', '13800000003'], // row 9: author already has a case
      ['案例九', '人机协同循证教研案例', '区域案例', '某管理员', '北京', '13900000011'], // row 10: an administrator's phone
      ['基于课堂AI分析的初中数学循证教研实践', '人机协同循证教研案例', '学校案例', '吴老师', '上海市某小学', phone(10)], // row 11: title of an existing case
    ]);
    const r = await upload(sh, body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('IMPORT_INVALID');
    const byRow = (n: number) => r.body.errors.filter((e: any) => e.row === n);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual([{ row: 3, column: '案例名称', message: '请填写案例名称' }]);
    expect(byRow(4)[0]).toMatchObject({ column: '案例类型', message: expect.stringContaining('不是本活动的案例类型') });
    expect(byRow(5)[0]).toMatchObject({ column: '案例类别', message: expect.stringContaining('认定层级') });
    expect(byRow(6)[0]).toMatchObject({ column: '第一作者手机号码', message: expect.stringContaining('11 位') });
    expect(byRow(7)[0]).toMatchObject({ column: '第一作者手机号码', message: '与第 2 行手机号码重复（每位第一作者在一份名单中只列一次）' });
    expect(byRow(8)[0]).toMatchObject({ column: '案例名称', message: '与第 2 行案例名称重复' });
    expect(byRow(9)[0]).toMatchObject({ column: '第一作者手机号码', message: expect.stringContaining('已有案例') });
    expect(byRow(10)[0]).toMatchObject({ column: '第一作者手机号码', message: expect.stringContaining('管理员或专家') });
    expect(byRow(11)[0]).toMatchObject({ column: '案例名称', message: '本活动已有同名案例，请核对，不要重复导入' });
    expect([...new Set(r.body.errors.map((e: any) => e.row))]).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.body.message).toContain('整份名单未导入');
    // Nothing half-imported: no case, no account, no message.
    expect(await casesOfShanghai()).toBe(before);
    expect((await srv.db.query(`select 1 from users where phone = $1`, [phone(1)])).length).toBe(0);
    expect(srv.sender.sent.length).toBe(smsBefore);
    const audit = await srv.db.query<{ outcome: string }>(`select outcome from audit_log where event = 'province.mode1_import' order by id desc limit 1`);
    expect(audit[0].outcome).toBe('failure');
  });

  it('rejects a file whose headers were changed, and bytes that are not an xlsx', async () => {
    const r = await upload(sh, await fileOf([['甲', '人机协同循证教研案例', '学校案例', '张', '单位', phone(1)]], ['名称']));
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ row: 1, column: '案例名称', message: expect.stringContaining('表头') });
    const junk = await upload(sh, Buffer.from('not a spreadsheet at all'));
    expect(junk.status).toBe(400);
    expect(junk.body.message).toContain('.xlsx');
  });

  it('imports good rows in one go: invites new authors, links existing ones, and the cases hold quota seats', async () => {
    const existing = await srv.services.accounts.createUser({ phone: '13700009999', password: 'Abcdef123', name: '已有作者', role: 'author', provinceCode: '310000' });
    const r = await upload(sh, await fileOf([
      ['基于学习分析的区域教研转型', '人机协同循证教研案例', '区域案例', '张老师', '上海市教育科学研究院', phone(1)],
      ['名师工作室线上研修实践', '名师线上工作室研修案例', '市级', '已有作者', '上海市某小学', 13700009999],
    ]));
    expect(r.status).toBe(200);
    expect(r.body.created.map((c: any) => [c.row, c.title, c.invited, c.authorPhone])).toEqual([
      [2, '基于学习分析的区域教研转型', true, '137****1001'],
      [3, '名师工作室线上研修实践', false, '137****9999'],
    ]);
    const st = await sh.get(`/api/province/status?callId=${CALL}`);
    expect(st.body.quota[0]).toMatchObject({ used: 2, max: 100 });
    const linked = await srv.db.query<{ author_id: string; state: string; form: any }>('select author_id, state, form from cases where id = $1', [r.body.created[1].caseId]);
    expect(linked[0]).toMatchObject({ author_id: existing.id, state: 'draft' });
    expect(linked[0].form).toMatchObject({ studioName: '名师工作室线上研修实践', level: '市级', authors: [{ name: '已有作者', unit: '上海市某小学', mobile: '13700009999' }] });
    // The invitations wait in the outbox (queued with the import) and go out through the delivery job.
    await srv.services.messaging.deliverDue();
    await vi.waitFor(() => expect(srv.sender.sent.filter((m) => m.template.startsWith('mode1_'))).toHaveLength(2));
    const sms = srv.sender.sent.filter((m) => m.template.startsWith('mode1_'));
    expect(sms.map((m) => [m.to, m.template]).sort()).toEqual([[phone(1), 'mode1_invitation'], ['13700009999', 'mode1_case_linked']]);
    const invitation = sms.find((m) => m.template === 'mode1_invitation')!;
    const code = /激活码(\d{8})/.exec(invitation.text)![1];
    expect(invitation.params).toMatchObject({ province: '上海市', code });
    const audit = await srv.db.query<{ event: string }>(`select event from audit_log where event in ('case.import', 'account.invite_author') and province_code = '310000'`);
    expect(audit.map((a) => a.event).sort()).toEqual(['account.invite_author', 'case.import', 'case.import']);
    const history = await sh.get(`/api/province/mode1/imports?callId=${CALL}`);
    expect(history.body[0]).toMatchObject({ rows: 2, fileName: 'list.xlsx' });

    // The invited author sets a password with the code, signs in and finds the case prefilled, as a draft to fill in.
    const zhang = apiClient(srv.app);
    expect((await zhang.post('/api/auth/activate-invitation', { phone: phone(1), code: '00000000', password: 'Zhang2026x' })).body.code).toBe('BAD_INVITATION_CODE');
    const act = await zhang.post('/api/auth/activate-invitation', { phone: phone(1), code, password: 'Zhang2026x' });
    expect(act.status).toBe(200);
    expect(act.body.user).toMatchObject({ role: 'author', provinceCode: '310000', phone: '137****1001' });
    const mine = (await zhang.get('/api/my/cases')).body;
    expect(mine.map((c: any) => [c.title, c.state, c.editable])).toEqual([['基于学习分析的区域教研转型', 'draft', true]]);
    expect((await apiClient(srv.app).post('/api/auth/activate-invitation', { phone: phone(1), code, password: 'Other2026x' })).status).toBe(400);
    await apiClient(srv.app).login(phone(1), 'Zhang2026x');
    // The same list again is refused as a duplicate.
    const again = await upload(sh, await fileOf([['基于学习分析的区域教研转型', '人机协同循证教研案例', '区域案例', '张老师', '上海市教育科学研究院', phone(1)]]));
    expect(again.body.errors.map((e: any) => e.column)).toEqual(['案例名称', '第一作者手机号码']);
  });

  it('names every row beyond the quota and imports none; recommending an imported case takes no second seat', async () => {
    // 2 of 100 used: 99 rows do not fit, the last one is named.
    const rows = (n: number, from: number): Row[] =>
      Array.from({ length: n }, (_, i) => [`导入案例${from + i}`, '人机协同循证教研案例', '教师案例', `老师${from + i}`, '上海市某学校', phone(100 + from + i)]);
    const before = await casesOfShanghai();
    const over = await upload(sh, await fileOf(rows(99, 0)));
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([{ row: 100, column: '', message: '超出本省两类案例合计推荐名额（已用 2/100），该行无法导入，请删减名单' }]);
    expect(await casesOfShanghai()).toBe(before);
    const full = await upload(sh, await fileOf(rows(98, 0)));
    expect(full.status).toBe(200);
    expect((await sh.get(`/api/province/status?callId=${CALL}`)).body.quota[0]).toMatchObject({ used: 100, max: 100 });
    // An imported case the author has submitted can be recommended in a full quota; another submitted case cannot.
    const imported = full.body.created[0].caseId;
    await srv.db.query(`update cases set state = 'submitted' where id = $1`, [imported]);
    const chenDraft = (await srv.db.query<{ id: string }>(`select c.id from cases c join users u on u.id = c.author_id where u.phone = '13800000003' and c.call_id = $1`, [CALL]))[0].id;
    await srv.db.query(`update cases set state = 'submitted' where id = $1`, [chenDraft]);
    expect((await sh.post(`/api/cases/${imported}/recommend`)).status).toBe(200);
    expect((await sh.get(`/api/province/status?callId=${CALL}`)).body.quota[0]).toMatchObject({ used: 100 });
    expect((await sh.post(`/api/cases/${chenDraft}/recommend`)).body.code).toBe('QUOTA_FULL');
  });
});
