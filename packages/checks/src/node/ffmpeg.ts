// Node-only adapter: the deep video checks' ToolPorts implemented with Debian's ffmpeg.
// Every run is a bounded subprocess (bounded.ts: process group killed on timeout, address space capped, no network
// namespace), reads local files only through the MP4/MOV demuxer (FFMPEG_INPUT_GUARD) and decodes only what it needs
// (`-map 0:a:0` for audio so the video is never decoded; `-t 1` / `-sseof -1` for edge frames).
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AudioAnalysis, ByteSource, RgbaImage, ToolPorts } from '../types.ts';
import { ToolError } from '../tool-error.ts';
import { runBounded } from './bounded.ts';

export interface FfmpegToolOptions {
  /** ffmpeg binary (default `ffmpeg` from PATH). */
  ffmpegPath?: string;
  /** Upper bound of one ffmpeg run (ms). Default 60 s. */
  timeoutMs?: number;
  /** Address-space cap of one run (bytes). Default FFMPEG_MAX_MEMORY. */
  maxMemoryBytes?: number;
  /** Where non-file sources are spooled. Default os.tmpdir(). */
  tmpDir?: string;
  /** Edge frame size (default 128×72) and rate within the edge second (default 5 fps). */
  frameWidth?: number;
  frameHeight?: number;
  edgeFps?: number;
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Default address-space cap of one ffmpeg run (decoding 1080p H.264 on a few threads needs well under 1 GiB). */
export const FFMPEG_MAX_MEMORY = 3 * 1024 ** 3;

/**
 * Input options every run gets: local files only (no http/tcp/udp/rtmp/… protocols) and only the MP4/MOV
 * demuxer, so an uploaded HLS playlist, ffconcat list or SDP file is refused before it can name another file or URL.
 */
export const FFMPEG_INPUT_GUARD = ['-protocol_whitelist', 'file,pipe', '-format_whitelist', 'mov,mp4,m4a,3gp,3g2,mj2'];

/**
 * Runs ffmpeg bounded (bounded.ts): own process group killed on timeout or too much output, address space capped,
 * no network namespace access where the kernel allows. Resolves for a non-zero exit; rejects with a ToolError when
 * a bound was hit (or the binary is missing).
 */
export async function runFfmpeg(
  args: string[],
  opts: { ffmpegPath?: string; timeoutMs?: number; maxStdout?: number; maxMemoryBytes?: number } = {},
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxMemory = opts.maxMemoryBytes ?? FFMPEG_MAX_MEMORY;
  const r = await runBounded(opts.ffmpegPath ?? 'ffmpeg', ['-nostdin', '-hide_banner', '-nostats', ...args], {
    timeoutMs,
    maxStdout: opts.maxStdout ?? 64 << 20,
    maxStderr: 32 << 20,
    maxMemoryBytes: maxMemory,
    noNetwork: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
  });
  if (r.spawnError) throw new ToolError('ffmpeg', 'failed', undefined, r.spawnError);
  if (r.timedOut) throw new ToolError('ffmpeg', 'timeout', timeoutMs);
  if (r.outputExceeded) throw new ToolError('ffmpeg', 'output', opts.maxStdout);
  if (r.code !== 0 && /Cannot allocate memory|out of memory|std::bad_alloc/i.test(r.stderr)) throw new ToolError('ffmpeg', 'memory', maxMemory);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** ffmpeg's input argument for a local file: always `file:` + an absolute path, never something it could read as a URL. */
export function inputArg(path: string): string {
  return `file:${resolve(path)}`;
}

/**
 * A local path for ffmpeg: the file itself when the source is a FileSource (has `path`),
 * otherwise the bytes spooled to a temporary file (removed by `cleanup`). MP4s with the index at
 * the end cannot be piped (not seekable), hence the spool.
 */
export async function localPath(source: ByteSource, tmpDir = tmpdir()): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const p = (source as { path?: unknown }).path;
  if (typeof p === 'string' && p) return { path: p, cleanup: async () => undefined };
  const path = join(tmpDir, `anli-${randomUUID()}.bin`);
  const fh = await open(path, 'wx', 0o600);
  try {
    const chunk = 4 << 20;
    for (let off = 0; off < source.size; off += chunk) {
      const b = await source.read(off, Math.min(chunk, source.size - off));
      if (!b.length) break;
      await fh.write(b, 0, b.length, off);
    }
  } catch (e) {
    await fh.close();
    await rm(path, { force: true });
    throw e;
  }
  await fh.close();
  return { path, cleanup: () => rm(path, { force: true }) };
}

/** Parses ffmpeg's ebur128 + silencedetect log (exported for tests). */
export function parseAudioLog(stderr: string): AudioAnalysis {
  const integ = /Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf|nan)\s*LUFS/.exec(stderr);
  let integratedLufs: number | null = integ && integ[1] !== '-inf' && integ[1] !== 'nan' ? Number(integ[1]) : null;
  // ebur128 reports −70 LUFS (its absolute gate) for silence: treat as unmeasurable.
  if (integratedLufs !== null && (!Number.isFinite(integratedLufs) || integratedLufs <= -69.9)) integratedLufs = null;
  const momentary: number[] = [];
  let lastT = 0;
  for (const m of stderr.matchAll(/\bt:\s*([\d.]+)\s+TARGET:[^\n]*?\bM:\s*(-?[\d.]+|-inf|nan)/g)) {
    lastT = Number(m[1]);
    const v = Number(m[2]);
    momentary.push(Number.isFinite(v) ? v : -120);
  }
  const dur = /Duration:\s*(\d+):(\d+):([\d.]+)/.exec(stderr);
  const durationS = dur ? Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]) : lastT;
  const longSilences: Array<{ start: number; end: number }> = [];
  let open: number | null = null;
  for (const m of stderr.matchAll(/silence_(start|end):\s*(-?[\d.]+)/g)) {
    const t = Math.max(0, Number(m[2]));
    if (m[1] === 'start') open = t;
    else if (open !== null) {
      longSilences.push({ start: open, end: t });
      open = null;
    }
  }
  if (open !== null && durationS - open >= 3) longSilences.push({ start: open, end: durationS });
  // Noise floor: the 10th percentile of the momentary (400 ms) loudness — in speech that is the
  // pauses. Clamped at −100 (digital silence).
  let noiseFloorDb: number | null = null;
  if (momentary.length >= 5) {
    const sorted = [...momentary].sort((a, b) => a - b);
    noiseFloorDb = Math.max(-100, sorted[Math.floor(sorted.length * 0.1)]!);
  }
  return { integratedLufs, longSilences, noiseFloorDb, durationS };
}

export async function analyzeAudioWithFfmpeg(source: ByteSource, opts: FfmpegToolOptions = {}): Promise<AudioAnalysis> {
  const { path, cleanup } = await localPath(source, opts.tmpDir);
  try {
    const res = await runFfmpeg(
      [...FFMPEG_INPUT_GUARD, '-i', inputArg(path), '-map', '0:a:0', '-af', 'ebur128=framelog=info,silencedetect=noise=-50dB:d=3', '-f', 'null', '-'],
      { ffmpegPath: opts.ffmpegPath, timeoutMs: opts.timeoutMs, maxStdout: 1 << 20, maxMemoryBytes: opts.maxMemoryBytes },
    );
    if (res.code !== 0) throw new Error(`ffmpeg exited with ${res.code}: ${res.stderr.slice(-500)}`);
    return parseAudioLog(res.stderr);
  } finally {
    await cleanup();
  }
}

function splitFrames(buf: Buffer, w: number, h: number, max: number): RgbaImage[] {
  const size = w * h * 4;
  const frames: RgbaImage[] = [];
  for (let at = 0; at + size <= buf.length && frames.length < max; at += size) {
    frames.push({ width: w, height: h, data: new Uint8ClampedArray(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + size)) });
  }
  return frames;
}

export async function extractEdgeFramesWithFfmpeg(source: ByteSource, opts: FfmpegToolOptions = {}): Promise<{ first: RgbaImage[]; last: RgbaImage[] }> {
  const w = opts.frameWidth ?? 128;
  const h = opts.frameHeight ?? 72;
  const fps = opts.edgeFps ?? 5;
  const max = fps * 2;
  const vf = `fps=${fps},scale=${w}:${h}:flags=area,format=rgba`;
  const { path, cleanup } = await localPath(source, opts.tmpDir);
  const common = { ffmpegPath: opts.ffmpegPath, timeoutMs: opts.timeoutMs, maxStdout: w * h * 4 * (max + 2), maxMemoryBytes: opts.maxMemoryBytes };
  try {
    const [first, last] = await Promise.all([
      runFfmpeg([...FFMPEG_INPUT_GUARD, '-i', inputArg(path), '-map', '0:v:0', '-t', '1', '-vf', vf, '-f', 'rawvideo', 'pipe:1'], common),
      runFfmpeg([...FFMPEG_INPUT_GUARD, '-sseof', '-1', '-i', inputArg(path), '-map', '0:v:0', '-vf', vf, '-f', 'rawvideo', 'pipe:1'], common),
    ]);
    if (first.code !== 0) throw new Error(`ffmpeg exited with ${first.code}: ${first.stderr.slice(-500)}`);
    return { first: splitFrames(first.stdout, w, h, max), last: last.code === 0 ? splitFrames(last.stdout, w, h, max) : [] };
  } finally {
    await cleanup();
  }
}

/** The ffmpeg-backed ports (analyzeAudio, extractEdgeFrames). */
export function createFfmpegTools(opts: FfmpegToolOptions = {}): Pick<ToolPorts, 'analyzeAudio' | 'extractEdgeFrames'> {
  return {
    analyzeAudio: (s) => analyzeAudioWithFfmpeg(s, opts),
    extractEdgeFrames: (s) => extractEdgeFramesWithFfmpeg(s, opts),
  };
}
