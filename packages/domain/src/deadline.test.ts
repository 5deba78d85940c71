import { describe, expect, it } from 'vitest';
import { findCall } from './calls/builtin.ts';
import { beijingDayEnd, beijingDayStart, formatBeijing, isPhaseOpen, phaseWindow } from './deadline.ts';

const call = findCall('teacher-ai-2025')!;

describe('deadlines in Beijing time', () => {
  it('a deadline date runs until 23:59:59 Beijing time', () => {
    const end = beijingDayEnd('2025-10-24');
    expect(new Date(end).toISOString()).toBe('2025-10-24T15:59:59.999Z');
    expect(formatBeijing(end)).toBe('2025-10-24 23:59:59');
    expect(new Date(beijingDayStart('2025-10-10')).toISOString()).toBe('2025-10-09T16:00:00.000Z');
  });

  it('accepts 1 s before the deadline and refuses 1 s after', () => {
    const w = phaseWindow(call, 'submission', [], [], '110000');
    const deadline = Date.parse('2025-10-24T23:59:59+08:00');
    expect(isPhaseOpen(w, deadline - 1000)).toBe(true);
    expect(isPhaseOpen(w, deadline + 1000)).toBe(false);
    expect(isPhaseOpen(w, Date.parse('2025-10-10T00:00:00+08:00') - 1000)).toBe(false);
    expect(isPhaseOpen(w, Date.parse('2025-10-10T00:00:00+08:00'))).toBe(true);
  });

  it('an extension applies to its province only', () => {
    const ext = [{ phaseId: 'submission' as const, provinceCode: '310000', end: '2025-10-27' }];
    const t = Date.parse('2025-10-26T12:00:00+08:00');
    expect(isPhaseOpen(phaseWindow(call, 'submission', [], ext, '310000'), t)).toBe(true);
    expect(isPhaseOpen(phaseWindow(call, 'submission', [], ext, '110000'), t)).toBe(false);
    expect(isPhaseOpen(phaseWindow(call, 'submission', [], ext, null), t)).toBe(false);
  });

  it('organiser overrides move dates or force a phase open or closed', () => {
    const t = Date.parse('2025-10-12T12:00:00+08:00');
    expect(isPhaseOpen(phaseWindow(call, 'submission', [{ phaseId: 'submission', forced: 'closed' }], [], '110000'), t)).toBe(false);
    expect(isPhaseOpen(phaseWindow(call, 'submission', [{ phaseId: 'submission', end: '2025-10-11' }], [], '110000'), t)).toBe(false);
    expect(isPhaseOpen(phaseWindow(call, 'submission', [{ phaseId: 'submission', forced: 'open' }], [], '110000'), Date.parse('2030-01-01'))).toBe(true);
  });
});
