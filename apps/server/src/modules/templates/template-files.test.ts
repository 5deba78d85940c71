// The generated templates pass the checker by construction (SPEC §3.4): the report template of each 2026 case type,
// as downloaded and with filler text, passes every report.* rule; the courseware template fails no courseware rule.
import { describe, expect, it } from 'vitest';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { loadDocx } from '@anli/checks/report/index.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { callTemplates, coursewareTemplate, reportTemplate } from './template-files.ts';

const FILLER = '本案例围绕课堂教学中的真实问题，教研组利用人工智能工具采集课堂数据，形成证据链，教师与工具分工协作，持续改进教学。';

describe('generated templates', () => {
  const call = findCall('teacher-training-2026')!;
  it('2026 offers one 16:9 courseware template for every type and one report template per case type', () => {
    expect(callTemplates(call).map((t) => [t.id, t.caseType, t.slot])).toEqual([
      ['courseware', null, 'courseware'],
      ['report-evidence-research', 'evidence-research', 'report'],
      ['report-online-studio', 'online-studio', 'report'],
    ]);
    expect(callTemplates(findCall('teacher-ai-2025')!).map((t) => t.id)).toEqual(['courseware']);
  });

  for (const type of call.caseTypes) {
    it(`${type.id}: the report template passes every report.* rule, with filler text and with AI content declared and labelled`, async () => {
      for (const bytes of [reportTemplate(type), reportTemplate(type, FILLER.repeat(3)), reportTemplate(type, `${FILLER}图 1 由工具绘制（AI生成）。`)]) {
        const ai = bytes.length > 0 && (await loadDocx(memorySource(bytes))).paragraphs.some((p) => p.text.includes('AI生成'));
        const report = await checkFile(memorySource(bytes, '报告.docx'), { as: 'report', params: checkParamsFor(call, type, ai) });
        for (const r of report.results) expect(r.status, `${r.rule}: ${r.message}`).toBe('pass');
      }
      const doc = await loadDocx(memorySource(reportTemplate(type)));
      const headings = doc.paragraphs.map((p) => p.text).filter((t) => type.checkParams.report!.outline.includes(t));
      expect(headings).toEqual(type.checkParams.report!.outline);
    });
  }

  it('the courseware template is 16:9, carries title, author and unit on its first and last slides, and fails no rule', async () => {
    const bytes = coursewareTemplate(call);
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(bytes);
    expect(strFromU8(files['ppt/presentation.xml']!)).toContain('<p:sldSz cx="12192000" cy="6858000"/>');
    for (const n of [1, 5]) {
      const xml = strFromU8(files[`ppt/slides/slide${n}.xml`]!);
      for (const w of ['案例名称', '作者', '工作单位']) expect(xml).toContain(w);
    }
    const notes = Object.keys(files).filter((k) => /notesSlide\d+\.xml$/.test(k)).map((k) => strFromU8(files[k]!)).join('');
    expect(notes).toContain('不得出现超链接、网址、二维码');
    for (const type of call.caseTypes) {
      const report = await checkFile(memorySource(bytes, '课件.pptx'), { as: 'courseware', params: checkParamsFor(call, type, false) });
      expect(report.verdict, JSON.stringify(report.results.filter((r) => r.status !== 'pass' && r.status !== 'manual'))).toBe('pass');
    }
  });
});
