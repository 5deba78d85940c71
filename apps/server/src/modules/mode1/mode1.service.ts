// Mode 1 (seed 000 四(二)): a province collects and selects on its own platform, then imports its recommended list
// here from an Excel template. The import is all-or-nothing; each listed author is invited (a one-time activation
// code by SMS) or, with an existing author account in the province, linked; each row becomes a case.
//
// Lifecycle choice: an imported case is a `draft` with `preselected_at` set. It counts against the province's quota
// from the import on (countRecommended counts preselected drafts, submitted and returned cases), because the province
// has already recommended it on its own platform. Its content is not filled in yet, so it cannot be in
// `province_recommended` (which would send an empty case to national review). The author fills it in and submits it
// through the normal checks (form validation, file checks, submission phase); the province then recommends it (or
// returns it for revision) as any other case, and recommending it does not take a second seat.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { unzipSync } from 'fflate';
import { hash } from '@node-rs/argon2';
import ExcelJS from 'exceljs';
import type { CallDef, CaseTypeDef, FieldDef } from '@anli/domain/calls/schema.ts';
import { groupMax, quotaGroupOf } from '@anli/domain/quota.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { maskPhone } from '@anli/domain/mask.ts';
import type { FormData } from '@anli/domain/form.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { MessagingService, QueuedMessage } from '../messaging/messaging.service.ts';
import { smsParams } from '../messaging/templates.ts';
import { addSheet, cellText, newWorkbook } from '../../infra/xlsx.ts';
import type { DataValidation } from 'exceljs';
import { badRequest, conflict, invalid } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { countRecommended } from '../cases/case.repository.ts';
import { checkPassword, presentUser } from '../accounts/accounts.service.ts';
import { createSession } from '../accounts/sessions.ts';
import {
  findInvitationForUpdate, findLiveCasesByAuthorPhones, findLiveCasesByTitles, findUserIdByPhone, findUsersByPhones, insertAuthorInvitation,
  insertImport, insertImportedCase, insertInvitedAuthor, listImports, markInvitationUsed, setUserPassword,
} from './mode1.repository.ts';
import { lockProvinceStatus } from '../province/province.repository.ts';

/** Upload limit of an import file (a list of ≤ 500 rows is a few dozen KB). */
export const MAX_IMPORT_BYTES = 1024 * 1024;
/** Limits on what the xlsx (a zip) may expand to, checked before exceljs reads it (zip bombs). */
const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 200;
export const MAX_IMPORT_ROWS = 500;
const INVITATION_TTL_MS = 30 * 24 * 3600_000;
const MOBILE = /^1[3-9]\d{9}$/;
const SHEET = '推荐案例';

export const IMPORT_COLUMNS = ['案例名称', '案例类型', '案例类别', '第一作者姓名', '第一作者工作单位', '第一作者手机号码'] as const;
type ColumnName = (typeof IMPORT_COLUMNS)[number];

export interface RowError {
  row: number;
  column: ColumnName | '';
  message: string;
}

interface ParsedRow {
  row: number;
  title: string;
  typeText: string;
  category: string;
  name: string;
  unit: string;
  mobile: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** The select field that classifies a case of a type (2026 循证教研: 案例类别; 工作室: 认定层级; 2025: 学段). */
export function categoryField(type: CaseTypeDef): Extract<FieldDef, { kind: 'select' }> | undefined {
  const selects = type.fields.filter((f): f is Extract<FieldDef, { kind: 'select' }> => f.kind === 'select');
  return selects.find((f) => f.key === type.quotaGroupField) ?? selects.find((f) => f.required && !f.allowOther) ?? selects[0];
}

function textLimit(type: CaseTypeDef, key: string): number | undefined {
  const f = type.fields.find((x) => x.key === key);
  return f && 'maxChars' in f ? (f as any).maxChars : undefined;
}

function authorLimit(type: CaseTypeDef, key: string): number | undefined {
  const g = type.fields.find((x) => x.key === type.authorsField) as any;
  return g?.fields?.find((x: any) => x.key === key)?.maxChars;
}

/** The template: the list sheet with drop-downs for 案例类型 and 案例类别, and a 填写说明 sheet. */
export async function mode1Template(call: CallDef): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = addSheet(wb, {
    name: SHEET,
    columns: IMPORT_COLUMNS.map((h) => ({ header: h, width: h === '案例名称' || h === '第一作者工作单位' ? 36 : 18, value: () => '' })),
    rows: [],
  });
  const typeNames = call.caseTypes.map((t) => t.name);
  const categories = [...new Set(call.caseTypes.flatMap((t) => categoryField(t)?.options.map((o) => o.value) ?? []))];
  // Lists for the drop-downs live on a sheet of their own (an inline list is limited to 255 characters).
  const lists = wb.addWorksheet('选项');
  typeNames.forEach((n, i) => (lists.getCell(i + 1, 1).value = n));
  categories.forEach((n, i) => (lists.getCell(i + 1, 2).value = n));
  lists.state = 'hidden';
  // One validation per column range: set cell by cell, exceljs merged them into overlapping ranges (B2:B501 and
  // B10:B501), which Excel repairs on opening and LibreOffice shows as two lists.
  const last = MAX_IMPORT_ROWS + 1;
  // exceljs has this at run time but leaves it out of its types.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations;
  validations.add(`B2:B${last}`, {
    type: 'list', allowBlank: true, formulae: [`选项!$A$1:$A$${typeNames.length}`],
    showErrorMessage: true, errorTitle: '案例类型', error: '请从下拉列表中选择案例类型',
  });
  validations.add(`C2:C${last}`, {
    type: 'list', allowBlank: true, formulae: [`选项!$B$1:$B$${categories.length}`],
    showErrorMessage: true, errorTitle: '案例类别', error: '请从下拉列表中选择案例类别',
  });
  for (let r = 2; r <= last; r++) ws.getCell(r, 6).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 110 }];
  const lines = [
    `${call.title} · 省级推荐案例导入模板（方式一：省级平台自行征集后推荐）`,
    '',
    `1. 在“${SHEET}”工作表中每行填写一个本省已推荐的案例，第 1 行表头请勿修改；最多 ${MAX_IMPORT_ROWS} 行。`,
    '2. 六列均为必填：案例名称、案例类型、案例类别、第一作者姓名、第一作者工作单位、第一作者手机号码（11 位）。',
    `3. 案例类型请从下拉列表选择：${typeNames.join('、')}。`,
    ...call.caseTypes.map((t) => {
      const f = categoryField(t);
      return `   · ${t.name}的“案例类别”填写${f?.label ?? '类别'}：${f?.options.map((o) => o.value).join('、') ?? ''}`;
    }),
    '4. 同一文件中手机号码、案例名称不得重复，也不得与平台上本活动已有的案例重复。',
    '5. 导入的案例计入本省推荐名额；超出名额时整份文件不导入。',
    '6. 任何一行有误时整份文件都不会导入，请按页面列出的行号、列和问题修改后重新上传。',
    '7. 导入成功后，平台以短信向新作者发送激活码，作者设置密码后登录填写案例内容、上传材料并提交；已有作者账号的直接关联。',
    '8. 作者提交后，案例经过与方式二相同的自动检测，省级管理员审核后在平台完成推荐上报。',
  ];
  lines.forEach((l, i) => (help.getCell(i + 1, 1).value = l));
  help.getRow(1).font = { bold: true, size: 13 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Checks the zip's directory before exceljs inflates anything: entry count and declared sizes. */
function assertSafeZip(buf: Buffer) {
  let entries = 0;
  let total = 0;
  try {
    unzipSync(buf, {
      filter(f) {
        entries++;
        total += f.originalSize;
        return false; // nothing is inflated here
      },
    });
  } catch {
    throw badRequest('文件不是有效的 Excel（.xlsx）文件，请下载模板填写后上传');
  }
  if (entries === 0 || entries > MAX_ZIP_ENTRIES || total > MAX_UNZIPPED_BYTES) throw badRequest('Excel 文件内容过大或结构异常，请使用平台模板填写后上传');
}

/** Reads the list sheet into rows (1-based Excel row numbers); header problems are errors of row 1. */
export async function parseImport(buf: Buffer): Promise<{ rows: ParsedRow[]; errors: RowError[] }> {
  if (!buf?.length) throw badRequest('请选择要上传的 Excel 文件');
  if (buf.length > MAX_IMPORT_BYTES) throw badRequest('文件超过 1 MB，请只保留模板中的推荐案例后重新上传');
  assertSafeZip(buf);
  // exceljs parses the declared XML only (no external entities); inflated size is bounded above.
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch {
    throw badRequest('无法读取该 Excel 文件，请用平台模板填写并另存为 .xlsx 后上传');
  }
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets.find((w) => w.state !== 'hidden');
  if (!ws) throw badRequest(`文件中没有“${SHEET}”工作表，请使用平台模板`);
  const header = IMPORT_COLUMNS.map((_, i) => cellText(ws.getCell(1, i + 1)).trim());
  const errors: RowError[] = [];
  IMPORT_COLUMNS.forEach((h, i) => {
    if (header[i] !== h) errors.push({ row: 1, column: h, message: `第 ${i + 1} 列表头应为“${h}”，请使用平台模板，不要修改表头` });
  });
  if (errors.length) return { rows: [], errors };
  const rows: ParsedRow[] = [];
  const last = ws.actualRowCount ? ws.lastRow?.number ?? 1 : 1;
  for (let r = 2; r <= last; r++) {
    const v = IMPORT_COLUMNS.map((_, i) => cellText(ws.getCell(r, i + 1)).replace(/\s+/g, ' ').trim());
    if (v.every((x) => !x)) continue;
    rows.push({ row: r, title: v[0], typeText: v[1], category: v[2], name: v[3], unit: v[4], mobile: v[5].replace(/[\s-]/g, '') });
  }
  if (rows.length === 0) throw badRequest('文件中没有填写任何案例，请在模板第 2 行起填写后上传');
  if (rows.length > MAX_IMPORT_ROWS) throw badRequest(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入`);
  return { rows, errors };
}

export interface Mode1Deps {
  db: Db;
  clock: Clock;
  /** The outbox: invitations are queued in the import's transaction and sent by the delivery job. */
  messaging: MessagingService;
  calls: CallsService;
  sessionMaxMs: number;
  /** The platform's public address (PUBLIC_URL): the invitation SMS carries the activation page's full address. */
  publicUrl?: string;
}

interface ValidRow extends ParsedRow {
  type: CaseTypeDef;
  group: string;
}

export function mode1Service(deps: Mode1Deps) {
  const { db, clock, calls } = deps;
  const actorOf = (u: SessionUser) => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });

  /** Everything that can be said of a row from the file alone. */
  function checkRows(call: CallDef, rows: ParsedRow[]): { valid: ValidRow[]; errors: RowError[] } {
    const errors: RowError[] = [];
    const valid: ValidRow[] = [];
    const seenMobile = new Map<string, number>();
    const seenTitle = new Map<string, number>();
    for (const r of rows) {
      const before = errors.length;
      const err = (column: ColumnName, message: string) => errors.push({ row: r.row, column, message });
      const type = call.caseTypes.find((t) => t.name === r.typeText || t.id === r.typeText);
      if (!r.title) err('案例名称', '请填写案例名称');
      else {
        const max = type ? textLimit(type, type.titleField) : 60;
        if (max && [...r.title].length > max) err('案例名称', `案例名称不超过 ${max} 字（现为 ${[...r.title].length} 字）`);
        const dup = seenTitle.get(r.title);
        if (dup) err('案例名称', `与第 ${dup} 行案例名称重复`);
        else seenTitle.set(r.title, r.row);
      }
      if (!r.typeText) err('案例类型', `请选择案例类型：${call.caseTypes.map((t) => t.name).join('、')}`);
      else if (!type) err('案例类型', `“${r.typeText}”不是本活动的案例类型，请选择：${call.caseTypes.map((t) => t.name).join('、')}`);
      const cat = type ? categoryField(type) : undefined;
      if (!r.category) err('案例类别', cat ? `请填写${cat.label}：${cat.options.map((o) => o.value).join('、')}` : '请填写案例类别');
      else if (type && cat && !cat.options.some((o) => o.value === r.category)) {
        err('案例类别', `“${r.category}”不是${type.name}的${cat.label}，请选择：${cat.options.map((o) => o.value).join('、')}`);
      }
      if (!r.name) err('第一作者姓名', '请填写第一作者姓名');
      else if ([...r.name].length > (type ? authorLimit(type, 'name') ?? 20 : 20)) err('第一作者姓名', '姓名不超过 20 字');
      if (!r.unit) err('第一作者工作单位', '请填写第一作者工作单位');
      else {
        const max = type ? authorLimit(type, 'unit') ?? 60 : 60;
        if ([...r.unit].length > max) err('第一作者工作单位', `工作单位不超过 ${max} 字`);
      }
      if (!r.mobile) err('第一作者手机号码', '请填写第一作者手机号码');
      else if (!MOBILE.test(r.mobile)) err('第一作者手机号码', `“${r.mobile}”不是 11 位手机号码`);
      else {
        const dup = seenMobile.get(r.mobile);
        if (dup) err('第一作者手机号码', `与第 ${dup} 行手机号码重复（每位第一作者在一份名单中只列一次）`);
        else seenMobile.set(r.mobile, r.row);
      }
      if (errors.length === before && type && cat) {
        const form: FormData = { [cat.key]: r.category };
        const group = quotaGroupOf(call, type, form);
        if (!group) err('案例类别', '无法确定该案例计入的推荐名额，请检查案例类别');
        else valid.push({ ...r, type, group });
      }
    }
    return { valid, errors };
  }

  /** What the database says about valid rows: existing cases and accounts, and the quota. Runs in the transaction. */
  async function checkAgainstDb(q: Queryable, call: CallDef, provinceCode: string, rows: ValidRow[]): Promise<RowError[]> {
    const errors: RowError[] = [];
    const mobiles = rows.map((r) => r.mobile);
    const titles = rows.map((r) => r.title);
    const users = await findUsersByPhones(q, mobiles);
    const taken = await findLiveCasesByAuthorPhones(q, call.id, mobiles);
    const sameTitle = await findLiveCasesByTitles(q, call.id, titles);
    for (const r of rows) {
      const u = users.find((x) => x.phone === r.mobile);
      if (u && u.role !== 'author') errors.push({ row: r.row, column: '第一作者手机号码', message: '该手机号码已注册为管理员或专家账号，不能作为作者，请核对' });
      else if (u && u.province_code && u.province_code !== provinceCode) {
        errors.push({ row: r.row, column: '第一作者手机号码', message: `该手机号码已注册为${findProvince(u.province_code)?.name ?? '其他省份'}的作者，请核对` });
      }
      const c = taken.find((x) => x.phone === r.mobile);
      if (c) errors.push({ row: r.row, column: '第一作者手机号码', message: `该作者在本活动中已有案例“${c.title || '（未命名案例）'}”，请核对，不要重复导入` });
      const t = sameTitle.find((x) => x.title === r.title);
      if (t) errors.push({ row: r.row, column: '案例名称', message: `本活动已有同名案例${t.province_code === provinceCode ? '（本省）' : ''}，请核对，不要重复导入` });
    }
    // Quota: rows in file order take the remaining seats of their group; the rest are named.
    const used = await countRecommended(q, call.id, provinceCode);
    const room: Record<string, number> = Object.fromEntries(call.quota.groups.map((g) => [g.id, groupMax(g, provinceCode) - (used[g.id] ?? 0)]));
    for (const r of rows) {
      if ((room[r.group] ?? 0) > 0) room[r.group]--;
      else {
        const g = call.quota.groups.find((x) => x.id === r.group)!;
        errors.push({ row: r.row, column: '', message: `超出本省${g.name}推荐名额（已用 ${used[g.id] ?? 0}/${groupMax(g, provinceCode)}），该行无法导入，请删减名单` });
      }
    }
    return errors;
  }

  return {
    template(callId: string) {
      const call = calls.requireCall(callId);
      if (!call.provinceModes) throw badRequest('本活动不区分征集方式，没有方式一导入');
      return mode1Template(call);
    },

    /**
     * Imports a province's list. Returns the row errors (nothing written) or the created cases.
     * Guards: the call has modes, the province chose mode 1, its list is not reported, the recommendation phase is open.
     */
    async import(admin: SessionUser & { provinceCode: string }, callId: string, buf: Buffer, fileName: string | null) {
      const call = calls.requireCall(callId);
      if (!call.provinceModes) throw badRequest('本活动不区分征集方式，没有方式一导入');
      const parsed = await parseImport(buf);
      if (parsed.errors.length) return { ok: false as const, errors: parsed.errors, created: [] };
      const { valid, errors } = checkRows(call, parsed.rows);
      // A throw-away password hash for invited accounts: they cannot sign in until they set a password.
      const lockedHash = await hash(randomBytes(24).toString('base64'));
      const now = clock.now();
      const province = findProvince(admin.provinceCode)?.name ?? '';
      const activationUrl = `${(deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/activate-author`;
      const messages: QueuedMessage[] = [];
      type Created = { row: number; caseId: string; title: string; caseTypeName: string; authorName: string; authorPhone: string; invited: boolean };
      const result = await db.tx(async (q) => {
        await calls.assertOpen(q, call, 'province_recommendation', admin.provinceCode);
        // The province row is the quota lock (as for recommending): imports and recommends of a province queue here.
        const st = await lockProvinceStatus(q, callId, admin.provinceCode);
        if (st.mode !== 1) throw conflict('NOT_MODE_1', '只有选择“方式一：省级平台自行征集”的省份可以导入推荐名单，请先在“征集方式”中选择方式一');
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报并锁定，不能再导入；如需调整请联系组委会解锁');
        const dbErrors = await checkAgainstDb(q, call, admin.provinceCode, valid);
        const all = [...errors, ...dbErrors].sort((a, b) => a.row - b.row || IMPORT_COLUMNS.indexOf(a.column as ColumnName) - IMPORT_COLUMNS.indexOf(b.column as ColumnName));
        if (all.length) return { ok: false as const, errors: all, created: [] as Created[] };
        const importId = await insertImport(q, { callId, provinceCode: admin.provinceCode, fileName: fileName?.slice(0, 200) ?? null, rows: valid.length, createdBy: admin.id, createdAt: iso(now) });
        const created: Created[] = [];
        for (const r of valid) {
          let userId = await findUserIdByPhone(q, r.mobile);
          let code: string | null = null;
          if (!userId) {
            userId = await insertInvitedAuthor(q, { phone: r.mobile, passwordHash: lockedHash, name: r.name, provinceCode: admin.provinceCode, unitName: r.unit, createdAt: iso(now) });
            code = String(randomInt(0, 100_000_000)).padStart(8, '0');
            await insertAuthorInvitation(q, { userId, importId, codeHash: sha(`${r.mobile}:${code}`), createdAt: iso(now), expiresAt: iso(now + INVITATION_TTL_MS) });
            await writeAudit(q, actorOf(admin), { event: 'account.invite_author', objectType: 'user', objectId: userId, provinceCode: admin.provinceCode, data: { importId, phone: maskPhone(r.mobile) } }, now);
          }
          const cat = categoryField(r.type)!;
          const form: FormData = {
            [r.type.titleField]: r.title,
            [cat.key]: r.category,
            [r.type.authorsField]: [{ name: r.name, unit: r.unit, mobile: r.mobile }],
          };
          const caseId = await insertImportedCase(q, {
            callId, caseType: r.type.id, authorId: userId, provinceCode: admin.provinceCode, form: JSON.stringify(form), title: r.title, quotaGroup: r.group, now: iso(now), importId,
          });
          await writeAudit(q, actorOf(admin), { event: 'case.import', objectType: 'case', objectId: caseId, toState: 'draft', provinceCode: admin.provinceCode, data: { importId, row: r.row } }, now);
          // Queued with the import: a rolled-back list invites nobody, a committed one reaches everyone (retried).
          messages.push(code
            ? { channel: 'sms', to: r.mobile, kind: 'mode1_invitation', userId, expiresAt: now + INVITATION_TTL_MS, ...smsParams('mode1_invitation', { province, title: r.title, code, url: activationUrl }) }
            : { channel: 'sms', to: r.mobile, kind: 'mode1_case_linked', userId, ...smsParams('mode1_case_linked', { province, title: r.title }) });
          created.push({ row: r.row, caseId, title: r.title, caseTypeName: r.type.name, authorName: r.name, authorPhone: maskPhone(r.mobile), invited: !!code });
        }
        await writeAudit(q, actorOf(admin), { event: 'province.mode1_import', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, importId, rows: valid.length } }, now);
        await deps.messaging.queue(q, messages, { now });
        return { ok: true as const, errors: [] as RowError[], created };
      });
      if (!result.ok) {
        await writeAudit(db, actorOf(admin), { event: 'province.mode1_import', outcome: 'failure', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, errors: result.errors.length } }, now);
        return result;
      }
      return result;
    },

    /** Imports of the province, newest first. */
    async imports(provinceCode: string, callId: string) {
      const rows = await listImports(db, provinceCode, callId);
      return rows.map((r) => ({ id: r.id, fileName: r.file_name, rows: r.rows, createdAt: iso(new Date(r.created_at).getTime()), createdBy: r.by_name }));
    },

    /** An invited author sets a password with the phone number and the code from the SMS, and is signed in. */
    async activate(input: { phone?: unknown; code?: unknown; password?: unknown }) {
      const phone = typeof input.phone === 'string' ? input.phone.trim() : '';
      if (!MOBILE.test(phone)) throw badRequest('请输入 11 位手机号码', [{ path: 'phone', message: '请输入 11 位手机号码' }]);
      checkPassword(input.password, phone);
      const code = typeof input.code === 'string' ? input.code.trim() : '';
      const passwordHash = await hash(input.password as string);
      const now = clock.now();
      return db.tx(async (q) => {
        const inv = await findInvitationForUpdate(q, sha(`${phone}:${code}`), phone);
        if (!inv || inv.used_at || new Date(inv.expires_at).getTime() <= now) {
          throw invalid('BAD_INVITATION_CODE', '激活码无效、已使用或已过期，请联系本省管理员重新发送', [{ path: 'code', message: '激活码无效、已使用或已过期' }]);
        }
        await markInvitationUsed(q, inv.id, iso(now));
        const u = await setUserPassword(q, inv.user_id, passwordHash);
        await writeAudit(q, { id: u.id, role: u.role, name: u.name }, { event: 'account.activate_author', objectType: 'user', objectId: u.id, provinceCode: u.province_code }, now);
        const token = await createSession(q, u.id, now, { maxMs: deps.sessionMaxMs });
        return { user: presentUser(u), token };
      });
    },
  };
}

export type Mode1Service = ReturnType<typeof mode1Service>;
