import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mp4Bytes } from '../../../../scripts/fixtures/video.ts';
import { memorySource } from '../sources/memory-source.ts';
import { checkVideo, VIDEO_RULES } from './check-video.ts';
import { probeMp4 } from './probe-mp4.ts';
import { sniffContainer } from './sniff-container.ts';
import { checkFile, OPTS_2025, probeFile } from './test-helpers.ts';

const { box, u32, ascii, concat, FTYP } = mp4Bytes;

describe('sniffContainer', () => {
  const head = (...parts: Array<number[] | string>) =>
    concat(...parts.map((p) => (typeof p === 'string' ? ascii(p) : new Uint8Array(p))), new Uint8Array(64));
  it.each([
    [head([0x1a, 0x45, 0xdf, 0xa3], [0x93, 0x42, 0x82, 0x88], 'matroska'), 'mkv'],
    [head([0x1a, 0x45, 0xdf, 0xa3], [0x93, 0x42, 0x82, 0x84], 'webm'), 'webm'],
    [head('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'avi'],
    [head('FLV', [1, 5]), 'flv'],
    [head([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'],
    [head([0x89], 'PNG'), 'png'],
    [head('PK', [3, 4]), 'zip'],
    [head('%PDF-1.7'), 'pdf'],
    [box('ftyp', ascii('qt  '), u32(0), ascii('qt  ')), 'mov'],
    [box('ftyp', ascii('isom'), u32(512), ascii('isomiso2avc1mp41')), 'mp4'],
    [box('ftyp', ascii('heic'), u32(0), ascii('mif1heic')), 'heif'],
    [concat(u32(16), ascii('wide'), new Uint8Array(8), u32(8), ascii('mdat')), 'mov'],
  ])('%#: detects %s', (bytes, format) => {
    expect(sniffContainer(bytes, bytes.length).format).toBe(format);
  });
});

describe('probeMp4 on hand-made hostile boxes', () => {
  const probe = (b: Uint8Array) => probeMp4(memorySource(b));
  it('rejects a child box that runs past its parent', async () => {
    const p = await probe(concat(FTYP(), box('moov', u32(0xfffffff0), ascii('trak'), new Uint8Array(32))));
    expect(p.problem?.code).toBe('corrupt');
  });
  it('rejects a 64-bit size beyond 2^53 and a size smaller than the header', async () => {
    expect((await probe(concat(FTYP(), u32(1), ascii('moov'), u32(0xffffffff, 0xffffffff)))).problem?.code).toBe('corrupt');
    expect((await probe(concat(FTYP(), u32(4), ascii('free'), new Uint8Array(16)))).problem?.code).toBe('corrupt');
    expect((await probe(concat(FTYP(), u32(1), ascii('free'), u32(0, 4)))).problem?.code).toBe('corrupt');
  });
  it('handles size 0 (to end of file) without looping', async () => {
    const p = await probe(concat(FTYP(), u32(0), ascii('mdat'), new Uint8Array(100)));
    expect(p.problem?.code).toBe('truncated'); // mdat but no moov
  });
  it('rejects sample tables whose counts exceed their box', async () => {
    const hdlr = box('hdlr', u32(0, 0), ascii('vide'), u32(0, 0, 0), new Uint8Array(1));
    for (const table of [box('stts', u32(0, 0xffffffff, 1, 40)), box('stsz', u32(0, 0, 0x7fffffff, 1)), box('stco', u32(0, 0x40000000, 1))]) {
      const p = await probe(concat(FTYP(), box('moov', box('trak', box('mdia', hdlr, box('minf', box('stbl', table)))))));
      expect(p.problem?.code, table.toString()).toBe('corrupt');
    }
  });
  it('survives deep nesting and many tiny boxes', async () => {
    let inner = box('free');
    for (let i = 0; i < 2000; i++) inner = box('udta', inner);
    const many = concat(...Array.from({ length: 20000 }, () => box('free')));
    const p = await probe(concat(FTYP(), box('moov', inner), many));
    expect(p.problem).toBeNull();
    expect(p.video).toBeNull();
  });
  it('never throws on random mutations of a valid header', async () => {
    const base = concat(
      FTYP(),
      box(
        'moov',
        box('mvhd', new Uint8Array(100)),
        box('trak', box('tkhd', new Uint8Array(84)), box('mdia', box('mdhd', new Uint8Array(24)), box('hdlr', u32(0, 0), ascii('soun'), new Uint8Array(13)))),
      ),
    );
    let s = 99;
    for (let i = 0; i < 500; i++) {
      const b = base.slice();
      for (let k = 0; k < 4; k++) {
        s = (s * 1103515245 + 12345) >>> 0;
        b[s % b.length] = s >>> 24;
      }
      const res = await checkVideo(memorySource(b), OPTS_2025);
      expect(res.map((r) => r.rule)).toEqual([...VIDEO_RULES]);
    }
  });
});

const CORPUS = '/work/shared/corpus/mp4';
describe.skipIf(!existsSync(CORPUS))('the shared MP4 corpus', () => {
  const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => /\.(mp4|mov|m4v)$/i.test(f)) : [];
  it('returns a full report for every file, quickly', async () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const t = Date.now();
      const res = await checkFile(join(CORPUS, f));
      expect(Object.keys(res), f).toEqual([...VIDEO_RULES]);
      expect(Date.now() - t, f).toBeLessThan(3000);
    }
  });
  const get = async (f: string) => checkFile(join(CORPUS, f));
  it('finds the expected problems', async () => {
    const prores = await get('jcodec-prores.mov');
    expect(prores['video.container']!.status).toBe('fail');
    expect(prores['video.codec']!.status).toBe('warn');
    expect(prores['video.codec']!.actual).toBe('Apple ProRes');
    expect((await get('mp4ff-ed_hevc.mp4'))['video.codec']!.status).toBe('warn');
    const audioOnly = await get('jcodec-audio-only-a01_0023.mp4');
    expect(audioOnly['video.codec']!.status).toBe('fail');
    expect(audioOnly['audio.present']!.status).toBe('pass');
    expect((await get('mp4ff-init_truncated.mp4'))['video.codec']!.status).toBe('error');
    expect((await get('jcodec-android-keyed.mp4'))['video.fps']!.status).toBe('error'); // chunk offsets beyond EOF
    expect((await get('mp4ff-opus.mp4'))['audio.codec']!.actual).toBe('Opus');
    expect((await get('jcodec-video-only-seq_h264_4.mp4'))['audio.present']!.status).toBe('fail');
    expect((await get('jcodec-frame0123.m4v'))['video.container']!.status).toBe('fail');
    const orient = await probeFile(join(CORPUS, 'jcodec-orientation.mp4'));
    expect([orient.video!.displayWidth, orient.video!.displayHeight]).toEqual([720, 1280]);
    const mono = await probeFile(join(CORPUS, 'jcodec-ios-avfoundation-1.mp4'));
    expect(mono.audio!.channels).toBe(1);
    expect(mono.audio!.stsdChannels).toBe(2);
    const frag = await probeFile(join(CORPUS, 'mp4ff-prog_8s_enc_dashinit.mp4'));
    expect(frag.fragmented).toBe(true);
    expect(frag.video!.avgFps).toBeCloseTo(30, 2);
  });
});

describe('probeMp4 on a hand-built fragmented file with trex defaults', () => {
  // moov with one avc1 track and no samples; mvex/trex carries duration 512 and size 1000; each
  // moof's trun lists only a count (flags 0x1: data offset), so every value comes from trex.
  const u16 = (...v: number[]) => {
    const b = new Uint8Array(v.length * 2);
    v.forEach((x, i) => new DataView(b.buffer).setUint16(i * 2, x));
    return b;
  };
  const avc1 = box('avc1', new Uint8Array(6), u16(1), new Uint8Array(16), u16(1920, 1080), u32(0x480000, 0x480000, 0), u16(1), new Uint8Array(32), u16(24, 0xffff));
  const stbl = box('stbl', box('stsd', u32(0, 1), avc1), box('stts', u32(0, 0)), box('stsc', u32(0, 0)), box('stsz', u32(0, 0, 0)), box('stco', u32(0, 0)));
  const tkhd = box('tkhd', u32(0, 0, 0, 1, 0, 0), new Uint8Array(16), u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000), u32(1920 << 16, 1080 << 16));
  const mdhd = box('mdhd', u32(0, 0, 0, 12800, 0), u16(0x55c4, 0));
  const hdlr = box('hdlr', u32(0, 0), ascii('vide'), u32(0, 0, 0), ascii('V\0'));
  const moov = box(
    'moov',
    box('mvhd', u32(0, 0, 0, 1000, 0), new Uint8Array(80)),
    box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', stbl))),
    box('mvex', box('trex', u32(0, 1, 1, 512, 1000, 0))),
  );
  const fragment = (seq: number) => {
    const traf = box('traf', box('tfhd', u32(0x020000, 1)), box('tfdt', u32(0, (seq - 1) * 25 * 512)), box('trun', u32(0x000001, 25, 0)));
    const moof = box('moof', box('mfhd', u32(0, seq)), traf);
    return concat(moof, box('mdat', new Uint8Array(25 * 1000)));
  };
  const file = concat(box('ftyp', ascii('iso6'), u32(0), ascii('iso6mp41')), moov, fragment(1), fragment(2), fragment(3), fragment(4));

  it('counts samples, bytes and duration from trex defaults', async () => {
    const p = await probeMp4(memorySource(file));
    expect(p.problem).toBeNull();
    expect(p.fragmented).toBe(true);
    expect(p.video!.sampleCount).toBe(100);
    expect(p.video!.totalBytes).toBe(100_000);
    expect(p.video!.durationS).toBe(4);
    expect(p.video!.avgFps).toBe(25);
    expect(p.video!.bitrate).toBe(200_000);
    expect(p.video!.displayWidth).toBe(1920);
    expect(p.durationS).toBe(4);
  });

  it('reports a truncated last fragment', async () => {
    const p = await probeMp4(memorySource(file.subarray(0, file.length - 5000)));
    expect(p.problem?.code).toBe('truncated');
  });
});
