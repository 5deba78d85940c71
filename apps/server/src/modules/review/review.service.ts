// National review: experts (invitation, activation, conflicts), rounds, assignment, score sheets, aggregation and
// decisions. The rules are pure (packages/domain/src/review); this service loads, calls them, persists and audits.
// Every case state change goes through cases.transitionCase.
import type { CaseDetail } from '@anli/contracts/cases.ts';
import { pageParams, MAX_PAGE_SIZE } from '@anli/contracts/common.ts';
import type { ExpertListQuery } from '@anli/contracts/experts.ts';
import type { CreateRoundBody, DecisionsBody, InviteExpertBody, SheetBody, SheetStatus } from '@anli/contracts/review.ts';
import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { maskPhone } from '@anli/domain/mask.ts';
import { ROUND_STATE_LABELS, STATE_LABELS, type CaseState } from '@anli/domain/lifecycle.ts';
import {
  assignExperts, isEligibleByRules, matchKind, type AssignmentCase, type AssignmentExpert,
} from '@anli/domain/review/assignment.ts';
import {
  aggregateCases, indicatorMax, normalisationUse, normaliseByExpert, rankCases, validateScoreSheet, weightedTotal, type ScoreSheet,
} from '@anli/domain/review/scoring.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import { likePattern } from '../../infra/db/db.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import { checkPassword, presentUser } from '../accounts/accounts.service.ts';
import { createSession } from '../accounts/sessions.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CaseRow } from '../cases/case.repository.ts';
import type { MessagingService } from '../messaging/messaging.service.ts';
import { smsParams } from '../messaging/templates.ts';
import { expertMayReview, PROVINCIAL_ROUND_STATES } from './review.scope.ts';
import { effectiveRubric, RUBRIC_SOURCE_LABELS } from './rubric.service.ts';

export interface ReviewDeps {
  db: Db;
  clock: Clock;
  sessionMaxMs: number;
  calls: CallsService;
  cases: {
    transitionCase(viewer: SessionUser, id: string, action: 'start_review' | 'select' | 'reject', reason?: string | null, q?: Queryable): Promise<CaseRow>;
    get(viewer: SessionUser, id: string): Promise<CaseDetail>;
  };
  /** The outbox: an invitation code also goes to the expert by SMS. */
  messaging: Pick<MessagingService, 'queue'>;
}

/** Who invites, as the invitation SMS names it. */
const inviterName = (actor: SessionUser) => (actor.role === 'province_admin' ? (findProvince(actor.provinceCode ?? '')?.name ?? '省级管理员') : '组委会');

const INVITE_TTL_MS = 30 * 24 * 3600_000;
const MOBILE = /^1[3-9]\d{9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
const isoOf = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
const provinceName = (code: string) => findProvince(code)?.name ?? code;
/**
 * Whose rounds a user works on: the organiser national rounds (and reads every round), a provincial administrator
 * the own province's provincial rounds only (another province's round is "not found").
 */
function scopeOf(u: SessionUser): { provinceCode: string | null } {
  if (u.role === 'organiser') return { provinceCode: null };
  if (u.role === 'province_admin' && u.provinceCode) return { provinceCode: u.provinceCode };
  throw notFound('评审轮次');
}
/** Where an expert's sheet stands: not started, saved as a draft, or submitted. */
const sheetStatus = (a: { submitted_at: Date | null; saved_at: Date | null }): SheetStatus => (a.submitted_at ? 'submitted' : a.saved_at ? 'draft' : 'pending');
/** Groups items by a key, keeping their order. */
function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(key(x));
    if (list) list.push(x);
    else m.set(key(x), [x]);
  }
  return m;
}
/** A list of texts trimmed, without blanks and repeats, at most `max`. */
const strList = (v: string[] | undefined, max = 20): string[] => [...new Set((v ?? []).map((x) => x.trim()).filter(Boolean))].slice(0, max);

interface ExpertRow {
  id: string;
  user_id: string | null;
  name: string;
  phone: string;
  unit_name: string;
  province_code: string;
  subjects: string[];
  stages: string[];
  invite_expires_at: Date | null;
  invited_at: Date;
  activated_at: Date | null;
  /** The province whose administrator invited the expert (the expert belongs to it); null: the national pool. */
  owner_province?: string | null;
}

/**
 * An expert invited by a provincial administrator belongs to that province: the inviter's province, derived from
 * experts.invited_by (no separate column). Used as a select column over `experts e`.
 */
const OWNER = `(select ib.province_code from users ib where ib.id = e.invited_by and ib.role = 'province_admin') as owner_province`;

interface RoundRow {
  id: string;
  call_id: string;
  /** null: a national round (organiser); a province code: a provincial round run by that province's administrator. */
  province_code: string | null;
  name: string;
  case_types: string[];
  per_case: number;
  /** Blind review: experts do not see the authors' names and units. */
  blind: boolean;
  state: 'draft' | 'open' | 'closed';
  created_at: Date;
  opened_at: Date | null;
  closed_at: Date | null;
}

interface AssignmentRow {
  round_id: string;
  case_id: string;
  expert_id: string;
  source: 'auto' | 'manual';
  match: string;
  override_reason: string | null;
  scores: ScoreSheet;
  comment: string;
  total: number | null;
  saved_at: Date | null;
  submitted_at: Date | null;
}

interface RoundCaseRow {
  id: string;
  case_type: string;
  province_code: string;
  state: CaseState;
  title: string;
  form: Record<string, unknown>;
}

/** The first author's 工作单位, the 学科 and the 学段 (or 案例类别) of a case, for 回避 and matching. */
export function caseFacts(type: CaseTypeDef | undefined, form: Record<string, unknown>) {
  const authors = type ? form[type.authorsField] : undefined;
  const first = Array.isArray(authors) && authors[0] && typeof authors[0] === 'object' ? (authors[0] as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    unitName: text(first.unit),
    // 2026 工作室 cases name it 研修学科领域 (subjectArea).
    subject: text(form.subject) ?? text(form.subjectArea),
    stage: text(type?.quotaGroupField ? form[type.quotaGroupField] : form.category) ?? text(form.stage),
  };
}

export function presentExpert(e: ExpertRow, conflicts: Array<{ caseId: string; caseTitle: string; reason: string }> = []) {
  return {
    id: e.id,
    userId: e.user_id,
    name: e.name,
    phone: maskPhone(e.phone),
    unitName: e.unit_name,
    provinceCode: e.province_code,
    provinceName: provinceName(e.province_code),
    subjects: e.subjects ?? [],
    stages: e.stages ?? [],
    invitedAt: iso(new Date(e.invited_at).getTime()),
    inviteExpiresAt: isoOf(e.invite_expires_at),
    activatedAt: isoOf(e.activated_at),
    status: (e.activated_at ? 'active' : 'invited') as 'active' | 'invited',
    ownerProvinceCode: e.owner_province ?? null,
    ownerProvinceName: e.owner_province ? provinceName(e.owner_province) : null,
    conflicts,
  };
}

export function reviewService(deps: ReviewDeps) {
  const { db, clock, calls, cases } = deps;

  /** Demo and directly created expert accounts get a profile, so they can be assigned like invited ones. */
  async function ensureProfiles(q: Queryable) {
    await q.query(
      `insert into experts (user_id, name, phone, unit_name, province_code, activated_at, invited_at)
       select u.id, u.name, u.phone, coalesce(u.unit_name, ''), coalesce(u.province_code, ''), u.created_at, u.created_at
       from users u where u.role = 'expert' and not exists (select 1 from experts e where e.user_id = u.id or e.phone = u.phone)
       on conflict do nothing`,
    );
  }

  async function expertOfUser(q: Queryable, user: SessionUser): Promise<ExpertRow | null> {
    const find = async () => (await q.query<ExpertRow>('select * from experts where user_id = $1', [user.id]))[0] ?? null;
    const e = await find();
    if (e) return e;
    await ensureProfiles(q);
    return find();
  }

  async function loadRound(q: Queryable, roundId: string, forUpdate = false): Promise<RoundRow> {
    if (!UUID.test(roundId)) throw notFound('评审轮次');
    const [r] = await q.query<RoundRow>(`select * from review_rounds where id = $1${forUpdate ? ' for update' : ''}`, [roundId]);
    if (!r) throw notFound('评审轮次');
    return r;
  }

  /**
   * A round as the user may see it (read) or change it (write): a provincial administrator only the own province's
   * rounds; the organiser reads every round but changes only national ones (provincial rounds belong to the province).
   */
  async function roundFor(q: Queryable, u: SessionUser, roundId: string, mode: 'read' | 'write', forUpdate = false): Promise<RoundRow> {
    const scope = scopeOf(u);
    const r = await loadRound(q, roundId, forUpdate);
    if (scope.provinceCode !== null && r.province_code !== scope.provinceCode) throw notFound('评审轮次');
    if (scope.provinceCode === null && mode === 'write' && r.province_code) {
      throw conflict('PROVINCIAL_ROUND', '这是省级评审轮次，由该省省级管理员管理；组委会只能查看');
    }
    return r;
  }

  async function roundCases(q: Queryable, roundId: string): Promise<RoundCaseRow[]> {
    return q.query<RoundCaseRow>(
      `select c.id, c.case_type, c.province_code, c.state, c.title, c.form from review_round_cases rc join cases c on c.id = rc.case_id
       where rc.round_id = $1 order by c.case_type, c.province_code, c.created_at`,
      [roundId],
    );
  }

  function presentRound(r: RoundRow, call: CallDef | undefined, counts?: { cases: number; assignments: number; submitted: number; unassigned: number }) {
    return {
      id: r.id,
      callId: r.call_id,
      callTitle: call?.title ?? r.call_id,
      name: r.name,
      scope: r.province_code ? ('province' as const) : ('national' as const),
      provinceCode: r.province_code,
      provinceName: r.province_code ? provinceName(r.province_code) : null,
      caseTypes: r.case_types.map((t) => ({ id: t, name: (call && findCaseType(call, t)?.name) ?? t })),
      perCase: r.per_case,
      blind: !!r.blind,
      reviewModeLabel: r.blind ? '匿名评审（专家看不到作者姓名和单位）' : '实名评审（专家可见作者姓名和单位）',
      state: r.state,
      stateLabel: ROUND_STATE_LABELS[r.state],
      createdAt: iso(new Date(r.created_at).getTime()),
      openedAt: isoOf(r.opened_at),
      closedAt: isoOf(r.closed_at),
      ...(counts ?? {}),
    };
  }

  /** The rubric experts score with: the organiser's edit, if any (rubric.service.ts), else the call's. */
  async function rubricOf(q: Queryable, call: CallDef, caseType: string) {
    const type = findCaseType(call, caseType);
    if (!type) throw badRequest('案例类型不存在');
    return effectiveRubric(q, call, type);
  }

  /** Checks and normalises a score sheet as saved in a draft: known indicators, numbers in range or empty. */
  function draftSheet(rubric: CaseTypeDef['rubric'], raw: Record<string, number | null> = {}): ScoreSheet {
    const out: ScoreSheet = {};
    const fields: Array<{ path: string; message: string }> = [];
    for (const [k, v] of Object.entries(raw)) {
      const ind = rubric.find((r) => r.id === k);
      if (!ind) {
        fields.push({ path: `scores.${k}`, message: `评分表中没有指标“${k}”` });
        continue;
      }
      if (v === null) continue;
      const max = indicatorMax(ind);
      if (v < 0 || v > max) fields.push({ path: `scores.${k}`, message: `“${ind.name}”的得分须在 0–${max} 分之间` });
      else out[k] = v;
    }
    if (fields.length) throw badRequest('评分有需要修改的内容', fields);
    return out;
  }

  function commentOf(v: string | null | undefined): string {
    if (v === undefined || v === null) return '';
    if (v.length > 2000) throw badRequest('评语最多 2000 字', [{ path: 'comment', message: '评语最多 2000 字' }]);
    return v.trim();
  }

  /** The expert's own assignment in an open round, locked for update when asked. */
  async function ownAssignment(q: Queryable, expert: SessionUser, roundId: string, caseId: string, forUpdate = false) {
    if (!UUID.test(roundId) || !UUID.test(caseId)) throw notFound();
    const e = await expertOfUser(q, expert);
    if (!e) throw notFound();
    const [a] = await q.query<AssignmentRow & { round_state: string; call_id: string; case_type: string }>(
      `select ra.*, rr.state as round_state, rr.call_id, c.case_type from review_assignments ra
       join review_rounds rr on rr.id = ra.round_id join cases c on c.id = ra.case_id
       where ra.round_id = $1 and ra.case_id = $2 and ra.expert_id = $3 and rr.state = 'open' and ${expertMayReview('rr', 'c')}${forUpdate ? ' for update of ra' : ''}`,
      [roundId, caseId, e.id],
    );
    if (!a) throw notFound();
    return { a, expert: e };
  }

  function presentSheet(a: AssignmentRow) {
    return {
      scores: Object.fromEntries(Object.entries(a.scores ?? {}).map(([k, v]) => [k, v ?? null])),
      comment: a.comment ?? '',
      total: a.total,
      savedAt: isoOf(a.saved_at),
      submittedAt: isoOf(a.submitted_at),
      status: sheetStatus(a),
    };
  }

  async function conflictSet(q: Queryable, caseIds?: string[]) {
    const rows = await q.query<{ expert_id: string; case_id: string }>('select expert_id, case_id from expert_conflicts');
    const ids = caseIds ? new Set(caseIds) : null;
    return rows.filter((r) => !ids || ids.has(r.case_id)).map((r) => ({ expertId: r.expert_id, caseId: r.case_id }));
  }

async function listRounds(callId?: string, provinceCode?: string) {
    const params: unknown[] = [];
    const where = [
      ...(callId ? [`r.call_id = $${params.push(callId)}`] : []),
      ...(provinceCode ? [`r.province_code = $${params.push(provinceCode)}`] : []),
    ];
    const rows = await db.query<RoundRow & { cases: number; assignments: number; submitted: number; unassigned: number }>(
      `select r.*,
         (select count(*)::int from review_round_cases rc where rc.round_id = r.id) as cases,
         (select count(*)::int from review_assignments ra where ra.round_id = r.id) as assignments,
         (select count(*)::int from review_assignments ra where ra.round_id = r.id and ra.submitted_at is not null) as submitted,
         (select count(*)::int from review_round_cases rc where rc.round_id = r.id
            and (select count(*) from review_assignments ra where ra.round_id = r.id and ra.case_id = rc.case_id) < r.per_case) as unassigned
       from review_rounds r ${where.length ? `where ${where.join(' and ')}` : ''} order by r.created_at desc`,
      params,
    );
    return rows.map((r) => presentRound(r, safeCall(r.call_id), r));
  }

  /**
   * Opens a provincial round: the province's cases of the round's types that are submitted (recommended or not yet)
   * join it; no case changes state (the round is advisory). Only while the province may still recommend.
   */
  async function openProvincialRound(q: Queryable, actor: SessionUser, r: RoundRow, now: number): Promise<number> {
    const call = calls.requireCall(r.call_id);
    await calls.assertOpen(q, call, 'province_recommendation', r.province_code);
    const added = await q.query<{ case_id: string }>(
      `insert into review_round_cases (round_id, case_id, added_at)
       select $1, c.id, $5 from cases c where c.call_id = $2 and c.province_code = $3
         and c.state in (select jsonb_array_elements_text($6::jsonb)) and c.case_type in (select jsonb_array_elements_text($4::jsonb))
       on conflict do nothing returning case_id`,
      [r.id, r.call_id, r.province_code, JSON.stringify(r.case_types), iso(now), JSON.stringify(PROVINCIAL_ROUND_STATES)],
    );
    await q.query(`update review_rounds set state = 'open', opened_at = coalesce(opened_at, $2), closed_at = null where id = $1`, [r.id, iso(now)]);
    await writeAudit(q, actorOf(actor), {
      event: 'review.round_open', objectType: 'review_round', objectId: r.id, provinceCode: r.province_code, fromState: r.state, toState: 'open', data: { added: added.length },
    }, now);
    return 0;
  }

  /** The expert list rows: each expert with the recorded conflicts and the load in open rounds (grouped once). */
  function presentPool(
    rows: ExpertRow[],
    conflicts: Array<{ expert_id: string; case_id: string; reason: string; title: string }>,
    loads: Array<{ expert_id: string; n: number; done: number }>,
  ) {
    const conflictsOf = groupBy(conflicts, (c) => c.expert_id);
    const loadOf = new Map(loads.map((l) => [l.expert_id, l]));
    return rows.map((e) => ({
      ...presentExpert(e, (conflictsOf.get(e.id) ?? []).map((c) => ({ caseId: c.case_id, caseTitle: c.title || '（未命名案例）', reason: c.reason }))),
      openAssignments: loadOf.get(e.id)?.n ?? 0,
      openSubmitted: loadOf.get(e.id)?.done ?? 0,
    }));
  }

  return {
    // ---------- experts ----------

    /** The organiser invites an expert: a profile and a one-time invitation code (shown once; only its hash is kept). */
    async inviteExpert(actor: SessionUser, input: InviteExpertBody) {
      const name = input.name?.trim() ?? '';
      const phone = input.phone?.trim() ?? '';
      const unitName = input.unitName?.trim() ?? '';
      // A provincial administrator invites experts of and for the own province (they belong to it).
      const own = actor.role === 'province_admin' ? scopeOf(actor).provinceCode : null;
      const provinceCode = own ?? input.provinceCode ?? '';
      const fields: Array<{ path: string; message: string }> = [];
      if (!name || name.length > 20) fields.push({ path: 'name', message: '请填写姓名（20 字以内）' });
      if (!MOBILE.test(phone)) fields.push({ path: 'phone', message: '请输入 11 位手机号码' });
      if (!unitName || unitName.length > 60) fields.push({ path: 'unitName', message: '请填写工作单位（60 字以内）' });
      if (!findProvince(provinceCode)) fields.push({ path: 'provinceCode', message: '请选择省份' });
      if (fields.length) throw badRequest('专家信息有需要修改的内容', fields);
      const code = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 12);
      const now = clock.now();
      const row = await db.tx(async (q) => {
        if ((await q.query('select 1 from users where phone = $1', [phone])).length || (await q.query('select 1 from experts where phone = $1', [phone])).length) {
          throw conflict('PHONE_TAKEN', '该手机号已注册或已被邀请，请换用其他手机号');
        }
        const [e] = await q.query<ExpertRow>(
          `insert into experts (name, phone, unit_name, province_code, subjects, stages, invite_code_hash, invite_expires_at, invited_by, invited_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
          [name, phone, unitName, provinceCode, JSON.stringify(strList(input.subjects)), JSON.stringify(strList(input.stages)), sha(code), iso(now + INVITE_TTL_MS), actor.id, iso(now)],
        );
        await writeAudit(q, actorOf(actor), { event: 'expert.invite', objectType: 'expert', objectId: e.id, provinceCode }, now);
        await deps.messaging.queue(q, [{ channel: 'sms', to: phone, kind: 'expert_invitation', expiresAt: now + INVITE_TTL_MS, ...smsParams('expert_invitation', { inviter: inviterName(actor), code }) }], { now });
        return e;
      });
      return { expert: presentExpert({ ...row, owner_province: own }), code, expiresAt: iso(now + INVITE_TTL_MS) };
    },

    /** A fresh invitation code for an expert who has not activated yet (the old one stops working). */
    async reissueInvitation(actor: SessionUser, expertId: string) {
      if (!UUID.test(expertId)) throw notFound('专家');
      const code = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 12);
      const now = clock.now();
      await db.tx(async (q) => {
        const [e] = await q.query<ExpertRow>(`select e.*, ${OWNER} from experts e where e.id = $1 for update of e`, [expertId]);
        if (!e) throw notFound('专家');
        // A provincial administrator manages only the experts the own province invited.
        if (actor.role !== 'organiser' && (!e.owner_province || e.owner_province !== scopeOf(actor).provinceCode)) throw notFound('专家');
        if (e.activated_at) throw conflict('ALREADY_ACTIVE', '该专家已激活账号，无需重新邀请');
        await q.query('update experts set invite_code_hash = $2, invite_expires_at = $3 where id = $1', [e.id, sha(code), iso(now + INVITE_TTL_MS)]);
        await writeAudit(q, actorOf(actor), { event: 'expert.reinvite', objectType: 'expert', objectId: e.id, provinceCode: e.province_code }, now);
        await deps.messaging.queue(q, [{ channel: 'sms', to: e.phone, kind: 'expert_invitation', expiresAt: now + INVITE_TTL_MS, ...smsParams('expert_invitation', { inviter: inviterName(actor), code }) }], { now });
      });
      return { code, expiresAt: iso(now + INVITE_TTL_MS) };
    },

    /**
     * One page of the expert list, sorted and filtered in the database, with the total. The organiser's list holds
     * every expert; a provincial administrator's (`province`) the national pool's activated experts and the province's
     * own (invited or active), never another province's own, with conflicts and load of the own province only.
     */
    async expertPage(viewer: SessionUser, query: ExpertListQuery, opts: { province?: boolean; maxPageSize?: number } = {}) {
      await ensureProfiles(db);
      const { page, pageSize, offset, order } = pageParams(query);
      const size = Math.min(pageSize, opts.maxPageSize ?? MAX_PAGE_SIZE);
      const params: unknown[] = [];
      const where: string[] = [];
      const provinceCode = opts.province ? scopeOf(viewer).provinceCode : null;
      if (provinceCode) where.push(`((x.owner_province is null and x.user_id is not null) or x.owner_province = $${params.push(provinceCode)})`);
      const text = query.q?.trim();
      if (text) {
        const p = params.push(likePattern(text));
        const digits = /^\d{3,11}$/.test(text) ? ` or x.phone like $${params.push(`%${text}`)}` : '';
        where.push(`(x.name ilike $${p} or x.unit_name ilike $${p}${digits})`);
      }
      if (query.status === 'active') where.push('x.activated_at is not null');
      if (query.status === 'invited') where.push('x.activated_at is null');
      if (query.provinceCode) where.push(`x.province_code = $${params.push(query.provinceCode)}`);
      const cond = where.length ? `where ${where.join(' and ')}` : '';
      const dir = order === 'asc' ? 'asc' : 'desc';
      const col = { invited: 'x.invited_at', name: 'x.name', province: 'x.province_code', status: '(x.activated_at is not null)' }[query.sort ?? 'invited'];
      const from = `(select e.*, ${OWNER} from experts e) x`;
      const rows = await db.query<ExpertRow>(
        `select * from ${from} ${cond} order by ${col} ${dir}, x.id ${dir} limit $${params.push(size)} offset $${params.push(offset)}`, params,
      );
      const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from ${from} ${cond}`, params.slice(0, -2));
      const ids = rows.map((r) => r.id);
      const conflicts = await db.query<{ expert_id: string; case_id: string; reason: string; title: string }>(
        `select ec.expert_id, ec.case_id, ec.reason, c.title from expert_conflicts ec join cases c on c.id = ec.case_id
         where ec.expert_id = any($1::uuid[]) ${provinceCode ? 'and c.province_code = $2' : ''} order by ec.created_at`,
        provinceCode ? [ids, provinceCode] : [ids],
      );
      // Load in open rounds (a province: its own open rounds only).
      const loads = await db.query<{ expert_id: string; n: number; done: number }>(
        `select ra.expert_id, count(*)::int as n, count(ra.submitted_at)::int as done from review_assignments ra
         join review_rounds rr on rr.id = ra.round_id where rr.state = 'open' and ra.expert_id = any($1::uuid[]) ${provinceCode ? 'and rr.province_code = $2' : ''}
         group by ra.expert_id`,
        provinceCode ? [ids, provinceCode] : [ids],
      );
      return { items: presentPool(rows, conflicts, loads), total: n, page, pageSize: size };
    },

    /** Every expert of the organiser's list matching the filters, read in batches (the Excel export streams them). */
    async *expertRowsAll(viewer: SessionUser, query: ExpertListQuery, batch = 1000) {
      for (let page = 1; ; page++) {
        const r = await this.expertPage(viewer, { ...query, page, pageSize: batch }, { maxPageSize: batch });
        yield* r.items;
        if (r.items.length < batch) return;
      }
    },

    /** An invited expert sets a password with the invitation code and the invited phone number; signs in. */
    async activateExpert(input: { code?: string; phone?: string; password?: string }) {
      const phone = input.phone?.trim() ?? '';
      if (!MOBILE.test(phone)) throw badRequest('请输入 11 位手机号码', [{ path: 'phone', message: '请输入 11 位手机号码' }]);
      checkPassword(input.password, phone);
      const code = input.code?.trim().toUpperCase() ?? '';
      const passwordHash = await hash(input.password as string);
      const now = clock.now();
      return db.tx(async (q) => {
        const [e] = await q.query<ExpertRow>('select * from experts where invite_code_hash = $1 for update', [sha(code)]);
        if (!e || e.phone !== phone || e.activated_at || !e.invite_expires_at || new Date(e.invite_expires_at).getTime() <= now) {
          throw new AppError(400, 'BAD_INVITATION_CODE', '邀请码无效、已使用、已过期或与手机号不符，请联系组委会', [{ path: 'code', message: '邀请码无效、已使用、已过期或与手机号不符' }]);
        }
        if ((await q.query('select 1 from users where phone = $1', [phone])).length) throw conflict('PHONE_TAKEN', '该手机号已注册，请联系组委会');
        const [u] = await q.query<{ id: string; phone: string; name: string; role: 'expert'; province_code: string }>(
          `insert into users (phone, password_hash, name, role, province_code, unit_name, created_at) values ($1, $2, $3, 'expert', $4, $5, $6) returning *`,
          [phone, passwordHash, e.name, e.province_code, e.unit_name, iso(now)],
        );
        await q.query('update experts set user_id = $2, activated_at = $3, invite_code_hash = null where id = $1', [e.id, u.id, iso(now)]);
        await writeAudit(q, { id: u.id, role: 'expert', name: e.name }, { event: 'expert.activate', objectType: 'expert', objectId: e.id, provinceCode: e.province_code }, now);
        const token = await createSession(q, u.id, now, { maxMs: deps.sessionMaxMs });
        return { user: presentUser(u), token };
      });
    },

    /** Records a conflict of interest (回避); unsubmitted assignments of the pair are removed at once. */
    async addConflict(actor: SessionUser, expertId: string, input: { caseId?: string; reason?: string }) {
      if (!UUID.test(expertId)) throw notFound('专家');
      const caseId = input.caseId ?? '';
      const reason = input.reason?.trim() ?? '';
      if (!UUID.test(caseId)) throw badRequest('请选择案例', [{ path: 'caseId', message: '请选择案例' }]);
      if (reason.length < 2 || reason.length > 200) throw badRequest('请填写回避原因', [{ path: 'reason', message: '请填写回避原因（2–200 字）' }]);
      const now = clock.now();
      return db.tx(async (q) => {
        const [e] = await q.query<ExpertRow>('select * from experts where id = $1', [expertId]);
        if (!e) throw notFound('专家');
        const [c] = await q.query<{ id: string; province_code: string }>('select id, province_code from cases where id = $1', [caseId]);
        if (!c) throw notFound();
        await q.query(
          `insert into expert_conflicts (expert_id, case_id, reason, created_by, created_at) values ($1, $2, $3, $4, $5)
           on conflict (expert_id, case_id) do update set reason = excluded.reason`,
          [e.id, c.id, reason, actor.id, iso(now)],
        );
        const removed = await q.query<{ round_id: string }>(
          'delete from review_assignments where expert_id = $1 and case_id = $2 and submitted_at is null returning round_id',
          [e.id, c.id],
        );
        await writeAudit(q, actorOf(actor), {
          event: 'expert.conflict', objectType: 'case', objectId: c.id, reason, provinceCode: c.province_code, data: { expertId: e.id, expertName: e.name, removedAssignments: removed.length },
        }, now);
        return { ok: true as const, removedAssignments: removed.length };
      });
    },

    // ---------- rounds ----------

    async createRound(actor: SessionUser, input: CreateRoundBody) {
      const call = calls.requireCall(input.callId);
      const name = input.name?.trim() ?? '';
      const types = strList(input.caseTypes);
      const perCase = input.perCase ?? NaN;
      const fields: Array<{ path: string; message: string }> = [];
      if (!name || name.length > 40) fields.push({ path: 'name', message: '请填写轮次名称（40 字以内）' });
      if (!types.length || types.some((t) => !findCaseType(call, t))) fields.push({ path: 'caseTypes', message: '请选择本轮评审的案例类型' });
      if (!Number.isInteger(perCase) || perCase < 1 || perCase > 20) fields.push({ path: 'perCase', message: '每个案例的评审专家数须为 1–20' });
      if (fields.length) throw badRequest('评审轮次有需要修改的内容', fields);
      const { provinceCode } = scopeOf(actor);
      const now = clock.now();
      const r = await db.tx(async (q) => {
        // A provincial round helps the province decide what to recommend: only while it may still recommend.
        if (provinceCode) await calls.assertOpen(q, call, 'province_recommendation', provinceCode);
        const [r] = await q.query<RoundRow>(
          'insert into review_rounds (call_id, name, case_types, per_case, province_code, created_by, created_at, blind) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *',
          [call.id, name, JSON.stringify(types), perCase, provinceCode, actor.id, iso(now), !!input.blind],
        );
        await writeAudit(q, actorOf(actor), {
          event: 'review.round_create', objectType: 'review_round', objectId: r.id, provinceCode, data: { callId: call.id, name, caseTypes: types, perCase, blind: !!input.blind, scope: provinceCode ? 'province' : 'national' },
        }, now);
        return r;
      });
      return presentRound(r, call, { cases: 0, assignments: 0, submitted: 0, unassigned: 0 });
    },

    /** The rounds a user may see: the organiser every round, a provincial administrator the own province's. */
    async listRounds(viewer: SessionUser, callId?: string) {
      const { provinceCode } = scopeOf(viewer);
      return listRounds(callId, provinceCode ?? undefined);
    },

    /**
     * Opens a round: the call's province-recommended cases of the round's types enter national review (through
     * transitionCase, audited), and every case of those types in national review joins the round.
     */
    async openRound(actor: SessionUser, roundId: string, input: { overrideReason?: string | null } = {}) {
      const now = clock.now();
      const moved = await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.province_code) return openProvincialRound(q, actor, r, now);
        // A national round opens in the national phase, or on the organiser's explicit override with a reason.
        await requireNationalPhase(q, actor, r.call_id, input.overrideReason, 'round_open', { roundId: r.id }, now, '开启国家级评审轮次');
        // Only cases of provinces that reported (locked) their list enter national review.
        const recommended = await q.query<{ id: string }>(
          `select c.id from cases c join province_status ps on ps.call_id = c.call_id and ps.province_code = c.province_code and ps.locked
           where c.call_id = $1 and c.state = 'province_recommended' and c.case_type in (select jsonb_array_elements_text($2::jsonb)) order by c.created_at`,
          [r.call_id, JSON.stringify(r.case_types)],
        );
        for (const c of recommended) await cases.transitionCase(actor, c.id, 'start_review', null, q);
        await q.query(
          `insert into review_round_cases (round_id, case_id, added_at)
           select $1, c.id, $4 from cases c where c.call_id = $2 and c.state = 'national_review' and c.case_type in (select jsonb_array_elements_text($3::jsonb))
           on conflict do nothing`,
          [r.id, r.call_id, JSON.stringify(r.case_types), iso(now)],
        );
        await q.query(`update review_rounds set state = 'open', opened_at = coalesce(opened_at, $2), closed_at = null where id = $1`, [r.id, iso(now)]);
        await writeAudit(q, actorOf(actor), { event: 'review.round_open', objectType: 'review_round', objectId: r.id, fromState: r.state, toState: 'open', data: { moved: recommended.length } }, now);
        return recommended.length;
      });
      return { moved, round: (await listRounds()).find((x) => x.id === roundId)! };
    },

    /** Closes a round: experts no longer see its cases; scores stay for the ranking. */
    /** Provinces with recommended cases of the round's types that have not reported their list (they wait outside). */
    async unreportedProvinces(callId: string) {
      const rows = await db.query<{ province_code: string; n: number }>(
        `select c.province_code, count(*)::int as n from cases c left join province_status ps on ps.call_id = c.call_id and ps.province_code = c.province_code
         where c.call_id = $1 and c.state = 'province_recommended' and not coalesce(ps.locked, false) group by c.province_code order by c.province_code`,
        [callId],
      );
      return rows.map((r) => ({ provinceCode: r.province_code, provinceName: provinceName(r.province_code), cases: r.n }));
    },

    async closeRound(actor: SessionUser, roundId: string) {
      const now = clock.now();
      await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.state !== 'open') throw conflict('ROUND_NOT_OPEN', '该评审轮次未在进行中');
        await q.query(`update review_rounds set state = 'closed', closed_at = $2 where id = $1`, [r.id, iso(now)]);
        await writeAudit(q, actorOf(actor), { event: 'review.round_close', objectType: 'review_round', objectId: r.id, provinceCode: r.province_code, fromState: 'open', toState: 'closed' }, now);
      });
      return (await listRounds()).find((x) => x.id === roundId)!;
    },

    /** Automatic assignment with assignExperts: existing assignments stay (fixed) and open slots are filled. */
    async autoAssign(actor: SessionUser, roundId: string, seed?: number, pick?: string[]) {
      const now = clock.now();
      const picked = (pick ?? []).filter((x) => UUID.test(x));
      if (pick && pick.length && picked.length !== pick.length) throw badRequest('所选专家不存在，请刷新后重新选择');
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.state === 'closed') throw conflict('ROUND_CLOSED', '该评审轮次已结束，不能再分配');
        const call = calls.requireCall(r.call_id);
        await ensureProfiles(q);
        const list = await roundCases(q, r.id);
        if (!list.length) {
          throw conflict('ROUND_EMPTY', r.province_code ? '本轮还没有案例，请先开始评审（本省已提交的案例进入本轮）' : '本轮还没有案例，请先开始评审（省级推荐的案例进入本轮）');
        }
        // The pool: the activated experts of the national pool and, in a provincial round, the province's own
        // (experts a province invited belong to it); or the experts picked for this assignment among them.
        const pool = `select * from (select e.*, ${OWNER} from experts e) x
          where x.user_id is not null and (x.owner_province is null or x.owner_province = $1)`;
        const experts = picked.length
          ? await q.query<ExpertRow>(`${pool} and x.id = any($2::uuid[]) order by x.name, x.id`, [r.province_code ?? '', picked])
          : await q.query<ExpertRow>(`${pool} order by x.name, x.id`, [r.province_code ?? '']);
        if (picked.length && experts.length !== picked.length) throw badRequest('所选专家中有未激活或不存在的专家，请重新选择');
        const existing = await q.query<AssignmentRow>('select * from review_assignments where round_id = $1', [r.id]);
        const caseInputs: AssignmentCase[] = list.map((c) => ({ id: c.id, provinceCode: c.province_code, ...caseFacts(findCaseType(call, c.case_type), c.form ?? {}) }));
        const expertInputs: AssignmentExpert[] = experts.map((e) => ({ id: e.id, provinceCode: e.province_code, unitName: e.unit_name, subjects: e.subjects, stages: e.stages }));
        const expertIds = new Set(experts.map((e) => e.id));
        const result = assignExperts({
          cases: caseInputs,
          experts: expertInputs,
          perCase: r.per_case,
          conflicts: (await conflictSet(q, list.map((c) => c.id))).filter((p) => expertIds.has(p.expertId)),
          fixed: existing.filter((a) => expertIds.has(a.expert_id)).map((a) => ({ expertId: a.expert_id, caseId: a.case_id })),
          seed: seed ?? 1,
          // All cases of a provincial round are of one province: the province rule cannot hold there (unit and
          // recorded conflicts still do).
          allowSameProvince: !!r.province_code,
        });
        const fresh = result.assignments.filter((a) => !a.fixed);
        // In batches: a national round has thousands of slots.
        for (let i = 0; i < fresh.length; i += 2000) {
          const part = fresh.slice(i, i + 2000);
          await q.query(
            `insert into review_assignments (round_id, case_id, expert_id, source, match, assigned_at)
             select $1, x.case_id, x.expert_id, 'auto', x.match, $5 from unnest($2::uuid[], $3::uuid[], $4::text[]) as x(case_id, expert_id, match)
             on conflict do nothing`,
            [r.id, part.map((a) => a.caseId), part.map((a) => a.expertId), part.map((a) => a.match), iso(now)],
          );
        }
        await writeAudit(q, actorOf(actor), {
          event: 'review.assign_auto', objectType: 'review_round', objectId: r.id, provinceCode: r.province_code,
          data: { added: fresh.length, unassigned: result.unassigned.length, ...(picked.length ? { experts: picked.length } : {}) },
        }, now);
        const titles = new Map(list.map((c) => [c.id, c.title]));
        return {
          added: fresh.length,
          unassigned: result.unassigned.map((u) => ({ ...u, title: titles.get(u.caseId) || '（未命名案例）' })),
          loads: result.loads,
        };
      });
    },

    /** Per case of the round: its experts with match, source, override and sheet status; per expert: the load. */
    async assignments(viewer: SessionUser, roundId: string) {
      const r = await roundFor(db, viewer, roundId, 'read');
      const call = safeCall(r.call_id);
      await ensureProfiles(db);
      const list = await roundCases(db, r.id);
      const rows = await db.query<AssignmentRow & { name: string; unit_name: string; province_code: string }>(
        `select ra.*, e.name, e.unit_name, e.province_code from review_assignments ra join experts e on e.id = ra.expert_id
         where ra.round_id = $1 order by e.name`,
        [r.id],
      );
      const conflicts = groupBy(await conflictSet(db, list.map((c) => c.id)), (x) => x.caseId);
      const byCase = groupBy(rows, (a) => a.case_id);
      const loads: Record<string, number> = {};
      for (const a of rows) loads[a.expert_id] = (loads[a.expert_id] ?? 0) + 1;
      return {
        round: presentRound(r, call),
        cases: list.map((c) => {
          const type = call ? findCaseType(call, c.case_type) : undefined;
          const facts = caseFacts(type, c.form ?? {});
          return {
            caseId: c.id,
            title: c.title || '（未命名案例）',
            caseType: c.case_type,
            caseTypeName: type?.name ?? c.case_type,
            provinceCode: c.province_code,
            provinceName: provinceName(c.province_code),
            state: c.state,
            stateLabel: STATE_LABELS[c.state],
            ...facts,
            conflictExpertIds: (conflicts.get(c.id) ?? []).map((x) => x.expertId),
            experts: (byCase.get(c.id) ?? []).map((a) => ({
              expertId: a.expert_id,
              name: a.name,
              unitName: a.unit_name,
              provinceName: provinceName(a.province_code),
              source: a.source,
              match: a.match,
              overrideReason: a.override_reason,
              status: sheetStatus(a),
              total: a.total,
            })),
          };
        }),
        loads,
      };
    },

    /**
     * Adds an expert to a case by hand. An expert of the case's province or unit, or with a recorded conflict, needs
     * an explicit override with a reason, which is audited as such.
     */
    async addAssignment(actor: SessionUser, roundId: string, input: { caseId?: string; expertId?: string; overrideReason?: string | null }) {
      const caseId = input.caseId ?? '';
      const expertId = input.expertId ?? '';
      const overrideReason = input.overrideReason?.trim() ?? '';
      if (!UUID.test(caseId) || !UUID.test(expertId)) throw badRequest('请选择案例和专家');
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        if (r.state === 'closed') throw conflict('ROUND_CLOSED', '该评审轮次已结束，不能再分配');
        const call = calls.requireCall(r.call_id);
        const [c] = await q.query<RoundCaseRow>(
          `select c.id, c.case_type, c.province_code, c.state, c.title, c.form from review_round_cases rc join cases c on c.id = rc.case_id where rc.round_id = $1 and c.id = $2`,
          [r.id, caseId],
        );
        if (!c) throw notFound();
        const [e] = await q.query<ExpertRow>(`select e.*, ${OWNER} from experts e where e.id = $1`, [expertId]);
        if (!e || (r.province_code && e.owner_province && e.owner_province !== r.province_code)) throw notFound('专家');
        if ((await q.query('select 1 from review_assignments where round_id = $1 and case_id = $2 and expert_id = $3', [r.id, c.id, e.id])).length) {
          throw conflict('ALREADY_ASSIGNED', '该专家已分配到此案例');
        }
        const facts = caseFacts(findCaseType(call, c.case_type), c.form ?? {});
        const ac: AssignmentCase = { id: c.id, provinceCode: c.province_code, ...facts };
        const ae: AssignmentExpert = { id: e.id, provinceCode: e.province_code, unitName: e.unit_name, subjects: e.subjects, stages: e.stages };
        const reasons: string[] = [];
        const allowSameProvince = !!r.province_code;
        if (!isEligibleByRules(ac, ae, { allowSameProvince })) {
          reasons.push(!allowSameProvince && c.province_code === e.province_code ? '专家与案例同省' : '专家与案例第一作者同单位');
        }
        const [rec] = await q.query<{ reason: string }>('select reason from expert_conflicts where expert_id = $1 and case_id = $2', [e.id, c.id]);
        if (rec) reasons.push(`已登记回避：${rec.reason}`);
        if (reasons.length && overrideReason.length < 2) {
          throw new AppError(409, 'CONFLICT_OF_INTEREST', `${reasons.join('；')}。如确需分配，请填写越过回避的理由`, [{ path: 'overrideReason', message: '请填写越过回避的理由' }]);
        }
        const override = reasons.length ? overrideReason : null;
        await q.query(
          `insert into review_assignments (round_id, case_id, expert_id, source, match, override_reason, assigned_at) values ($1, $2, $3, 'manual', $4, $5, $6)`,
          [r.id, c.id, e.id, matchKind(ac, ae), override, iso(now)],
        );
        await writeAudit(q, actorOf(actor), {
          event: override ? 'review.conflict_override' : 'review.assign_manual', objectType: 'case', objectId: c.id, reason: override,
          provinceCode: c.province_code, data: { roundId: r.id, expertId: e.id, expertName: e.name, conflicts: reasons },
        }, now);
        return { ok: true as const, override: !!override };
      });
    },

    /** Removes an expert from a case; a submitted sheet cannot be removed. */
    async removeAssignment(actor: SessionUser, roundId: string, caseId: string, expertId: string) {
      if (!UUID.test(caseId) || !UUID.test(expertId)) throw notFound();
      const now = clock.now();
      return db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write', true);
        const [a] = await q.query<AssignmentRow & { province_code: string }>(
          'select ra.*, c.province_code from review_assignments ra join cases c on c.id = ra.case_id where ra.round_id = $1 and ra.case_id = $2 and ra.expert_id = $3 for update of ra',
          [r.id, caseId, expertId],
        );
        if (!a) throw notFound('分配');
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '该专家已提交评分，不能移除');
        await q.query('delete from review_assignments where round_id = $1 and case_id = $2 and expert_id = $3', [r.id, caseId, expertId]);
        await writeAudit(q, actorOf(actor), { event: 'review.unassign', objectType: 'case', objectId: caseId, provinceCode: a.province_code, data: { roundId: r.id, expertId } }, now);
        return { ok: true as const };
      });
    },

    // ---------- expert: tasks and score sheets ----------

    async tasks(expert: SessionUser) {
      const e = await expertOfUser(db, expert);
      if (!e) return { total: 0, submitted: 0, tasks: [] };
      const rows = await db.query<AssignmentRow & { round_name: string; round_province: string | null; round_blind: boolean; call_id: string; case_type: string; title: string }>(
        `select ra.*, rr.name as round_name, rr.province_code as round_province, rr.blind as round_blind, rr.call_id, c.case_type, c.title from review_assignments ra
         join review_rounds rr on rr.id = ra.round_id join cases c on c.id = ra.case_id
         where ra.expert_id = $1 and rr.state = 'open' and ${expertMayReview('rr', 'c')} order by rr.created_at, c.case_type, c.created_at`,
        [e.id],
      );
      const tasks = rows.map((a) => {
        const call = safeCall(a.call_id);
        return {
          roundId: a.round_id,
          roundName: a.round_name,
          roundScope: a.round_province ? `省级评审（${provinceName(a.round_province)}）` : '国家级评审',
          reviewMode: a.round_blind ? '匿名评审' : '实名评审',
          caseId: a.case_id,
          title: a.title || '（未命名案例）',
          callTitle: call?.title ?? a.call_id,
          caseType: a.case_type,
          caseTypeName: (call && findCaseType(call, a.case_type)?.name) ?? a.case_type,
          ...presentSheet(a),
        };
      });
      return { total: tasks.length, submitted: tasks.filter((t) => t.status === 'submitted').length, tasks };
    },

    /** The review page's data: the case (scoped, phones masked), its rubric and the expert's own sheet. */
    async sheet(expert: SessionUser, roundId: string, caseId: string) {
      const { a } = await ownAssignment(db, expert, roundId, caseId);
      const call = calls.requireCall(a.call_id);
      const [r] = await db.query<RoundRow>('select * from review_rounds where id = $1', [roundId]);
      return {
        round: presentRound(r, call),
        case: await cases.get(expert, caseId),
        rubric: await rubricOf(db, call, a.case_type),
        rubricSource: findCaseType(call, a.case_type)?.rubricSource ?? 'notice',
        rubricSourceLabel: RUBRIC_SOURCE_LABELS[findCaseType(call, a.case_type)?.rubricSource ?? 'notice'],
        scale: 'points' as const,
        sheet: presentSheet(a),
      };
    },

    async saveSheet(expert: SessionUser, roundId: string, caseId: string, input: SheetBody) {
      const now = clock.now();
      return db.tx(async (q) => {
        const { a } = await ownAssignment(q, expert, roundId, caseId, true);
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '评分已提交，不能再修改');
        const rubric = await rubricOf(q, calls.requireCall(a.call_id), a.case_type);
        const scores = draftSheet(rubric, input.scores);
        const comment = commentOf(input.comment);
        const complete = validateScoreSheet(rubric, scores).length === 0;
        const total = complete ? weightedTotal(rubric, scores) : null;
        await q.query(
          'update review_assignments set scores = $4, comment = $5, total = $6, saved_at = $7 where round_id = $1 and case_id = $2 and expert_id = $3',
          [a.round_id, a.case_id, a.expert_id, JSON.stringify(scores), comment, total, iso(now)],
        );
        return presentSheet({ ...a, scores, comment, total, saved_at: new Date(now) });
      });
    },

    /** Submits the sheet: complete and valid (scoring.ts), then locked. */
    async submitSheet(expert: SessionUser, roundId: string, caseId: string, input: SheetBody) {
      const now = clock.now();
      return db.tx(async (q) => {
        const { a, expert: e } = await ownAssignment(q, expert, roundId, caseId, true);
        if (a.submitted_at) throw conflict('SHEET_SUBMITTED', '评分已提交，不能再修改');
        const rubric = await rubricOf(q, calls.requireCall(a.call_id), a.case_type);
        const scores = input.scores === undefined ? a.scores ?? {} : draftSheet(rubric, input.scores);
        const comment = input.comment === undefined ? a.comment ?? '' : commentOf(input.comment);
        const issues = validateScoreSheet(rubric, scores);
        if (issues.length) throw badRequest(`还有 ${issues.length} 项评分需要完善`, issues.map((i) => ({ path: `scores.${i.indicatorId}`, message: i.message })));
        const total = weightedTotal(rubric, scores);
        await q.query(
          'update review_assignments set scores = $4, comment = $5, total = $6, saved_at = $7, submitted_at = $7 where round_id = $1 and case_id = $2 and expert_id = $3',
          [a.round_id, a.case_id, a.expert_id, JSON.stringify(scores), comment, total, iso(now)],
        );
        const [c] = await q.query<{ province_code: string }>('select province_code from cases where id = $1', [caseId]);
        await writeAudit(q, actorOf(expert), {
          event: 'review.score_submit', objectType: 'case', objectId: caseId, provinceCode: c?.province_code ?? null, data: { roundId, expertId: e.id, total },
        }, now);
        return presentSheet({ ...a, scores, comment, total, saved_at: new Date(now), submitted_at: new Date(now) });
      });
    },

    // ---------- aggregation and decisions ----------

    /**
     * The round's results: per case the raw and normalised means (per-expert z-scores over the round's submitted
     * sheets), the disagreement flag, and ranks per case type and per province; ranked on `by` (default normalised).
     */
    async results(viewer: SessionUser, roundId: string, by: 'normalised' | 'raw' = 'normalised') {
      const r = await roundFor(db, viewer, roundId, 'read');
      return roundResults(r, by);
    },

    /**
     * Provincial round results beside the province's case list (advisory): per case of the own province, its
     * standing in the latest opened provincial round of the call that holds it.
     */
    async provinceAdvice(admin: SessionUser, callId: string) {
      const { provinceCode } = scopeOf(admin);
      const call = calls.requireCall(callId);
      const rounds = await db.query<RoundRow>(
        `select * from review_rounds where call_id = $1 and province_code = $2 and state <> 'draft' order by opened_at desc nulls last, created_at desc`,
        [call.id, provinceCode],
      );
      const out: Record<string, { roundId: string; roundName: string; roundState: string; assigned: number; submitted: number; rawMean: number | null; normalisedMean: number | null; typeRank: number | null; typeCount: number; tied: boolean; disagreement: boolean }> = {};
      for (const r of rounds) {
        const res = await roundResults(r, 'normalised');
        const typeCounts = new Map<string, number>();
        for (const row of res.rows) if (row.typeRank !== null) typeCounts.set(row.caseType, (typeCounts.get(row.caseType) ?? 0) + 1);
        for (const row of res.rows) {
          if (out[row.caseId]) continue;
          out[row.caseId] = {
            roundId: r.id, roundName: r.name, roundState: res.round.stateLabel, assigned: row.assigned, submitted: row.submitted,
            rawMean: row.rawMean, normalisedMean: row.normalisedMean, typeRank: row.typeRank, typeCount: typeCounts.get(row.caseType) ?? 0,
            tied: row.tied, disagreement: !!row.disagreement?.flagged,
          };
        }
      }
      return { callId: call.id, cases: out };
    },

    /** Decides selected / not selected for cases of the round, all or nothing, through transitionCase (audited). */
    decide,
  };

  async function roundResults(r: RoundRow, by: 'normalised' | 'raw') {
    {
      const call = safeCall(r.call_id);
      const list = await roundCases(db, r.id);
      const sheets = await db.query<AssignmentRow & { name: string }>(
        `select ra.*, e.name from review_assignments ra join experts e on e.id = ra.expert_id where ra.round_id = $1 order by e.name`,
        [r.id],
      );
      const submitted = sheets.filter((s) => s.submitted_at && s.total !== null);
      const scores = submitted.map((s) => ({ expertId: s.expert_id, caseId: s.case_id, total: Number(s.total) }));
      // Normalised scores only when every expert of the round scored enough cases; otherwise the raw mean ranks.
      const use = normalisationUse(scores);
      if (!use.available) by = 'raw';
      const names = new Map(sheets.map((s) => [s.expert_id, s.name]));
      const normalisation = {
        available: use.available,
        minCases: use.minCases,
        reason: use.available
          ? null
          : scores.length === 0
            ? '尚无专家提交评分，暂不计算标准化分'
            : `标准化分要求每位专家在本轮至少评阅 ${use.minCases} 个案例，${use.tooFew.slice(0, 5).map((t) => `${names.get(t.expertId) ?? '一位专家'}仅 ${t.count} 个`).join('、')}${use.tooFew.length > 5 ? ` 等 ${use.tooFew.length} 位专家` : ''}；评阅案例太少时 z 分数没有意义，因此本页按原始均分排名，不显示标准化分`,
      };
      const normalised = new Map(use.available ? normaliseByExpert(scores).map((n) => [`${n.expertId}:${n.caseId}`, n.normalised]) : []);
      const sheetsByCase = groupBy(sheets, (x) => x.case_id);
      const perCase = new Map(aggregateCases(scores).map((a) => [a.caseId, a]));
      const ranked = new Map(
        rankCases(list.filter((c) => perCase.has(c.id)).map((c) => ({
          caseId: c.id, caseTypeId: c.case_type, provinceCode: c.province_code,
          score: by === 'raw' ? perCase.get(c.id)!.rawMean : perCase.get(c.id)!.normalisedMean,
        }))).map((x) => [x.caseId, x]),
      );
      const rows = list.map((c) => {
        const agg = perCase.get(c.id);
        const rk = ranked.get(c.id);
        const mine = sheetsByCase.get(c.id) ?? [];
        return {
          caseId: c.id,
          title: c.title || '（未命名案例）',
          caseType: c.case_type,
          caseTypeName: (call && findCaseType(call, c.case_type)?.name) ?? c.case_type,
          provinceCode: c.province_code,
          provinceName: provinceName(c.province_code),
          state: c.state,
          stateLabel: STATE_LABELS[c.state],
          assigned: mine.length,
          submitted: agg?.count ?? 0,
          rawMean: agg?.rawMean ?? null,
          normalisedMean: use.available ? (agg?.normalisedMean ?? null) : null,
          disagreement: agg?.disagreement ?? null,
          typeRank: rk?.typeRank ?? null,
          provinceRank: rk?.provinceRank ?? null,
          tied: rk?.tied ?? false,
          sheets: mine.map((s) => ({
            expertId: s.expert_id,
            expertName: s.name,
            status: sheetStatus(s),
            total: s.submitted_at ? s.total : null,
            normalised: s.submitted_at ? normalised.get(`${s.expert_id}:${s.case_id}`) ?? null : null,
            comment: s.submitted_at ? s.comment : '',
          })),
        };
      });
      rows.sort((a, b) =>
        a.caseType.localeCompare(b.caseType) || (a.typeRank ?? 1e9) - (b.typeRank ?? 1e9) || a.caseId.localeCompare(b.caseId));
      return { round: presentRound(r, call), by, normalisation, rows };
    }
  }

  /**
   * The national phase (国家级推荐) must be open for national rounds, decisions and publication; outside it the organiser
   * gives an explicit override with a reason, recorded in the audit log (`override.<what>`). Without one: 409
   * OVERRIDE_REQUIRED naming what is missing, which the page answers with a dialog asking for the reason.
   */
  async function requireNationalPhase(q: Queryable, actor: SessionUser, callId: string, overrideIn: string | null | undefined, what: string, data: Record<string, unknown>, now: number, label: string) {
    const call = calls.requireCall(callId);
    if (await calls.isOpen(q, call, 'national_recommendation', null)) return null;
    const phase = call.phases.find((p) => p.id === 'national_recommendation')?.name ?? '国家级推荐';
    return requireOverride(q, actor, overrideIn, what, [`“${phase}”阶段未开放`], { callId, ...data }, now, label);
  }

  async function requireOverride(q: Queryable, actor: SessionUser, overrideIn: string | null | undefined, what: string, problems: string[], data: Record<string, unknown>, now: number, label: string) {
    const reason = overrideIn?.trim() ?? '';
    if (reason.length < 2) {
      throw conflict('OVERRIDE_REQUIRED', `${problems.join('；')}。如确需${label}，请填写理由后强制执行（记入审计日志）`);
    }
    if (reason.length > 500) throw badRequest('强制执行的理由不超过 500 字');
    await writeAudit(q, actorOf(actor), { event: `override.${what}`, objectType: data.roundId ? 'review_round' : 'call', objectId: String(data.roundId ?? data.callId ?? ''), reason, data: { ...data, problems } }, now);
    return reason;
  }

  async function decide(actor: SessionUser, roundId: string, input: DecisionsBody) {
    {
      const decisions = input.decisions;
      if (!decisions.length) throw badRequest('请选择案例并确定入选或未入选');
      const now = clock.now();
      await db.tx(async (q) => {
        const r = await roundFor(q, actor, roundId, 'write');
        for (const d of decisions) {
          const inRound = await q.query('select 1 from review_round_cases where round_id = $1 and case_id = $2', [r.id, d.caseId]);
          if (!inRound.length) throw notFound();
        }
        const problems: string[] = [];
        const call = calls.requireCall(r.call_id);
        if (!(await calls.isOpen(q, call, 'national_recommendation', null))) problems.push(`“${call.phases.find((p) => p.id === 'national_recommendation')?.name ?? '国家级推荐'}”阶段未开放`);
        const selecting = decisions.filter((d) => d.decision === 'select').map((d) => d.caseId);
        if (selecting.length) {
          if (r.state === 'open') problems.push('本轮评审仍在进行中（专家仍可评分），请先关闭轮次');
          // Each selected case needs the round's number of submitted score sheets.
          const short = await q.query<{ title: string; n: number }>(
            `select c.title, (select count(*) from review_assignments ra where ra.round_id = $1 and ra.case_id = c.id and ra.submitted_at is not null)::int as n
             from cases c where c.id = any($2::uuid[])`, [r.id, selecting.filter((x) => UUID.test(x))],
          );
          const lacking = short.filter((c) => c.n < r.per_case);
          if (lacking.length) {
            problems.push(`${lacking.length} 个案例评分不足 ${r.per_case} 份（${lacking.slice(0, 5).map((c) => `“${c.title || '（未命名案例）'}”${c.n} 份`).join('、')}${lacking.length > 5 ? ' 等' : ''}）`);
          }
        }
        const reason = problems.length
          ? await requireOverride(q, actor, input.overrideReason, 'decide', problems, { roundId: r.id, callId: r.call_id, cases: decisions.length }, now, '确定结果')
          : null;
        for (const d of decisions) {
          await cases.transitionCase(actor, d.caseId, d.decision, reason ? `强制执行：${reason}` : null, q);
        }
      });
      return { ok: true as const, decided: decisions.length };
    }
  }

  function safeCall(callId: string): CallDef | undefined {
    try {
      return calls.requireCall(callId);
    } catch {
      return undefined;
    }
  }
}

export type ReviewService = ReturnType<typeof reviewService>;
