// Deep checks with the real ffmpeg adapter (packages/checks/src/node/ffmpeg.ts). The courseware
// renderer (renderEdgeSlides, LibreOffice) is another unit: here it is a fake port returning
// solid-colour RgbaImages, so only the video side and the comparison are under test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureVideoFixtures } from '../../../../scripts/fixtures/video.ts';
import { analyzeAudioWithFfmpeg, createFfmpegTools, extractEdgeFramesWithFfmpeg, parseAudioLog } from '../node/ffmpeg.ts';
import { openFileSource } from '../node/file-source.ts';
import { memorySource } from '../sources/memory-source.ts';
import type { CheckOptions, RgbaImage, ToolPorts } from '../types.ts';
import { clarityRule } from './check-video.ts';
import { checkFile, OPTS_2025 } from './test-helpers.ts';

const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let fx: Record<string, string>;
beforeAll(async () => {
  if (hasFfmpeg) fx = await ensureVideoFixtures();
}, 180_000);

const solid = (c: [number, number, number], w = 320, h = 180): RgbaImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...c, 255], i);
  return { width: w, height: h, data };
};
const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const GREEN: [number, number, number] = [0, 160, 0];

describe('parseAudioLog', () => {
  it('reads loudness, silences and the noise floor', () => {
    const log = [
      '  Duration: 00:00:20.00, start: 0.000000, bitrate: 136 kb/s',
      ...Array.from({ length: 20 }, (_, i) => `[Parsed_ebur128_0 @ 0x1] t: ${(i + 1) / 10}    TARGET:-23 LUFS    M: ${i < 3 ? '-120.7' : '-20.0'} S: -20.0     I: -20.0 LUFS       LRA:   0.0 LU`),
      '[silencedetect @ 0x2] silence_start: 2.5',
      '[silencedetect @ 0x2] silence_end: 6.5 | silence_duration: 4',
      '[silencedetect @ 0x2] silence_start: 15',
      '[Parsed_ebur128_0 @ 0x1] Summary:',
      '',
      '  Integrated loudness:',
      '    I:         -21.5 LUFS',
      '    Threshold: -31.5 LUFS',
    ].join('\n');
    const a = parseAudioLog(log);
    expect(a.integratedLufs).toBe(-21.5);
    expect(a.durationS).toBe(20);
    expect(a.longSilences).toEqual([
      { start: 2.5, end: 6.5 },
      { start: 15, end: 20 },
    ]);
    expect(a.noiseFloorDb).toBe(-100);
  });
});

describe('clarityRule thresholds', () => {
  const base = { integratedLufs: -18, longSilences: [], noiseFloorDb: -80, durationS: 600 };
  it('passes clear speech and warns on quiet, silent or noisy audio', () => {
    expect(clarityRule(base).status).toBe('pass');
    expect(clarityRule({ ...base, integratedLufs: -35 }).status).toBe('warn');
    expect(clarityRule({ ...base, integratedLufs: null }).status).toBe('warn');
    expect(clarityRule({ ...base, longSilences: [1, 2, 3].map((s) => ({ start: s * 10, end: s * 10 + 4 })) }).status).toBe('pass');
    expect(clarityRule({ ...base, longSilences: [1, 2, 3, 4].map((s) => ({ start: s * 10, end: s * 10 + 4 })) }).status).toBe('warn');
    expect(clarityRule({ ...base, longSilences: [{ start: 0, end: 200 }] }).status).toBe('warn');
    expect(clarityRule({ ...base, noiseFloorDb: -30 }).status).toBe('warn');
    expect(clarityRule({ ...base, noiseFloorDb: -30 }).message).toContain('只低 12 dB');
  });
  it('audio without pauses is named as such, never as a gap of 0 dB', () => {
    const steady = clarityRule({ ...base, integratedLufs: -20, noiseFloorDb: -20.4 });
    expect(steady.status).toBe('warn');
    expect(steady.message).not.toMatch(/仅差|只低 0|0 dB/);
    expect(steady.message).toContain('没有讲解的停顿');
  });
});

describe.skipIf(!hasFfmpeg)('ffmpeg deep checks', () => {
  it('analyzeAudio: speech-like tone passes, long silences / quiet / noisy warn', async () => {
    const run = async (name: string) => {
      const src = await openFileSource(fx[name]!);
      try {
        return await analyzeAudioWithFfmpeg(src, { timeoutMs: 30_000 });
      } finally {
        await src.close();
      }
    };
    const speech = await run('speech-like');
    expect(speech.integratedLufs!).toBeGreaterThan(-30);
    expect(speech.longSilences).toEqual([]);
    expect(clarityRule(speech).status).toBe('pass');
    const silences = await run('long-silences');
    expect(silences.longSilences.length).toBe(5);
    expect(clarityRule(silences).status).toBe('warn');
    const quiet = await run('quiet');
    expect(quiet.integratedLufs === null || quiet.integratedLufs < -30).toBe(true);
    expect(clarityRule(quiet).status).toBe('warn');
    const noisy = await run('noisy');
    expect(noisy.noiseFloorDb!).toBeGreaterThan(-45);
    expect(clarityRule(noisy).status).toBe('warn');
    expect(clarityRule(noisy).message).toContain('噪声');
  });

  it('analyzeAudio spools a non-file source (moov at the end) to a temp file', async () => {
    const bytes = new Uint8Array(readFileSync(fx['speech-like']!));
    const a = await analyzeAudioWithFfmpeg(memorySource(bytes), { timeoutMs: 30_000 });
    expect(a.durationS).toBeCloseTo(20, 0);
  });

  it('extractEdgeFrames returns downscaled frames of the first and last second', async () => {
    const src = await openFileSource(fx['edges-red-blue']!);
    try {
      const { first, last } = await extractEdgeFramesWithFfmpeg(src, { timeoutMs: 30_000 });
      expect(first.length).toBeGreaterThanOrEqual(3);
      expect(last.length).toBeGreaterThanOrEqual(3);
      const px = (img: RgbaImage) => [...img.data.subarray(0, 3)];
      expect(px(first[0]!)[0]).toBeGreaterThan(200); // red
      expect(px(last[last.length - 1]!)[2]).toBeGreaterThan(200); // blue
    } finally {
      await src.close();
    }
  });

  it('video.opening/closing: pass when the slides match, warn when they clearly differ, manual without a port', async () => {
    const courseware = memorySource(new Uint8Array([0x50, 0x4b, 3, 4]));
    const opts = (first: RgbaImage, last: RgbaImage): CheckOptions => ({
      ...OPTS_2025,
      courseware,
      tools: { ...createFfmpegTools({ timeoutMs: 30_000 }), renderEdgeSlides: async () => ({ first, last }) } satisfies ToolPorts,
    });
    const match = await checkFile(fx['edges-red-blue']!, opts(solid(RED, 1280, 720), solid(BLUE, 1280, 720)));
    expect(match['video.opening']!.status).toBe('pass');
    expect(match['video.closing']!.status).toBe('pass');
    expect(match['audio.clarity']!.status).toBe('pass');
    const differ = await checkFile(fx['edges-red-blue']!, opts(solid(GREEN), solid(RED)));
    expect(differ['video.opening']!.status).toBe('warn');
    expect(differ['video.closing']!.status).toBe('warn');
    expect(differ['video.opening']!.message).toContain('课件首页');
    const nullRender = await checkFile(fx['edges-red-blue']!, { ...OPTS_2025, courseware, tools: { ...createFfmpegTools(), renderEdgeSlides: async () => null } });
    expect(nullRender['video.opening']!.status).toBe('manual');
    const noCourseware = await checkFile(fx['edges-red-blue']!, { ...OPTS_2025, tools: createFfmpegTools() });
    expect(noCourseware['video.opening']!.status).toBe('manual');
    expect(noCourseware['video.closing']!.status).toBe('manual');
  });
});
