// Real files for the demo cases: the generated info form (PDF and Word), a courseware deck, a summary report
// in the required styles, and a video made with ffmpeg when it is installed. Each is checked like an upload.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCoursewarePptx } from '../../../../scripts/fixtures/pptx.ts';
import { buildReportDocx } from '../../../../scripts/fixtures/ooxml.ts';

const run = promisify(execFile);

/** A 1080p25 video with AAC audio: 10 s encoded once, then repeated without re-encoding to the wanted length. */
export async function makeDemoVideo(seconds: number): Promise<string | null> {
  const dir = join(tmpdir(), 'anli-demo-media');
  mkdirSync(dir, { recursive: true });
  // The notices' floor is 8 Mbps and video.bitrate blocks submission: CBR 8.5 Mbps (measures ≈ 8.45).
  const clip = join(dir, 'clip-10s-cbr8500k.mp4');
  const out = join(dir, `demo-${seconds}s-cbr8500k.mp4`);
  if (existsSync(out)) return out;
  try {
    if (!existsSync(clip)) {
      await run('ffmpeg', [
        '-nostdin', '-y', '-loglevel', 'error',
        '-f', 'lavfi', '-i', 'smptehdbars=size=1920x1080:rate=25',
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
        '-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '8500k', '-minrate', '8500k', '-maxrate', '8500k', '-bufsize', '2M',
        '-x264-params', 'nal-hrd=cbr:force-cfr=1', '-pix_fmt', 'yuv420p', '-g', '50',
        '-c:a', 'aac', '-b:a', '128k', '-ac', '2', clip,
      ], { timeout: 120_000 });
    }
    const loops = Math.max(0, Math.ceil(seconds / 10) - 1);
    await run('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-stream_loop', String(loops), '-i', clip, '-t', String(seconds), '-c', 'copy', '-movflags', '+faststart', out], { timeout: 120_000 });
    return out;
  } catch {
    return null;
  }
}

export async function demoCourseware(): Promise<Uint8Array> {
  // The pictures are labelled as the 2026 notice requires (the literal "AI生成" also counts under 2025's 相应标识).
  return buildCoursewarePptx({ slides: 8, withImages: true, imageCaption: '插图：AI生成' });
}

export async function demoReport(caseType: 'evidence-research' | 'online-studio'): Promise<Uint8Array> {
  return buildReportDocx('pass-styles', { caseType });
}

export const readBytes = (path: string) => readFile(path);
