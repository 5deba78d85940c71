import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { ROUND_STATES, ROUND_TRANSITIONS, decideRoundTransition, type RoundAction, type RoundState } from './rounds.ts';

// The expected table, written out independently of ROUND_TRANSITIONS: [action, from, to or null when refused].
const EXPECTED: Array<[RoundAction, RoundState, RoundState | null]> = [
  ['open', 'draft', 'open'],
  ['open', 'open', 'open'],
  ['open', 'closed', 'open'],
  ['close', 'draft', null],
  ['close', 'open', 'closed'],
  ['close', 'closed', null],
];

describe('round transitions', () => {
  it.each(EXPECTED)('%s from %s', (action, from, to) => {
    if (to) expect(decideRoundTransition(from, action)).toBe(to);
    else expect(() => decideRoundTransition(from, action)).toThrow(DomainError);
  });

  it('covers every state and action pair exactly once in the expectations', () => {
    const actions = [...new Set(ROUND_TRANSITIONS.map((t) => t.action))];
    expect(EXPECTED).toHaveLength(actions.length * ROUND_STATES.length);
  });

  it('refuses closing a round that is not open with a conflict the page can show', () => {
    try {
      decideRoundTransition('draft', 'close');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ kind: 'conflict', code: 'ROUND_NOT_OPEN', message: '该评审轮次未在进行中' });
    }
  });
});
