// Shared helpers of the video tests (not shipped code).
import { openFileSource } from '../node/file-source.ts';
import type { CheckOptions, RuleResult } from '../types.ts';
import { checkVideo } from './check-video.ts';
import { probeMp4, type Mp4Probe } from './probe-mp4.ts';

import { findCall } from '@anli/domain/calls/builtin.ts';

const video2026 = findCall('teacher-training-2026')!.caseTypes[0]!.checkParams.video!;
const video2025 = findCall('teacher-ai-2025')!.caseTypes[0]!.checkParams.video!;
/** The built-in calls' video parameters, as the server passes them. */
export const OPTS_2026: CheckOptions = { as: 'video', params: { video: video2026 } };
export const OPTS_2025: CheckOptions = { as: 'video', params: { video: video2025 } };

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
