// Calls as data at run time: the built-in definitions and the calls opened on the platform (call_definitions, the
// newest frozen version of each, kept in memory), plus the organiser's phase overrides and province extensions.
import { findCall as findFileCall, listCalls as listFileCalls } from '@anli/domain/calls/builtin.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { validateDefinition } from '@anli/domain/calls/validate.ts';
import {
  describePhases, isPhaseOpen, phaseWindow, formatBeijing, type PhaseId, type PhaseOverride, type ProvinceAuthorDeadline, type ProvinceExtension,
} from '@anli/domain/deadline.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import { definitionsStamp, deleteExtension, latestFrozenDefinitions, phaseSettingRows, upsertExtension, upsertPhaseOverride } from './calls.repository.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function callsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  // Read on every phase check and every call listing: one round trip for the three tables. Reads outside a
  // transaction (pages: the call, the case's deadline card, the lists) are kept for SETTINGS_MS; a change made here
  // drops them at once, one made by another process shows within SETTINGS_MS (as a call's definition does). Reads in
  // a transaction (every check that decides: submit, recommend, the deadline setters) always read the tables.
  const SETTINGS_MS = 2000;
  const settingsKept = new Map<string, { at: number; value: Awaited<ReturnType<typeof readSettings>> }>();
  let settingsGeneration = 0;
  async function settings(q: Queryable, callId: string) {
    if (q !== db) return readSettings(q, callId);
    const kept = settingsKept.get(callId);
    if (kept && Date.now() - kept.at < SETTINGS_MS) return kept.value;
    const generation = settingsGeneration;
    const value = await readSettings(q, callId);
    // Not kept when a change here finished while it was read (it may predate the change).
    if (generation === settingsGeneration) settingsKept.set(callId, { at: Date.now(), value });
    return value;
  }
  function settingsChanged() {
    settingsGeneration++;
    settingsKept.clear();
  }
  async function readSettings(q: Queryable, callId: string) {
    const rows = await phaseSettingRows(q, callId);
    const overrides: PhaseOverride[] = [];
    const extensions: ProvinceExtension[] = [];
    const authorDeadlines: ProvinceAuthorDeadline[] = [];
    for (const r of rows) {
      if (r.kind === 'o') overrides.push({ phaseId: r.phase_id, start: r.start_date, end: r.end_date, forced: r.forced, demo: !!r.demo });
      else if (r.kind === 'e') extensions.push({ phaseId: r.phase_id, provinceCode: r.province_code!, end: r.end_date! });
      else authorDeadlines.push({ provinceCode: r.province_code!, endsAt: new Date(r.ends_at!).getTime() });
    }
    // Shared by every reader while kept: frozen so that none can change another's.
    return { overrides: Object.freeze(overrides), extensions: Object.freeze(extensions), authorDeadlines: Object.freeze(authorDeadlines) };
  }

  // The platform's opened calls, newest frozen version of each (by id), in the order they were first opened. Read at
  // start (reload) and after each change here; other processes notice a change within SYNC_MS (sync, on requests).
  let platformCalls = new Map<string, CallDef>();
  let platformOrder: string[] = [];
  let stamp = '';
  let checkedAt = 0;
  const SYNC_MS = 2000;

  async function currentStamp(q: Queryable) {
    const r = await definitionsStamp(q);
    return `${r?.n ?? 0}/${r?.at ?? ''}`;
  }

  async function reload(q: Queryable = db) {
    const rows = await latestFrozenDefinitions(q);
    const next = new Map<string, CallDef>();
    for (const r of rows.sort((a, b) => (a.first_at < b.first_at ? -1 : a.first_at > b.first_at ? 1 : 0))) {
      const v = validateDefinition(r.definition);
      // A stored version no longer valid under today's schema is skipped (and said), never half-loaded.
      if (v.ok) next.set(r.call_id, v.call);
      else console.error(`活动 ${r.call_id} 的已保存定义无法通过校验，已忽略：${v.errors.map((e) => e.message).join('；')}`);
    }
    platformCalls = next;
    platformOrder = [...next.keys()];
    stamp = await currentStamp(q);
    checkedAt = Date.now();
  }

  const findCall = (id: string): CallDef | undefined => platformCalls.get(id) ?? findFileCall(id);
  function listCalls(): readonly CallDef[] {
    const files = listFileCalls();
    if (!platformCalls.size) return files;
    const fileIds = new Set(files.map((c) => c.id));
    return [...files.map((c) => platformCalls.get(c.id) ?? c), ...platformOrder.filter((id) => !fileIds.has(id)).map((id) => platformCalls.get(id)!)];
  }

  function requireCall(callId: unknown): CallDef {
    const call = typeof callId === 'string' ? findCall(callId) : undefined;
    if (!call) throw notFound('活动');
    return call;
  }

  return {
    /** Reads the platform's opened calls (at start, and after a change). */
    reload,
    /** Reloads if another process changed a call since the last look (at most one query every SYNC_MS). */
    async sync(q: Queryable = db) {
      if (Date.now() - checkedAt < SYNC_MS) return;
      checkedAt = Date.now();
      if ((await currentStamp(q)) !== stamp) await reload(q);
    },
    requireCall,
    /** The call with this id, or undefined (for labels: a download name, a heading). */
    findCall: (callId: unknown) => (typeof callId === 'string' ? findCall(callId) : undefined),
    list: () => listCalls(),

    /** Effective phases of a call for a province (or the nation). */
    async phases(callId: string, provinceCode: string | null, q: Queryable = db) {
      const call = requireCall(callId);
      const s = await settings(q, callId);
      return describePhases(call, s.overrides, s.extensions, provinceCode, clock.now(), s.authorDeadlines);
    },

    /** Throws PHASE_CLOSED unless the phase is open for the province now. */
    async assertOpen(q: Queryable, call: CallDef, phaseId: PhaseId, provinceCode: string | null) {
      const s = await settings(q, call.id);
      const w = phaseWindow(call, phaseId, s.overrides, s.extensions, provinceCode, s.authorDeadlines);
      if (!isPhaseOpen(w, clock.now())) {
        const name = call.phases.find((p) => p.id === phaseId)?.name ?? phaseId;
        const own = w?.authorDeadline === 'province' ? '本省设定的' : '';
        const when = w ? `（${own}截止时间：北京时间 ${formatBeijing(w.endsAt)}）` : '';
        throw conflict('PHASE_CLOSED', `“${name}”阶段未开放或已截止${when}，如有特殊情况请联系省级管理员或组委会`);
      }
    },

    async isOpen(q: Queryable, call: CallDef, phaseId: PhaseId, provinceCode: string | null) {
      const s = await settings(q, call.id);
      return isPhaseOpen(phaseWindow(call, phaseId, s.overrides, s.extensions, provinceCode, s.authorDeadlines), clock.now());
    },

    /** The effective window of a phase for a province now (the province's own author deadline included). */
    async window(q: Queryable, call: CallDef, phaseId: PhaseId, provinceCode: string | null) {
      const s = await settings(q, call.id);
      return phaseWindow(call, phaseId, s.overrides, s.extensions, provinceCode, s.authorDeadlines);
    },

    async settings(callId: string) {
      requireCall(callId);
      return settings(db, callId);
    },

    /** Another module changed a call's phase settings (a province's author deadline): the kept ones are dropped. */
    settingsChanged,

    /** Organiser: move a phase's dates or force it open/closed. */
    async setPhase(actor: Actor, callId: string, phaseId: string, input: { start?: string | null; end?: string | null; forced?: 'open' | 'closed' | '' | null }, opts: { demo?: boolean } = {}) {
      const call = requireCall(callId);
      const def = call.phases.find((p) => p.id === phaseId);
      if (!def) throw notFound('阶段');
      const start = input.start || null;
      const end = input.end || null;
      const forced = input.forced || null;
      if ((start && !DATE.test(start)) || (end && !DATE.test(end))) throw badRequest('日期格式应为 YYYY-MM-DD');
      if ((start ?? def.start ?? '0000') > (end ?? def.end)) throw badRequest('开始日期不能晚于截止日期');
      await db.tx(async (q) => {
        await upsertPhaseOverride(q, { callId, phaseId, start, end, forced, by: actor.id, now: clock.now(), demo: !!opts.demo });
        await writeAudit(q, actor, { event: 'call.phase_update', objectType: 'call', objectId: callId, data: { phaseId, start, end, forced, ...(opts.demo ? { demo: true } : {}) } }, clock.now());
      }).finally(settingsChanged);
    },

    /** Organiser: extend one phase for one province only. */
    async addExtension(actor: Actor, callId: string, input: { provinceCode?: string; phaseId?: string; end?: string }) {
      const call = requireCall(callId);
      const provinceCode = input.provinceCode ?? '';
      if (!findProvince(provinceCode)) throw badRequest('请选择省份');
      const phaseId = input.phaseId ?? '';
      const def = call.phases.find((p) => p.id === phaseId);
      if (!def) throw badRequest('请选择阶段');
      const end = input.end ?? '';
      if (!DATE.test(end)) throw badRequest('日期格式应为 YYYY-MM-DD');
      await db.tx(async (q) => {
        await upsertExtension(q, { callId, phaseId, provinceCode, end, by: actor.id, now: clock.now() });
        await writeAudit(q, actor, { event: 'call.extension_grant', objectType: 'call', objectId: callId, provinceCode, data: { phaseId, end } }, clock.now());
      }).finally(settingsChanged);
    },

    async removeExtension(actor: Actor, callId: string, provinceCode: string, phaseId: string) {
      requireCall(callId);
      await db.tx(async (q) => {
        if (!(await deleteExtension(q, callId, provinceCode, phaseId))) throw notFound('延期记录');
        await writeAudit(q, actor, { event: 'call.extension_revoke', objectType: 'call', objectId: callId, provinceCode, data: { phaseId } }, clock.now());
      }).finally(settingsChanged);
    },
  };
}

export type CallsService = ReturnType<typeof callsService>;
