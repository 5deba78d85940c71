// Bounded subprocesses: time (process group killed), memory (address-space cap), network (empty namespace),
// output; the LibreOffice and ffmpeg adapters under those bounds, reported to the author in Chinese; ffmpeg's
// input guard against playlists and concat lists that name URLs or other files.
// Slow tools are simulated by scripts that sleep (the bound is what is tested, not the tool). Nothing here
// asserts how fast something ran: a bound that did not hold shows as the test's own timeout.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canIsolateNetwork, canPrlimit, runBounded } from './bounded.ts';
import { analyzeAudioWithFfmpeg, createFfmpegTools, FFMPEG_INPUT_GUARD, inputArg, runFfmpeg } from './ffmpeg.ts';
import { detectLibreOffice, whichSync } from './libreoffice.ts';
import { openFileSource } from './file-source.ts';
import { memorySource } from '../ooxml/zip.ts';
import { checkCourseware } from '../courseware/check-courseware.ts';
import { checkReport } from '../report/check-report.ts';
import { checkVideo } from '../video/check-video.ts';
import { ToolError } from '../tool-error.ts';
import { ensureHostileFixtures, HOSTILE_FIXTURE_DIR, hasFfmpeg } from '../../../../scripts/fixtures/hostile.ts';

const dir = mkdtempSync(join(tmpdir(), 'anli-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Gone, or a zombie waiting for its reaper: either way it no longer runs. */
function stopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** A script standing in for a tool: records its pid, its child's pid, arguments, HOME, limits and network, then sleeps. */
function sleepyTool(name: string): { path: string; info: string } {
  const path = join(dir, name);
  const info = join(dir, `${name}.info`);
  writeFileSync(
    path,
    `#!/bin/sh
{
  echo "pid $$"
  echo "home $HOME"
  echo "args $*"
  grep -i 'address space' /proc/self/limits
  echo "ifaces $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')"
} > ${info}.tmp
sleep 300 &
echo "child $!" >> ${info}.tmp
mv ${info}.tmp ${info}
wait
`,
  );
  chmodSync(path, 0o755);
  return { path, info };
}

const infoOf = (file: string) => {
  const text = readFileSync(file, 'utf8');
  return {
    pid: Number(/^pid (\d+)/m.exec(text)![1]),
    child: Number(/^child (\d+)/m.exec(text)![1]),
    home: /^home (.*)$/m.exec(text)![1]!,
    args: /^args (.*)$/m.exec(text)![1]!,
    limits: /address space.*$/im.exec(text)?.[0] ?? '',
    ifaces: /^ifaces (.*)$/m.exec(text)![1]!.trim().split(/\s+/).filter(Boolean),
  };
};

describe('runBounded', () => {
  it('kills the whole process group when the time is up', async () => {
    const tool = sleepyTool('slow.sh');
    const r = await runBounded(tool.path, [], { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    const { pid, child } = infoOf(tool.info);
    // The script and the sleep it started (same process group) no longer run.
    await expect.poll(() => stopped(pid) && stopped(child), { timeout: 10_000 }).toBe(true);
  }, 30_000);

  it('caps the address space (prlimit, or ulimit -v where prlimit is missing)', async () => {
    const r = await runBounded('sh', ['-c', "grep -i 'address space' /proc/self/limits"], { timeoutMs: 10_000, maxMemoryBytes: 512 * 1024 * 1024 });
    expect(r.memoryCap).toBe(canPrlimit() ? 'prlimit' : 'ulimit');
    expect(r.stdout.toString()).toMatch(/Max address space\s+536870912\s+536870912\s+bytes/);
  });

  it.skipIf(!whichSync('python3'))('an allocation over the cap fails inside the child, the caller stays up', async () => {
    const alloc = ['-c', 'b = bytearray(384 * 1024 ** 2); print(len(b))'];
    const r = await runBounded('python3', alloc, { timeoutMs: 30_000, maxMemoryBytes: 256 * 1024 * 1024 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('MemoryError');
    const free = await runBounded('python3', alloc, { timeoutMs: 30_000 });
    expect(free.stdout.toString().trim()).toBe(String(384 * 1024 ** 2));
  }, 60_000);

  it('kills a child that writes too much', async () => {
    const r = await runBounded('sh', ['-c', 'while :; do echo yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy; done'], { timeoutMs: 30_000, maxStdout: 1 << 20 });
    expect(r.outputExceeded).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(1 << 20);
  }, 60_000);

  it('reports a missing binary instead of throwing', async () => {
    const r = await runBounded(join(dir, 'no-such-tool'), [], { timeoutMs: 5000 });
    expect(r.code).toBeNull();
    expect(r.spawnError).toMatch(/ENOENT/);
  });

  describe.skipIf(!canIsolateNetwork())('network', () => {
    let server: Server;
    let hits = 0;
    let port = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('a child in the empty namespace reaches nothing, not even loopback', async () => {
      const script = `fetch('http://127.0.0.1:${port}/').then(() => console.log('reached'), (e) => console.log('refused', e.cause?.code ?? e.message))`;
      const open = await runBounded(process.execPath, ['-e', script], { timeoutMs: 30_000 });
      expect(open.stdout.toString()).toContain('reached');
      const before = hits;
      const closed = await runBounded(process.execPath, ['-e', script], { timeoutMs: 30_000, noNetwork: true });
      expect(closed.network).toBe('none');
      expect(closed.stdout.toString()).toContain('refused');
      expect(hits).toBe(before);
    }, 60_000);
  });
});

// An OLE compound file that sniffs as a legacy .ppt / .doc (only the conversion is exercised).
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const utf16 = (s: string) => [...s].flatMap((c) => [c.charCodeAt(0), 0]);
const legacy = (stream: string) => new Uint8Array([...OLE, ...new Array(504).fill(0), ...utf16(stream), ...new Array(512).fill(0)]);

describe('LibreOffice adapter under its bounds', () => {
  it('a conversion that runs too long is killed with its process group and reported in Chinese', async () => {
    const tool = sleepyTool('soffice-slow.sh');
    const ports = detectLibreOffice({ sofficePath: tool.path, pdftoppmPath: '/nonexistent/pdftoppm', timeoutMs: 800, tmpRoot: dir, maxMemoryBytes: 3 * 1024 ** 3 });
    const err = await ports.convertLegacy!(memorySource(legacy('PowerPoint Document'), '课件.ppt'), 'pptx').catch((e) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).reason).toBe('timeout');
    const info = infoOf(tool.info);
    await expect.poll(() => stopped(info.pid) && stopped(info.child), { timeout: 10_000 }).toBe(true);
    // Private profile and home (a temp dir removed afterwards), capped address space, no network.
    expect(info.args).toMatch(/-env:UserInstallation=file:\/\/\/.*anli-lo-/);
    expect(info.home).toContain('anli-lo-');
    expect(existsSync(info.home)).toBe(false);
    expect(info.limits).toMatch(/3221225472/);
    if (canIsolateNetwork()) expect(info.ifaces).toEqual(['lo']);

    // Through the checkers: the format rule says what happened and what to do.
    const deck = await checkCourseware(memorySource(legacy('PowerPoint Document'), '课件.ppt'), { as: 'courseware', params: {}, tools: ports, timeoutMs: 60_000 });
    const format = deck.find((r) => r.rule === 'courseware.format')!;
    expect(format.status).toBe('warn');
    expect(format.message).toContain('文档转换程序运行超过 1 秒，已被终止');
    expect(format.message).toContain('另存为');
    const report = await checkReport(memorySource(legacy('WordDocument'), '报告.doc'), { as: 'report', params: {}, tools: ports, timeoutMs: 60_000 });
    expect(report[0]!.message).toContain('文档转换程序运行超过 1 秒，已被终止');
    expect(report[0]!.message).toContain('另存为 .docx');
  }, 60_000);
});

describe.skipIf(!hasFfmpeg())('ffmpeg adapter under its bounds', () => {
  let base = '';
  beforeAll(async () => {
    await ensureHostileFixtures();
    base = join(HOSTILE_FIXTURE_DIR, 'base-1.mp4');
  }, 300_000);

  it('an analysis that runs too long is killed and audio.clarity says so in Chinese', async () => {
    const tool = sleepyTool('ffmpeg-slow.sh');
    const err = await analyzeAudioWithFfmpeg(await openFileSource(base), { ffmpegPath: tool.path, timeoutMs: 800 }).catch((e) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).reason).toBe('timeout');
    const info = infoOf(tool.info);
    await expect.poll(() => stopped(info.pid) && stopped(info.child), { timeout: 10_000 }).toBe(true);
    expect(info.args).toContain('-protocol_whitelist file,pipe -format_whitelist mov,mp4,m4a,3gp,3g2,mj2 -i file:/');
    expect(info.limits).toMatch(/3221225472/);
    if (canIsolateNetwork()) expect(info.ifaces).toEqual(['lo']);

    const src = await openFileSource(base);
    try {
      const results = await checkVideo(src, { as: 'video', params: { video: { maxDurationS: 600 } }, tools: createFfmpegTools({ ffmpegPath: tool.path, timeoutMs: 800 }), timeoutMs: 60_000 });
      const clarity = results.find((r) => r.rule === 'audio.clarity')!;
      expect(clarity.status).toBe('manual');
      expect(clarity.message).toContain('视频分析程序运行超过 1 秒，已被终止');
      expect(clarity.message).toContain('人工试听');
    } finally {
      await src.close();
    }
  }, 60_000);

  it('the real ffmpeg still analyses a real MP4 under the bounds', async () => {
    const a = await analyzeAudioWithFfmpeg(await openFileSource(base));
    expect(a.durationS).toBeGreaterThan(1.5);
    expect(a.integratedLufs).not.toBeNull();
  }, 60_000);

  describe('input guard', () => {
    let server: Server;
    let hits: string[] = [];
    let port = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('refuses an HLS playlist naming http:// and file:///etc/passwd before its demuxer opens, and fetches nothing', async () => {
      const playlist = join(dir, 'playlist.mp4');
      writeFileSync(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:${port}/seg.ts\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n`);
      // Control: plain ffmpeg auto-detects the playlist and opens it with its HLS demuxer (Debian's ffmpeg 5.1 then
      // limits the segments to the playlist's own protocols; the guard does not depend on that).
      const plain = await runBounded('ffmpeg', ['-nostdin', '-hide_banner', '-i', playlist, '-f', 'null', '-'], { timeoutMs: 30_000 });
      expect(plain.stderr).toMatch(/\[hls @/);
      // The adapter: refused before any URL is opened.
      hits = [];
      const src = await openFileSource(playlist);
      const err = await analyzeAudioWithFfmpeg(src).catch((e) => e);
      await src.close();
      expect(err).toBeInstanceOf(Error);
      expect(String(err)).toMatch(/not on whitelist|Invalid argument|exited with/);
      expect(String(err)).not.toContain('root:');
      expect(hits).toEqual([]);
      const direct = await runFfmpeg([...FFMPEG_INPUT_GUARD, '-i', inputArg(playlist), '-f', 'null', '-'], { timeoutMs: 30_000 });
      expect(direct.code).not.toBe(0);
      expect(direct.stderr).toMatch(/not on whitelist/);
      expect(direct.stderr).not.toMatch(/Failed to open segment|Error when loading first segment/);
      expect(hits).toEqual([]);
    }, 90_000);

    it('refuses an ffconcat list naming another file next to it (without the guard ffmpeg reads that file)', async () => {
      const sub = mkdtempSync(join(dir, 'concat-'));
      copyFileSync(base, join(sub, 'other-authors-video.mp4'));
      const list = join(sub, 'upload.mp4');
      writeFileSync(list, 'ffconcat version 1.0\nfile other-authors-video.mp4\n');
      const control = await runFfmpeg(['-protocol_whitelist', 'file,pipe', '-i', list, '-map', '0:a:0', '-f', 'null', '-'], { timeoutMs: 30_000 });
      expect(control.code).toBe(0); // the danger is real: the list is auto-detected and the other file decoded
      const guarded = await runFfmpeg([...FFMPEG_INPUT_GUARD, '-i', inputArg(list), '-map', '0:a:0', '-f', 'null', '-'], { timeoutMs: 30_000 });
      expect(guarded.code).not.toBe(0);
      expect(guarded.stderr).toMatch(/not on whitelist/);
      const src = await openFileSource(list);
      await expect(analyzeAudioWithFfmpeg(src)).rejects.toThrow(/exited with/);
      await src.close();
    }, 90_000);
  });
});
