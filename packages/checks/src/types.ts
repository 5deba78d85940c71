// Shared contract of the file checker. Pure: no Node-only imports here, so the browser runs the same code.
import type { AiLabelRule, PrivacyItem, TextStyle, VideoPartDef } from '@anli/domain/rule-params.ts';

export type { AiLabelRule, TextStyle, VideoPartDef };

/** Status of one rule, as SPEC §3 defines it. */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'manual' | 'error';

/** One rule's outcome: stable id, measured and expected values, and a Chinese message telling the author what to do. */
export interface RuleResult {
  rule: string;
  status: RuleStatus;
  actual: unknown;
  expected: unknown;
  message: string;
  /** Optional structured details (slide numbers, offending paragraphs...). Not part of the CLI contract. */
  details?: Record<string, unknown>;
}

export interface CheckReport {
  verdict: 'pass' | 'fail';
  results: RuleResult[];
}

/** What a file is checked as (SPEC §5 `--as`). */
export type CheckAs = 'video' | 'courseware' | 'report' | 'infoform';

/**
 * Random-access bytes of one file. Implementations: a file on disk (Node), an HTTP range reader,
 * an S3 object, a browser `File`. Checks read through this and never hold a whole video in memory.
 */
export interface ByteSource {
  readonly size: number;
  readonly name?: string;
  /** Reads up to `length` bytes at `offset`; returns fewer only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/**
 * Per-call parameters of the rules; they come from the call definition (a call is data, see
 * @anli/domain/rule-params.ts). Every number a rule uses is here, optional, with today's values as defaults.
 */
export interface CheckParams {
  video?: {
    /** Inclusive lower bound in seconds, if the call has one (2026: 420). */
    minDurationS?: number;
    /** Inclusive upper bound in seconds (both calls: 600). */
    maxDurationS: number;
    width?: number;
    height?: number;
    fps?: number;
    fpsTolerance?: number;
    /** Video-stream average floor, bit/s; below it fails (no warn band). */
    minBitrate?: number;
    /** The export setting messages recommend, bit/s. */
    recommendedBitrate?: number;
    audioBitrateMin?: number;
    audioBitrateMax?: number;
    audioBitrateRecommended?: number;
    /** The three parts with their length ranges (video.parts). */
    parts?: VideoPartDef[];
    partToleranceS?: number;
    /** video.people as the call words it (2026: no faces; 2025: consent). */
    people?: PrivacyItem;
  };
  report?: {
    /** Level-1 headings in order, with their Chinese numeral, e.g. '一、案例概述'. */
    outline: string[];
    /** Maximum 字 of the body before the 附件 section. */
    maxChars: number;
    heading1?: TextStyle;
    heading2?: TextStyle;
    body?: TextStyle;
    /** Fixed line spacing of body paragraphs in points. */
    lineSpacingPt?: number;
    /** Literal label of AI-generated content (report.ai_label). */
    aiLabel?: string;
  };
  courseware?: {
    aiLabel?: AiLabelRule;
    /** courseware.privacy as the call words it (2026: no faces, no personal data; 2025: consent, no student data). */
    privacy?: PrivacyItem;
  };
  infoform?: {
    /** Maximum 字 of the summary (简介/概述) field. */
    summaryMaxChars: number;
  };
  /** The author declared AI-generated content (courseware.ai_label and report.ai_label apply). */
  aiContent?: boolean;
  /** Start times (seconds) of the video's parts as the author gave them on the form (video.parts). */
  partStartsS?: number[];
}

/** Decoded raster image (RGBA) used by deep checks and QR decoding. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Optional server-side tools behind ports. A missing port makes the affected rules `manual`
 * (or `warn` where SPEC §3 says so), never a crash and never a silent pass.
 */
export interface ToolPorts {
  /** Audio analysis of a video (ffmpeg ebur128 + silencedetect + noise estimate). */
  analyzeAudio?: (source: ByteSource) => Promise<AudioAnalysis>;
  /** Frames of the first and last second of a video, downscaled. */
  extractEdgeFrames?: (source: ByteSource) => Promise<{ first: RgbaImage[]; last: RgbaImage[] }>;
  /** Renders the first and last slide of a courseware file (PPTX bytes) to images. */
  renderEdgeSlides?: (courseware: ByteSource) => Promise<{ first: RgbaImage; last: RgbaImage } | null>;
  /** Converts a legacy .ppt/.doc to PPTX/DOCX; resolves to null when conversion fails. */
  convertLegacy?: (source: ByteSource, to: 'pptx' | 'docx') => Promise<ByteSource | null>;
}

export interface AudioAnalysis {
  integratedLufs: number | null;
  /** Silences longer than 3 s, in seconds from the start. */
  longSilences: Array<{ start: number; end: number }>;
  /** Noise floor in the pauses, dBFS, when measurable. */
  noiseFloorDb: number | null;
  durationS: number;
}

export interface CheckOptions {
  as: CheckAs;
  params: CheckParams;
  tools?: ToolPorts;
  /** The courseware of the same case, for video.opening/closing. */
  courseware?: ByteSource;
  /** Upper bound on the whole check of one file (ms). Default 60 s. */
  timeoutMs?: number;
}
