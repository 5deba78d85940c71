// What each attachment slot asks for, in the author's words, formatted from the call data (the same numbers the
// checker uses), so the author sees the rules beside the upload button before failing them.
import type { AttachmentSlot, CallDef, CaseTypeDef } from './calls/schema.ts';
import {
  REPORT_DEFAULTS, VIDEO_DEFAULTS, type VideoParams, bitrateLabel, describeAiLabel, describeStyle, durationRangeLabel, partRangeLabel, LITERAL_AI_LABEL, PRIVACY_NO_FACES,
} from './rule-params.ts';

const sizeLimit = (bytes: number) => (bytes >= 1024 ** 3 ? `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB` : `${Math.round(bytes / 1024 ** 2)} MB`);

/** The slot's requirements as short Chinese lines. */
export function slotRequirements(_call: CallDef, type: CaseTypeDef, slot: AttachmentSlot): string[] {
  const out: string[] = [];
  const p = type.checkParams;
  switch (slot.role) {
    case 'video': {
      const v: VideoParams = { ...VIDEO_DEFAULTS, ...(p.video ?? { maxDurationS: 600 }) };
      out.push(`MP4 格式（H.264 视频 + AAC 音频），分辨率 ${v.width}×${v.height}（16:9），帧率 ${v.fps} fps`);
      out.push(`视频码率不低于 ${bitrateLabel(v.minBitrate)}（建议 ${bitrateLabel(v.recommendedBitrate)}），音频码率 ${bitrateLabel(v.audioBitrateRecommended)}`);
      const parts = v.parts?.length ? `：${v.parts.map((x) => `${x.name} ${partRangeLabel(x)}`).join('，')}` : '';
      out.push(`时长 ${durationRangeLabel(v.minDurationS, v.maxDurationS)}${parts}`);
      if (v.parts?.length) out.push('在表单中填写每部分的开始时间');
      out.push('按“PPT+录屏+解说”形式录制');
      out.push(`出镜要求：${(v.people ?? PRIVACY_NO_FACES.videoPeople).expected}`);
      break;
    }
    case 'courseware': {
      const label = p.courseware?.aiLabel ?? LITERAL_AI_LABEL;
      out.push('PowerPoint 演示文稿（.pptx），首页和末页与视频片头、片尾一致');
      out.push('不得出现超链接、网址、二维码和电话、邮箱、QQ、微信等联系方式');
      out.push(`AI 生成的内容须标注${describeAiLabel(label)}`);
      out.push('不得单独出现平台工具的标志（Logo）');
      out.push(`隐私保护：${(p.courseware?.privacy ?? PRIVACY_NO_FACES.courseware).expected}`);
      break;
    }
    case 'report': {
      const r = p.report;
      if (r) {
        out.push(`Word 文档（.docx），正文不超过 ${r.maxChars} 字（附件不计）`);
        out.push(`一级标题依次为：${r.outline.join(' ')}`);
        out.push(`一级标题 ${describeStyle(r.heading1)}；二级标题 ${describeStyle(r.heading2)}`);
        out.push(`正文 ${describeStyle(r.body)}，行距固定值 ${r.lineSpacingPt} 磅`);
        out.push(`AI 生成的内容须标注“${r.aiLabel ?? REPORT_DEFAULTS.aiLabel}”`);
      }
      break;
    }
    case 'infoform_pdf':
      out.push('下载平台生成的信息表，打印后签字、加盖单位公章，彩色扫描为 PDF');
      break;
    case 'infoform_word':
      out.push('平台生成的信息表 Word 版（.docx），内容与 PDF 版一致');
      break;
  }
  out.push(`文件不超过 ${sizeLimit(slot.maxBytes)}`);
  return out;
}
