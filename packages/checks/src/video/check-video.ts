// SPEC §3.1 video rules over a ByteSource. Never throws: unreadable input becomes `error` results,
// missing tool ports become `manual`, and the whole check is bounded by options.timeoutMs.
import type { AudioAnalysis, ByteSource, CheckOptions, RgbaImage, RuleResult } from '../types.ts';
import { bestFrameMatch, type FrameMatch } from './compare-frames.ts';
import { probeMp4, type Mp4Probe } from './probe-mp4.ts';
import { CONTAINER_LABEL, MP4_BRANDS } from './sniff-container.ts';
import { isToolError } from '../tool-error.ts';
import { describeForeign } from '../foreign.ts';
import { PRIVACY_NO_FACES, VIDEO_DEFAULTS, bitrateLabel, minutesLabel, partRangeLabel } from '@anli/domain/rule-params.ts';

export { probeMp4 } from './probe-mp4.ts';
export type { Mp4Probe, VideoTrackInfo, AudioTrackInfo } from './probe-mp4.ts';

/** Rule ids in SPEC order. */
export const VIDEO_RULES = [
  'video.container',
  'video.codec',
  'video.resolution',
  'video.aspect',
  'video.fps',
  'video.bitrate',
  'video.duration',
  'video.parts',
  'audio.present',
  'audio.codec',
  'audio.bitrate',
  'audio.clarity',
  'video.opening',
  'video.closing',
  'video.people',
  'video.synthetic',
  'video.format_declared',
] as const;

/** Numbers of the rules that are not call data (the call's numbers come in options.params.video). */
export const VIDEO_THRESHOLDS = {
  /**
   * Duration bounds are compared with 0.5 s of slack: AAC priming/padding and the last frame's
   * duration make an exactly 10:00 export measure 600.02 s, and players show it as 10:00.
   */
  durationSlackS: 0.5,
  /** Deep audio heuristics (audio.clarity). */
  quietLufs: -30,
  loudLufs: -8,
  maxLongSilences: 3,
  maxSilenceShare: 0.2,
  noisyFloorDb: -45,
  minSnrDb: 15,
  /** Below this gap between the whole and its quietest moments, the audio has no pauses at all. */
  minPauseDropDb: 3,
} as const;

/** The call's video numbers with today's values where the call leaves one out. */
type VideoNumbers = typeof VIDEO_DEFAULTS & NonNullable<CheckOptions['params']['video']>;
function videoNumbers(options: CheckOptions): VideoNumbers {
  const given = options.params?.video ?? { maxDurationS: 600 }; // both calls cap at 600 s (SPEC §3.1)
  const out: Record<string, unknown> = { ...VIDEO_DEFAULTS };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as VideoNumbers;
}

/** The export settings that satisfy the call, said once for every message that needs them. */
function exportHint(V: VideoNumbers): string {
  return `编码 H.264，分辨率 ${V.width}×${V.height}，帧率 ${V.fps}，视频码率 ${bitrateLabel(V.recommendedBitrate)}（不低于 ${bitrateLabel(V.minBitrate)}），音频 AAC ${bitrateLabel(V.audioBitrateRecommended)}`;
}

const mbps = (b: number) => `${(b / 1e6).toFixed(2)} Mbps`;
const kbps = (b: number) => `${Math.round(b / 1000)} kbps`;
const mmss = (s: number) => {
  const t = Math.round(s);
  return `${Math.floor(t / 60)} 分 ${t % 60} 秒`;
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** "16:9", "4:3", "16:10" or "2.37:1". */
export function aspectLabel(w: number, h: number): string {
  if (!(w > 0 && h > 0)) return '未知';
  const known: Array<[number, number]> = [
    [16, 9],
    [4, 3],
    [16, 10],
    [21, 9],
    [1, 1],
    [9, 16],
    [3, 4],
    [3, 2],
  ];
  for (const [x, y] of known) {
    const off = Math.abs(w / h - x / y) / (x / y);
    if (off < 1e-6) return `${x}:${y}`;
    if (off < 0.005) return `约 ${x}:${y}`;
  }
  const g = gcd(Math.round(w), Math.round(h));
  const a = Math.round(w) / g;
  const b = Math.round(h) / g;
  return a <= 32 && b <= 32 ? `${a}:${b}` : `${(w / h).toFixed(2)}:1`;
}

function problemMessage(p: Mp4Probe, EXPORT_HINT: string): string {
  const code = p.problem?.code;
  const what = CONTAINER_LABEL[p.container.format];
  switch (code) {
    case 'empty':
      return '文件为空（0 字节），可能上传中断。请重新上传完整的 MP4 视频。';
    case 'not-mp4':
      return `文件实际是 ${what}，不是 MP4 视频，无法检测此项。请用剪辑软件导出为 MP4（${EXPORT_HINT}）后重新上传，不要只修改文件后缀。`;
    case 'truncated':
      return '文件不完整（数据在结尾处被截断），可能导出或上传中断。请重新导出 MP4，确认本地能完整播放后重新上传。';
    case 'no-moov':
      return '文件中找不到 MP4 索引（moov），可能导出未完成或文件已损坏。请重新导出 MP4 后上传。';
    case 'timeout':
      return '检测超时，未能读完文件。请稍后重试；如反复出现，请重新导出 MP4 后上传。';
    case 'too-large':
      return 'MP4 索引异常庞大，文件可能已损坏。请重新导出 MP4 后上传。';
    case 'io':
      return '读取文件失败，请稍后重试或重新上传。';
    default:
      return '文件结构损坏，无法读取。请重新导出 MP4（H.264 + AAC）后上传。';
  }
}

function r(rule: string, status: RuleResult['status'], actual: unknown, expected: unknown, message: string, details?: Record<string, unknown>): RuleResult {
  return details ? { rule, status, actual, expected, message, details } : { rule, status, actual, expected, message };
}

/** Expected values; the call's numbers are filled in by expectedFor. */
const EXPECTED: Record<string, unknown> = {
  'video.container': 'MP4 视频',
  'video.codec': 'H.264/AVC',
  'video.aspect': '16:9',
  'audio.present': '有音轨',
  'audio.codec': 'AAC',
  'audio.clarity': '响度适中、无长时间静音、背景噪声低',
  'video.opening': '片头画面与课件首页一致',
  'video.closing': '片尾画面与课件末页一致',
  'video.people': '主讲人不出镜，画面中无学生正脸',
  'video.synthetic': '非完全由 AI 生成的视频，无合成配音；AI 生成素材标注“AI生成”',
  'video.format_declared': '按“PPT+录屏+解说”形式录制',
};

const thousands = (n: number) => n.toLocaleString('en-US');

/** Expected values that state the call's numbers. */
function expectedFor(V: VideoNumbers): Record<string, unknown> {
  return {
    ...EXPECTED,
    'video.resolution': `${V.width}×${V.height}`,
    'video.fps': `${V.fps} fps（±${V.fpsTolerance}），恒定帧率`,
    'video.bitrate': `≥ ${thousands(V.minBitrate)} bit/s（不低于 ${bitrateLabel(V.minBitrate)}）`,
    'audio.bitrate': `${thousands(V.audioBitrateMin)}–${thousands(V.audioBitrateMax)} bit/s（${bitrateLabel(V.audioBitrateRecommended)}）`,
    'video.parts': V.parts ? V.parts.map((p) => `${p.name} ${partRangeLabel(p)}`).join('；') : '—',
  };
}

/**
 * video.parts: the lengths of the three parts from the start times the author gave, against the call's ranges.
 * The parts follow each other; the last ends at the video's end. Each boundary has V.partToleranceS of slack.
 */
export function partsRule(V: VideoNumbers, starts: number[] | undefined, durationS: number | null, expected: unknown): RuleResult {
  const R = 'video.parts';
  if (!V.parts || V.parts.length === 0) return r(R, 'pass', null, expected, '本活动不要求分段计时。', { applicable: false });
  const names = V.parts.map((x) => x.name).join('、');
  if (!starts || starts.length !== V.parts.length || starts.some((x) => !Number.isFinite(x))) {
    return r(R, 'manual', null, expected, `未填写视频各部分（${names}）的开始时间，需人工核对各部分时长；请在案例表单中填写每部分的开始时间。`);
  }
  if (durationS === null || !(durationS > 0)) return r(R, 'manual', starts, expected, '尚未读到视频时长，无法核对各部分时长，需人工核对。');
  const tol = V.partToleranceS;
  const problems: string[] = [];
  if (Math.abs(starts[0]!) > tol) problems.push(`第一部分“${V.parts[0]!.name}”应从 0:00 开始（填写的是 ${clock(starts[0]!)}）`);
  const lengths: number[] = [];
  for (let i = 0; i < V.parts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]! : durationS;
    const len = end - starts[i]!;
    lengths.push(round(len, 1));
    const part = V.parts[i]!;
    if (len <= 0) problems.push(`“${part.name}”的开始时间 ${clock(starts[i]!)} 不在前一部分之后或超出视频时长`);
    else if ((part.minS !== undefined && len < part.minS - tol) || len > part.maxS + tol) {
      problems.push(`“${part.name}”时长 ${minutesLabel(len)}，要求 ${partRangeLabel(part)}`);
    }
  }
  const actual = V.parts.map((x, i) => `${x.name} ${minutesLabel(Math.max(0, lengths[i]!))}`).join('；');
  const details = { starts, lengths, durationS: round(durationS, 2) };
  if (problems.length) {
    return r(R, 'fail', actual, expected, `视频各部分时长不符：${problems.join('；')}。请核对表单中各部分的开始时间，或调整视频内容后重新上传。`, details);
  }
  return r(R, 'pass', actual, expected, `视频三部分时长均符合要求（${actual}）。`, details);
}

const clock = (s: number) => {
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
};

function durationExpected(min: number | undefined, max: number): string {
  return min !== undefined ? `${min}–${max} 秒（${min / 60}–${max / 60} 分钟）` : `≤ ${max} 秒（${max / 60} 分钟）`;
}

function containerRule(p: Mp4Probe, hint: string): RuleResult {
  const c = p.container;
  const res = containerRuleInner(p, c, hint);
  res.details = { format: c.format, majorBrand: c.majorBrand ?? null, compatibleBrands: c.compatibleBrands ?? [] };
  return res;
}

function containerRuleInner(p: Mp4Probe, c: Mp4Probe['container'], EXPORT_HINT: string): RuleResult {
  // actual: the real format in words a teacher knows (MP4 视频, QuickTime MOV …); the brands stay in details.
  const actual = c.format === 'mp4' ? 'MP4 视频' : (CONTAINER_LABEL[c.format] ?? c.format);
  const exp = EXPECTED['video.container'];
  // Nothing read (empty file, read failure, timeout before the first bytes): cannot judge.
  if (c.format === 'empty' || (c.format === 'unknown' && (p.problem?.code === 'io' || p.problem?.code === 'timeout'))) {
    return r('video.container', 'error', actual, exp, problemMessage(p, EXPORT_HINT));
  }
  if (c.format === 'mov') {
    return r('video.container', 'fail', actual, exp, `文件是 QuickTime MOV 格式（品牌 ${(c.majorBrand ?? '无 ftyp').trim() || 'qt'}），不是 MP4。请在剪辑软件中导出为 MP4（${EXPORT_HINT}）后重新上传，不要只修改文件后缀。`);
  }
  if (c.format !== 'mp4') {
    return r('video.container', 'fail', actual, exp, `文件实际是 ${CONTAINER_LABEL[c.format]}，不是 MP4 视频。请用剪辑软件导出为 MP4（${EXPORT_HINT}）后重新上传，不要只修改文件后缀。`);
  }
  const brands = [c.majorBrand, ...(c.compatibleBrands ?? [])].filter((x): x is string => !!x);
  if (c.majorBrand === undefined) {
    // Fragment stream without ftyp: an MP4 structure, but not a complete file a player opens.
    return r('video.container', 'fail', actual, exp, '文件缺少 MP4 文件头（ftyp），不是完整的 MP4 文件。请重新导出 MP4 后上传。');
  }
  if (!brands.some((b) => MP4_BRANDS.has(b))) {
    return r('video.container', 'fail', actual, exp, `文件的 MP4 品牌为 ${brands.map((b) => `“${b.trim()}”`).join('、')}，不是通用 MP4。请用剪辑软件导出为标准 MP4（${EXPORT_HINT}）。`);
  }
  return r('video.container', 'pass', actual, exp, '标准 MP4 视频，格式符合要求。');
}

function remaining(deadline: number): number {
  return deadline - Date.now();
}

/** Runs a port call bounded by the deadline; resolves to {ok:false} on error or timeout. */
async function bounded<T>(f: () => Promise<T>, deadline: number): Promise<{ ok: true; value: T } | { ok: false; timeout: boolean; error: string; reason?: string }> {
  const ms = remaining(deadline);
  if (ms <= 0) return { ok: false, timeout: true, error: 'no time left' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const value = await Promise.race([
      Promise.resolve().then(f),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error('__timeout__')), ms);
      }),
    ]);
    return { ok: true, value };
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    // A tool killed at its own bound (bounded subprocess) counts as a timeout too; `reason` says it in Chinese.
    return { ok: false, timeout: msg === '__timeout__' || (isToolError(e) && e.reason === 'timeout'), error: msg, reason: isToolError(e) ? e.chinese : undefined };
  } finally {
    clearTimeout(timer);
  }
}

/** audio.clarity from an AudioAnalysis (exported for tests). */
export function clarityRule(a: AudioAnalysis): RuleResult {
  const T = VIDEO_THRESHOLDS;
  const problems: string[] = [];
  const silenceTotal = a.longSilences.reduce((s, x) => s + Math.max(0, x.end - x.start), 0);
  const details = {
    integratedLufs: a.integratedLufs === null ? null : round(a.integratedLufs, 1),
    longSilences: a.longSilences.length,
    longSilenceSeconds: round(silenceTotal, 1),
    noiseFloorDb: a.noiseFloorDb === null ? null : round(a.noiseFloorDb, 1),
    durationS: round(a.durationS, 2),
    firstSilences: a.longSilences.slice(0, 10),
  };
  const actual = `响度 ${details.integratedLufs ?? '—'} LUFS，长静音 ${details.longSilences} 段，底噪 ${details.noiseFloorDb ?? '—'} dB`;
  if (a.integratedLufs === null || !Number.isFinite(a.integratedLufs)) problems.push('几乎听不到声音（无法测得响度），请确认录音正常、导出时包含音频');
  else if (a.integratedLufs < T.quietLufs) problems.push(`整体音量过低（${a.integratedLufs.toFixed(1)} LUFS），请将讲解音量提高到约 -16 至 -23 LUFS（剪辑软件中“响度标准化”）`);
  else if (a.integratedLufs > T.loudLufs) problems.push(`整体音量过高（${a.integratedLufs.toFixed(1)} LUFS），可能失真，请降低到约 -16 LUFS`);
  if (a.longSilences.length > T.maxLongSilences || (a.durationS > 0 && silenceTotal / a.durationS > T.maxSilenceShare)) {
    const first = a.longSilences
      .slice(0, 3)
      .map((s) => `${mmss(s.start)}–${mmss(s.end)}`)
      .join('、');
    problems.push(`有 ${a.longSilences.length} 段超过 3 秒的静音（共 ${Math.round(silenceTotal)} 秒，如 ${first}），请剪掉或补充讲解`);
  }
  if (a.noiseFloorDb !== null && a.integratedLufs !== null && a.noiseFloorDb > T.noisyFloorDb && a.integratedLufs - a.noiseFloorDb < T.minSnrDb) {
    const gap = Math.round(a.integratedLufs - a.noiseFloorDb);
    // Narration has pauses; audio whose quietest moments are as loud as the whole (under 3 dB apart) has none — a
    // steady hum, music or noise without speech — and a "gap" of 0 dB says nothing a person can act on.
    if (gap < T.minPauseDropDb) problems.push('声音始终是同一音量、没有讲解的停顿（可能只有背景音乐或噪声），请确认视频录入了讲解声音');
    else problems.push(`停顿处背景噪声较大（约 ${a.noiseFloorDb.toFixed(0)} dB，比讲解音量只低 ${gap} dB，宜低 ${T.minSnrDb} dB 以上），请在安静环境录音或做降噪处理`);
  }
  if (problems.length) return r('audio.clarity', 'warn', actual, EXPECTED['audio.clarity'], `${problems.join('；')}。（自动判断，请人工试听确认）`, details);
  return r('audio.clarity', 'pass', actual, EXPECTED['audio.clarity'], '响度、静音和背景噪声均正常。', details);
}

function edgeRule(rule: 'video.opening' | 'video.closing', m: FrameMatch): RuleResult {
  const which = rule === 'video.opening' ? '片头（第 1 秒）' : '片尾（最后 1 秒）';
  const slide = rule === 'video.opening' ? '课件首页' : '课件末页';
  const details = { verdict: m.verdict, ssim: round(m.ssim), colorDistance: round(m.colorDistance), framesCompared: m.framesCompared, bestFrame: m.frameIndex };
  const actual = m.frameIndex < 0 ? null : `相似度 SSIM ${round(m.ssim, 2)}，色差 ${round(m.colorDistance, 2)}`;
  if (m.frameIndex < 0) return r(rule, 'manual', actual, EXPECTED[rule], `未能取得视频${which}画面，请人工确认${which}与${slide}一致。`, details);
  if (m.verdict === 'similar') return r(rule, 'pass', actual, EXPECTED[rule], `视频${which}画面与${slide}一致。`, details);
  if (m.verdict === 'different') {
    return r(rule, 'warn', actual, EXPECTED[rule], `视频${which}画面与${slide}明显不同。请在视频${rule === 'video.opening' ? '开头' : '结尾'}放置与${slide}相同的画面（可直接使用课件页面截图），或确认上传的是同一案例的课件。`, details);
  }
  return r(rule, 'manual', actual, EXPECTED[rule], `无法自动判断视频${which}画面是否与${slide}一致，请人工确认。`, details);
}

/**
 * Checks one video against SPEC §3.1. Always resolves; every rule id in VIDEO_RULES appears once.
 */
export async function checkVideo(source: ByteSource, options: CheckOptions): Promise<RuleResult[]> {
  const start = Date.now();
  // Finish a little before the caller's own timeout (checkFile races the same timeoutMs), so our
  // bounded results — not a bare timeout — are what the caller gets.
  const budget = options.timeoutMs ?? 60_000;
  const deadline = start + Math.max(budget * 0.5, budget - Math.min(1000, budget * 0.1));
  let p: Mp4Probe;
  try {
    p = await probeMp4(source, { deadline });
  } catch (e) {
    // probeMp4 does not throw by design; this is a last line of defence.
    p = {
      fileSize: source.size,
      container: { format: 'unknown' },
      problem: { code: 'corrupt', detail: (e as Error)?.message ?? String(e) },
      fragmented: false,
      moovPosition: null,
      durationS: null,
      video: null,
      audio: null,
      trackCount: 0,
      topLevelBoxes: 0,
      bytesRead: 0,
      notes: [],
    };
  }
  const V = videoNumbers(options);
  const EXPECTED = expectedFor(V);
  const EXPORT_HINT = exportHint(V);
  const out: RuleResult[] = [containerRule(p, EXPORT_HINT)];
  if (p.container.format === 'unknown' && out[0]!.status === 'fail') {
    // Say what the file is when it is something recognisable (a program, a web page, a playlist).
    const what = await describeForeign(source);
    if (what) out[0]!.message = out[0]!.message.replace(CONTAINER_LABEL.unknown, what);
  }
  // video.people as the call's notice words it (2026: no presenter, no frontal student faces; 2025: consent).
  const people = V.people ?? PRIVACY_NO_FACES.videoPeople;
  const manualPeople = r('video.people', 'manual', null, people.expected, people.confirm);
  const manualSynthetic = r(
    'video.synthetic',
    'manual',
    options.params?.aiContent ?? null,
    EXPECTED['video.synthetic'],
    '请作者声明、评审确认：视频不是完全由人工智能生成，没有使用合成配音；视频中使用的 AI 生成素材已标注“AI生成”。',
  );

  const manualFormat = r('video.format_declared', 'manual', null, EXPECTED['video.format_declared'], '请作者声明、省级管理员确认：视频按“PPT+录屏+解说”的形式录制。');
  const vp = V;
  const durExp = durationExpected(vp.minDurationS, vp.maxDurationS);

  if (p.problem) {
    const msg = problemMessage(p, EXPORT_HINT);
    const details = { problem: p.problem.code, detail: p.problem.detail };
    for (const rule of VIDEO_RULES.slice(1, 14)) {
      out.push(r(rule, 'error', null, rule === 'video.duration' ? durExp : EXPECTED[rule], msg, details));
    }
    out.push(manualPeople, manualSynthetic, manualFormat);
    return out;
  }

  const T = { ...VIDEO_THRESHOLDS, ...V };
  const W = `${V.width}×${V.height}`;
  const v = p.video;
  const a = p.audio;
  const noVideo = '文件中没有视频轨道（只有音频或其他数据）。请导出包含画面的 MP4 视频。';

  // video.codec
  if (!v) out.push(r('video.codec', 'fail', null, EXPECTED['video.codec'], noVideo));
  else if (v.codec === 'h264' && !v.encrypted) out.push(r('video.codec', 'pass', v.codecLabel, EXPECTED['video.codec'], '视频编码为 H.264/AVC。'));
  else if (v.encrypted) out.push(r('video.codec', 'warn', `${v.codecLabel}（加密）`, EXPECTED['video.codec'], '视频经过加密（DRM），平台无法播放。请上传未加密的 H.264 MP4。'));
  else if (v.codec === 'hevc') out.push(r('video.codec', 'warn', v.codecLabel, EXPECTED['video.codec'], '视频编码为 HEVC/H.265，很多浏览器无法播放。请在导出设置中将视频编码改为 H.264（AVC）。'));
  else out.push(r('video.codec', 'warn', v.codecLabel, EXPECTED['video.codec'], `视频编码为 ${v.codecLabel}，不是 H.264，可能无法在网页中播放。请在导出设置中将视频编码改为 H.264（AVC）。`));

  // video.resolution and video.aspect
  if (!v) {
    out.push(r('video.resolution', 'fail', null, EXPECTED['video.resolution'], noVideo));
    out.push(r('video.aspect', 'fail', null, EXPECTED['video.aspect'], noVideo));
  } else {
    const shown = `${v.displayWidth}×${v.displayHeight}`;
    const coded = `${v.codedWidth}×${v.codedHeight}`;
    const details = { coded, pixelAspect: round(v.pixelAspect, 4), rotation: v.rotation, tkhd: `${round(v.tkhdWidth, 2)}×${round(v.tkhdHeight, 2)}`, cleanAperture: v.cleanAperture };
    const exact = v.displayWidth === T.width && v.displayHeight === T.height;
    if (exact && v.codedWidth === T.width && v.codedHeight === T.height && v.rotation === 0) {
      out.push(r('video.resolution', 'pass', shown, EXPECTED['video.resolution'], `分辨率为 ${W}。`, details));
    } else if (exact) {
      // Displayed size is right (SPEC's criterion) but the picture is stored smaller/anamorphic or
      // rotated: not a fail by the letter of the rule, but a human should look at the sharpness.
      out.push(
        r('video.resolution', 'warn', shown, EXPECTED['video.resolution'], `播放尺寸为 ${W}，但实际编码画面为 ${coded}${v.rotation ? `（旋转 ${v.rotation}°）` : `（非方形像素，像素长宽比 ${round(v.pixelAspect, 3)}）`}，清晰度可能不足。建议导出为 ${W}、方形像素（1.0）。`, details),
      );
    } else {
      const portrait = v.displayHeight > v.displayWidth;
      out.push(
        r(
          'video.resolution',
          'fail',
          shown,
          EXPECTED['video.resolution'],
          `视频播放尺寸为 ${shown}${coded !== shown ? `（编码尺寸 ${coded}${v.pixelAspect !== 1 ? `，像素长宽比 ${round(v.pixelAspect, 3)}` : ''}${v.rotation ? `，旋转 ${v.rotation}°` : ''}）` : ''}，要求 ${W}。${portrait ? '视频为竖屏，请改为横屏录制或在剪辑软件中使用 16:9 横版序列。' : ''}请在导出设置中将分辨率设为 ${W}、像素长宽比设为方形像素（1.0）；不要只拉伸小尺寸视频。`,
          details,
        ),
      );
    }
    const ratio = v.displayWidth / v.displayHeight;
    const label = aspectLabel(v.displayWidth, v.displayHeight);
    if (v.displayHeight > 0 && Math.abs(ratio - 16 / 9) / (16 / 9) < 0.005) {
      out.push(r('video.aspect', 'pass', label, EXPECTED['video.aspect'], '画面比例为 16:9。', details));
    } else {
      out.push(
        r('video.aspect', 'fail', label, EXPECTED['video.aspect'], `画面比例为 ${label}，要求 16:9。请在剪辑软件中将序列/画布设为 16:9（${W}），像素长宽比设为方形像素（1.0），再重新导出。`, details),
      );
    }
  }

  // video.fps
  if (!v) out.push(r('video.fps', 'fail', null, EXPECTED['video.fps'], noVideo));
  else if (v.avgFps === null) out.push(r('video.fps', 'error', null, EXPECTED['video.fps'], '无法从文件中计算帧率（没有视频帧或时长为 0），请重新导出后上传。'));
  else {
    const fps = round(v.avgFps, 3);
    const details = { sampleCount: v.sampleCount, durationS: round(v.durationS, 3), variableFrameRate: v.variableFrameRate, minFps: v.minFps && round(v.minFps, 2), maxFps: v.maxFps && round(v.maxFps, 2), irregularShare: round(v.irregularShare, 4) };
    const inRange = Math.abs(v.avgFps - T.fps) <= T.fpsTolerance + 1e-9;
    if (!inRange) {
      out.push(r('video.fps', 'fail', fps, EXPECTED['video.fps'], `平均帧率为 ${fps.toFixed(2)} fps，要求 ${V.fps} fps（±${V.fpsTolerance}）。请在导出设置中将帧率设为 ${V.fps} fps，并选择“恒定帧率”。`, details));
    } else if (v.variableFrameRate) {
      out.push(
        r('video.fps', 'warn', fps, EXPECTED['video.fps'], `平均帧率为 ${fps.toFixed(2)} fps，但为可变帧率（约 ${(v.irregularShare * 100).toFixed(0)}% 的帧间隔不均匀），可能出现音画不同步。请在导出设置中选择“恒定帧率 ${V.fps} fps”。`, details),
      );
    } else out.push(r('video.fps', 'pass', fps, EXPECTED['video.fps'], `帧率为 ${fps.toFixed(2)} fps。`, details));
  }

  // video.bitrate
  if (!v) out.push(r('video.bitrate', 'fail', null, EXPECTED['video.bitrate'], noVideo));
  else if (v.bitrate === null) out.push(r('video.bitrate', 'error', null, EXPECTED['video.bitrate'], '无法计算视频码率（视频轨时长为 0），请重新导出后上传。'));
  else {
    const b = Math.round(v.bitrate);
    const details = { totalBytes: v.totalBytes, durationS: round(v.durationS, 3) };
    // No warn band: the notices say 不低于 8Mbps, so the floor is the floor (export at the recommended rate to clear it).
    const fix = `请在剪辑软件导出设置中将视频码率设为 ${bitrateLabel(V.recommendedBitrate)}（不低于 ${bitrateLabel(V.minBitrate)}），编码 H.264，帧率 ${V.fps}，然后重新导出上传。`;
    if (b >= V.minBitrate) out.push(r('video.bitrate', 'pass', b, EXPECTED['video.bitrate'], `视频平均码率 ${mbps(b)}，不低于 ${bitrateLabel(V.minBitrate)}。`, details));
    else out.push(r('video.bitrate', 'fail', b, EXPECTED['video.bitrate'], `视频平均码率 ${mbps(b)}，低于要求的 ${bitrateLabel(V.minBitrate)}，画质不达标。${fix}`, details));
  }

  // video.duration
  {
    const d = p.durationS;
    if (d === null || !(d > 0)) out.push(r('video.duration', 'error', null, durExp, '无法读取视频时长，请重新导出后上传。'));
    else {
      const s = round(d, 2);
      const lo = vp.minDurationS;
      const hi = vp.maxDurationS;
      const details = { videoTrackS: v ? round(v.durationS, 3) : null, audioTrackS: a ? round(a.durationS, 3) : null, slackS: T.durationSlackS };
      if (lo !== undefined && d < lo - T.durationSlackS) {
        out.push(r('video.duration', 'fail', s, durExp, `视频时长 ${mmss(d)}（${s} 秒），短于要求的 ${lo / 60} 分钟（${lo} 秒）。请补充内容，使总时长达到 ${lo / 60} 分钟以上（不超过 ${hi / 60} 分钟）。`, details));
      } else if (d > hi + T.durationSlackS) {
        out.push(r('video.duration', 'fail', s, durExp, `视频时长 ${mmss(d)}（${s} 秒），超过 ${hi / 60} 分钟（${hi} 秒）的上限。请剪辑到 ${hi / 60} 分钟以内。`, details));
      } else out.push(r('video.duration', 'pass', s, durExp, `视频时长 ${mmss(d)}。`, details));
    }
  }

  out.push(partsRule(V, options.params?.partStartsS, p.durationS, EXPECTED['video.parts']));

  // audio.present / audio.codec / audio.bitrate
  const noAudio = `视频没有音轨。请在导出设置中勾选“导出音频”，音频编码 AAC、码率 ${bitrateLabel(V.audioBitrateRecommended)}。`;
  if (!a) {
    out.push(r('audio.present', 'fail', false, EXPECTED['audio.present'], noAudio));
    out.push(r('audio.codec', 'fail', null, EXPECTED['audio.codec'], noAudio));
    out.push(r('audio.bitrate', 'fail', null, EXPECTED['audio.bitrate'], noAudio));
  } else {
    const details = { channels: a.channels, stsdChannels: a.stsdChannels, sampleRate: a.sampleRate, format: a.format, objectType: a.objectType, audioObjectType: a.audioObjectType };
    out.push(r('audio.present', 'pass', true, EXPECTED['audio.present'], `有音轨（${a.codecLabel}，${a.channels === 1 ? '单声道' : a.channels === 2 ? '立体声' : `${a.channels ?? '?'} 声道`}）。`, details));
    if (a.codec === 'aac') out.push(r('audio.codec', 'pass', a.codecLabel, EXPECTED['audio.codec'], `音频编码为 ${a.codecLabel}。`, details));
    else out.push(r('audio.codec', 'fail', a.codecLabel, EXPECTED['audio.codec'], `音频编码为 ${a.codecLabel}，要求 AAC。请在导出设置中将音频编码设为 AAC、码率 ${bitrateLabel(V.audioBitrateRecommended)}。`, details));
    if (a.bitrate === null) out.push(r('audio.bitrate', 'error', null, EXPECTED['audio.bitrate'], '无法计算音频码率（音轨时长为 0），请重新导出后上传。'));
    else {
      const b = Math.round(a.bitrate);
      const bd = { totalBytes: a.totalBytes, durationS: round(a.durationS, 3) };
      if (b < T.audioBitrateMin) out.push(r('audio.bitrate', 'fail', b, EXPECTED['audio.bitrate'], `音频平均码率 ${kbps(b)}，低于 ${bitrateLabel(V.audioBitrateMin)}。请在导出设置中将音频码率设为 ${bitrateLabel(V.audioBitrateRecommended)}（AAC）。`, bd));
      else if (b > T.audioBitrateMax) out.push(r('audio.bitrate', 'warn', b, EXPECTED['audio.bitrate'], `音频平均码率 ${kbps(b)}，高于要求的 ${bitrateLabel(V.audioBitrateRecommended)}，文件会偏大。建议在导出设置中将音频码率设为 ${bitrateLabel(V.audioBitrateRecommended)}。`, bd));
      else out.push(r('audio.bitrate', 'pass', b, EXPECTED['audio.bitrate'], `音频平均码率 ${kbps(b)}。`, bd));
    }
  }

  // Deep checks, run concurrently and bounded by the deadline.
  const tools = options.tools ?? {};
  const audioJob = a && tools.analyzeAudio ? bounded(() => tools.analyzeAudio!(source), deadline) : null;
  const edgeJob =
    v && tools.extractEdgeFrames && tools.renderEdgeSlides && options.courseware
      ? Promise.all([bounded(() => tools.extractEdgeFrames!(source), deadline), bounded(() => tools.renderEdgeSlides!(options.courseware!), deadline)])
      : null;

  if (!a) out.push(r('audio.clarity', 'warn', null, EXPECTED['audio.clarity'], noAudio));
  else if (!audioJob) out.push(r('audio.clarity', 'manual', null, EXPECTED['audio.clarity'], '需人工试听：讲解音量是否适中、声音是否清晰，有无长时间静音和明显背景噪声。'));
  else {
    const res = await audioJob;
    if (res.ok) out.push(clarityRule(res.value));
    else out.push(r('audio.clarity', 'manual', null, EXPECTED['audio.clarity'], `${res.timeout ? '音频分析超时' : '音频分析未能完成'}${res.reason ? `（${res.reason}）` : ''}，需人工试听：讲解音量是否适中、声音是否清晰，有无长时间静音和明显背景噪声。`, { error: res.error }));
  }

  if (!edgeJob) {
    const why = !v ? '没有视频画面' : !options.courseware ? '未提供同一案例的课件' : '当前环境不支持自动比对';
    out.push(r('video.opening', 'manual', null, EXPECTED['video.opening'], `${why}，请人工确认视频片头画面与课件首页一致。`));
    out.push(r('video.closing', 'manual', null, EXPECTED['video.closing'], `${why}，请人工确认视频片尾画面与课件末页一致。`));
  } else {
    const [frames, slides] = await edgeJob;
    if (!frames.ok || !slides.ok || !slides.value) {
      const failed = !frames.ok ? frames : !slides.ok ? slides : null;
      const base = !frames.ok ? (frames.timeout ? '提取视频画面超时' : '未能提取视频画面') : !slides.ok ? (slides.timeout ? '课件渲染超时' : '课件无法渲染') : '课件无法渲染';
      const why = failed && !failed.ok && failed.reason ? `${base}（${failed.reason}）` : base;
      const details = { error: !frames.ok ? frames.error : !slides.ok ? slides.error : 'renderEdgeSlides returned null' };
      out.push(r('video.opening', 'manual', null, EXPECTED['video.opening'], `${why}，请人工确认视频片头画面与课件首页一致。`, details));
      out.push(r('video.closing', 'manual', null, EXPECTED['video.closing'], `${why}，请人工确认视频片尾画面与课件末页一致。`, details));
    } else {
      const safeMatch = (fr: RgbaImage[], sl: RgbaImage): FrameMatch => {
        try {
          return bestFrameMatch(fr, sl);
        } catch {
          return { ssim: 0, colorDistance: 1, verdict: 'unsure', frameIndex: -1, framesCompared: 0 };
        }
      };
      out.push(edgeRule('video.opening', safeMatch(frames.value.first, slides.value.first)));
      out.push(edgeRule('video.closing', safeMatch(frames.value.last, slides.value.last)));
    }
  }

  out.push(manualPeople, manualSynthetic, manualFormat);
  out[0]!.details = { ...(out[0]!.details ?? {}), fragmented: p.fragmented, moovPosition: p.moovPosition, ...(p.notes.length ? { notes: p.notes } : {}) };
  return out;
}
