// `anli` command line. `anli check FILE --call CALL --type TYPE --as KIND [--ai-content] [--json]` (SPEC §5).
import { parseArgs } from 'node:util';
import { findCall, findCaseType } from '@anli/domain/calls/builtin.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { checkFile } from '@anli/checks/index.ts';
import { FileSource } from '@anli/checks/node/file-source.ts';
import { detectTools } from '@anli/checks/node/tools.ts';
import type { CheckAs, CheckReport } from '@anli/checks/types.ts';
import { formatReportTable } from './report-table.ts';

const USAGE = `用法 / usage:
  anli check FILE --call CALL --type TYPE --as video|courseware|report|infoform [--ai-content] [--json]
             [--courseware PPTX] [--no-deep] [--timeout SECONDS]

  --call        活动：teacher-ai-2025 | teacher-training-2026
  --type        案例类型：ai-application | evidence-research | online-studio
  --as          按何种材料检查：video（视频） courseware（课件） report（总结报告） infoform（信息表）
  --ai-content  作者声明含有 AI 生成内容（课件须标注“AI生成”）
  --courseware  同一案例的课件，用于比对视频片头片尾
  --no-deep     不运行需要 ffmpeg / LibreOffice 的深度检查
  --json        输出 JSON：{"verdict","results":[{"rule","status","actual","expected","message"}]}
退出码：0 无 fail/error；1 有 fail 或 error；2 用法错误`;

function usage(message?: string): never {
  if (message) process.stderr.write(`错误：${message}\n\n`);
  process.stderr.write(USAGE + '\n');
  process.exit(2);
}

async function check(argv: string[]) {
  const options = {
    call: { type: 'string' },
    type: { type: 'string' },
    as: { type: 'string' },
    'ai-content': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    courseware: { type: 'string' },
    'no-deep': { type: 'boolean', default: false },
    timeout: { type: 'string' },
  } as const;
  const parse = () => parseArgs({ args: argv, allowPositionals: true, options });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) usage('请指定一个要检查的文件');
  const call = values.call ? findCall(values.call) : undefined;
  if (!call) usage(`未知的活动 --call ${values.call ?? ''}`);
  const type = values.type ? findCaseType(call, values.type) : undefined;
  if (!type) usage(`活动 ${call.id} 没有案例类型 --type ${values.type ?? ''}`);
  const as = values.as as CheckAs;
  if (!['video', 'courseware', 'report', 'infoform'].includes(as)) usage('--as 须为 video、courseware、report 或 infoform');
  if (as === 'report' && !type.checkParams.report) usage(`案例类型 ${type.id} 不需要总结报告`);
  const timeoutS = values.timeout ? Number(values.timeout) : 120;
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) usage('--timeout 须为正数（秒）');

  let source: FileSource;
  try {
    source = await FileSource.open(positionals[0]);
  } catch (e) {
    usage(`无法打开文件 ${positionals[0]}：${(e as Error).message}`);
  }
  const courseware = values.courseware ? await FileSource.open(values.courseware).catch(() => usage(`无法打开课件 ${values.courseware}`)) : undefined;
  let report: CheckReport;
  try {
    report = await checkFile(source, {
      as,
      params: checkParamsFor(call, type, values['ai-content']),
      tools: values['no-deep'] ? {} : detectTools(),
      courseware,
      timeoutMs: timeoutS * 1000,
    });
  } finally {
    await source.close();
    await courseware?.close();
  }
  if (values.json) {
    const out = { verdict: report.verdict, results: report.results.map(({ rule, status, actual, expected, message }) => ({ rule, status, actual, expected, message })) };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    process.stdout.write(formatReportTable(positionals[0], report) + '\n');
  }
  process.exitCode = report.verdict === 'pass' ? 0 : 1;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'check') await check(rest);
else if (cmd === 'backup' || cmd === 'restore' || cmd === 'reconcile') await (await import('./ops.ts')).runOps(cmd, rest);
else if (cmd === '--help' || cmd === '-h' || cmd === 'help') process.stdout.write(USAGE + '\n\n运维 / operations:\n' + (await import('./ops.ts')).OPS_USAGE + '\n');
else usage(cmd ? `未知命令 ${cmd}` : undefined);
