// The hostile upload corpus (scripts/fixtures/hostile.ts) against the checker's parsers, without the server:
// every file, checked as every kind, resolves (no throw escapes the per-kind checkers), yields a failing finding
// with a Chinese message that says what to do, and reads a bounded number of bytes (a box that points back or a
// zip entry read again and again would read without end; a hang is caught by the test timeout).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureHostileFixtures, type HostileFile } from '../../../scripts/fixtures/hostile.ts';
import { checkFile } from './index.ts';
import type { ByteSource, CheckAs, CheckOptions, RuleResult } from './types.ts';
import { checkReport } from './report/check-report.ts';
import { checkCourseware } from './courseware/check-courseware.ts';
import { checkVideo } from './video/check-video.ts';
import { checkInfoform } from './infoform/check-infoform.ts';
import { findContacts, findUrls } from './courseware/text-scan.ts';

const KIND: Record<HostileFile['slot'], CheckAs> = { report: 'report', courseware: 'courseware', video: 'video', infoform_pdf: 'infoform', infoform_word: 'infoform' };
/** The rule standing for the whole file per kind (what the slot blocks on first). */
const FILE_RULE: Record<CheckAs, string> = { report: 'report.format', courseware: 'courseware.format', video: 'video.container', infoform: 'infoform.pdf' };
const CHECKERS = { report: checkReport, courseware: checkCourseware, video: checkVideo, infoform: checkInfoform } as const;

const params: CheckOptions['params'] = {
  video: { minDurationS: 420, maxDurationS: 600 },
  report: { outline: ['一、案例概述', '二、实施过程'], maxChars: 3000 },
  infoform: { summaryMaxChars: 500 },
};

/** A memory source that counts what is read. */
function counting(bytes: Uint8Array, name: string): ByteSource & { bytesRead: number; reads: number } {
  const s = {
    size: bytes.length,
    name,
    bytesRead: 0,
    reads: 0,
    async read(offset: number, length: number) {
      const start = Math.max(0, Math.min(offset, bytes.length));
      const out = bytes.subarray(start, Math.max(start, Math.min(offset + length, bytes.length)));
      s.bytesRead += out.length;
      s.reads++;
      return out;
    },
  };
  return s;
}

const CJK = /[\u4e00-\u9fff]/;
const failing = (r: RuleResult) => r.status === 'fail' || r.status === 'error';

let files: HostileFile[] = [];
let skipped: string[] = [];
beforeAll(async () => {
  ({ files, skipped } = await ensureHostileFixtures());
  if (skipped.length) console.warn(`ffmpeg missing: hostile MP4 fixtures skipped: ${skipped.join(', ')}`);
}, 300_000);

describe('hostile corpus at the checker level', () => {
  it('has every kind of hostile input the issue names', () => {
    const names = new Set(files.map((f) => f.name).concat(skipped));
    for (const n of ['docx-bomb', 'pptx-bomb', 'overlap-zip-docx', 'nested-42-zip', 'billion-laughs', 'xxe-file', 'xxe-http', 'mp4-truncated-moov', 'mp4-size0-middle',
      'mp4-child-size-lt-header', 'mp4-largesize-backwards', 'mp4-box-count', 'pptx-png-30000', 'double-ext-exe', 'double-ext-js', 'exe-as-docx', 'docm-as-docx', 'docm',
      'pptm-as-pptx', 'pptm', 'zip-as-docx', 'empty', 'nul-docx', 'one-byte-docx', 'html-as-mp4']) {
      expect(names.has(n), n).toBe(true);
    }
  });

  it('each file, checked as the kind of its slot, fails its file rule with a Chinese message that says what to do', async () => {
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f.path));
      const as = KIND[f.slot];
      const src = counting(bytes, f.filename);
      const results = await CHECKERS[as](src, { as, params, timeoutMs: 60_000 });
      const report = await checkFile(counting(bytes, f.filename), { as, params, timeoutMs: 60_000 });
      expect(report.verdict, f.name).toBe('fail');
      const rule = f.rule ?? FILE_RULE[as];
      // The info form checker reports the Word side under infoform.word.
      const hit = results.find((r) => r.rule === rule) ?? (as === 'infoform' ? results.find((r) => r.rule.startsWith('infoform.') && failing(r)) : undefined);
      expect(hit, `${f.name}: ${rule} missing`).toBeDefined();
      expect(failing(hit!), `${f.name}: ${rule} is ${hit!.status}: ${hit!.message}`).toBe(true);
      expect(hit!.message, f.name).toMatch(CJK);
      expect(hit!.message, f.name).toMatch(/请/);
      // Every result, failing or not, explains itself.
      for (const r of results) expect(typeof r.message === 'string' && r.message.length > 0, `${f.name}: ${r.rule}`).toBe(true);
      // Bounded work: never more than the file twice over plus a little (no re-reading loops).
      expect(src.bytesRead, `${f.name} read ${src.bytesRead} of ${bytes.length}`).toBeLessThanOrEqual(2 * bytes.length + (1 << 20));
    }
  }, 300_000);

  it('each file, checked as any kind, resolves with a failing finding (no throw escapes a parser)', async () => {
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f.path));
      for (const as of ['report', 'courseware', 'video', 'infoform'] as const) {
        const src = counting(bytes, f.filename);
        let results: RuleResult[] | undefined;
        let thrown: unknown;
        try {
          results = await CHECKERS[as](src, { as, params, timeoutMs: 60_000 });
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${f.name} as ${as} threw ${String(thrown)}`).toBeUndefined();
        // A clean deck in the Word info form slot is hostile there, not as courseware.
        if (!(f.name === 'pptx-as-infoform' && as === 'courseware')) expect(results!.some(failing), `${f.name} as ${as}`).toBe(true);
        for (const r of results!.filter(failing)) expect(r.message, `${f.name} as ${as}: ${r.rule}`).toMatch(CJK);
        expect(src.bytesRead, `${f.name} as ${as}`).toBeLessThanOrEqual(2 * bytes.length + (1 << 20));
      }
    }
  }, 600_000);

  it('names the danger: zip bombs, overlapping entries, DOCTYPE, macros and giant images say what they are', async () => {
    const byName = new Map(files.map((f) => [f.name, f]));
    const message = async (name: string) => {
      const f = byName.get(name)!;
      const as = KIND[f.slot];
      const results = await CHECKERS[as](counting(new Uint8Array(readFileSync(f.path)), f.filename), { as, params, timeoutMs: 60_000 });
      return results.find((r) => r.rule === (f.rule ?? FILE_RULE[as]))!.message;
    };
    expect(await message('docx-bomb')).toContain('安全上限');
    expect(await message('pptx-bomb')).toContain('安全上限');
    expect(await message('overlap-zip-docx')).toContain('重叠条目');
    expect(await message('overlap-zip-pptx')).toContain('重叠条目');
    expect(await message('billion-laughs')).toContain('DOCTYPE');
    expect(await message('xxe-content-types-pptx')).toContain('DOCTYPE');
    expect(await message('docm-as-docx')).toContain('宏');
    expect(await message('pptm-as-pptx')).toContain('宏');
    expect(await message('pptx-png-30000')).toContain('30000×30000');
    expect(await message('pptx-png-header-lie')).toContain('65535×65535');
    expect(await message('zip-as-docx')).toContain('ZIP 压缩包');
    expect(await message('exe-as-docx')).toContain('可执行程序');
    expect(await message('html-as-mp4')).toContain('网页文件（HTML）');
    expect(await message('hls-as-mp4')).toContain('播放列表');
    expect(await message('nul-mp4')).toContain('内容全为 0');
    expect(await message('nul-pdf')).toContain('内容全为 0');
    expect(await message('one-byte-docx')).toContain('只有 1 字节');
    expect(await message('pdf-flate-bomb')).toContain('解压后超过安全上限');
  }, 120_000);

  it('a text block with 200,000 addresses and phone numbers is scanned without quadratic work (was minutes; the timeout catches a regression)', () => {
    const text = Array.from({ length: 200_000 }, (_, i) => `www.s${i}.com 138${String(i).padStart(8, '0')}`).join(' ');
    expect(findUrls(text)).toHaveLength(200_000);
    expect(findContacts(text)).toHaveLength(200_000);
  }, 30_000);
});
