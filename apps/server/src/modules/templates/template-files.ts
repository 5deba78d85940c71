// The call's templates (SPEC §3.4; both notices: 课件 PPT 模板及格式要求可在活动平台下载), generated from the call data
// with the repository's OOXML builders: a 16:9 courseware deck whose first and last slides carry the case title,
// author and unit (the video's opening and closing frames) with the courseware rules on a notes page, and for each
// case type with a report slot a .docx whose styles carry the report rules and whose level-1 headings are the outline.
import type { CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import { slotRequirements } from '@anli/domain/slot-requirements.ts';
import { buildPptx } from '../../../../../scripts/fixtures/pptx.ts';
import { buildDocx, type DocxSpec, type ParaSpec } from '../../../../../scripts/fixtures/ooxml.ts';

export interface TemplateDescriptor {
  /** Stable id within the call: 'courseware' or 'report-<caseType>'. */
  id: string;
  /** null when the template serves every case type of the call. */
  caseType: string | null;
  slot: 'courseware' | 'report';
  name: string;
}

/** The templates a call offers, from its slots. */
export function callTemplates(call: CallDef): TemplateDescriptor[] {
  const out: TemplateDescriptor[] = [];
  if (call.caseTypes.some((t) => t.attachments.some((a) => a.role === 'courseware'))) {
    out.push({ id: 'courseware', caseType: null, slot: 'courseware', name: `${call.title}-课件模板（16比9）.pptx` });
  }
  for (const t of call.caseTypes) {
    if (t.attachments.some((a) => a.role === 'report') && t.checkParams.report) {
      out.push({ id: `report-${t.id}`, caseType: t.id, slot: 'report', name: `${t.name}-总结报告模板.docx` });
    }
  }
  return out;
}

/** The text of a body paragraph the author replaces. */
export const REPORT_PLACEHOLDER = '（在此填写本部分内容。正文使用“报告正文”样式，不要修改字体、字号和行距；总字数不超过上限，支撑材料放在文末“附件”部分。）';

/** The 16:9 courseware template. */
export function coursewareTemplate(call: CallDef): Uint8Array {
  const type = call.caseTypes.find((t) => t.attachments.some((a) => a.role === 'courseware'))!;
  const slot = type.attachments.find((a) => a.role === 'courseware')!;
  const rules = slotRequirements(call, type, slot).filter((l) => !l.startsWith('文件不超过'));
  const notes = `课件制作要求（${call.title}）：${rules.map((r, i) => `${i + 1}. ${r}`).join('；')}。首页和末页请分别作为视频的片头和片尾画面。`;
  const cover = ['案例名称：（请填写案例名称）', '作者：（姓名）', '工作单位：（单位全称）'];
  return buildPptx({
    slides: [
      { texts: cover, notes },
      { texts: ['一、案例概述', '（在此介绍案例背景、要解决的问题与目标）'], notes: '概述部分，对应视频第一部分。' },
      { texts: ['二、过程与方法', '（在此介绍实施过程、方法与人机协同的关键环节）'], notes: '过程与方法部分，对应视频第二部分。' },
      { texts: ['三、成效与经验', '（在此介绍成效、经验与反思）'], notes: '成效与经验部分，对应视频第三部分。' },
      { texts: [...cover, '谢谢观看'], notes },
    ],
  });
}

/** The report template of one case type; `filler` replaces the placeholder (tests, the checker on real text). */
export function reportTemplate(type: CaseTypeDef, filler?: string): Uint8Array {
  const r = type.checkParams.report!;
  const spacing = { line: Math.round(r.lineSpacingPt * 20), rule: 'exact' as const };
  const spec: DocxSpec = {
    blocks: [],
    docDefaults: { font: r.body.font, size: r.body.sizePt },
    styles: [
      { id: 'Normal', name: 'Normal', isDefault: true, font: r.body.font, size: r.body.sizePt, spacing },
      { id: 'ReportBody', name: '报告正文', basedOn: 'Normal', font: r.body.font, size: r.body.sizePt, bold: r.body.bold ?? false },
      { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', font: r.heading1.font, size: r.heading1.sizePt, bold: r.heading1.bold ?? false, outlineLvl: 0 },
      { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', font: r.heading2.font, size: r.heading2.sizePt, bold: r.heading2.bold ?? false, outlineLvl: 1 },
    ],
    theme: { majorHans: r.heading1.font, minorHans: r.body.font },
  };
  const body = (text: string): ParaSpec => ({ runs: [{ text }], style: 'ReportBody' });
  spec.blocks.push({ runs: [{ text: `${type.name}总结报告`, font: '方正小标宋简体', size: 22 }] });
  spec.blocks.push({ runs: [{ text: '（作者姓名　工作单位）', font: '楷体', size: 16 }] });
  for (const [i, heading] of r.outline.entries()) {
    spec.blocks.push({ runs: [{ text: heading }], style: 'Heading1' });
    if (i === 0) spec.blocks.push({ runs: [{ text: '（一）二级标题示例（使用“heading 2”样式，不需要时删除）' }], style: 'Heading2' });
    spec.blocks.push(body(filler ?? REPORT_PLACEHOLDER));
  }
  return buildDocx(spec);
}

/** The bytes of a generated template, or null when the call has no such template. */
export function generateTemplate(call: CallDef, id: string, filler?: string): Uint8Array | null {
  if (id === 'courseware') return callTemplates(call).some((t) => t.id === id) ? coursewareTemplate(call) : null;
  const m = /^report-(.+)$/.exec(id);
  const type = m ? call.caseTypes.find((t) => t.id === m[1]) : undefined;
  return type?.checkParams.report ? reportTemplate(type, filler) : null;
}
