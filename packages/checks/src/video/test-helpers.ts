// Shared helpers of the video tests (not shipped code).
import { openFileSource } from '../node/file-source.ts';
import type { CheckOptions, RuleResult } from '../types.ts';
import { checkVideo } from './check-video.ts';
import { probeMp4, type Mp4Probe } from './probe-mp4.ts';

export const OPTS_2026: CheckOptions = { as: 'video', params: { video: { minDurationS: 420, maxDurationS: 600 } } };
export const OPTS_2025: CheckOptions = { as: 'video', params: { video: { maxDurationS: 600 } } };

export async function checkFile(path: string, options: CheckOptions = OPTS_2025): Promise<Record<string, RuleResult>> {
  const src = await openFileSource(path);
  try {
    const results = await checkVideo(src, options);
    return Object.fromEntries(results.map((r) => [r.rule, r]));
  } finally {
    await src.close();
  }
}

export async function probeFile(path: string): Promise<Mp4Probe> {
  const src = await openFileSource(path);
  try {
    return await probeMp4(src);
  } finally {
    await src.close();
  }
}
