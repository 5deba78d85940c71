import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureVideoFixtures } from '../../../scripts/fixtures/video.ts';

const run = promisify(execFile);
const bin = new URL('../../../bin/anli.mjs', import.meta.url).pathname;

async function anli(args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], { timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e: any) {
    return { code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string };
  }
}

describe('anli check (SPEC §5 contract)', () => {
  it('prints one JSON object and exits 1 when a rule fails', async () => {
    const fx = await ensureVideoFixtures();
    const r = await anli(['check', fx['bitrate-5000k'], '--call', 'teacher-training-2026', '--type', 'evidence-research', '--as', 'video', '--json', '--no-deep']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('fail');
    const bitrate = out.results.find((x: any) => x.rule === 'video.bitrate');
    expect(bitrate).toMatchObject({ status: 'fail' });
    expect(Object.keys(bitrate).sort()).toEqual(['actual', 'expected', 'message', 'rule', 'status']);
    expect(bitrate.message).toMatch(/码率/);
  });

  it('exits 0 when nothing fails, and prints a Chinese table without --json', async () => {
    const fx = await ensureVideoFixtures();
    // 2025 allows any duration up to 600 s, so the short passing clip has no fail.
    const r = await anli(['check', fx['good'], '--call', 'teacher-ai-2025', '--type', 'ai-application', '--as', 'video', '--no-deep']);
    expect(r.stdout).toContain('规则');
    expect(r.stdout).toContain('结论：通过');
    expect(r.code).toBe(0);
  });

  it('gives an error result (exit 1) for a file that is not what it claims, and exit 2 for bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anli-cli-'));
    const empty = join(dir, 'empty.docx');
    writeFileSync(empty, '');
    const r = await anli(['check', empty, '--call', 'teacher-training-2026', '--type', 'online-studio', '--as', 'report', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results.some((x: any) => x.status === 'error' || x.status === 'fail')).toBe(true);
    expect((await anli(['check', empty, '--call', 'nope', '--type', 'x', '--as', 'report'])).code).toBe(2);
    expect((await anli(['check', empty, '--call', 'teacher-ai-2025', '--type', 'ai-application', '--as', 'report'])).code).toBe(2);
    expect((await anli(['frobnicate'])).code).toBe(2);
  });
});
