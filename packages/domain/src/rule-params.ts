// The numbers and words the file rules use, as call data (SPEC §3: "Thresholds, wording and which rules apply are
// call data"). Each call's case type carries them in checkParams; these are today's values, the built-in defaults.
// The checker, the slot requirements beside the upload button and every Chinese message are formatted from them,
// so changing a call's bitrate floor changes the check in the browser, the CLI and the server and every sentence.
import { z } from 'zod';

/** One of the three parts of a video (概述, 过程与方法, 成效与经验), with its length range in seconds. */
export const videoPartSchema = z.object({
  name: z.string().min(1),
  minS: z.number().nonnegative().optional(),
  maxS: z.number().positive(),
  /** How the notice says it, e.g. "6分钟左右" (shown to the author beside the range). */
  note: z.string().optional(),
});
export type VideoPartDef = z.infer<typeof videoPartSchema>;

export const VIDEO_DEFAULTS = {
  width: 1920,
  height: 1080,
  fps: 25,
  fpsTolerance: 0.05,
  /** 不低于 8Mbps (both notices): fail below, no warn band. */
  minBitrate: 8_000_000,
  /** The export setting the message recommends. */
  recommendedBitrate: 10_000_000,
  audioBitrateMin: 120_000,
  audioBitrateMax: 136_000,
  audioBitrateRecommended: 128_000,
  /** Tolerance at each part boundary (video.parts). */
  partToleranceS: 1,
} as const;

/**
 * A privacy item only a person can judge (video.people, courseware.privacy): the author declares it on the form, the
 * province ticks it on its checklist before 推荐 and experts see it. `expected` is the rule as the call's notice
 * states it; `confirm` the sentence shown with the manual result.
 */
export const privacyItemSchema = z.object({ expected: z.string().min(1), confirm: z.string().min(1) });
export type PrivacyItem = z.infer<typeof privacyItemSchema>;

/** 2026 (seed 000, 视频与课件制作要求 3–4): 主讲人不出镜; 注意学生的隐私保护，不出现学生正面画面. */
export const PRIVACY_NO_FACES = {
  videoPeople: {
    expected: '主讲人不出镜，画面中无学生正脸',
    confirm: '请人工确认：主讲人不出镜，画面中没有学生正脸（必要时打码）。',
  },
  courseware: {
    expected: '课件中无学生正面画面，无师生个人隐私信息',
    confirm: '请人工确认：课件中没有学生正面画面（必要时打码），没有师生的姓名、电话、住址等个人隐私信息。',
  },
} as const satisfies Record<string, PrivacyItem>;

/** 2025 (seed 003, 附件3 第1–2条): 视频中主讲人不出镜; 注意教师与学生的隐私保护，出镜需征求当事人同意. */
export const PRIVACY_CONSENT = {
  videoPeople: {
    expected: '主讲人不出镜；出镜的教师、学生已征得本人同意',
    confirm: '请人工确认：主讲人不出镜；视频中出镜的教师、学生均已征得本人（未成年人为其监护人）同意。',
  },
  courseware: {
    expected: '课件中出镜的教师、学生已征得本人同意，无学生个人信息',
    confirm: '请人工确认：课件中出现的教师、学生均已征得本人（未成年人为其监护人）同意，课件中没有学生的个人信息。',
  },
} as const satisfies Record<string, PrivacyItem>;

export const videoParamsSchema = z.object({
  minDurationS: z.number().positive().optional(),
  maxDurationS: z.number().positive(),
  width: z.number().int().positive().default(VIDEO_DEFAULTS.width),
  height: z.number().int().positive().default(VIDEO_DEFAULTS.height),
  fps: z.number().positive().default(VIDEO_DEFAULTS.fps),
  fpsTolerance: z.number().nonnegative().default(VIDEO_DEFAULTS.fpsTolerance),
  minBitrate: z.number().int().positive().default(VIDEO_DEFAULTS.minBitrate),
  recommendedBitrate: z.number().int().positive().default(VIDEO_DEFAULTS.recommendedBitrate),
  audioBitrateMin: z.number().int().positive().default(VIDEO_DEFAULTS.audioBitrateMin),
  audioBitrateMax: z.number().int().positive().default(VIDEO_DEFAULTS.audioBitrateMax),
  audioBitrateRecommended: z.number().int().positive().default(VIDEO_DEFAULTS.audioBitrateRecommended),
  /** The three parts in order (video.parts); absent: the call does not time parts. */
  parts: z.array(videoPartSchema).optional(),
  partToleranceS: z.number().nonnegative().default(VIDEO_DEFAULTS.partToleranceS),
  /** video.people as the call's notice words it; absent: PRIVACY_NO_FACES. */
  people: privacyItemSchema.optional(),
});
export type VideoParams = z.infer<typeof videoParamsSchema>;

export const textStyleSchema = z.object({
  font: z.string().min(1),
  sizePt: z.number().positive(),
  /** Required weight; absent: not checked. */
  bold: z.boolean().optional(),
});
export type TextStyle = z.infer<typeof textStyleSchema>;

export const REPORT_DEFAULTS = {
  heading1: { font: '黑体', sizePt: 16, bold: true },
  heading2: { font: '仿宋_GB2312', sizePt: 16, bold: true },
  body: { font: '仿宋_GB2312', sizePt: 16 },
  lineSpacingPt: 28,
  aiLabel: 'AI生成',
} as const satisfies { heading1: TextStyle; heading2: TextStyle; body: TextStyle; lineSpacingPt: number; aiLabel: string };

export const reportParamsSchema = z.object({
  outline: z.array(z.string()).min(1),
  maxChars: z.number().int().positive(),
  heading1: textStyleSchema.default({ ...REPORT_DEFAULTS.heading1 }),
  heading2: textStyleSchema.default({ ...REPORT_DEFAULTS.heading2 }),
  body: textStyleSchema.default({ ...REPORT_DEFAULTS.body }),
  /** Fixed line spacing of body paragraphs, in points (固定值 28 磅). */
  lineSpacingPt: z.number().positive().default(REPORT_DEFAULTS.lineSpacingPt),
  /** The literal label the report must carry when the author declares AI-generated content (report.ai_label). */
  aiLabel: z.string().min(1).default(REPORT_DEFAULTS.aiLabel),
});
export type ReportParams = z.infer<typeof reportParamsSchema>;

/**
 * How the courseware must label AI-generated material (courseware.ai_label):
 * `literal` — exactly this text (2026: "AI生成");
 * `appropriate` — any of the patterns (2025: 相应标识, e.g. "AI生成", "本图由人工智能生成", "AIGC").
 */
export const aiLabelSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('literal'), text: z.string().min(1) }),
  z.object({
    mode: z.literal('appropriate'),
    /** Regular expressions (unicode, case-insensitive) tried on NFKC-normalised text without spaces. */
    patterns: z.array(z.string().min(1)).min(1),
    /** Examples named in messages. */
    examples: z.array(z.string().min(1)).min(1),
  }),
]);
export type AiLabelRule = z.infer<typeof aiLabelSchema>;

export const LITERAL_AI_LABEL: AiLabelRule = { mode: 'literal', text: 'AI生成' };
/** 2025's 相应标识: what a reasonable reader takes as "this was made by AI". */
export const APPROPRIATE_AI_LABEL: AiLabelRule = {
  mode: 'appropriate',
  patterns: ['AI生成', '人工智能生成', 'AIGC', '由.{0,12}(AI|人工智能).{0,12}(生成|创作|合成|制作|绘制)', '(AI|人工智能)(创作|合成|绘制|制作)'],
  examples: ['AI生成', '本图由人工智能生成', 'AIGC生成'],
};

export const coursewareParamsSchema = z.object({
  aiLabel: aiLabelSchema.default(LITERAL_AI_LABEL),
  /** courseware.privacy as the call's notice words it; absent: PRIVACY_NO_FACES. */
  privacy: privacyItemSchema.optional(),
});
export type CoursewareParams = z.infer<typeof coursewareParamsSchema>;

/** Normalises text for label matching: NFKC (full-width letters), no spaces, upper case. */
export function normaliseForLabel(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b\u3000]+/gu, '').toUpperCase();
}

/** True when `text` carries a label the rule accepts. */
export function matchesAiLabel(text: string, rule: AiLabelRule): boolean {
  const norm = normaliseForLabel(text);
  if (rule.mode === 'literal') return norm.includes(normaliseForLabel(rule.text));
  return rule.patterns.some((p) => new RegExp(p, 'iu').test(norm));
}

/** How a rule's label is named in Chinese messages: “AI生成” or 相应标识（如“AI生成”“本图由人工智能生成”）. */
export function describeAiLabel(rule: AiLabelRule): string {
  if (rule.mode === 'literal') return `“${rule.text}”`;
  return `相应标识（如${rule.examples.map((e) => `“${e}”`).join('')}）`;
}

// ---------------------------------------------------------------------------------------------
// Formatting of numbers as the authors read them

const SIZE_NAMES: Array<[number, string]> = [
  [42, '初号'], [36, '小初'], [26, '一号'], [24, '小一'], [22, '二号'], [18, '小二'],
  [16, '三号'], [15, '小三'], [14, '四号'], [12, '小四'], [10.5, '五号'], [9, '小五'],
  [7.5, '六号'], [6.5, '小六'],
];

/** The Chinese name of a font size in points (16 → 三号), if it has one. */
export function sizeName(pt: number): string | undefined {
  return SIZE_NAMES.find(([p]) => p === pt)?.[1];
}

/** The named sizes, largest first: [[42, '初号'], …]. */
export const FONT_SIZES: ReadonlyArray<readonly [number, string]> = SIZE_NAMES;

/** "三号（16pt）", or "17pt" when the size has no Chinese name. */
export function sizeLabel(pt: number): string {
  const name = SIZE_NAMES.find(([p]) => p === pt)?.[1];
  return name ? `${name}（${pt}pt）` : `${pt}pt`;
}

/** "黑体，三号（16pt），加粗". */
export function describeStyle(s: TextStyle): string {
  return [s.font, sizeLabel(s.sizePt), s.bold === true ? '加粗' : s.bold === false ? '不加粗' : null].filter(Boolean).join('，');
}

/** "8 Mbps", "7.9 Mbps", "128 kbps". */
export function bitrateLabel(bps: number): string {
  if (bps >= 1_000_000) return `${Number((bps / 1e6).toFixed(2))} Mbps`;
  return `${Number((bps / 1e3).toFixed(1))} kbps`;
}

/** "7 分钟", "1 分 45 秒", "90 秒". */
export function minutesLabel(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t} 秒`;
  return t % 60 === 0 ? `${t / 60} 分钟` : `${Math.floor(t / 60)} 分 ${t % 60} 秒`;
}

/** "7–10 分钟" or "不超过 10 分钟". */
export function durationRangeLabel(minS: number | undefined, maxS: number): string {
  const m = (s: number) => (s % 60 === 0 ? `${s / 60}` : `${Math.round((s / 60) * 10) / 10}`);
  return minS !== undefined ? `${m(minS)}–${m(maxS)} 分钟` : `不超过 ${m(maxS)} 分钟`;
}

/** "1–2 分钟", "不超过 2 分钟", "5–7 分钟（6分钟左右）". */
export function partRangeLabel(p: VideoPartDef): string {
  return durationRangeLabel(p.minS, p.maxS) + (p.note ? `（${p.note}）` : '');
}
