// `npm run bench -- hostile`: the hostile upload corpus (scripts/fixtures/hostile.ts) plus a deck with 200,000
// addresses on one slide, checked in a worker thread (IsolatedChecker, as the server does) and, as the baseline,
// on the calling thread. Figures: time per file, peak RSS, and the longest stall of the calling thread's event
// loop (what a request to the server would wait for meanwhile).
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { ensureHostileFixtures } from '../scripts/fixtures/hostile.ts';
import { buildCoursewarePptx } from '../scripts/fixtures/pptx.ts';
import { checkFile } from '@anli/checks/index.ts';
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { IsolatedChecker } from '@anli/checks/node/isolated.ts';
import type { ByteSource, CheckAs, CheckOptions, CheckReport } from '@anli/checks/types.ts';

const { files } = await ensureHostileFixtures();
const AS: Record<string, CheckAs> = { report: 'report', courseware: 'courseware', video: 'video', infoform_pdf: 'infoform', infoform_word: 'infoform' };

function bigDeck(n: number): Uint8Array {
  const f = unzipSync(buildCoursewarePptx({ slides: 2, withImages: false }));
  f['ppt/slides/slide1.xml'] = strToU8(
    '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>' +
      '<p:sp><p:txBody><a:p><a:r><a:t>www.example.com 13812345678</a:t></a:r></a:p></p:txBody></p:sp>'.repeat(n) +
      '</p:spTree></p:cSld></p:sld>',
  );
  return zipSync(f, { level: 6 });
}

const inputs: Array<{ name: string; bytes: Uint8Array; filename: string; as: CheckAs }> = files.map((f) => ({ name: f.name, bytes: new Uint8Array(readFileSync(f.path)), filename: f.filename, as: AS[f.slot]! }));
inputs.push({ name: 'deck-200k-addresses', bytes: bigDeck(200_000), filename: '课件.pptx', as: 'courseware' });

async function run(label: string, check: (s: ByteSource, o: CheckOptions) => Promise<CheckReport>) {
  // A 10 ms tick on the calling thread: the longest gap between ticks is the longest stall of its event loop.
  let peak = process.memoryUsage().rss;
  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  let slowest = { name: '', ms: 0 };
  let refused = 0;
  for (const i of inputs) {
    const t = performance.now();
    const r = await check(memorySource(i.bytes, i.filename), { as: i.as, params: { video: { maxDurationS: 600 }, report: { outline: ['一、案例概述'], maxChars: 3000 } }, timeoutMs: 60_000 });
    const ms = performance.now() - t;
    // A check that never yields to timers (all its reads resolve at once) stalls the loop for its whole length.
    maxGap = Math.max(maxGap, performance.now() - last);
    if (ms > slowest.ms) slowest = { name: i.name, ms };
    if (r.results.some((x) => x.status === 'fail' || x.status === 'error')) refused++;
  }
  const totalS = (performance.now() - t0) / 1000;
  clearInterval(tick);
  const maxStallMs = maxGap;
  console.log(
    `${label.padEnd(10)} ${inputs.length} files in ${totalS.toFixed(1)} s, ${refused} with a failing rule, slowest ${slowest.name} ${(slowest.ms / 1000).toFixed(1)} s, ` +
      `longest event-loop stall ${maxStallMs.toFixed(0)} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
  return { totalS, refused, slowest: slowest.name, slowestS: slowest.ms / 1000, maxStallMs, peakRssMiB: peak / 2 ** 20 };
}

const iso = new IsolatedChecker();
const isolated = await run('isolated', (s, o) => iso.check(s, o));
await iso.close();
const inProcess = await run('in-thread', checkFile);
console.log(JSON.stringify({ bench: 'hostile', files: inputs.length, isolated, baseline: { inThread: inProcess } }));
