// The privacy items the two notices give (issue 14 item 4): courseware.privacy and video.people are manual results
// worded from each call's data, and infoform.signature is a manual item on every info-form PDF.
import { describe, expect, it } from 'vitest';
import { PDFDocument, rgb } from 'pdf-lib';
import { findCall, findCaseType } from '@anli/domain/calls/builtin.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import { slotRequirements } from '@anli/domain/slot-requirements.ts';
import { buildCoursewarePptx } from '../../../scripts/fixtures/pptx.ts';
import { memorySource } from './ooxml/zip.ts';
import { checkCourseware } from './courseware/check-courseware.ts';
import { checkVideo } from './video/check-video.ts';
import { checkInfoform } from './infoform/index.ts';
import type { RuleResult } from './types.ts';

const paramsOf = (callId: string, typeId: string) => {
  const call = findCall(callId)!;
  return checkParamsFor(call, findCaseType(call, typeId)!, false);
};
const CALLS = [
  { callId: 'teacher-ai-2025', typeId: 'ai-application', courseware: '征得本人', video: '征得本人' },
  { callId: 'teacher-training-2026', typeId: 'evidence-research', courseware: '学生正面画面', video: '学生正脸' },
  { callId: 'teacher-training-2026', typeId: 'online-studio', courseware: '学生正面画面', video: '学生正脸' },
] as const;
const byRule = (rs: RuleResult[]) => Object.fromEntries(rs.map((r) => [r.rule, r]));

describe('privacy items per call', () => {
  it.each(CALLS)('$callId/$typeId: courseware.privacy is a manual item in the notice\'s words', async ({ callId, typeId, courseware }) => {
    const r = byRule(await checkCourseware(memorySource(buildCoursewarePptx({ slides: 3 }), '课件.pptx'), { as: 'courseware', params: paramsOf(callId, typeId) }));
    expect(r['courseware.privacy']).toMatchObject({ status: 'manual' });
    expect(r['courseware.privacy']!.message).toMatch(/^请人工确认：/);
    expect(r['courseware.privacy']!.message).toContain(courseware);
    expect(String(r['courseware.privacy']!.expected)).toContain(courseware);
  });

  it('an unreadable courseware still carries the privacy item', async () => {
    const r = byRule(await checkCourseware(memorySource(new TextEncoder().encode('not a deck'), '课件.pptx'), { as: 'courseware', params: paramsOf('teacher-ai-2025', 'ai-application') }));
    expect(r['courseware.privacy']).toMatchObject({ status: 'manual' });
    expect(r['courseware.privacy']!.message).toContain('征得本人');
  });

  it.each(CALLS)('$callId/$typeId: video.people is worded as the notice words it', async ({ callId, typeId, video }) => {
    const r = byRule(await checkVideo(memorySource(new TextEncoder().encode('not a video'), '视频.mp4'), { as: 'video', params: paramsOf(callId, typeId) }));
    expect(r['video.people']).toMatchObject({ status: 'manual' });
    expect(r['video.people']!.message).toContain(video);
    expect(r['video.people']!.message).toContain('主讲人不出镜');
  });

  it.each(CALLS)('$callId/$typeId: the slots state the privacy items beside the upload button', ({ callId, typeId, courseware, video }) => {
    const call = findCall(callId)!;
    const type = findCaseType(call, typeId)!;
    const req = (slot: string) => slotRequirements(call, type, type.attachments.find((a) => a.slot === slot)!).join('\n');
    expect(req('courseware')).toContain(`隐私保护：`);
    expect(req('courseware')).toContain(courseware);
    expect(req('video')).toContain(`出镜要求：主讲人不出镜`);
    expect(req('video')).toContain(video);
  });

  it('every rule has a Chinese name', () => {
    for (const rule of ['courseware.privacy', 'infoform.signature', 'infoform.stamp', 'video.people']) expect(RULE_NAMES[rule]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('infoform.signature', () => {
  it('is a manual item on a readable PDF, beside the stamp rule', async () => {
    const doc = await PDFDocument.create();
    const p = doc.addPage([595, 842]);
    p.drawText('Info form', { x: 50, y: 780, size: 18, color: rgb(0, 0, 0) });
    const r = byRule(await checkInfoform(memorySource(await doc.save(), '信息表.pdf'), { as: 'infoform', params: { infoform: { summaryMaxChars: 300 } } }));
    expect(Object.keys(r)).toEqual(['infoform.pdf', 'infoform.stamp', 'infoform.signature']);
    expect(r['infoform.signature']).toMatchObject({ status: 'manual', actual: '需人工确认' });
    expect(r['infoform.signature']!.message).toContain('签名');
    expect(r['infoform.signature']!.message).toContain('日期');
  });

  it('is not asked of the Word form (the signature is on the stamped PDF)', async () => {
    const { buildInfoformDocx } = await import('../../../scripts/fixtures/ooxml.ts');
    const r = byRule(await checkInfoform(memorySource(buildInfoformDocx('本案例简介。'), '信息表.docx'), { as: 'infoform', params: { infoform: { summaryMaxChars: 300 } } }));
    expect(r['infoform.signature']).toBeUndefined();
  });
});
