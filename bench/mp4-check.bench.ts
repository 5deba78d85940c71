// `npm run bench -- mp4-check`: our MP4 probe vs `ffprobe -show_format -show_streams` on a
// 10-minute 1080p25 ~8 Mbps file (~600 MB) in faststart and moov-at-end form.
//
// The file is made once and cached under .cache/bench/mp4 (gitignored): a 10-second clip is
// encoded, then looped 60× with `-stream_loop 59 -c copy`; the faststart copy adds
// `-movflags +faststart`. Ours runs in a child process (tsx) so its peak RSS is its own;
// ours_ms is the in-process probe time (what the server pays per upload: open, walk, close),
// ffprobe_ms is ffprobe's wall time (a native process; its own start-up is part of its cost).
// Both are medians over several runs with a warm page cache. ours_process_ms (child wall time
// including Node/tsx start-up) is reported too, for honesty.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = join(REPO, '.cache/bench/mp4');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const VERSION = 'v1';

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { maxBuffer: 16 << 20, timeout: 20 * 60_000 });
}

async function ensureFiles(): Promise<{ faststart: string; moovEnd: string }> {
  mkdirSync(DIR, { recursive: true });
  const clip = join(DIR, `clip10s-1080p-8M.${VERSION}.mp4`);
  const moovEnd = join(DIR, `10min-1080p25-8M-moov-end.${VERSION}.mp4`);
  const faststart = join(DIR, `10min-1080p25-8M-faststart.${VERSION}.mp4`);
  const make = async (out: string, f: (tmp: string) => Promise<void>) => {
    if (existsSync(out)) return;
    const tmp = `${out}.tmp-${process.pid}.mp4`;
    try {
      await f(tmp);
      renameSync(tmp, out);
    } finally {
      rmSync(tmp, { force: true });
    }
  };
  const t = Date.now();
  await make(clip, (tmp) =>
    ffmpeg([
      '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=25:d=10',
      '-f', 'lavfi', '-i', 'anoisesrc=r=48000:a=0.1:d=10',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50',
      '-b:v', '8M', '-minrate', '8M', '-maxrate', '8M', '-bufsize', '2M', '-x264-params', 'nal-hrd=cbr',
      '-c:a', 'aac', '-b:a', '128k', '-shortest', tmp,
    ]),
  );
  await make(moovEnd, (tmp) => ffmpeg(['-stream_loop', '59', '-i', clip, '-map', '0', '-c', 'copy', tmp]));
  await make(faststart, (tmp) => ffmpeg(['-i', moovEnd, '-map', '0', '-c', 'copy', '-movflags', '+faststart', tmp]));
  if (Date.now() - t > 1000) console.log(`generated bench files in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { faststart, moovEnd };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function ours(file: string) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench/mp4-check.child.ts'), file, String(RUNS)], { cwd: REPO, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`probe child failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { times: number[]; maxRssKb: number; bytesRead: number; problem: unknown; durationS: number; videoBitrate: number; fps: number; moovPosition: string };
  if (out.problem) throw new Error(`probe reported a problem: ${JSON.stringify(out.problem)}`);
  return { ms: median(out.times), first: out.times[0]!, processMs: wall, rssMb: out.maxRssKb / 1024, ...out };
}

function ffprobe(file: string) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`ffprobe failed: ${r.stderr}`);
  }
  return median(times);
}

const files = await ensureFiles();
const rows: Array<{ form: string; sizeMb: number; ours: ReturnType<typeof ours>; ffprobeMs: number }> = [];
for (const [form, file] of [
  ['faststart', files.faststart],
  ['moov-at-end', files.moovEnd],
] as const) {
  ffprobe(file); // warm the page cache for both
  rows.push({ form, sizeMb: statSync(file).size / 2 ** 20, ours: ours(file), ffprobeMs: ffprobe(file) });
}

console.log('');
console.log('form         size MB  ours ms  (1st run)  ffprobe ms  ratio  ours process ms  peak RSS MB  bytes read   duration s  video Mbps  fps');
for (const r of rows) {
  console.log(
    [
      r.form.padEnd(11),
      r.sizeMb.toFixed(0).padStart(8),
      r.ours.ms.toFixed(2).padStart(8),
      r.ours.first.toFixed(2).padStart(10),
      r.ffprobeMs.toFixed(1).padStart(11),
      (r.ours.ms / r.ffprobeMs).toFixed(3).padStart(6),
      r.ours.processMs.toFixed(0).padStart(16),
      r.ours.rssMb.toFixed(1).padStart(12),
      String(r.ours.bytesRead).padStart(11),
      r.ours.durationS.toFixed(2).padStart(12),
      (r.ours.videoBitrate / 1e6).toFixed(3).padStart(11),
      r.ours.fps.toFixed(3).padStart(6),
    ].join(' '),
  );
}
const worst = rows.reduce((a, b) => (b.ours.ms / b.ffprobeMs > a.ours.ms / a.ffprobeMs ? b : a));
const result = {
  bench: 'mp4-check',
  ours_ms: Number(worst.ours.ms.toFixed(2)),
  ffprobe_ms: Number(worst.ffprobeMs.toFixed(1)),
  ratio: Number((worst.ours.ms / worst.ffprobeMs).toFixed(3)),
  peak_rss_mb: Number(Math.max(...rows.map((r) => r.ours.rssMb)).toFixed(1)),
  worst_form: worst.form,
  ours_process_ms: Number(worst.ours.processMs.toFixed(0)),
  file_mb: Number(worst.sizeMb.toFixed(0)),
  bytes_read: worst.ours.bytesRead,
  runs: RUNS,
};
console.log(JSON.stringify(result));
