// The checker's entry point: one file, checked as video, courseware, report or info form, within a time bound.
// Pure: runs in the browser before upload and on the server (authoritative), through a ByteSource.
import type { ByteSource, CheckOptions, CheckReport, RuleResult } from './types.ts';
import { checkVideo } from './video/check-video.ts';
import { checkCourseware } from './courseware/check-courseware.ts';
import { checkReport } from './report/check-report.ts';
import { checkInfoform } from './infoform/check-infoform.ts';

export type * from './types.ts';

const CHECKERS = { video: checkVideo, courseware: checkCourseware, report: checkReport, infoform: checkInfoform } as const;

/** The rule that stands for "the file as a whole" of each kind, used when the check cannot finish. */
const FILE_RULE = { video: 'video.container', courseware: 'courseware.format', report: 'report.format', infoform: 'infoform.pdf' } as const;

export const verdictOf = (results: RuleResult[]): 'pass' | 'fail' =>
  results.some((r) => r.status === 'fail' || r.status === 'error') ? 'fail' : 'pass';

/** Checks one file. Never throws for bad input: an unreadable file or a timeout is an `error` result. */
export async function checkFile(source: ByteSource, options: CheckOptions): Promise<CheckReport> {
  const run = CHECKERS[options.as];
  if (!run) throw new Error(`unknown check kind: ${String(options.as)}`);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<RuleResult[]>((resolve) => {
    timer = setTimeout(
      () =>
        resolve([
          {
            rule: FILE_RULE[options.as],
            status: 'error',
            actual: `超过 ${Math.round(timeoutMs / 1000)} 秒未完成`,
            expected: '在时限内完成检查',
            message: '文件检查超时，文件可能已损坏或结构异常。请重新导出或另存文件后再上传；如仍有问题请联系省级管理员。',
          },
        ]),
      timeoutMs,
    );
  });
  let results: RuleResult[];
  try {
    results = await Promise.race([run(source, { ...options, timeoutMs }), timeout]);
  } catch (e) {
    results = [
      {
        rule: FILE_RULE[options.as],
        status: 'error',
        actual: e instanceof Error ? e.message : String(e),
        expected: '可读取的文件',
        message: '文件无法读取，可能已损坏或格式不符。请重新导出文件后再上传。',
      },
    ];
  } finally {
    clearTimeout(timer);
  }
  return { verdict: verdictOf(results), results };
}
