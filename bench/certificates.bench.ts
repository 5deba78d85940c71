// `npm run bench -- certificates`: renders 10,000 certificates (varied names, units, titles, so every PDF carries
// its own font subset) across worker threads (BENCH_WORKERS, default 2, one per core of the reference machine),
// writes them to a temporary directory, reports time and sizes, and deletes them. Baseline in the same run: the
// same certificate with the whole fonts embedded, as a size ratio.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { certificateNumber, certificateVerifyUrl } from '../apps/server/src/modules/certificates/certificate.number.ts';
import { renderCertificatePdf, type CertificateInput } from '../apps/server/src/modules/certificates/certificate.pdf.ts';
import { PROVINCES } from '@anli/domain/provinces.ts';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? Math.min(2, availableParallelism()));
const SECRET = 'bench-secret-not-for-production';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '信息科技', '科学', '音乐', '美术', '体育与健康'];
const TOPICS = ['大单元教学', '项目式学习', '跨学科主题学习', '实验探究', '作业设计', '课堂评价', '个性化辅导', '阅读教学', '写作指导', '校本教研'];
const TOOLS = ['国产大模型', '智能体', '学习分析平台', '智慧教育平台', 'AI助教', '知识图谱'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th certificate of the bench (deterministic). */
export function benchCertificate(i: number): CertificateInput {
  const r = prng(1000 + i);
  const pick = (s: string | string[]) => s[Math.floor(r() * s.length)]!;
  const name = () => pick(SURNAMES) + pick(GIVEN) + (r() < 0.7 ? pick(GIVEN) : '');
  const province = PROVINCES[i % PROVINCES.length]!;
  const number = certificateNumber('teacher-ai-2025', i + 1);
  return {
    number,
    callTitle: '2025年教师人工智能应用案例征集活动',
    caseTitle: `基于${pick(TOOLS)}的${pick(['小学', '初中', '高中'])}${pick(SUBJECTS)}${pick(TOPICS)}实践`,
    caseTypeName: '人工智能应用案例',
    authors: Array.from({ length: 1 + Math.floor(r() * 3) }, name),
    unit: `${province.shortName}${pick('东南西北')}${pick(['城', '山', '江', '湖'])}区第${1 + Math.floor(r() * 30)}中学`,
    provinceName: province.name,
    award: pick(['优秀案例', '典型案例']),
    issuedAt: '2025-12-18',
    verifyUrl: certificateVerifyUrl('https://anli.example.cn', number, SECRET),
  };
}

interface WorkerJob {
  from: number;
  to: number;
  dir: string;
}
interface WorkerReport {
  count: number;
  maxBytes: number;
  totalBytes: number;
}

async function renderRange(job: WorkerJob): Promise<WorkerReport> {
  let maxBytes = 0;
  let totalBytes = 0;
  for (let i = job.from; i < job.to; i++) {
    const pdf = await renderCertificatePdf(benchCertificate(i));
    await writeFile(join(job.dir, `${i}.pdf`), pdf);
    maxBytes = Math.max(maxBytes, pdf.length);
    totalBytes += pdf.length;
  }
  return { count: job.to - job.from, maxBytes, totalBytes };
}

if (!isMainThread && (workerData as { certificatesBench?: WorkerJob })?.certificatesBench) {
  const report = await renderRange((workerData as { certificatesBench: WorkerJob }).certificatesBench);
  parentPort!.postMessage(report);
} else if (isMainThread) {
  const dir = await mkdtemp(join(tmpdir(), 'anli-certificates-'));
  try {
    // Warm-up outside the timing: font parsing (two 15 MB files) happens once per thread in real use too.
    const sample = await renderCertificatePdf(benchCertificate(0));
    console.log(`sample: ${(sample.length / 1024).toFixed(1)} KB`);

    // Worker threads do not inherit tsx's loader: a small bootstrap registers it, then loads this file.
    const bootstrap = `import('tsx/esm/api').then(async ({ register }) => { register(); await import(${JSON.stringify(import.meta.url)}); });`;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage(); // all threads of the process
    const per = Math.ceil(COUNT / WORKERS);
    const reports = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) => {
        const job: WorkerJob = { from: w * per, to: Math.min(COUNT, (w + 1) * per), dir };
        return new Promise<WorkerReport>((resolve, reject) => {
          const worker = new Worker(bootstrap, { eval: true, workerData: { certificatesBench: job } });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
        });
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const count = reports.reduce((s, r) => s + r.count, 0);
    const maxBytes = Math.max(...reports.map((r) => r.maxBytes));
    const meanBytes = reports.reduce((s, r) => s + r.totalBytes, 0) / count;
    const onDisk = (await stat(join(dir, `${COUNT - 1}.pdf`))).size;
    console.log(`${count} certificates in ${seconds.toFixed(1)} s with ${WORKERS} worker threads (${((seconds * 1000) / count).toFixed(2)} ms each)`);
    // On a shared machine wall time depends on the other load; CPU time says what the work itself costs.
    console.log(`CPU time of all threads: ${cpuSeconds.toFixed(1)} s (${((cpuSeconds * 1000) / count).toFixed(2)} ms per certificate; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
    console.log(`size: max ${(maxBytes / 1024).toFixed(1)} KB, mean ${(meanBytes / 1024).toFixed(1)} KB (last file on disk ${onDisk} bytes)`);

    const t1 = performance.now();
    const full = await renderCertificatePdf(benchCertificate(0), { fullFont: true });
    console.log(`baseline, whole fonts embedded: ${(full.length / 1024).toFixed(0)} KB in ${((performance.now() - t1) / 1000).toFixed(1)} s; subset/full size ratio ${(sample.length / full.length).toFixed(4)}`);

    console.log(
      JSON.stringify({
        bench: 'certificates',
        count,
        workers: WORKERS,
        seconds: Math.round(seconds * 10) / 10,
        ms_per_pdf: Math.round(((seconds * 1000) / count) * 100) / 100,
        cpu_seconds: Math.round(cpuSeconds * 10) / 10,
        load_average: Math.round(loadavg()[0]! * 10) / 10,
        max_kb: Math.round((maxBytes / 1024) * 10) / 10,
        mean_kb: Math.round((meanBytes / 1024) * 10) / 10,
        full_font_kb: Math.round(full.length / 1024),
        size_ratio: Math.round((sample.length / full.length) * 10000) / 10000,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
