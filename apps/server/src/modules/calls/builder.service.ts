// The organiser builds next year's call on the platform (issue 20): a draft copied from a call (or started empty) is
// edited freely, checked against the definition rules and compared with its source; opening freezes version 1 and the
// call is then a call like the built-in ones everywhere (calls.service reads the newest frozen version). Later changes
// are new versions with a reason, refused where they would invalidate cases already made unless the organiser
// confirms re-checking the files. Definitions travel as readable files (export / import).
import { findCall as findFileCall } from '@anli/domain/calls/builtin.ts';
import { diffDefinitions, tighteningsOf } from '@anli/domain/calls/diff.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { syncHelpLimits } from '@anli/domain/calls/help-limit.ts';
import { definitionFileText, parseDefinitionFile, stripComments, validateDefinition, type DefinitionError } from '@anli/domain/calls/validate.ts';
import { badRequest, conflict, invalid, notFound } from '@anli/domain/errors.ts';
import type { BuilderCallDetail, BuilderCallRow, CreateDraftBody, ReviseBody } from '@anli/contracts/calls-builder.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import { rulesVersionOf } from '../files/file.service.ts';
import type { CallsService } from './calls.service.ts';
import {
  callCaseCounts, caseCountsByCall, countCasesOfType, countCasesWithField, countCasesWithSlot, definitionHeads, definitionIdTaken, definitionRows,
  deleteDraft as deleteDraftRow, insertDraft as insertDraftRow, insertVersion, lockCallRevision, updateDraft,
} from './calls.repository.ts';

interface Jobs {
  send(name: 'call.recheck', data: { callId: string }, opts?: unknown): Promise<unknown>;
}

const CALL_ID = /^[a-z0-9-]+$/;

/** An empty definition to start from: the sections are there, to be filled in the editor. */
function emptyDefinition(id: string, title: string, documentNo: string | undefined, year: number): Record<string, unknown> {
  return {
    id,
    version: 1,
    title,
    issuer: '',
    ...(documentNo ? { documentNo } : {}),
    participants: '',
    onePerAuthor: false,
    provinceModes: false,
    phases: [
      { id: 'admin_info', name: '省级联系人信息上报', end: `${year}-05-31` },
      { id: 'submission', name: '作者报送', start: `${year}-06-01`, end: `${year}-08-31` },
      { id: 'province_recommendation', name: '省级推荐上报', start: `${year}-06-01`, end: `${year}-09-15` },
    ],
    quota: { groups: [{ id: 'all', name: '全部案例', max: 100 }] },
    caseTypes: [],
    contactForm: { title: '省级联系人信息表', deadlinePhase: 'admin_info', fields: [] },
    contactEmail: '',
    contacts: [],
    certificate: { issuer: '', defaultAward: '典型案例', statement: '在{callTitle}中，经专家评审，被评为“{award}”。' },
  };
}

/** Moves every YYYY-MM-DD date of the phases by whole years (copying 2026 for 2027). */
function shiftPhases(def: Record<string, unknown>, years: number) {
  if (!years || !Array.isArray(def.phases)) return;
  const shift = (d: unknown) => {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
    const y = Number(d.slice(0, 4)) + years;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${y}-${md}`;
  };
  def.phases = def.phases.map((p: Record<string, unknown>) => ({ ...p, ...(p.start ? { start: shift(p.start) } : {}), end: shift(p.end) }));
}

const yearOf = (def: { phases?: Array<{ id?: string; end?: string }> }) => {
  const end = def.phases?.find((p) => p.id === 'submission')?.end ?? def.phases?.[0]?.end;
  return end ? Number(end.slice(0, 4)) : null;
};

const errorsToFields = (errors: DefinitionError[]) => errors.map((e) => ({ path: e.path, message: e.message }));

export function callBuilderService(deps: { db: Db; clock: Clock; calls: CallsService; jobs: Jobs }) {
  const { db, clock, calls } = deps;
  const now = () => new Date(clock.now()).toISOString();

  /** Where a call stands: a draft row, frozen versions (the newest last), or only a file of the platform. */
  async function state(q: Queryable, callId: string) {
    const all = await definitionRows(q, callId);
    const draft = all.find((r) => r.version === 0) ?? null;
    const frozen = all.filter((r) => r.version > 0);
    const file = findFileCall(callId) ?? null;
    return { draft, frozen, latest: frozen[frozen.length - 1] ?? null, file };
  }

  function assertNewId(id: string) {
    if (!CALL_ID.test(id)) throw invalid('INVALID_CALL_ID', '活动编号只能用小写英文字母、数字和连字符，如 teacher-training-2027', [{ path: 'id', message: '活动编号只能用小写英文字母、数字和连字符，如 teacher-training-2027' }]);
  }

  async function assertFreeId(q: Queryable, id: string) {
    assertNewId(id);
    if ((await definitionIdTaken(q, id)) || calls.findCall(id)) throw conflict('CALL_ID_TAKEN', `活动编号 ${id} 已被使用，请换一个编号`);
  }

  async function detail(callId: string, q: Queryable = db): Promise<BuilderCallDetail> {
    const s = await state(q, callId);
    const counts = await callCaseCounts(q, callId);
    const versions = s.frozen.map((r) => ({ version: r.version, reason: r.reason, createdAt: r.created_at, createdByName: r.created_by_name }));
    if (s.draft) {
      const v = validateDefinition(s.draft.definition);
      const source = s.draft.source_call_id ? calls.findCall(s.draft.source_call_id) : undefined;
      return {
        id: callId, state: 'draft', version: 0, sourceCallId: s.draft.source_call_id, sourceTitle: source?.title ?? null, year: s.draft.year,
        definition: s.draft.definition,
        errors: v.ok ? [] : errorsToFields(v.errors),
        changes: source ? diffDefinitions(source, s.draft.definition) : [],
        versions, caseCount: counts.cases, submittedCount: counts.submitted,
      };
    }
    const current = calls.findCall(callId);
    if (!current) throw notFound('活动');
    const previous = s.frozen.length >= 2 ? s.frozen[s.frozen.length - 2].definition : s.frozen.length === 1 ? (s.file ?? null) : null;
    return {
      id: callId,
      state: s.latest || !s.file ? 'open' : 'builtin',
      version: current.version,
      sourceCallId: s.latest?.source_call_id ?? s.frozen[0]?.source_call_id ?? null,
      sourceTitle: (() => {
        const src = s.latest?.source_call_id ?? s.frozen[0]?.source_call_id;
        return src ? (calls.findCall(src)?.title ?? null) : null;
      })(),
      year: s.frozen[0]?.year ?? yearOf(current),
      definition: current as unknown as Record<string, unknown>,
      errors: [],
      changes: previous ? diffDefinitions(previous, current) : [],
      versions, caseCount: counts.cases, submittedCount: counts.submitted,
    };
  }

  async function insertDraft(q: Queryable, actor: Actor, callId: string, definition: Record<string, unknown>, sourceCallId: string | null, year: number | null) {
    await insertDraftRow(q, { callId, definition, sourceCallId, year, by: actor.id, now: now() });
  }

  /** Fields and slots the new definition drops that cases of the call have filled. */
  async function removedFilled(q: Queryable, before: CallDef, after: CallDef) {
    const problems: Array<{ path: string; message: string }> = [];
    for (const [ti, t] of before.caseTypes.entries()) {
      const next = after.caseTypes.find((x) => x.id === t.id);
      if (!next) {
        const n = await countCasesOfType(q, before.id, t.id);
        if (n) problems.push({ path: `caseTypes[${ti}]`, message: `caseTypes[${ti}] 案例类型“${t.name}”已有 ${n} 件案例，不能删除` });
        continue;
      }
      const keys = new Set(next.fields.map((f) => f.key));
      for (const [fi, f] of t.fields.entries()) {
        if (keys.has(f.key)) continue;
        const n = await countCasesWithField(q, before.id, t.id, f.key);
        if (n) problems.push({ path: `caseTypes[${ti}].fields[${fi}]`, message: `caseTypes[${ti}].fields[${fi}] 字段“${f.label}”（${f.key}）已有 ${n} 件案例填写，不能删除；如不再需要，可改为选填` });
      }
      const slots = new Set(next.attachments.map((a) => a.slot));
      for (const [ai, a] of t.attachments.entries()) {
        if (slots.has(a.slot)) continue;
        const n = await countCasesWithSlot(q, before.id, t.id, a.slot);
        if (n) problems.push({ path: `caseTypes[${ti}].attachments[${ai}]`, message: `caseTypes[${ti}].attachments[${ai}] 上传位“${a.label}”已有 ${n} 件案例上传了文件，不能删除；如不再需要，可改为选传` });
      }
    }
    return problems;
  }

  return {
    detail,

    /** Every call the organiser can build from or edit: the platform's files, drafts and opened calls. */
    async list(): Promise<BuilderCallRow[]> {
      const defs = await definitionHeads(db);
      const counts = await caseCountsByCall(db);
      const byId = new Map(defs.map((d) => [d.call_id, d]));
      const out: BuilderCallRow[] = [];
      for (const c of calls.list()) {
        const d = byId.get(c.id);
        out.push({
          id: c.id, title: c.title, documentNo: c.documentNo ?? null, state: d ? 'open' : 'builtin', version: c.version,
          sourceCallId: d?.source_call_id ?? null, year: d?.year ?? yearOf(c), caseCount: counts.get(c.id) ?? 0, updatedAt: d?.updated_at ?? null,
        });
        byId.delete(c.id);
      }
      for (const d of byId.values()) {
        if (d.version !== 0) continue;
        const def = d.definition as { title?: unknown; documentNo?: unknown };
        out.push({
          id: d.call_id, title: typeof def.title === 'string' ? def.title : d.call_id, documentNo: typeof def.documentNo === 'string' ? def.documentNo : null,
          state: 'draft', version: 0, sourceCallId: d.source_call_id, year: d.year, caseCount: 0, updatedAt: d.updated_at,
        });
      }
      return out;
    },

    /** A new draft: a copy of a call with its new id, title, 文号 and year (phase dates moved by the years between), or empty. */
    async createDraft(actor: Actor, input: CreateDraftBody) {
      const id = input.id.trim();
      return db.tx(async (q) => {
        await assertFreeId(q, id);
        let definition: Record<string, unknown>;
        if (input.sourceCallId) {
          const source = calls.findCall(input.sourceCallId);
          if (!source) throw badRequest('要复制的活动不存在，请重新选择', [{ path: 'sourceCallId', message: '要复制的活动不存在，请重新选择' }]);
          definition = structuredClone(source) as unknown as Record<string, unknown>;
          delete definition.documentNo;
          Object.assign(definition, { id, version: 1, title: input.title, ...(input.documentNo ? { documentNo: input.documentNo } : {}) });
          const from = yearOf(source);
          if (from) shiftPhases(definition, input.year - from);
        } else {
          definition = emptyDefinition(id, input.title, input.documentNo, input.year);
        }
        await insertDraft(q, actor, id, definition, input.sourceCallId ?? null, input.year);
        await writeAudit(q, actor, { event: 'call.draft_create', objectType: 'call', objectId: id, data: { sourceCallId: input.sourceCallId ?? null, title: input.title, year: input.year } }, clock.now());
        return detail(id, q);
      });
    },

    /** Saves a draft as it is (it may be incomplete); the answer lists what still stops it from opening. */
    async saveDraft(_actor: Actor, callId: string, definition: Record<string, unknown>) {
      return db.tx(async (q) => {
        const s = await state(q, callId);
        if (!s.draft) throw s.latest || s.file ? conflict('CALL_OPEN', '该活动已开放，修改须生成新版本并写明原因') : notFound('活动草稿');
        const def = syncHelpLimits(stripComments(definition) as Record<string, unknown>);
        // The id is the draft's: it names the draft's row and every case made under it.
        def.id = callId;
        await updateDraft(q, callId, def, now());
        return detail(callId, q);
      });
    },

    async deleteDraft(actor: Actor, callId: string) {
      await db.tx(async (q) => {
        if (!(await deleteDraftRow(q, callId))) throw notFound('活动草稿');
        await writeAudit(q, actor, { event: 'call.draft_delete', objectType: 'call', objectId: callId }, clock.now());
      });
    },

    /** Opens a draft: version 1 is frozen and the call is available to everyone from now on. */
    async open(actor: Actor, callId: string) {
      await db.tx(async (q) => {
        const s = await state(q, callId);
        if (!s.draft) throw s.latest ? conflict('CALL_OPEN', '该活动已经开放') : notFound('活动草稿');
        const v = validateDefinition({ ...s.draft.definition, id: callId, version: 1 });
        if (!v.ok) throw invalid('INVALID_DEFINITION', `活动定义还有 ${v.errors.length} 处问题，改正后才能开放：${v.errors[0].message}`, errorsToFields(v.errors));
        await insertVersion(q, { callId, version: 1, definition: v.call, sourceCallId: s.draft.source_call_id, year: s.draft.year, reason: null, by: actor.id, now: now() });
        await deleteDraftRow(q, callId);
        await writeAudit(q, actor, { event: 'call.open', objectType: 'call', objectId: callId, data: { version: 1, title: v.call.title, sourceCallId: s.draft.source_call_id } }, clock.now());
      });
      await calls.reload();
      return detail(callId);
    },

    /**
     * A change to an open call (a built-in one included): a new version with a reason. Refused where it would drop
     * what cases have filled, or make the rules stricter after submissions unless the organiser confirms re-checking.
     */
    async revise(actor: Actor, callId: string, input: ReviseBody) {
      const current = calls.findCall(callId);
      const s = await state(db, callId);
      if (s.draft) throw conflict('CALL_DRAFT', '该活动还是草稿，直接保存即可，开放后的修改才生成新版本');
      if (!current) throw notFound('活动');
      const v = validateDefinition(syncHelpLimits({ ...structuredClone(input.definition), id: callId, version: current.version + 1 }));
      if (!v.ok) throw invalid('INVALID_DEFINITION', `活动定义有 ${v.errors.length} 处问题：${v.errors[0].message}`, errorsToFields(v.errors));
      const next = v.call;
      const changes = diffDefinitions(current, next);
      if (!changes.length) throw badRequest('与当前版本相比没有任何修改');
      await db.tx(async (q) => {
        // One change of a call at a time, each against the version it was made from (another process may have
        // added one since this process loaded the calls).
        await lockCallRevision(q, callId);
        const latest = (await state(q, callId)).latest;
        if (latest && latest.version !== current.version) {
          throw conflict('CALL_CHANGED', '该活动刚刚被修改过（已有更新的版本），请刷新页面后在最新版本上修改');
        }
        const removed = await removedFilled(q, current, next);
        if (removed.length) throw conflict('FIELD_IN_USE', `${removed[0].message}${removed.length > 1 ? `（另有 ${removed.length - 1} 处）` : ''}`);
        const counts = await callCaseCounts(q, callId);
        const stricter = counts.submitted ? tighteningsOf(current, next) : [];
        if (stricter.length && !input.confirmRecheck) {
          const list = stricter.slice(0, 5).map((c) => c.path).join('、');
          throw conflict(
            'RULE_TIGHTENED',
            `已有 ${counts.submitted} 件案例提交，以下修改会收紧规则：${list}${stricter.length > 5 ? ' 等' : ''}。如确需修改，请勾选“重新检查受影响的文件”后再保存`,
          );
        }
        await insertVersion(q, {
          callId, version: next.version, definition: next, sourceCallId: s.latest?.source_call_id ?? null, year: s.frozen[0]?.year ?? yearOf(current),
          reason: input.reason, by: actor.id, now: now(),
        });
        await writeAudit(
          q,
          actor,
          {
            event: 'call.revise',
            objectType: 'call',
            objectId: callId,
            reason: input.reason,
            data: { version: next.version, changes: changes.slice(0, 50).map((c) => ({ path: c.path, kind: c.kind, before: c.before, after: c.after })), tightened: stricter.map((c) => c.path), recheck: stricter.length > 0 },
          },
          clock.now(),
        );
        // Whatever the checks read changed (stricter or looser): the call's files are checked again, queued with the
        // version so the job cannot be lost if the transaction rolls back. Wording and dates re-check nothing.
        if (rulesVersionOf(current) !== rulesVersionOf(next)) await deps.jobs.send('call.recheck', { callId }, { tx: q });
      });
      await calls.reload();
      return detail(callId);
    },

    /** The definition as a readable file: an open call's newest version, or the draft as it stands. */
    async exportFile(actor: Actor, callId: string) {
      const s = await state(db, callId);
      const def: unknown = s.draft ? s.draft.definition : calls.findCall(callId);
      if (!def) throw notFound('活动');
      await writeAudit(db, actor, { event: 'call.definition_export', objectType: 'call', objectId: callId, data: { draft: !!s.draft } }, clock.now());
      const text = s.draft ? `${JSON.stringify(def, null, 2)}\n` : definitionFileText(def as CallDef);
      return { filename: `${callId}${s.draft ? '-草稿' : ''}.json`, text };
    },

    /** A definition file becomes a draft (a new id, or replacing a draft of the same id); it must be valid. */
    async importFile(actor: Actor, text: string) {
      const parsed = parseDefinitionFile(text);
      if (!parsed.ok) throw invalid('INVALID_DEFINITION', `文件中的活动定义有 ${parsed.errors.length} 处问题：${parsed.errors[0].message}`, errorsToFields(parsed.errors));
      const def = parsed.call;
      return db.tx(async (q) => {
        const s = await state(q, def.id);
        if (s.latest || s.file || calls.findCall(def.id)) throw conflict('CALL_ID_TAKEN', `活动编号 ${def.id} 已是开放的活动；如要在此基础上修改，请在编辑器中生成新版本，或把文件中的 id 改为新编号后再导入`);
        if (s.draft) {
          await updateDraft(q, def.id, def, now());
        } else {
          assertNewId(def.id);
          await insertDraft(q, actor, def.id, def as unknown as Record<string, unknown>, null, yearOf(def));
        }
        await writeAudit(q, actor, { event: 'call.definition_import', objectType: 'call', objectId: def.id, data: { title: def.title, replacedDraft: !!s.draft } }, clock.now());
        return detail(def.id, q);
      });
    },
  };
}

export type CallBuilderService = ReturnType<typeof callBuilderService>;
