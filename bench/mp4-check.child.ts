// Child process of bench/mp4-check.bench.ts: probes one file `runs` times and prints one JSON
// line with the per-run times and this process's peak RSS (so the parent can report it alone).
import { openFileSource } from '@anli/checks/node/file-source.ts';
import { probeMp4 } from '@anli/checks/video/probe-mp4.ts';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const times: number[] = [];
let last: Awaited<ReturnType<typeof probeMp4>> | null = null;
for (let i = 0; i < runs; i++) {
  const t = process.hrtime.bigint();
  const src = await openFileSource(file!);
  last = await probeMp4(src);
  await src.close();
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
console.log(
  JSON.stringify({
    times,
    maxRssKb: process.resourceUsage().maxRSS,
    bytesRead: last?.bytesRead,
    problem: last?.problem,
    durationS: last?.durationS,
    videoBitrate: last?.video?.bitrate,
    fps: last?.video?.avgFps,
    moovPosition: last?.moovPosition,
  }),
);
