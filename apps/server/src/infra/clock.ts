// Injected time, so deadline behaviour is tested by setting the clock, not by sleeping.
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests and the demo: fixed or offset from real time. */
export function settableClock(start = Date.now()): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return { now: () => t, set: (ms) => { t = ms; }, advance: (ms) => { t += ms; } };
}
