// Who may see what of a case, in one place: `can(viewer, what, case)`. Scope (which cases a viewer reaches at all:
// own province, own region, assigned rounds) is the case repository's; state changes are the transition table's
// (lifecycle.ts, chain.ts). This table answers the questions asked of a case the viewer already reaches: whose
// phone numbers are shown in full, what an expert may not read (PIPL), which history entries are the organiser's.
import type { Role } from './lifecycle.ts';

export interface PolicyViewer {
  id: string;
  role: Role;
}

/** The facts of a case the answers depend on. */
export interface PolicyCase {
  authorId: string;
}

export type CasePermission =
  /** Authors' mobile numbers in full (form, author line, first-author check): the author and the organiser. */
  | 'read.phones'
  /** Mobile numbers masked (138****0001): administrators; an expert sees none at all (PIPL). */
  | 'read.masked_phones'
  /** The case's history (it names the people who acted): everyone but an expert. */
  | 'read.history'
  /** Review, expert and override entries of the history (who reviews, scores, 回避): the organiser only. */
  | 'read.review_history'
  /** The info forms (信息表 Word/PDF: full phone numbers, the unit's stamp): everyone but an expert. */
  | 'read.info_forms'
  /** Which other cases hold the same file (a copy across cases): administrators, the organiser and experts. */
  | 'read.duplicate_files'
  /** The deadline the case works to: everyone but an expert. */
  | 'read.deadlines'
  /** A late return's dates (退回 after the authors' deadline, the window to resubmit in): the administrators and the organiser. */
  | 'read.late_return'
  /** Upload the case's files (before submission): its own author. */
  | 'upload.files'
  /** Create a case: an author. */
  | 'create'
  /** Review a file's findings by hand (人工复核: accept an explanation): a provincial administrator. */
  | 'review.findings';

const isAuthorOf = (v: PolicyViewer, c?: PolicyCase) => !!c && v.id === c.authorId;

const RULES: Record<CasePermission, (v: PolicyViewer, c?: PolicyCase) => boolean> = {
  'read.phones': (v, c) => v.role === 'organiser' || isAuthorOf(v, c),
  'read.masked_phones': (v, c) => v.role !== 'expert' && !(v.role === 'organiser' || isAuthorOf(v, c)),
  'read.history': (v) => v.role !== 'expert',
  'read.review_history': (v) => v.role === 'organiser',
  'read.info_forms': (v) => v.role !== 'expert',
  'read.duplicate_files': (v) => v.role !== 'author',
  'read.deadlines': (v) => v.role !== 'expert',
  'read.late_return': (v) => v.role !== 'expert' && v.role !== 'author',
  'upload.files': (v, c) => v.role === 'author' && (!c || isAuthorOf(v, c)),
  create: (v) => v.role === 'author',
  'review.findings': (v) => v.role === 'province_admin',
};

/** Whether the viewer may do `what` with the case (for `create`, no case; for `upload.files` without a case: whether the role uploads at all). */
export function can(viewer: PolicyViewer, what: CasePermission, c?: PolicyCase): boolean {
  return RULES[what](viewer, c);
}

export const CASE_PERMISSIONS = Object.keys(RULES) as CasePermission[];
