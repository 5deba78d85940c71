import { describe, expect, it } from 'vitest';
import { findCall } from './calls/builtin.ts';
import { checkParamsFor, videoChapters } from './check-params.ts';
import { parseTimecodes, validateForm } from './form.ts';
import { slotRequirements } from './slot-requirements.ts';

describe('the video parts on the form (video.parts)', () => {
  it('parses the three start times as the author types them', () => {
    expect(parseTimecodes('0:00，1:45，7:50')).toEqual([0, 105, 470]);
    expect(parseTimecodes('0:00, 1:30, 7:00')).toEqual([0, 90, 420]);
    expect(parseTimecodes('0:00 1:30')).toBeNull();
    expect(parseTimecodes('一分钟')).toBeNull();
  });
  it('gives the player its chapters (author, province, expert, public library)', () => {
    const type = findCall('teacher-ai-2025')!.caseTypes[0]!;
    expect(videoChapters(type, { videoParts: '0:00，1:45，7:50' })).toEqual([{ name: '概述', at: 0 }, { name: '过程与方法', at: 105 }, { name: '成效与经验', at: 470 }]);
    expect(videoChapters(type, {})).toEqual([]);
  });
  it('passes them to the checker with the call’s ranges; a malformed answer is a form error', () => {
    const call = findCall('teacher-training-2026')!;
    const type = call.caseTypes[0]!;
    const p = checkParamsFor(call, type, false, { videoParts: '0:00，1:30，7:00' });
    expect(p.partStartsS).toEqual([0, 90, 420]);
    expect(p.video?.parts?.map((x) => [x.minS, x.maxS])).toEqual([[60, 120], [300, 360], [60, 120]]);
    expect(validateForm(type, { videoParts: '1:30' }, { partial: true }).map((e) => e.path)).toContain('videoParts');
  });
  it('the slot requirements state the call’s numbers, and change with them', () => {
    const call = findCall('teacher-training-2026')!;
    const type = call.caseTypes[0]!;
    const video = type.attachments.find((a) => a.role === 'video')!;
    expect(slotRequirements(call, type, video).join('\n')).toContain('不低于 8 Mbps');
    const stricter = { ...type, checkParams: { ...type.checkParams, video: { ...type.checkParams.video!, minBitrate: 12_000_000 } } };
    expect(slotRequirements(call, stricter, video).join('\n')).toContain('不低于 12 Mbps');
    const ai2025 = findCall('teacher-ai-2025')!;
    const cw = ai2025.caseTypes[0]!.attachments.find((a) => a.role === 'courseware')!;
    expect(slotRequirements(ai2025, ai2025.caseTypes[0]!, cw).join('\n')).toContain('本图由人工智能生成');
  });
});
