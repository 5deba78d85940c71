// A review round's states and the one table of how a round moves between them. Every round state change in the
// review service goes through decideRoundTransition; anything not listed here is refused.
import { conflict } from '../errors.ts';

export const ROUND_STATES = ['draft', 'open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];
export type RoundAction = 'open' | 'close';

export interface RoundTransition {
  action: RoundAction;
  from: readonly RoundState[];
  to: RoundState;
}

/** Every allowed round transition. */
export const ROUND_TRANSITIONS: readonly RoundTransition[] = [
  // Opening again is allowed: an open round takes in the cases that became eligible since, and a closed round is
  // reopened (experts see its cases again; submitted sheets stay).
  { action: 'open', from: ['draft', 'open', 'closed'], to: 'open' },
  { action: 'close', from: ['open'], to: 'closed' },
];

/** Why an action is refused in a state, as the person is told. */
const REFUSALS: Record<RoundAction, { code: string; message: string }> = {
  open: { code: 'ROUND_NOT_OPENABLE', message: '该评审轮次当前不能开始，请刷新后重试' },
  close: { code: 'ROUND_NOT_OPEN', message: '该评审轮次未在进行中' },
};

/** The state a round moves to on an action, or a conflict (409) saying why not. */
export function decideRoundTransition(from: RoundState, action: RoundAction): RoundState {
  const t = ROUND_TRANSITIONS.find((x) => x.action === action && x.from.includes(from));
  if (!t) throw conflict(REFUSALS[action].code, REFUSALS[action].message);
  return t.to;
}
