import { describe, expect, it } from 'vitest';
import { findCall } from './calls/builtin.ts';
import {
  authorDeadlineProblem, beijingDayEnd, beijingDayStart, defaultResubmitUntil, describePhases, formatBeijing, isPhaseOpen, phaseWindow, resubmitUntilProblem,
} from './deadline.ts';

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

describe('a province\'s own author deadline (2026: 各省自定报送截止时间)', () => {
  const c2026 = findCall('teacher-training-2026')!;
  const at = (b: string) => Date.parse(`${b.replace(' ', 'T')}+08:00`);
  const recEnd = beijingDayEnd('2026-08-31');

  it('ends the province\'s submission window at its own date, else at its recommendation deadline', () => {
    const own = [{ provinceCode: '110000', endsAt: at('2026-07-15 18:00:00') }];
    const bj = phaseWindow(c2026, 'submission', [], [], '110000', own)!;
    expect(bj).toMatchObject({ endsAt: at('2026-07-15 18:00:00'), authorDeadline: 'province' });
    expect(isPhaseOpen(bj, at('2026-07-15 17:59:59'))).toBe(true);
    expect(isPhaseOpen(bj, at('2026-07-15 18:00:01'))).toBe(false);
    // 上海 set nothing: its recommendation deadline, extension included.
    const ext = [{ phaseId: 'province_recommendation' as const, provinceCode: '310000', end: '2026-09-05' }];
    expect(phaseWindow(c2026, 'submission', [], ext, '310000', own)).toMatchObject({ endsAt: beijingDayEnd('2026-09-05'), authorDeadline: 'recommendation' });
    // The national view and the 2025 call keep the call's own dates.
    expect(phaseWindow(c2026, 'submission', [], [], null, own)).toMatchObject({ endsAt: recEnd, authorDeadline: null });
    expect(phaseWindow(call, 'submission', [], [], '110000', own)).toMatchObject({ endsAt: beijingDayEnd('2025-10-24'), authorDeadline: null });
  });

  it('refuses a date past the recommendation deadline or before submission opens', () => {
    expect(authorDeadlineProblem(at('2026-08-31 23:59:59'), at('2026-06-20 00:00:00'), recEnd)).toBeNull();
    expect(authorDeadlineProblem(at('2026-09-01 00:00:00'), null, recEnd)).toBe('截止时间不能晚于本省推荐上报截止时间（北京时间 2026-08-31 23:59:59），请选择此前的时间');
    expect(authorDeadlineProblem(at('2026-06-19 12:00:00'), at('2026-06-20 00:00:00'), recEnd)).toContain('不能早于作者报送开始时间');
  });

  it('a late return gives 3 days to the end of the Beijing day, never past the recommendation deadline', () => {
    expect(formatBeijing(defaultResubmitUntil(at('2026-07-20 10:00:00'), recEnd))).toBe('2026-07-23 23:59:59');
    expect(defaultResubmitUntil(at('2026-08-30 10:00:00'), recEnd)).toBe(recEnd);
    expect(resubmitUntilProblem(recEnd + 1, at('2026-08-30 10:00:00'), recEnd)).toContain('不能晚于本省推荐上报截止时间');
    expect(resubmitUntilProblem(at('2026-08-30 09:00:00'), at('2026-08-30 10:00:00'), recEnd)).toContain('须晚于现在');
  });

  it('marks dates the demo moved and the 2025 provincial phase as the organiser\'s', () => {
    const phases = describePhases(call, [{ phaseId: 'submission', end: '2027-01-31', demo: true }], [], null, at('2026-12-05 10:00:00'));
    expect(phases.find((p) => p.id === 'submission')).toMatchObject({ demoMoved: true, noticeEnd: '2025-10-24', end: '2027-01-31 23:59:59' });
    expect(phases.find((p) => p.id === 'province_recommendation')).toMatchObject({ dateSource: 'organiser', demoMoved: false });
    expect(phases.find((p) => p.id === 'national_recommendation')).toMatchObject({ dateSource: 'notice' });
    // An organiser's own move (not the demo's) is not labelled as the demo's.
    expect(describePhases(call, [{ phaseId: 'submission', end: '2027-01-31' }], [], null, 0)[1]).toMatchObject({ demoMoved: false });
  });
});
