// A readable Chinese table of a check report for the terminal, aligned by display width (CJK = 2 columns).
import type { CheckReport, RuleStatus } from '@anli/checks/types.ts';

export const STATUS_LABELS: Record<RuleStatus, string> = { pass: '通过', fail: '不通过', warn: '警告', manual: '人工核查', error: '无法读取' };

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return w;
}

function fit(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - (displayWidth(s) > width ? 1 : 0)) {
      out += '…';
      w += 1;
      break;
    }
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(Math.max(0, width - w));
}

export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 1000) / 1000);
  return JSON.stringify(v);
}

export function formatReportTable(file: string, report: CheckReport): string {
  const cols = [22, 8, 24, 24];
  const head = ['规则', '结果', '实测', '要求'];
  const line = (cells: string[]) => cells.map((c, i) => fit(c, cols[i])).join(' │ ');
  const sep = cols.map((w) => '─'.repeat(w)).join('─┼─');
  const rows: string[] = [`文件：${file}`, `结论：${report.verdict === 'pass' ? '通过（无不通过项）' : '不通过（请按下列说明修改）'}`, '', line(head), sep];
  for (const r of report.results) {
    rows.push(line([r.rule, STATUS_LABELS[r.status], formatValue(r.actual), formatValue(r.expected)]));
    if (r.status !== 'pass') rows.push(`  └ ${r.message}`);
  }
  const counts = (['pass', 'fail', 'warn', 'manual', 'error'] as RuleStatus[]).map((s) => `${STATUS_LABELS[s]} ${report.results.filter((r) => r.status === s).length}`);
  rows.push(sep, counts.join('  '));
  return rows.join('\n');
}
