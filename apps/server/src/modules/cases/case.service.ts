// Cases: create, edit, and the one entry point through which every state change goes (transitionCase).
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { caseTitle, pickFormFields, validateForm, type FieldError, type FormData } from '@anli/domain/form.ts';
import {
  availableActions, decideTransition, isEditableByAuthor, nextStepForAuthor, STATE_LABELS, type CaseAction, type CaseState,
} from '@anli/domain/lifecycle.ts';
import { maskPhone } from '@anli/domain/mask.ts';
import { authorMobiles, evaluateFormRules, firstAuthorProblem } from '@anli/domain/form-rules.ts';
import { defaultResubmitUntil, formatBeijing, isPhaseOpen, resubmitUntilProblem } from '@anli/domain/deadline.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { groupMax, hasQuotaRoom, quotaGroupOf } from '@anli/domain/quota.ts';
import {
  chainLevel, chainStateLabel, draftLevel, entryLevel, LEVEL_LABELS, levelQuota, nextLevel, regionAtLevel, regionProblem, type ChainLevel,
} from '@anli/domain/chain.ts';
import { regionFullName } from '@anli/domain/regions/regions.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import { DomainError, badRequest, conflict, forbidden, notFound } from '@anli/domain/errors.ts';
import { invalid } from '@anli/domain/errors.ts';
import { can, type PolicyCase } from '@anli/domain/case-policy.ts';
import type { SessionUser } from '../../http/auth.ts';
import { presentAuditRows, writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import {
  assignedBlind, authorHasCaseInCall, casePageReads, countCasesInScope, countCasesByGroup, countCasesNamingSamePerson, countChainRecommended, countRecommended, deleteCase,
  findCaseInScope, findCasesInScope, insertDraftCase, listCaseIdsInScope, listCasesInScope, lockAuthor, lockChainRegion, lockPeopleInCall,
  setCaseRegion, updateCaseForm, updateCaseTransitionWithAudit,
  type CaseFilter, type CaseListOptions, type CaseRow, type CaseTransitionWrite,
} from './case.repository.ts';
import { lockProvinceStatus, provinceListLocked } from '../province/province.repository.ts';

export interface CasesDeps {
  db: Db;
  clock: Clock;
  calls: CallsService;
  /** What the files of a case keep from submission (missing, still checking, blocking fails). */
  files: {
    submissionProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]>;
    /** Explanations not yet accepted and manual items not ticked: what keeps the province from recommending. */
    recommendProblems(q: Queryable, caseId: string, type: CaseTypeDef): Promise<FieldError[]>;
    /** Checks the current files of these slots again (a form answer their rules use changed). */
    recheckSlots(q: Queryable, caseId: string, slots: string[]): Promise<void>;
    /** Ends open uploads on the case and records the hash of every file as this submission. */
    freezeSubmission(q: Queryable, caseId: string, at: number): Promise<{ submission: number; endedUploads: number; files: Array<{ slot: string; fileId: string; sha256: string; size: number }> }>;
  };
  /** Tells the author what happened (in-app notice and SMS through the outbox), inside the transition's transaction. */
  notices: { onCaseTransition(q: Queryable, row: CaseRow, action: CaseAction, reason?: string | null, extra?: { deadline?: number | null }): Promise<void> };
}

/** The facts of a case row the access policy reads. */
const policyCase = (row: CaseRow): PolicyCase => ({ authorId: row.author_id });

const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
const iso = (ms: number) => new Date(ms).toISOString();

/** Masks authors' mobile numbers in form data for viewers other than the author and the organiser. */
function formForViewer(type: CaseTypeDef | undefined, form: FormData, viewer: SessionUser, row: CaseRow, blind = false): FormData {
  if (!type || can(viewer, 'read.phones', policyCase(row))) return form;
  const out = { ...form };
  const authors = out[type.authorsField];
  if (Array.isArray(authors)) {
    out[type.authorsField] = authors.map((a) => {
      if (!a || typeof a !== 'object') return a;
      // PIPL: an expert needs no phone number at all (masked ones included); in a blind round no name or unit either.
      if (!can(viewer, 'read.masked_phones', policyCase(row))) {
        const { mobile: _m, ...rest } = a as Record<string, unknown>;
        if (!blind) return rest;
        const { name: _n, unit: _u, ...anonymous } = rest;
        return anonymous;
      }
      return { ...a, mobile: maskPhone((a as any).mobile) };
    });
  }
  return out;
}

/**
 * Other non-draft cases of the call that name one of these people (by mobile, as any author), or were filed by the
 * same account (form.one_case_per_author: per person, whichever account filed the other case).
 */
const namingSamePerson = (call: CallDef, type: CaseTypeDef, row: CaseRow, mobiles: string[]) =>
  ({ callId: call.id, caseId: row.id, authorId: row.author_id, authorsField: type.authorsField, mobiles });
function casesNamingSamePerson(q: Queryable, call: CallDef, type: CaseTypeDef, row: CaseRow, mobiles: string[]): Promise<number> {
  return countCasesNamingSamePerson(q, namingSamePerson(call, type, row, mobiles));
}

/** Whether an expert reads the case in a blind round (any open round assigning it to them that is blind). */
async function blindForExpert(q: Queryable, viewer: SessionUser, caseId: string): Promise<boolean> {
  if (viewer.role !== 'expert') return false;
  return assignedBlind(q, caseId, viewer.id);
}

/** Whether the province has reported (and so locked) its list for the call. */
const listLocked = (q: Queryable, call: CallDef, provinceCode: string) => provinceListLocked(q, call.id, provinceCode);

/** The level a county or city administrator acts at. */
export const levelOfRole = (role: string): ChainLevel | null => (role === 'county_admin' ? 'county' : role === 'city_admin' ? 'city' : null);

/** What a viewer may do to a case of a chained call, given the level it stands at. */
function chainActions(call: CallDef, row: CaseRow, viewer: SessionUser): CaseAction[] {
  const level = levelOfRole(viewer.role);
  if (level) {
    if (row.state !== 'submitted' || !chainLevel(call, level)) return [];
    if (row.recommendation_level === level) return ['chain_recommend', 'return'];
    if (row.recommendation_level === nextLevel(call, level)) return ['chain_unrecommend'];
    return [];
  }
  if (viewer.role === 'province_admin' && row.recommendation_level !== 'province') return [];
  return availableActions(row.state, viewer.role);
}

/** The 学段 (2025), 案例类别 (循证教研) or, for a 工作室 case, its 认定层级, for the lists' 学段/类别 column. */
function classificationOf(type: CaseTypeDef | undefined, form: FormData): string | null {
  if (!type) return null;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  if (type.quotaGroupField) return text(form[type.quotaGroupField]);
  if (text(form.category)) return text(form.category);
  const level = type.fields.find((f) => f.key === 'level');
  if (level && text(form.level)) return `${level.label.replace(/^工作室/, '')}：${text(form.level)}`;
  return null;
}

/**
 * A state as the lists name it: in a chained call a submitted case names its level (县级已推荐，待市级审核), and a
 * returned one who returned it (县级管理员退回修改).
 */
function stepLabel(call: CallDef, state: string | null, level: string | null | undefined, regionCode: string | null, event: string, side: 'from' | 'to'): string {
  if (!state) return '';
  const s = state as CaseState;
  if (level && s === 'submitted' && (level === 'county' || level === 'city' || level === 'province')) {
    return chainStateLabel(call, level, entryLevel(call, regionCode));
  }
  if (level && s === 'returned' && side === 'to' && event === 'case.return' && (level === 'county' || level === 'city' || level === 'province')) {
    return `${LEVEL_LABELS[level]}管理员退回修改`;
  }
  return STATE_LABELS[s] ?? '';
}

/** How a mode-1 imported case not yet recommended is named on every page and export. */
export const PRESELECTED_LABEL = '方式一预选（占用名额）';
const manualReview = (row: CaseRow) => row.state === 'submitted' && (row.pending_explanations ?? 0) > 0;

export function presentCaseSummary(call: CallDef | undefined, row: CaseRow, viewer: SessionUser) {
  const type = call ? findCaseType(call, row.case_type) : undefined;
  const chained = !!call && !!row.recommendation_level;
  const entry = chained ? entryLevel(call!, row.region_code) : null;
  const preselectedNow = !!row.preselected_at && ['draft', 'submitted', 'returned'].includes(row.state);
  const baseLabel = chained && row.state === 'submitted'
    ? chainStateLabel(call!, row.recommendation_level!, entry)
    : manualReview(row)
      ? '待人工复核'
      : chained && row.state === 'returned' && row.returned_level && row.returned_level in LEVEL_LABELS
      ? `${LEVEL_LABELS[row.returned_level as keyof typeof LEVEL_LABELS]}管理员退回修改`
      : STATE_LABELS[row.state];
  return {
    id: row.id,
    callId: row.call_id,
    callTitle: call?.title ?? row.call_id,
    caseType: row.case_type,
    caseTypeName: type?.name ?? row.case_type,
    title: row.title || '（未命名案例）',
    state: row.state,
    // A mode-1 imported case reads 方式一预选（占用名额） on every list and export until the province recommends it.
    stateLabel: preselectedNow ? `${PRESELECTED_LABEL}·${row.state === 'draft' ? '待作者填写' : baseLabel}` : baseLabel,
    /** Submitted with explained findings the province has not accepted yet (待人工复核). */
    manualReview: manualReview(row),
    regionCode: row.region_code ?? null,
    regionName: row.region_code ? regionFullName(row.region_code) : null,
    /** Chained calls: the level deciding on the case now (county, city or province). */
    recommendationLevel: row.recommendation_level ?? null,
    provinceCode: row.province_code,
    provinceName: findProvince(row.province_code)?.name ?? row.province_code,
    authorName: row.author_name,
    // Experts see no phone number at all (PIPL: what review needs and nothing more).
    authorPhone: can(viewer, 'read.phones', policyCase(row)) ? row.author_phone : can(viewer, 'read.masked_phones', policyCase(row)) ? maskPhone(row.author_phone) : '',
    quotaGroup: row.quota_group,
    /** The 学段 (2025) or 案例类别 (2026) of the case, for list columns. */
    classification: classificationOf(type, row.form ?? {}),
    quotaGroupName: call?.quota.groups.find((g) => g.id === row.quota_group)?.name ?? null,
    updatedAt: iso(new Date(row.updated_at).getTime()),
    submittedAt: row.submitted_at ? iso(new Date(row.submitted_at).getTime()) : null,
    returnReason: row.return_reason,
    // What the author should do next: the author's line only (an administrator decides, it does not fill in).
    nextStep: viewer.role !== 'author' ? '' :
      chained && row.state === 'submitted'
        ? row.recommendation_level === entry
          ? `等待${LEVEL_LABELS[row.recommendation_level!]}管理员审核；审核前可撤回修改`
          : `已获推荐，等待${LEVEL_LABELS[row.recommendation_level!]}管理员审核`
        : nextStepForAuthor(row.state),
    actions: [
      ...(chained ? chainActions(call!, row, viewer) : availableActions(row.state, viewer.role)),
      ...(preselectedNow && viewer.id === row.author_id ? (['decline'] as CaseAction[]) : []),
    ],
    editable: viewer.id === row.author_id && isEditableByAuthor(row.state),
    /** Imported by a mode-1 province: 方式一预选（占用名额） while not yet recommended. */
    preselected: !!row.preselected_at,
    preselectedLabel: preselectedNow ? PRESELECTED_LABEL : null,
    deletable: viewer.id === row.author_id && row.state === 'draft' && !row.ever_submitted && !row.preselected_at,
    declineReason: row.decline_reason ?? null,
  };
}

export function casesService(deps: CasesDeps) {
  const { db, clock, calls } = deps;

  function typeOf(call: CallDef, typeId: string): CaseTypeDef {
    const t = findCaseType(call, typeId);
    if (!t) throw badRequest('案例类型不存在');
    return t;
  }

  /**
   * What saving the author's form writes, from the case as read: refuses a case the author may not edit and a form
   * with errors; names the slots whose checks read a changed answer (video.parts reads the parts' start times, the AI
   * labels the AI-content declaration), which are then checked again.
   */
  function planSave(author: SessionUser, row: CaseRow, formIn: unknown, regionIn: unknown) {
    if (row.author_id !== author.id) throw forbidden('只有作者本人可以修改案例');
    if (!isEditableByAuthor(row.state)) throw conflict('NOT_EDITABLE', `案例当前状态为“${STATE_LABELS[row.state]}”，不能修改；提交后如需修改请先撤回`);
    const call = calls.requireCall(row.call_id);
    const type = typeOf(call, row.case_type);
    const form = pickFormFields(type, formIn as FormData);
    const errors = validateForm(type, form, { partial: true });
    if (errors.length) throw badRequest('表单有需要修改的内容', errors);
    let region: Pick<CaseRow, 'region_code' | 'recommendation_level'> | null = null;
    if (regionIn !== undefined && call.chain) {
      const regionCode = regionIn ? String(regionIn) : null;
      const regionError = regionCode ? regionProblem(call, row.province_code, regionCode) : null;
      if (regionError) throw badRequest(regionError, [{ path: 'regionCode', message: regionError }]);
      region = { region_code: regionCode, recommendation_level: draftLevel(call, row.province_code, regionCode) };
    }
    const before = row.form ?? {};
    const changed = (k: string | undefined) => !!k && JSON.stringify(before[k] ?? null) !== JSON.stringify(form[k] ?? null);
    const slots = [...(changed(type.videoPartsField) ? ['video'] : []), ...(changed('aiContent') ? ['courseware', 'report'] : [])];
    const recheck = slots.filter((sl) => type.attachments.some((a) => a.slot === sl));
    const title = caseTitle(type, form);
    const now = clock.now();
    const formJson = JSON.stringify(form);
    const saved = { form: JSON.parse(formJson) as typeof form, title: title === '（未命名案例）' ? '' : title, quota_group: quotaGroupOf(call, type, form), updated_at: new Date(now), ...region };
    const write = {
      formJson, title: saved.title, quotaGroup: saved.quota_group, at: iso(now),
      region: region ? { regionCode: region.region_code, level: region.recommendation_level } : null,
    };
    return { saved, write, recheck };
  }

  /** An event's label with the attachment it is about, when the record names a slot of the case type. */
  function slotLabelled(label: string, type: CaseTypeDef | undefined, slot: string | null): string {
    const a = slot ? type?.attachments.find((x) => x.slot === slot) : undefined;
    return a ? `${label}：${a.label}` : label;
  }

  async function detail(q: Queryable, row: CaseRow, viewer: SessionUser) {
    const call = calls.requireCall(row.call_id);
    const type = findCaseType(call, row.case_type);
    // The history (for whom may read it) and the count behind the form checks, in one round trip.
    const reads = await casePageReads(q, {
      caseId: row.id,
      historyLimit: can(viewer, 'read.history') ? 200 : null,
      naming: type ? namingSamePerson(call, type, row, authorMobiles(type, row.form ?? {})) : null,
    });
    const history = await presentAuditRows(q, reads.history, { cases: [row] });
    const others = reads.others;
    // form.first_author is judged against the account's mobile, shown only to whom may see it unmasked.
    const own = can(viewer, 'read.phones', policyCase(row));
    const blind = await blindForExpert(q, viewer, row.id);
    const deadlines = await deadlinesOf(q, call, row, viewer);
    return {
      ...deadlines,
      ...presentCaseSummary(call, row, viewer),
      ...(blind ? { authorName: '（匿名评审）' } : {}),
      form: formForViewer(type, row.form ?? {}, viewer, row, blind),
      formChecks: type ? evaluateFormRules(call, type, row.form ?? {}, others, own ? row.author_phone : undefined) : [],
      // Who reviews a case, their scores and 回避 records are the organiser's alone (never the author's or an expert's);
      // an expert reads no history at all (it names the people who acted). Each entry names the step before and after
      // as the lists do (县级已推荐，待市级审核 …).
      history: !can(viewer, 'read.history') ? [] : history.reverse().filter((h) => can(viewer, 'read.review_history') || !/^(review|expert|override)\./.test(h.event)).map(({ slot, ...h }) => ({
        ...h,
        // A file's record names its attachment (上传文件：案例总结报告（Word）), not only that a file moved.
        eventLabel: slotLabelled(h.eventLabel, type, slot),
        stepFrom: stepLabel(call, h.fromState, h.chain?.fromLevel, h.chain?.regionCode ?? row.region_code, h.event, 'from'),
        stepTo: stepLabel(call, h.toState, h.event === 'case.return' ? h.chain?.fromLevel : h.chain?.toLevel, h.chain?.regionCode ?? row.region_code, h.event, 'to'),
      })),
    };
  }

  /**
   * The dates a case's page shows: to its author, the deadline it works to (the province's author deadline, or the
   * date a late return gave); to a provincial administrator who may return it after that deadline, the resubmission
   * date it will give (default 3 days, at the latest its recommendation deadline).
   */
  async function deadlinesOf(q: Queryable, call: CallDef, row: CaseRow, viewer: SessionUser) {
    const now = clock.now();
    const resubmitUntil = row.resubmit_until ? new Date(row.resubmit_until).getTime() : null;
    const out: { resubmitUntil: string | null; deadline: null | { endsAt: string; source: 'province' | 'recommendation' | 'call' | 'resubmit'; open: boolean; demoMoved: boolean }; lateReturn: null | { defaultUntil: string; maxUntil: string } } = {
      resubmitUntil: resubmitUntil === null ? null : iso(resubmitUntil),
      deadline: null,
      lateReturn: null,
    };
    if (!can(viewer, 'read.deadlines') || !['draft', 'returned', 'submitted'].includes(row.state)) return out;
    const w = await calls.window(q, call, 'submission', row.province_code);
    if (!w) return out;
    const open = isPhaseOpen(w, now);
    if (viewer.id === row.author_id && row.state !== 'submitted') {
      out.deadline = !open && resubmitUntil !== null && row.state === 'returned'
        ? { endsAt: iso(resubmitUntil), source: 'resubmit', open: now <= resubmitUntil, demoMoved: false }
        : { endsAt: iso(w.endsAt), source: w.authorDeadline ?? 'call', open, demoMoved: w.demoMoved };
    }
    if (can(viewer, 'read.late_return') && row.state === 'submitted' && !open) {
      const rec = await calls.window(q, call, 'province_recommendation', row.province_code);
      if (rec && now <= rec.endsAt) out.lateReturn = { defaultUntil: iso(defaultResubmitUntil(now, rec.endsAt)), maxUntil: iso(rec.endsAt) };
    }
    return out;
  }

  async function loadScoped(q: Queryable, viewer: SessionUser, id: string, forUpdate = false) {
    const row = await findCaseInScope(q, viewer, id, forUpdate);
    if (!row) throw notFound();
    return row;
  }

  /** Guards that depend on data (phases, quota, lock, one case per author), checked inside the transaction. */
  async function guard(q: Queryable, call: CallDef, row: CaseRow, action: CaseAction, viewer: SessionUser) {
    const type = typeOf(call, row.case_type);
    const locked = () => listLocked(q, call, row.province_code);
    switch (action) {
      case 'submit':
      case 'resubmit': {
        const errors = [...validateForm(type, row.form ?? {}), ...(await deps.files.submissionProblems(q, row.id, type))];
        // form.first_author: the first (2025: the only) author submits — the first author's mobile is the account's.
        const firstAuthor = firstAuthorProblem(type, row.form ?? {}, row.author_phone);
        if (firstAuthor) errors.unshift(firstAuthor);
        const regionError = regionProblem(call, row.province_code, row.region_code);
        if (regionError) errors.push({ path: 'regionCode', message: regionError });
        if (errors.length === 1 && firstAuthor) throw invalid('FIRST_AUTHOR', firstAuthor.message, errors);
        if (errors.length) throw badRequest(`还有 ${errors.length} 处需要完善，请按提示修改后再提交`, errors);
        if (action === 'submit') await calls.assertOpen(q, call, 'submission', row.province_code);
        else await resubmitGuard(q, call, row);
        if (await locked()) throw conflict('LIST_LOCKED', '本省推荐名单已上报，暂不能提交，请联系省级管理员');
        if (call.onePerAuthor) {
          // Per person, by mobile, whichever account filed the other case. Concurrent submissions naming the same
          // person queue on a transaction lock per (call, mobile), taken in a fixed order so two never deadlock.
          const mobiles = [...new Set([...authorMobiles(type, row.form ?? {}), row.author_phone])].sort();
          await lockPeopleInCall(q, call.id, mobiles);
          if ((await casesNamingSamePerson(q, call, type, row, mobiles)) > 0) {
            throw conflict('ONE_CASE_PER_AUTHOR', '本次活动每位作者最多报送 1 个案例：该作者（按手机号识别，无论由哪个账号提交）已有提交的案例');
          }
        }
        return;
      }
      case 'withdraw': {
        if (row.recommendation_level && row.recommendation_level !== entryLevel(call, row.region_code)) {
          throw conflict('ALREADY_RECOMMENDED', '案例已获推荐，不能撤回；如需修改请联系管理员退回');
        }
        return;
      }
      case 'start_review': {
        // A case enters national review only from a province that has reported (locked) its list.
        if (!(await locked())) throw conflict('LIST_NOT_REPORTED', `${findProvince(row.province_code)?.name ?? '该省'}尚未推荐上报，其案例不能进入国家级评审；请等待该省上报`);
        return;
      }
      case 'decline': {
        // Only a case a mode-1 province imported (it holds a seat the author may give back).
        if (!row.preselected_at) throw conflict('NOT_PRESELECTED', '只有本省方式一预选（导入）的案例可以放弃；自己创建的草稿可以直接删除');
        return;
      }
      case 'chain_recommend':
      case 'chain_unrecommend':
        return chainGuard(q, call, row, action, viewer);
      case 'return':
      case 'recommend':
      case 'unrecommend': {
        if (levelOfRole(viewer.role)) return chainGuard(q, call, row, action, viewer);
        if (row.recommendation_level && row.recommendation_level !== 'province') throw notFound();
        await calls.assertOpen(q, call, 'province_recommendation', row.province_code);
        // The province row is the quota lock: concurrent recommends of one province queue here.
        const st = await lockProvinceStatus(q, call.id, row.province_code);
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报并锁定，如需调整请联系组委会解锁');
        if (action === 'recommend') {
          const review = await deps.files.recommendProblems(q, row.id, type);
          if (review.length) throw badRequest(`推荐前还有 ${review.length} 项需人工复核或勾选确认，请在案例页面逐项处理`, review);
          const group = quotaGroupOf(call, type, row.form ?? {});
          if (!group) throw conflict('NO_QUOTA_GROUP', '案例缺少学段信息，无法计入推荐名额，请退回作者补充');
          // A mode-1 imported case already holds its seat: recommending it does not take a second one.
          const used = ((await countRecommended(q, call.id, row.province_code))[group] ?? 0) - (row.preselected_at && row.quota_group === group ? 1 : 0);
          if (!hasQuotaRoom(call, group, used, row.province_code)) {
            const g = call.quota.groups.find((x) => x.id === group)!;
            throw conflict('QUOTA_FULL', `${g.name}推荐名额已满（${used}/${groupMax(g, row.province_code)}），请先取消其他案例的推荐`);
          }
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * A returned case goes back while the province's author deadline is open, or after it until the resubmission date
   * the province gave when it returned the case late — and not after.
   */
  async function resubmitGuard(q: Queryable, call: CallDef, row: CaseRow) {
    const w = await calls.window(q, call, 'submission', row.province_code);
    const now = clock.now();
    if (isPhaseOpen(w, now)) return;
    const until = row.resubmit_until ? new Date(row.resubmit_until).getTime() : null;
    if (until !== null && now <= until) return;
    if (until !== null) {
      throw conflict('RESUBMIT_CLOSED', `重新提交期限（北京时间 ${formatBeijing(until)}）已过，案例不能再提交；如有特殊情况请联系省级管理员`);
    }
    await calls.assertOpen(q, call, 'submission', row.province_code);
  }

  /**
   * The resubmission date of a return: null while the province's author deadline is open (that deadline applies);
   * after it, the date the province gives (default 3 days), never past its recommendation deadline.
   */
  async function resubmitUntilOf(q: Queryable, call: CallDef, row: CaseRow, given: string | null | undefined): Promise<number | null> {
    const now = clock.now();
    if (isPhaseOpen(await calls.window(q, call, 'submission', row.province_code), now)) return null;
    const rec = await calls.window(q, call, 'province_recommendation', row.province_code);
    const recEnd = rec?.endsAt ?? now;
    if (given === null || given === undefined || given === '') return defaultResubmitUntil(now, recEnd);
    const until = new Date(given).getTime();
    const problem = resubmitUntilProblem(until, now, recEnd);
    if (problem) throw badRequest(problem, [{ path: 'resubmitUntil', message: problem }]);
    return until;
  }

  /**
   * A county or city administrator's recommend, unrecommend or return: the level must be in the call's chain and be
   * where the case stands, the level's deadline open, the province's list not reported, and the region's quota free.
   * The region's row in chain_locks serialises concurrent recommendations of one region at one level.
   */
  async function chainGuard(q: Queryable, call: CallDef, row: CaseRow, action: CaseAction, viewer: SessionUser) {
    const level = levelOfRole(viewer.role);
    const def = level ? chainLevel(call, level) : undefined;
    if (!level || !def || !row.recommendation_level || !row.region_code) throw conflict('NO_CHAIN_LEVEL', '本活动没有此级推荐环节');
    const above = nextLevel(call, level);
    if (action === 'chain_unrecommend') {
      if (row.recommendation_level !== above) {
        throw conflict('NOT_RECOMMENDED_HERE', row.recommendation_level === level ? '此案例尚未推荐，无需取消' : `${LEVEL_LABELS[row.recommendation_level]}已处理此案例，不能取消推荐`);
      }
    } else if (row.recommendation_level !== level) {
      throw conflict('NOT_AT_LEVEL', `此案例已推荐至${LEVEL_LABELS[row.recommendation_level]}，如需调整请先取消推荐`);
    }
    await calls.assertOpen(q, call, def.deadlinePhase, row.province_code);
    if (await listLocked(q, call, row.province_code)) throw conflict('LIST_LOCKED', '本省推荐名单已上报并锁定，如需调整请联系省级管理员');
    if (action !== 'chain_recommend') return;
    const region = regionAtLevel(level, row.region_code);
    await lockChainRegion(q, call.id, level, region);
    const used = await countChainRecommended(q, call, level, region);
    const max = levelQuota(call, level, region);
    if (used >= max) throw conflict('QUOTA_FULL', `${def.name}名额已满（${used}/${max}），请先取消其他案例的推荐`);
  }

  /**
   * The one entry point for case state changes: scope, transition table, guards, persist, audit, notify.
   * `q` lets a caller run it inside its own transaction (reporting a province's list).
   */
  /** Applies an action to a case; 'submit_or_resubmit' (the author's 提交) is a resubmission when the case was returned. */
  async function transitionCase(viewer: SessionUser, id: string, requested: CaseAction | 'submit_or_resubmit', reason?: string | null, q?: Queryable, opts: { resubmitUntil?: string | null } = {}) {
    const run = async (tx: Queryable) => {
      const row = await loadScoped(tx, viewer, id, true);
      // Decided on the locked row, so the choice and the change see the same state.
      const action: CaseAction = requested === 'submit_or_resubmit' ? (row.state === 'returned' ? 'resubmit' : 'submit') : requested;
      const call = calls.requireCall(row.call_id);
      const t = decideTransition(row.state, action, viewer.role, reason);
      if ((action === 'submit' || action === 'resubmit' || action === 'withdraw' || action === 'decline') && row.author_id !== viewer.id) throw forbidden();
      await guard(tx, call, row, action, viewer);
      const now = clock.now();
      const write: CaseTransitionWrite = { state: t.to as CaseState, at: iso(now) };
      if (action === 'submit' || action === 'resubmit') write.submitted = true;
      // A late return carries the date until which the author may resubmit; the author's deadline (or it) is in the notice.
      let resubmitUntil: number | null = null;
      let authorDeadline: number | null = null;
      if (action === 'return') {
        resubmitUntil = await resubmitUntilOf(tx, call, row, opts.resubmitUntil);
        authorDeadline = resubmitUntil ?? (await calls.window(tx, call, 'submission', row.province_code))?.endsAt ?? null;
        write.returned = { reason: reason!.trim(), level: row.recommendation_level ?? null, resubmitUntil: resubmitUntil === null ? null : iso(resubmitUntil) };
      }
      if (action === 'decline') write.declineReason = reason!.trim();
      let toLevel = row.recommendation_level;
      if (row.recommendation_level) {
        const level = levelOfRole(viewer.role);
        if (action === 'chain_recommend' && level) toLevel = nextLevel(call, level);
        if (action === 'chain_unrecommend' && level) toLevel = level;
        // A case back with its author (returned) or submitted again starts at the bottom of the chain.
        if (action === 'return' || action === 'submit' || action === 'resubmit') toLevel = entryLevel(call, row.region_code);
        if (toLevel !== row.recommendation_level) write.recommendationLevel = toLevel;
      }
      if (action === 'recommend') {
        const type = typeOf(call, row.case_type);
        write.quotaGroup = quotaGroupOf(call, type, row.form ?? {});
      }
      // A submission freezes the files: what the province, experts and the library read from now on, by hash.
      const frozen = action === 'submit' || action === 'resubmit' ? await deps.files.freezeSubmission(tx, row.id, now) : null;
      const data = {
        ...(row.recommendation_level ? { regionCode: row.region_code, fromLevel: row.recommendation_level, toLevel } : {}),
        ...(frozen ? { submission: frozen.submission, files: frozen.files.map((f) => ({ slot: f.slot, sha256: f.sha256, size: f.size })), endedUploads: frozen.endedUploads } : {}),
        ...(resubmitUntil !== null ? { resubmitUntil: iso(resubmitUntil) } : {}),
      };
      // The change and its record in one statement.
      await updateCaseTransitionWithAudit(tx, row.id, write, actorOf(viewer), {
        event: `case.${action}`, objectType: 'case', objectId: row.id, fromState: row.state, toState: t.to, reason: reason?.trim() || null, provinceCode: row.province_code,
        ...(Object.keys(data).length ? { data } : {}),
      }, now);
      await deps.notices.onCaseTransition(tx, row, action, reason, action === 'return' ? { deadline: authorDeadline } : undefined);
      return { row: { ...row, state: t.to as CaseState, recommendation_level: toLevel }, call };
    };
    const { row } = q ? await run(q) : await db.tx(run);
    return row;
  }

  return {
    transitionCase,

    async get(viewer: SessionUser, id: string) {
      const row = await loadScoped(db, viewer, id);
      return detail(db, row, viewer);
    },

    async getRow(viewer: SessionUser, id: string) {
      return loadScoped(db, viewer, id);
    },

    async detailOf(viewer: SessionUser, row: CaseRow) {
      return detail(db, row, viewer);
    },

    async create(author: SessionUser, input: { callId?: unknown; caseType?: unknown; regionCode?: unknown }) {
      if (!can(author, 'create')) throw forbidden('只有作者可以创建案例');
      if (!author.provinceCode) throw badRequest('请先在账号中设置所在省份');
      const call = calls.requireCall(input.callId);
      const type = typeOf(call, String(input.caseType ?? ''));
      // Chained calls: the author's city/county (may be chosen later, before submitting).
      const regionCode = input.regionCode ? String(input.regionCode) : null;
      const regionError = regionCode || !call.chain ? regionProblem(call, author.provinceCode, regionCode) : null;
      if (regionError) throw badRequest(regionError, [{ path: 'regionCode', message: regionError }]);
      const now = clock.now();
      const row = await db.tx(async (q) => {
        // Serialise this author's case creation so "one case per author" holds under concurrent requests.
        await lockAuthor(q, author.id);
        if (call.onePerAuthor) {
          if (await authorHasCaseInCall(q, call.id, author.id)) throw conflict('ONE_CASE_PER_AUTHOR', '本次活动每位作者最多报送 1 个案例，您已创建过案例，请在“我的案例”中继续填写');
        }
        const id = await insertDraftCase(q, {
          callId: call.id,
          caseType: type.id,
          authorId: author.id,
          provinceCode: author.provinceCode!,
          // The first author's row is pre-filled from the account (form.first_author: the first author submits).
          form: { [type.authorsField]: [{ name: author.name ?? '', mobile: author.phone }] },
          at: iso(now),
        });
        await writeAudit(q, actorOf(author), { event: 'case.create', objectType: 'case', objectId: id, toState: 'draft', provinceCode: author.provinceCode }, now);
        if (call.chain) await setCaseRegion(q, id, regionCode, draftLevel(call, author.provinceCode!, regionCode));
        return (await findCaseInScope(q, author, id))!;
      });
      return detail(db, row, author);
    },

    /** Saves form data of a draft or returned case; partial validation so half-filled drafts save. */
    async update(author: SessionUser, id: string, formIn: unknown, regionIn?: unknown) {
      if (!formIn || typeof formIn !== 'object' || Array.isArray(formIn)) throw badRequest('表单数据格式不正确');
      // Most saves change no answer a check reads: they are one read and one optimistic write, without a transaction
      // (the write holds only if the row is still the version read; else read again). A save that
      // re-queues checks, or one that keeps meeting another write, runs locked in a transaction.
      for (let attempt = 0; attempt < 3; attempt++) {
        const row = await loadScoped(db, author, id);
        const plan = planSave(author, row, formIn, regionIn);
        if (plan.recheck.length) break;
        if (await updateCaseForm(db, row.id, plan.write, { state: row.state, version: row.row_version })) return detail(db, { ...row, ...plan.saved }, author);
      }
      const row = await db.tx(async (q) => {
        const row = await loadScoped(q, author, id, true);
        const plan = planSave(author, row, formIn, regionIn);
        await deps.files.recheckSlots(q, row.id, plan.recheck);
        await updateCaseForm(q, row.id, plan.write);
        // The row read (locked) plus what was written is the case now, unless a recheck changed its files' findings.
        return plan.recheck.length ? (await findCaseInScope(q, author, id))! : { ...row, ...plan.saved };
      });
      return detail(db, row, author);
    },

    /** Deletes a draft that was never submitted. */
    async remove(author: SessionUser, id: string) {
      await db.tx(async (q) => {
        const row = await loadScoped(q, author, id, true);
        if (row.author_id !== author.id) throw forbidden();
        if (row.preselected_at) throw conflict('PRESELECTED_NOT_DELETABLE', '此案例是本省方式一预选（占用名额）的案例，不能删除；如不参加，请点击“放弃预选”并填写原因，名额将退回本省');
        if (row.state !== 'draft' || row.ever_submitted) throw conflict('NOT_DELETABLE', '只能删除从未提交过的草稿');
        await deleteCase(q, row.id);
        await writeAudit(q, actorOf(author), { event: 'case.delete', objectType: 'case', objectId: row.id, fromState: 'draft', provinceCode: row.province_code }, clock.now());
      });
    },

    async list(viewer: SessionUser, filter: CaseFilter, opts: CaseListOptions = {}) {
      const rows = await listCasesInScope(db, viewer, filter, opts);
      return rows.map((r) => presentCaseSummary(calls.requireCall(r.call_id), r, viewer));
    },

    /** Rows of a case list: one page (limit/offset) or every matching row. */
    async listRows(viewer: SessionUser, filter: CaseFilter, opts: CaseListOptions = {}) {
      return listCasesInScope(db, viewer, filter, opts);
    },

    /** The ids of a case list in its order, and the rows of some of them (an export reads in batches). */
    async listIds(viewer: SessionUser, filter: CaseFilter, opts: Pick<CaseListOptions, 'sort' | 'order'> = {}) {
      return listCaseIdsInScope(db, viewer, filter, opts);
    },
    async rowsByIds(viewer: SessionUser, ids: string[]) {
      return findCasesInScope(db, viewer, ids);
    },

    /** The total of a case list with these filters. */
    async countRows(viewer: SessionUser, filter: CaseFilter) {
      return countCasesInScope(db, viewer, filter);
    },

    /** A case list with these filters counted by state, 方式一预选 and check status (dashboards). */
    async countGroups(viewer: SessionUser, filter: CaseFilter) {
      return countCasesByGroup(db, viewer, filter);
    },
  };
}

export type CasesService = ReturnType<typeof casesService>;
