// Every audit event the server's code can write has a Chinese name, and the audit page (API) and its Excel show each
// such record with names a person reads: the event's name, the case's title, the user's name and role, the province
// as 北京市 — no ids or English words in the fields shown on screen (ids stay in the export, beside the names).
// The events are found by reading the code (event: '…', audit(u, '…'), and the templates case.${action},
// override.${what}, export.info_form_${ext}), so a new event without a name fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEventLabel } from '@anli/domain/audit-events.ts';
import { TRANSITIONS } from '@anli/domain/lifecycle.ts';
import { ROUND_TRANSITIONS } from '@anli/domain/review/rounds.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildCase, buildUser, validAiForm } from '../../testing/factories.ts';
import { writeAudit } from './audit.repository.ts';

const SERVER_SRC = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The events the code can write, read from the source. */
function eventsInCode(): { events: Set<string>; unknownTemplates: string[] } {
  const events = new Set<string>();
  const unknownTemplates: string[] = [];
  const literal = /'([a-z_0-9]+\.[a-z_0-9]+)'/g;
  // What `override.${what}` can be: the `what` of every requireOverride / requireNationalPhase call, in any file.
  const overrides = new Set<string>();
  for (const file of sourceFiles(SERVER_SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const w of text.matchAll(/require(?:Override|NationalPhase)\((?:calls, )?q, actor, [^,]+, (?:[^,]+, )?'([a-z_]+)'/g)) overrides.add(w[1]!);
  }
  for (const file of sourceFiles(SERVER_SRC)) {
    const text = readFileSync(file, 'utf8');
    // `event: <expression>` in a writeAudit record: every namespaced literal of the expression (ternaries too).
    for (const m of text.matchAll(/\bevent:\s*(`[^`]*`|[^,\n}]+)/g)) {
      const expr = m[1]!;
      for (const l of expr.matchAll(literal)) events.add(l[1]!);
      for (const t of expr.matchAll(/`([^`]*)`/g)) {
        const tpl = t[1]!;
        if (tpl === 'case.${action}') for (const tr of TRANSITIONS) events.add(`case.${tr.action}`);
        else if (tpl === 'override.${what}') for (const w of overrides) events.add(`override.${w}`);
        else if (tpl === 'review.round_${action}') for (const tr of ROUND_TRANSITIONS) events.add(`review.round_${tr.action}`);
        else unknownTemplates.push(`${file}: ${tpl}`);
      }
    }
    // Route-level audit calls: audit(u, 'export.x', …) and the info-form template.
    for (const m of text.matchAll(/\baudit\([^,()]+,\s*'([a-z_0-9]+\.[a-z_0-9]+)'/g)) events.add(m[1]!);
    for (const m of text.matchAll(/\baudit\([^,()]+,\s*`([^`]+)`/g)) {
      if (m[1] === 'export.info_form_${ext}') ['docx', 'pdf'].forEach((x) => events.add(`export.info_form_${x}`));
      else unknownTemplates.push(`${file}: ${m[1]}`);
    }
    // Literals written outside an `event:` property (override.publish in results).
    for (const m of text.matchAll(/event: '(override\.[a-z_]+)'/g)) events.add(m[1]!);
  }
  return { events, unknownTemplates };
}

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer({ demo: false });
});
afterAll(async () => srv?.close());

/** Words no person should read on the page: ids, codes, English words. */
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}|[A-Za-z]{3,}/;

describe('audit events', () => {
  const { events, unknownTemplates } = eventsInCode();

  it('finds the events the code writes, and each has a Chinese name', () => {
    expect(unknownTemplates, 'an event built from a template this test cannot expand: teach eventsInCode()').toEqual([]);
    // The scan really reads the code: a sample of events from different modules.
    for (const e of ['case.submit', 'case.decline', 'province.unlock', 'override.decide', 'override.round_open', 'override.publish', 'export.audit', 'export.info_form_pdf', 'auth.login', 'review.conflict_override', 'message.failed']) {
      expect(events, e).toContain(e);
    }
    expect(events.size).toBeGreaterThan(70);
    const unnamed = [...events].filter((e) => !findEventLabel(e));
    expect(unnamed, 'events without a Chinese name in packages/domain/src/audit-events.ts').toEqual([]);
    // Product names (Word, PDF, Excel) are how people call those files; any other Latin word is a code leaking out.
    for (const e of events) expect(findEventLabel(e)!.replace(/Word|PDF|Excel/g, ''), e).not.toMatch(/[A-Za-z]/);
  });

  it('shows every event on the audit page and in its Excel with names: case title, user and role, province', async () => {
    const org = await buildUser(srv.services, 'organiser', null);
    const author = await buildUser(srv.services, 'author', '110000');
    const authorName = '审计测试作者';
    await srv.db.query('update users set name = $2 where id = $1', [author.id, authorName]);
    const form = { ...validAiForm(), title: '审计日志可读性测试案例' };
    const caseId = await buildCase(srv.db, { callId: 'teacher-ai-2025', caseType: 'ai-application', authorId: author.id, provinceCode: '110000', state: 'submitted', form });
    // One record per event, pointing at a case or at a user, by an organiser with the province 北京.
    const list = [...events].sort();
    let i = 0;
    for (const event of list) {
      const onUser = i++ % 2 === 1;
      await writeAudit(srv.db, { id: org.id, role: 'organiser', name: '审计员' }, {
        event, objectType: onUser ? 'user' : 'case', objectId: onUser ? author.id : caseId, fromState: onUser ? null : 'submitted', toState: onUser ? null : 'returned', provinceCode: '110000',
      });
    }
    const c = apiClient(srv.app);
    await c.login(org.phone, org.password);
    // Every page of the log (the list is paged on the server).
    const rows: any[] = [];
    for (let page = 1; ; page++) {
      const b = (await c.get(`/api/org/audit?pageSize=200&page=${page}`)).body;
      rows.push(...b.items);
      if (!b.items.length || rows.length >= b.total) break;
    }
    for (const event of list) {
      const r = rows.find((x) => x.event === event && (x.objectId === caseId || x.objectId === author.id));
      expect(r, event).toBeTruthy();
      expect(r.eventLabel, event).toBe(findEventLabel(event));
      expect(r.actorRoleLabel).toBe('组委会');
      expect(r.provinceName).toBe('北京市');
      expect(r.objectLabel).toBe(r.objectType === 'case' ? '“审计日志可读性测试案例”' : `${authorName}（作者）`);
      // What the page shows: no ids, codes or English words.
      const shown = [r.eventLabel, r.actorName, r.actorRoleLabel, r.objectTypeLabel, r.objectLabel, r.fromStateLabel, r.toStateLabel, r.provinceName, r.outcomeLabel];
      for (const s of shown) expect(String(s ?? '').replace(/Word|PDF|Excel/g, ''), `${event}: ${s}`).not.toMatch(RAW);
    }
    // The Excel: names, and the codes beside them.
    const res = await c.get('/api/org/audit.xlsx?limit=1000');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (h: string) => header.indexOf(h) + 1;
    const seen = new Set<string>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const code = String(row.getCell(col('事件代码')).value ?? '');
      const objectId = String(row.getCell(col('对象编号')).value ?? '');
      if (!events.has(code) || (objectId !== caseId && objectId !== author.id)) return;
      seen.add(code);
      expect(row.getCell(col('事件')).value, code).toBe(findEventLabel(code));
      expect(row.getCell(col('省份')).value, `${code} ${objectId} ${JSON.stringify(row.values)}`).toBe('北京市');
      expect(String(row.getCell(col('对象')).value)).toMatch(/审计日志可读性测试案例|（作者）/);
      expect(String(row.getCell(col('对象编号')).value)).toMatch(/^[0-9a-f-]{36}$/);
    });
    expect([...seen].sort()).toEqual(list);
  });
});
