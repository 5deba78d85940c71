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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function callsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  // Read on every phase check and every call listing: one round trip for the three tables.
  async function settings(q: Queryable, callId: string) {
    const rows = await q.query<{ kind: 'o' | 'e' | 'a'; phase_id: PhaseId; start_date: string | null; end_date: string | null; forced: 'open' | 'closed' | null; province_code: string | null; demo: boolean | null; ends_at: Date | string | null }>(
      `select 'o' as kind, phase_id, start_date, end_date, forced, null::text as province_code, demo, null::timestamptz as ends_at from call_phase_overrides where call_id = $1
       union all
       select 'e', phase_id, null, end_date, null, province_code, null, null from province_extensions where call_id = $1
       union all
       select 'a', 'submission', null, null, null, province_code, null, ends_at from province_author_deadlines where call_id = $1`,
      [callId],
    );
    const overrides: PhaseOverride[] = [];
    const extensions: ProvinceExtension[] = [];
    const authorDeadlines: ProvinceAuthorDeadline[] = [];
    for (const r of rows) {
      if (r.kind === 'o') overrides.push({ phaseId: r.phase_id, start: r.start_date, end: r.end_date, forced: r.forced, demo: !!r.demo });
      else if (r.kind === 'e') extensions.push({ phaseId: r.phase_id, provinceCode: r.province_code!, end: r.end_date! });
      else authorDeadlines.push({ provinceCode: r.province_code!, endsAt: new Date(r.ends_at!).getTime() });
    }
    return { overrides, extensions, authorDeadlines };
  }

  // The platform's opened calls, newest frozen version of each (by id), in the order they were first opened. Read at
  // start (reload) and after each change here; other processes notice a change within SYNC_MS (sync, on requests).
  let platformCalls = new Map<string, CallDef>();
  let platformOrder: string[] = [];
  let stamp = '';
  let checkedAt = 0;
  const SYNC_MS = 2000;

  async function currentStamp(q: Queryable) {
    const [r] = await q.query<{ n: number; at: string | null }>('select count(*)::int as n, max(created_at)::text as at from call_definitions where version > 0');
    return `${r?.n ?? 0}/${r?.at ?? ''}`;
  }

  async function reload(q: Queryable = db) {
    const rows = await q.query<{ call_id: string; definition: unknown; first_at: string }>(
      `select distinct on (d.call_id) d.call_id, d.definition, f.first_at
         from call_definitions d
         join (select call_id, min(created_at)::text as first_at from call_definitions where version > 0 group by call_id) f on f.call_id = d.call_id
        where d.version > 0
        order by d.call_id, d.version desc`,
    );
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
        await q.query(
          `insert into call_phase_overrides (call_id, phase_id, start_date, end_date, forced, updated_by, updated_at, demo) values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (call_id, phase_id) do update set start_date = $3, end_date = $4, forced = $5, updated_by = $6, updated_at = $7, demo = $8`,
          [callId, phaseId, start, end, forced, actor.id, new Date(clock.now()).toISOString(), !!opts.demo],
        );
        await writeAudit(q, actor, { event: 'call.phase_update', objectType: 'call', objectId: callId, data: { phaseId, start, end, forced, ...(opts.demo ? { demo: true } : {}) } }, clock.now());
      });
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
        await q.query(
          `insert into province_extensions (call_id, phase_id, province_code, end_date, granted_by, granted_at) values ($1, $2, $3, $4, $5, $6)
           on conflict (call_id, phase_id, province_code) do update set end_date = $4, granted_by = $5, granted_at = $6`,
          [callId, phaseId, provinceCode, end, actor.id, new Date(clock.now()).toISOString()],
        );
        await writeAudit(q, actor, { event: 'call.extension_grant', objectType: 'call', objectId: callId, provinceCode, data: { phaseId, end } }, clock.now());
      });
    },

    async removeExtension(actor: Actor, callId: string, provinceCode: string, phaseId: string) {
      requireCall(callId);
      await db.tx(async (q) => {
        const r = await q.query('delete from province_extensions where call_id = $1 and province_code = $2 and phase_id = $3 returning 1', [callId, provinceCode, phaseId]);
        if (!r.length) throw notFound('延期记录');
        await writeAudit(q, actor, { event: 'call.extension_revoke', objectType: 'call', objectId: callId, provinceCode, data: { phaseId } }, clock.now());
      });
    },
  };
}

export type CallsService = ReturnType<typeof callsService>;
