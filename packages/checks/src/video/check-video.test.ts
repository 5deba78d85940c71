import { beforeAll, describe, expect, it } from 'vitest';
import { ensureVideoFixtures, skippedVideoFixtures } from '../../../../scripts/fixtures/video.ts';
import { memorySource } from '../sources/memory-source.ts';
import { checkVideo, partsRule, VIDEO_RULES } from './check-video.ts';
import { checkFile, OPTS_2025, OPTS_2026, probeFile } from './test-helpers.ts';

let fx: Record<string, string>;
beforeAll(async () => {
  fx = await ensureVideoFixtures();
}, 180_000);

const status = async (name: string, rule: string, opts = OPTS_2025) => (await checkFile(fx[name]!, opts))[rule]!.status;

describe('checkVideo on generated fixtures', () => {
  it('passes a 1080p25 H.264 10 Mbps AAC 128k file on every automatic rule', async () => {
    const res = await checkFile(fx.good!);
    expect(Object.keys(res)).toEqual([...VIDEO_RULES]);
    for (const rule of ['video.container', 'video.codec', 'video.resolution', 'video.aspect', 'video.fps', 'video.bitrate', 'video.duration', 'audio.present', 'audio.codec', 'audio.bitrate']) {
      expect(res[rule]!.status, `${rule}: ${res[rule]!.message}`).toBe('pass');
    }
    for (const rule of ['audio.clarity', 'video.opening', 'video.closing', 'video.people', 'video.synthetic', 'video.parts', 'video.format_declared']) expect(res[rule]!.status).toBe('manual');
    for (const r of Object.values(res)) {
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      expect(r).toHaveProperty('actual');
      expect(r).toHaveProperty('expected');
    }
  });

  it('reads moov at the end and fragmented files the same way', async () => {
    const a = await probeFile(fx.good!);
    const b = await probeFile(fx['good-moov-end']!);
    const c = await probeFile(fx['good-fragmented']!);
    expect(a.moovPosition).toBe('start');
    expect(b.moovPosition).toBe('end');
    expect(c.fragmented).toBe(true);
    for (const p of [b, c]) {
      expect(p.problem).toBeNull();
      expect(p.video!.sampleCount).toBe(a.video!.sampleCount);
      expect(p.video!.totalBytes).toBe(a.video!.totalBytes);
      expect(p.audio!.totalBytes).toBe(a.audio!.totalBytes);
      expect(p.video!.avgFps).toBeCloseTo(25, 3);
    }
    const res = await checkFile(fx['good-fragmented']!);
    for (const rule of ['video.container', 'video.codec', 'video.resolution', 'video.fps', 'video.bitrate', 'audio.codec', 'audio.bitrate']) expect(res[rule]!.status, rule).toBe('pass');
  });

  it('video.bitrate: fails at 7.9 Mbps and passes at 8.0 (不低于 8Mbps, no warn band), wording from the call', async () => {
    const low = await checkFile(fx['bitrate-7900k']!);
    expect(low['video.bitrate']!.actual as number).toBeGreaterThan(7_850_000);
    expect(low['video.bitrate']!.actual as number).toBeLessThan(8_000_000);
    expect(low['video.bitrate']!.status).toBe('fail');
    expect(low['video.bitrate']!.message).toContain('8 Mbps');
    expect(low['video.bitrate']!.message).toContain('10 Mbps');
    const at = await checkFile(fx['bitrate-8000k']!);
    expect(at['video.bitrate']!.actual as number).toBeGreaterThanOrEqual(8_000_000);
    expect(at['video.bitrate']!.actual as number).toBeLessThan(8_050_000);
    expect(at['video.bitrate']!.status).toBe('pass');
    const f = await checkFile(fx['bitrate-5000k']!);
    expect(f['video.bitrate']!.status).toBe('fail');
    expect(f['video.bitrate']!.message).toContain('H.264');
    expect(await status('good', 'video.bitrate')).toBe('pass');
    // The floor is call data: a call asking for 12 Mbps fails the 10 Mbps file and says 12 Mbps.
    const strict = await checkFile(fx.good!, { as: 'video', params: { video: { maxDurationS: 600, minBitrate: 12_000_000, recommendedBitrate: 15_000_000 } } });
    expect(strict['video.bitrate']!.status).toBe('fail');
    expect(strict['video.bitrate']!.message).toContain('低于要求的 12 Mbps');
    expect(strict['video.bitrate']!.message).toContain('15 Mbps');
    expect(strict['video.bitrate']!.expected).toContain('12,000,000');
  });

  it('video.resolution and video.aspect', async () => {
    const r720 = await checkFile(fx['res-720p']!);
    expect(r720['video.resolution']!.status).toBe('fail');
    expect(r720['video.resolution']!.actual).toBe('1280×720');
    expect(r720['video.aspect']!.status).toBe('pass');
    const sar = await checkFile(fx['sar-4-3']!);
    expect(sar['video.resolution']!.status).toBe('fail');
    expect(sar['video.resolution']!.actual).toBe('2560×1080');
    expect(sar['video.aspect']!.status).toBe('fail');
    const ana = await checkFile(fx['anamorphic-1440']!);
    expect(ana['video.resolution']!.status).toBe('warn'); // displays 1920×1080 from a 1440×1080 picture
    expect(ana['video.aspect']!.status).toBe('pass');
    const a43 = await checkFile(fx['aspect-4-3']!);
    expect(a43['video.aspect']!.status).toBe('fail');
    expect(a43['video.aspect']!.actual).toBe('4:3');
    const rot = await checkFile(fx['rotated-portrait']!);
    expect(rot['video.resolution']!.status).toBe('fail');
    expect(rot['video.resolution']!.actual).toBe('1080×1920');
    expect(rot['video.resolution']!.message).toContain('竖屏');
  });

  it('video.fps: 25 ± 0.05 passes, outside fails, VFR warns', async () => {
    expect(await status('fps-24.97', 'video.fps')).toBe('pass');
    expect(await status('fps-25.04', 'video.fps')).toBe('pass');
    expect(await status('fps-25.1', 'video.fps')).toBe('fail');
    expect(await status('fps-24.9', 'video.fps')).toBe('fail');
    const f30 = await checkFile(fx['fps-30']!);
    expect(f30['video.fps']!.status).toBe('fail');
    expect(f30['video.fps']!.actual).toBe(30);
    const vfr = await checkFile(fx.vfr!);
    expect(vfr['video.fps']!.status).toBe('warn');
    expect(vfr['video.fps']!.message).toContain('可变帧率');
  });

  it('video.duration against both calls', async () => {
    expect(await status('dur-400', 'video.duration', OPTS_2026)).toBe('fail');
    expect(await status('dur-420', 'video.duration', OPTS_2026)).toBe('pass');
    expect(await status('dur-600', 'video.duration', OPTS_2026)).toBe('pass');
    expect(await status('dur-610', 'video.duration', OPTS_2026)).toBe('fail');
    expect(await status('dur-400', 'video.duration', OPTS_2025)).toBe('pass');
    expect(await status('dur-610', 'video.duration', OPTS_2025)).toBe('fail');
    expect(await status('good', 'video.duration', OPTS_2026)).toBe('fail');
  });

  it('audio rules: present, codec, bitrate bands, mono', async () => {
    const none = await checkFile(fx['no-audio']!);
    expect(none['audio.present']!.status).toBe('fail');
    expect(none['audio.codec']!.status).toBe('fail');
    expect(none['audio.bitrate']!.status).toBe('fail');
    const mp3 = await checkFile(fx['audio-mp3']!);
    expect(mp3['audio.present']!.status).toBe('pass');
    expect(mp3['audio.codec']!.status).toBe('fail');
    expect(mp3['audio.codec']!.actual).toBe('MP3');
    expect(await status('audio-96k', 'audio.bitrate')).toBe('fail');
    expect(await status('audio-192k', 'audio.bitrate')).toBe('warn');
    expect(await status('good', 'audio.bitrate')).toBe('pass');
    const mono = await probeFile(fx['audio-mono']!);
    expect(mono.audio!.channels).toBe(1); // from the AudioSpecificConfig
    expect(mono.audio!.stsdChannels).toBe(2); // what ffmpeg writes in stsd
    expect(await status('audio-mono', 'audio.codec')).toBe('pass');
  });

  it('video.codec: HEVC warns', async () => {
    if (!fx.hevc) {
      console.warn(`hevc fixture skipped: ${skippedVideoFixtures.hevc}`);
      return;
    }
    const r = await checkFile(fx.hevc);
    expect(r['video.codec']!.status).toBe('warn');
    expect(r['video.codec']!.message).toContain('H.264');
  });

  it('video.container: MOV and renamed MKV/AVI/FLV/JPEG fail and name the real format', async () => {
    const mov = await checkFile(fx['mov-renamed']!);
    expect(mov['video.container']!.status).toBe('fail');
    expect(mov['video.container']!.message).toContain('MOV');
    expect(mov['video.codec']!.status).toBe('pass'); // the rest is still measured
    for (const [name, label] of [
      ['mkv-renamed', 'MKV'],
      ['avi-renamed', 'AVI'],
      ['flv-renamed', 'FLV'],
      ['jpeg-renamed', 'JPEG'],
    ] as const) {
      const r = await checkFile(fx[name]!);
      expect(r['video.container']!.status, name).toBe('fail');
      expect(r['video.container']!.message).toContain(label);
      expect(r['video.codec']!.status).toBe('error');
    }
  });

  it('hostile files give error results quickly and never throw', async () => {
    for (const name of ['zero-bytes', 'truncated-mid-moov', 'truncated-mid-mdat', 'truncated-moov-end', 'box-overflow', 'box-huge-largesize', 'box-size-4', 'stts-count-lie', 'random-garbage']) {
      const t = Date.now();
      const r = await checkFile(fx[name]!);
      expect(Date.now() - t, name).toBeLessThan(2000);
      expect(Object.keys(r)).toEqual([...VIDEO_RULES]);
      expect(r['video.codec']!.status, name).toBe('error');
      expect(r['video.bitrate']!.status, name).toBe('error');
      expect(r['video.people']!.status).toBe('manual');
    }
    expect((await checkFile(fx['truncated-mid-mdat']!))['video.fps']!.message).toContain('截断');
    expect((await checkFile(fx['zero-bytes']!))['video.container']!.status).toBe('error');
  });
});

describe('checkVideo bounds', () => {
  it('stops at timeoutMs on a source that never answers', async () => {
    const hanging = { size: 1000, read: () => new Promise<Uint8Array>(() => undefined) };
    const t = Date.now();
    const res = await checkVideo(hanging, { ...OPTS_2025, timeoutMs: 200 });
    expect(Date.now() - t).toBeLessThan(1500);
    expect(res.find((r) => r.rule === 'video.codec')!.status).toBe('error');
    expect(res.find((r) => r.rule === 'video.codec')!.message).toContain('超时');
  });

  it('turns a throwing source into error results', async () => {
    const broken = { size: 1000, read: () => Promise.reject(new Error('disk on fire')) };
    const res = await checkVideo(broken, OPTS_2025);
    expect(res.every((r) => r.status === 'error' || r.status === 'manual')).toBe(true);
  });

  it('bounds a slow port by the deadline (manual, not a hang)', async () => {
    const bytes = new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(fx.small!)));
    const never = () => new Promise<never>(() => undefined);
    const t = Date.now();
    const res = await checkVideo(memorySource(bytes), { ...OPTS_2025, timeoutMs: 300, tools: { analyzeAudio: never } });
    expect(Date.now() - t).toBeLessThan(2000);
    expect(res.find((r) => r.rule === 'audio.clarity')!.status).toBe('manual');
  });
});

describe('probe economy and robustness on real files', () => {
  it('reads only the boxes it needs, never the media data', async () => {
    for (const name of ['good', 'good-moov-end', 'good-fragmented']) {
      const p = await probeFile(fx[name]!);
      expect(p.bytesRead, name).toBeLessThan(p.fileSize * 0.02);
    }
  });

  it('never throws on byte mutations of a real moov', async () => {
    const { readFileSync } = await import('node:fs');
    const { findTopBox } = await import('../../../../scripts/fixtures/video.ts');
    const base = new Uint8Array(readFileSync(fx.small!));
    const moov = findTopBox(base, 'moov')!;
    let s = 4242;
    const t = Date.now();
    for (let i = 0; i < 300; i++) {
      const b = base.slice();
      for (let k = 0; k < 3; k++) {
        s = (s * 1103515245 + 12345) >>> 0;
        b[moov.start + (s % moov.size)] = s >>> 24;
      }
      const res = await checkVideo(memorySource(b), OPTS_2025);
      expect(res.map((r) => r.rule)).toEqual([...VIDEO_RULES]);
      for (const r of res) expect(['pass', 'fail', 'warn', 'manual', 'error']).toContain(r.status);
    }
    expect(Date.now() - t).toBeLessThan(20_000);
  });
});

describe('aspectLabel', () => {
  it.each([
    [1920, 1080, '16:9'],
    [1440, 1080, '4:3'],
    [1920, 1200, '16:10'],
    [854, 480, '约 16:9'],
    [2560, 1080, '2.37:1'],
    [1080, 1920, '9:16'],
  ])('%i×%i → %s', async (w, h, label) => {
    const { aspectLabel } = await import('./check-video.ts');
    expect(aspectLabel(w, h)).toBe(label);
  });
});

describe('probe over HTTP range requests', () => {
  it('reads a moov-at-end file with a handful of small requests', async () => {
    const { createServer } = await import('node:http');
    const { readFileSync } = await import('node:fs');
    const { HttpRangeSource } = await import('../sources/http-range-source.ts');
    const { probeMp4 } = await import('./probe-mp4.ts');
    const body = readFileSync(fx['good-moov-end']!);
    const ranges: number[] = [];
    const server = createServer((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(200, { 'content-length': body.length }).end();
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '')!;
      const a = Number(m[1]);
      const b = Math.min(body.length - 1, Number(m[2]));
      ranges.push(b - a + 1);
      res.writeHead(206, { 'content-range': `bytes ${a}-${b}/${body.length}` }).end(body.subarray(a, b + 1));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const addr = server.address() as { port: number };
      const src = await HttpRangeSource.open(`http://127.0.0.1:${addr.port}/v.mp4`);
      const p = await probeMp4(src);
      expect(p.problem).toBeNull();
      expect(p.moovPosition).toBe('end');
      expect(p.video!.avgFps).toBe(25);
      expect(ranges.length).toBeLessThanOrEqual(5);
      expect(ranges.reduce((s, x) => s + x, 0)).toBeLessThan(100_000);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('video.parts (start times from the form against the call ranges)', () => {
  const V2026 = { ...OPTS_2026.params.video! } as Parameters<typeof partsRule>[0];
  const V2025 = { ...OPTS_2025.params.video! } as Parameters<typeof partsRule>[0];
  it('2026: 1:30 / 5:30 / 1:30 pass; a 6:30 middle part fails naming it; no times is manual', () => {
    expect(partsRule(V2026, [0, 90, 420], 510, null).status).toBe('pass');
    const long = partsRule(V2026, [0, 60, 450], 540, null);
    expect(long.status).toBe('fail');
    expect(long.message).toContain('“过程与方法”时长 6 分 30 秒，要求 5–6 分钟');
    expect(partsRule(V2026, [0, 60.8, 420.5], 480.6, null).status).toBe('pass'); // one second of tolerance
    expect(partsRule(V2026, undefined, 480, null).status).toBe('manual');
    expect(partsRule(V2026, [0, 500, 100], 600, null).status).toBe('fail');
  });
  it('2025: 过程与方法 “6分钟左右” is 5–7 minutes, the other parts at most 2', () => {
    expect(partsRule(V2025, [0, 105, 465], 560, null).status).toBe('pass');
    const r = partsRule(V2025, [0, 150, 500], 560, null);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('“概述”时长 2 分 30 秒，要求 不超过 2 分钟');
  });
});
