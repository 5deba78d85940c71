// The case lifecycle (SPEC §4) as an explicit transition table: the only place that decides who may move a case where.

export const CASE_STATES = [
  'draft',
  'submitted',
  'returned',
  'province_recommended',
  'not_recommended',
  'national_review',
  'selected',
  'not_selected',
  'published',
  'disqualified',
  'declined',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type Role = 'author' | 'province_admin' | 'expert' | 'organiser' | 'city_admin' | 'county_admin';

export const ROLE_LABELS: Record<Role, string> = {
  author: '作者',
  province_admin: '省级管理员',
  expert: '评审专家',
  organiser: '组委会',
  city_admin: '市级管理员',
  county_admin: '县级管理员',
};

/** A review round's states as people read them (round lists, the audit log). */
export const ROUND_STATE_LABELS: Record<'draft' | 'open' | 'closed', string> = { draft: '未开始', open: '评审中', closed: '已结束' };

export const STATE_LABELS: Record<CaseState, string> = {
  draft: '草稿',
  submitted: '已提交，待省级审核',
  returned: '已退回修改',
  province_recommended: '省级已推荐',
  not_recommended: '省级未推荐',
  national_review: '国家级评审中',
  selected: '入选',
  not_selected: '未入选',
  published: '已公布',
  disqualified: '已取消资格',
  declined: '作者已放弃（方式一预选）',
};

export type CaseAction =
  | 'submit'
  | 'withdraw'
  | 'return'
  | 'resubmit'
  | 'recommend'
  | 'unrecommend'
  | 'chain_recommend'
  | 'chain_unrecommend'
  | 'close_unrecommended'
  | 'reopen'
  | 'start_review'
  | 'select'
  | 'reject'
  | 'publish'
  | 'disqualify'
  | 'decline';

export const ACTION_LABELS: Record<CaseAction, string> = {
  submit: '提交',
  withdraw: '撤回',
  return: '退回修改',
  resubmit: '修改后重新提交',
  recommend: '推荐',
  unrecommend: '取消推荐',
  chain_recommend: '推荐至上一级',
  chain_unrecommend: '取消向上一级的推荐',
  close_unrecommended: '推荐上报（未推荐）',
  reopen: '解锁推荐名单',
  start_review: '进入国家级评审',
  select: '确定入选',
  reject: '确定未入选',
  publish: '公布',
  disqualify: '取消资格',
  decline: '放弃预选',
};

export interface Transition {
  action: CaseAction;
  from: readonly CaseState[];
  to: CaseState;
  roles: readonly Role[];
  /** The action needs a written reason (recorded in the audit log). */
  needsReason: boolean;
}

const ALL_BUT_DISQUALIFIED = CASE_STATES.filter((s) => s !== 'disqualified' && s !== 'declined');

/** Every allowed transition. Anything not listed here is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'submit', from: ['draft'], to: 'submitted', roles: ['author'], needsReason: false },
  { action: 'withdraw', from: ['submitted'], to: 'draft', roles: ['author'], needsReason: false },
  { action: 'return', from: ['submitted'], to: 'returned', roles: ['province_admin', 'county_admin', 'city_admin'], needsReason: true },
  { action: 'resubmit', from: ['returned'], to: 'submitted', roles: ['author'], needsReason: false },
  { action: 'recommend', from: ['submitted'], to: 'province_recommended', roles: ['province_admin'], needsReason: false },
  { action: 'unrecommend', from: ['province_recommended'], to: 'submitted', roles: ['province_admin'], needsReason: false },
  // Chained calls: a county or city passes a submitted case up one level (the case's recommendation_level moves; the
  // state stays 'submitted' until the province recommends). Which level may act is checked with the case's level.
  { action: 'chain_recommend', from: ['submitted'], to: 'submitted', roles: ['county_admin', 'city_admin'], needsReason: false },
  { action: 'chain_unrecommend', from: ['submitted'], to: 'submitted', roles: ['county_admin', 'city_admin'], needsReason: false },
  // When a province reports its list, what it did not recommend is closed; unlocking reopens it.
  { action: 'close_unrecommended', from: ['submitted'], to: 'not_recommended', roles: ['province_admin'], needsReason: false },
  { action: 'reopen', from: ['not_recommended'], to: 'submitted', roles: ['organiser'], needsReason: false },
  { action: 'start_review', from: ['province_recommended'], to: 'national_review', roles: ['organiser'], needsReason: false },
  { action: 'select', from: ['national_review'], to: 'selected', roles: ['organiser'], needsReason: false },
  { action: 'reject', from: ['national_review'], to: 'not_selected', roles: ['organiser'], needsReason: false },
  { action: 'publish', from: ['selected'], to: 'published', roles: ['organiser'], needsReason: false },
  { action: 'disqualify', from: ALL_BUT_DISQUALIFIED, to: 'disqualified', roles: ['organiser'], needsReason: true },
  // Mode 1: the author of a case a province imported (preselected) may decline it before the province recommends it;
  // the seat is freed and the province told. The service checks the case is preselected.
  { action: 'decline', from: ['draft', 'submitted', 'returned'], to: 'declined', roles: ['author'], needsReason: true },
];

export class TransitionError extends Error {
  constructor(
    readonly code: 'TRANSITION_NOT_ALLOWED' | 'ROLE_NOT_ALLOWED' | 'REASON_REQUIRED',
    message: string,
  ) {
    super(message);
  }
}

/** Decides a transition: returns the target state or throws a TransitionError with a Chinese message. */
export function decideTransition(from: CaseState, action: CaseAction, role: Role, reason?: string | null): Transition {
  const t = TRANSITIONS.find((x) => x.action === action);
  // Role first: who may never take this action is told so, whatever the case's state.
  if (t && !t.roles.includes(role)) throw new TransitionError('ROLE_NOT_ALLOWED', `${ROLE_LABELS[role]}不能${ACTION_LABELS[action]}此案例`);
  if (!t || !t.from.includes(from)) {
    throw new TransitionError('TRANSITION_NOT_ALLOWED', `案例当前状态为“${STATE_LABELS[from]}”，不能${ACTION_LABELS[action]}`);
  }
  if (t.needsReason && !(reason && reason.trim().length >= 2)) throw new TransitionError('REASON_REQUIRED', `请填写${ACTION_LABELS[action]}的原因`);
  return t;
}

/** Actions a role could take on a case in a state (guards such as phases and quotas are checked separately). */
export function availableActions(from: CaseState, role: Role): CaseAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(from) && t.roles.includes(role) && t.action !== 'close_unrecommended' && t.action !== 'decline').map((t) => t.action);
}

/** Whether an author may edit the form in this state. */
export const isEditableByAuthor = (s: CaseState) => s === 'draft' || s === 'returned';

/** What the author should do next, for 我的案例. */
export function nextStepForAuthor(s: CaseState): string {
  switch (s) {
    case 'draft':
      return '完善表单并上传材料后提交';
    case 'submitted':
      return '等待省级管理员审核；审核前可撤回修改';
    case 'returned':
      return '按退回原因修改后重新提交';
    case 'province_recommended':
      return '已获省级推荐，等待国家级评审';
    case 'not_recommended':
      return '本省未推荐此案例';
    case 'national_review':
      return '国家级评审中，请耐心等待';
    case 'selected':
      return '已入选，等待结果公布';
    case 'not_selected':
      return '未入选';
    case 'published':
      return '结果已公布，可在“我的证书”下载证书';
    case 'disqualified':
      return '已被取消参加资格';
    case 'declined':
      return '您已放弃本省的预选推荐，名额已退回本省';
  }
}
