// `npm run bench -- office-check`: checkReport on a ~3,000-字 DOCX and checkCourseware on a 30-slide PPTX
// with images, both built in memory by the fixture builders. Times are medians of warm runs (after a few
// warm-up runs, so module loading and JIT are excluded); peak_rss_mb is the process's maximum RSS.
// The courseware part is imported dynamically: when its checker or deck builder is missing, pptx_ms is null.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memorySource } from '../packages/checks/src/ooxml/zip.ts';
import { checkReport } from '../packages/checks/src/report/check-report.ts';
import type { ByteSource, CheckOptions, RuleResult } from '../packages/checks/src/types.ts';
import { buildReportDocx, OUTLINES } from '../scripts/fixtures/ooxml.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function time(fn: () => Promise<RuleResult[]>): Promise<{ ms: number; results: RuleResult[] }> {
  let results: RuleResult[] = [];
  for (let i = 0; i < WARMUP; i++) results = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    results = await fn();
    times.push(performance.now() - t);
  }
  return { ms: Math.round(median(times) * 10) / 10, results };
}

// Direct formatting on every run and runs of ~12 characters, as Word writes after a few edits.
const docx = buildReportDocx('pass-direct', { targetZi: 3000, runChars: 12 });
const reportOptions: CheckOptions = { as: 'report', params: { report: { outline: [...OUTLINES['evidence-research']], maxChars: 3000 } } };
const report = await time(() => checkReport(memorySource(docx), reportOptions));
console.log(`docx: ${(docx.length / 1024).toFixed(1)} KB, 3000 字, ${report.results.length} rules → ${report.results.map((r) => `${r.rule}=${r.status}`).join(' ')}`);
console.log(`docx_ms (median of ${RUNS}): ${report.ms}`);

let pptxMs: number | null = null;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const cwPath = here('../packages/checks/src/courseware/check-courseware.ts');
const deckPath = here('../scripts/fixtures/pptx.ts');
if (existsSync(cwPath) && existsSync(deckPath)) {
  try {
    const cw = (await import(cwPath)) as { checkCourseware?: (s: ByteSource, o: CheckOptions) => Promise<RuleResult[]> };
    const deck = (await import(deckPath)) as { buildCoursewarePptx?: (o?: { slides?: number; withImages?: boolean }) => Uint8Array };
    if (cw.checkCourseware && deck.buildCoursewarePptx) {
      const pptx = deck.buildCoursewarePptx({ slides: 30, withImages: true });
      const cwOptions: CheckOptions = { as: 'courseware', params: {} };
      const r = await time(() => cw.checkCourseware!(memorySource(pptx), cwOptions));
      pptxMs = r.ms;
      console.log(`pptx: ${(pptx.length / 1024).toFixed(1)} KB, 30 slides → ${r.results.map((x) => `${x.rule}=${x.status}`).join(' ')}`);
      console.log(`pptx_ms (median of ${RUNS}): ${pptxMs}`);
    } else console.log('pptx: checkCourseware or buildCoursewarePptx not exported yet');
  } catch (e) {
    console.log(`pptx: courseware check unavailable (${(e as Error).message})`);
  }
} else console.log('pptx: courseware checker not present yet');

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`goals: docx < 100 ms, pptx < 300 ms`);
console.log(JSON.stringify({ bench: 'office-check', docx_ms: report.ms, pptx_ms: pptxMs, peak_rss_mb: peakRssMb }));
