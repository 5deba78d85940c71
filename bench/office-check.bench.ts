// `npm run bench -- office-check`: checkReport on a ~3,000-字 DOCX and checkCourseware on a 30-slide PPTX
// with images, both built in memory by the fixture builders. Times are medians of warm runs (after a few
// warm-up runs, so module loading and JIT are excluded); peak_rss_mb is the process's maximum RSS.
import { memorySource } from '@anli/checks/ooxml/zip.ts';
import { checkReport } from '@anli/checks/report/check-report.ts';
import { checkCourseware } from '@anli/checks/courseware/check-courseware.ts';
import { buildCoursewarePptx } from '../scripts/fixtures/pptx.ts';
import type { CheckOptions, RuleResult } from '@anli/checks/types.ts';
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

const pptx = buildCoursewarePptx({ slides: 30, withImages: true });
const cwResult = await time(() => checkCourseware(memorySource(pptx), { as: 'courseware', params: {} }));
const pptxMs = cwResult.ms;
console.log(`pptx: ${(pptx.length / 1024).toFixed(1)} KB, 30 slides → ${cwResult.results.map((x) => `${x.rule}=${x.status}`).join(' ')}`);
console.log(`pptx_ms (median of ${RUNS}): ${pptxMs}`);

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`goals: docx < 100 ms, pptx < 300 ms`);
console.log(JSON.stringify({ bench: 'office-check', docx_ms: report.ms, pptx_ms: pptxMs, peak_rss_mb: peakRssMb }));
