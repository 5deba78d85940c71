import { describe, expect, it } from 'vitest';
import { CASE_STATES, TRANSITIONS, TransitionError, decideTransition, type CaseAction, type Role } from './lifecycle.ts';

const ROLES: Role[] = ['author', 'province_admin', 'expert', 'organiser'];
const ACTIONS = [...new Set(TRANSITIONS.map((t) => t.action))] as CaseAction[];

// The expected table, written out independently of TRANSITIONS: [action, from, to, role].
const EXPECTED: Array<[CaseAction, string, string, Role]> = [
  ['submit', 'draft', 'submitted', 'author'],
  ['withdraw', 'submitted', 'draft', 'author'],
  ['return', 'submitted', 'returned', 'province_admin'],
  ['resubmit', 'returned', 'submitted', 'author'],
  ['recommend', 'submitted', 'province_recommended', 'province_admin'],
  ['unrecommend', 'province_recommended', 'submitted', 'province_admin'],
  ['close_unrecommended', 'submitted', 'not_recommended', 'province_admin'],
  ['reopen', 'not_recommended', 'submitted', 'organiser'],
  ['start_review', 'province_recommended', 'national_review', 'organiser'],
  ['select', 'national_review', 'selected', 'organiser'],
  ['reject', 'national_review', 'not_selected', 'organiser'],
  ['publish', 'selected', 'published', 'organiser'],
  // A mode-1 author declines a preselected case (the service checks it is preselected); declined is final.
  ['decline', 'draft', 'declined', 'author'],
  ['decline', 'submitted', 'declined', 'author'],
  ['decline', 'returned', 'declined', 'author'],
  ...CASE_STATES.filter((s) => s !== 'disqualified' && s !== 'declined').map((s) => ['disqualify', s, 'disqualified', 'organiser'] as [CaseAction, string, string, Role]),
];

describe('case transition table', () => {
  it('allows exactly the expected transitions and refuses every other (state × action × role)', () => {
    let allowed = 0;
    for (const from of CASE_STATES) for (const action of ACTIONS) for (const role of ROLES) {
      const expected = EXPECTED.find(([a, f, , r]) => a === action && f === from && r === role);
      if (expected) {
        expect(decideTransition(from, action, role, 'reason text').to).toBe(expected[2]);
        allowed++;
      } else {
        expect(() => decideTransition(from, action, role, 'reason text')).toThrow(TransitionError);
      }
    }
    expect(allowed).toBe(EXPECTED.length);
  });

  it('requires a reason to decline a preselected case', () => {
    expect(() => decideTransition('draft', 'decline', 'author', ' ')).toThrow(/原因/);
  });

  it('requires a reason to return or disqualify', () => {
    expect(() => decideTransition('submitted', 'return', 'province_admin', '')).toThrow(/原因/);
    expect(() => decideTransition('submitted', 'disqualify', 'organiser')).toThrow(/原因/);
    expect(decideTransition('submitted', 'return', 'province_admin', '视频不清晰').to).toBe('returned');
  });

  it('explains a refused transition in Chinese', () => {
    expect(() => decideTransition('draft', 'recommend', 'province_admin')).toThrow('案例当前状态为“草稿”，不能推荐');
  });
});
