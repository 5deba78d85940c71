// Hand-written ISO-BMFF/QuickTime walker over a ByteSource. Chosen over mp4box because we need
// only a few dozen boxes, must range-check every size (STACK.md: mp4box throws, stalls or returns
// nonsense on fuzzed input) and must never touch mdat payloads. Reads: the top-level box headers,
// moov, and each moof of a fragmented file — a few MB at most for a 10-minute video.
import type { ByteSource } from '../types.ts';
import { BitReader, BoxError, childBoxes, Cursor, plausibleType, type ChildBox } from './bytes.ts';
import { sniffContainer, type ContainerInfo } from './sniff-container.ts';

export interface VideoTrackInfo {
  trackId: number;
  /** Sample entry four-character code (avc1, hvc1, ...); for encrypted tracks the original format. */
  format: string;
  codec: 'h264' | 'hevc' | 'vvc' | 'av1' | 'vp9' | 'vp8' | 'mpeg4' | 'prores' | 'mjpeg' | 'other';
  codecLabel: string;
  encrypted: boolean;
  /** Size of the coded picture from the sample entry. */
  codedWidth: number;
  codedHeight: number;
  /** tkhd presentation size (16.16 fixed, before the matrix). */
  tkhdWidth: number;
  tkhdHeight: number;
  /** Pixel aspect ratio (pasp, or inferred from tkhd); 1 for square pixels. */
  pixelAspect: number;
  /** Clean aperture size when a clap box crops the picture. */
  cleanAperture: { width: number; height: number } | null;
  rotation: 0 | 90 | 180 | 270;
  /** What a player shows: clean aperture × pixel aspect, rotated. */
  displayWidth: number;
  displayHeight: number;
  timescale: number;
  sampleCount: number;
  /** Sum of sample durations ÷ timescale. */
  durationS: number;
  /** sampleCount ÷ durationS. */
  avgFps: number | null;
  minFps: number | null;
  maxFps: number | null;
  variableFrameRate: boolean;
  /** Share of frame intervals that deviate by > 10 % from the median interval. */
  irregularShare: number;
  totalBytes: number;
  bitrate: number | null;
}

export interface AudioTrackInfo {
  trackId: number;
  format: string;
  codec: 'aac' | 'mp3' | 'mp2' | 'opus' | 'ac3' | 'eac3' | 'alac' | 'flac' | 'pcm' | 'amr' | 'other';
  codecLabel: string;
  /** MPEG-4 objectTypeIndication from esds (0x40 = MPEG-4 Audio, 0x6B = MP3...). */
  objectType: number | null;
  /** MPEG-4 Audio Object Type from the AudioSpecificConfig (2 = AAC-LC, 5 = HE-AAC, 29 = HE-AACv2). */
  audioObjectType: number | null;
  /** Channel count from the AudioSpecificConfig when available (the stsd field lies for mono). */
  channels: number | null;
  stsdChannels: number;
  sampleRate: number | null;
  timescale: number;
  sampleCount: number;
  durationS: number;
  totalBytes: number;
  bitrate: number | null;
}

export type ProbeProblemCode = 'empty' | 'not-mp4' | 'no-moov' | 'truncated' | 'corrupt' | 'timeout' | 'too-large' | 'io';

export interface Mp4Probe {
  fileSize: number;
  container: ContainerInfo;
  /** Set when the file could not be (fully) read; the measured values below are then incomplete. */
  problem: { code: ProbeProblemCode; detail: string } | null;
  fragmented: boolean;
  moovPosition: 'start' | 'end' | null;
  /** Movie duration (mvhd, mehd, or the longest track). */
  durationS: number | null;
  video: VideoTrackInfo | null;
  audio: AudioTrackInfo | null;
  trackCount: number;
  topLevelBoxes: number;
  bytesRead: number;
  /** Non-fatal oddities (trailing garbage, extra tracks...). */
  notes: string[];
}

export interface ProbeOptions {
  /** Absolute time (Date.now() based) after which parsing stops with a 'timeout' problem. */
  deadline?: number;
  /** Largest moov accepted (bytes). */
  maxMoovBytes?: number;
}

// A 10-minute video's moov is ~0.5 MB and a 3-hour one's ~10 MB; beyond 64 MB it is not a real upload.
const MAX_MOOV = 64 * 1024 * 1024;
const MAX_MOOF = 16 * 1024 * 1024;
const MAX_TOP_LEVEL = 2_000_000;
// Read-ahead for box headers: big enough for a typical moof (1–10 KB) so a fragment costs one read.
const WINDOW = 16 * 1024;

/** Per-track accumulator across stbl and fragments. */
interface TrackAcc {
  id: number;
  handler: string;
  timescale: number;
  mdhdDuration: number;
  tkhdW: number;
  tkhdH: number;
  matrix: number[];
  entry: SampleEntry | null;
  sampleCount: number;
  ticks: number;
  bytes: number;
  deltas: Map<number, number>;
  lastDelta: number | null;
  maxChunkEnd: number;
  trex: { duration: number; size: number } | null;
}

interface SampleEntry {
  format: string;
  encrypted: boolean;
  width: number;
  height: number;
  pasp: [number, number] | null;
  clap: { width: number; height: number } | null;
  stsdChannels: number;
  stsdRate: number;
  objectType: number | null;
  aot: number | null;
  ascChannels: number | null;
  ascRate: number | null;
}

class Reader {
  bytesRead = 0;
  private winStart = -1;
  private win: Uint8Array = new Uint8Array(0);
  constructor(
    private readonly src: ByteSource,
    private readonly deadline: number,
  ) {}

  checkTime(): void {
    if (Date.now() > this.deadline) throw new BoxError('timeout', 'time limit reached');
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.checkTime();
    if (this.winStart >= 0 && offset >= this.winStart && offset + length <= this.winStart + this.win.length) {
      return this.win.subarray(offset - this.winStart, offset - this.winStart + length);
    }
    const wanted = Math.min(length, this.src.size - offset);
    if (length <= WINDOW) {
      this.win = await this.raw(offset, Math.min(WINDOW, this.src.size - offset));
      this.winStart = offset;
      return this.win.subarray(0, Math.min(length, this.win.length));
    }
    const buf = await this.raw(offset, wanted);
    return buf;
  }

  private async raw(offset: number, length: number): Promise<Uint8Array> {
    const remaining = this.deadline - Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const buf = await Promise.race([
        this.src.read(offset, length),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BoxError('timeout', 'read timed out')), Math.max(1, remaining));
        }),
      ]);
      this.bytesRead += buf.byteLength;
      return buf;
    } catch (e) {
      if (e instanceof BoxError) throw e;
      throw new BoxError('io', `read failed: ${(e as Error)?.message ?? String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function newTrack(id: number): TrackAcc {
  return {
    id,
    handler: '',
    timescale: 0,
    mdhdDuration: 0,
    tkhdW: 0,
    tkhdH: 0,
    matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    entry: null,
    sampleCount: 0,
    ticks: 0,
    bytes: 0,
    deltas: new Map(),
    lastDelta: null,
    maxChunkEnd: 0,
    trex: null,
  };
}

function addDeltas(t: TrackAcc, delta: number, count: number): void {
  if (count <= 0) return;
  t.sampleCount += count;
  t.ticks += delta * count;
  if (t.deltas.size < 100_000 || t.deltas.has(delta)) t.deltas.set(delta, (t.deltas.get(delta) ?? 0) + count);
  t.lastDelta = delta;
}

const find = (boxes: ChildBox[], type: string): ChildBox | undefined => boxes.find((b) => b.type === type);

/** Parses moov (already in memory). */
function parseMoov(buf: Uint8Array, tracks: Map<number, TrackAcc>, movie: { timescale: number; duration: number; fragmentDuration: number; hasMvex: boolean }): void {
  const kids = childBoxes(buf, 0, buf.length);
  const mvhd = find(kids, 'mvhd');
  if (mvhd) {
    const c = new Cursor(buf, mvhd.body, mvhd.end);
    const v = c.u8();
    c.skip(3);
    if (v === 1) {
      c.skip(16);
      movie.timescale = c.u32();
      movie.duration = c.u64();
    } else {
      c.skip(8);
      movie.timescale = c.u32();
      movie.duration = c.u32();
    }
  }
  let auto = 1_000_000;
  for (const trak of kids.filter((b) => b.type === 'trak')) {
    const tk = childBoxes(buf, trak.body, trak.end);
    const tkhd = find(tk, 'tkhd');
    let t: TrackAcc;
    if (tkhd) {
      const c = new Cursor(buf, tkhd.body, tkhd.end);
      const v = c.u8();
      c.skip(3);
      c.skip(v === 1 ? 16 : 8);
      const id = c.u32();
      c.skip(4);
      c.skip(v === 1 ? 8 : 4);
      c.skip(8 + 2 + 2 + 2 + 2);
      const matrix: number[] = [];
      for (let i = 0; i < 9; i++) matrix.push(c.i32());
      const w = c.u32() / 65536;
      const h = c.u32() / 65536;
      t = tracks.get(id) ?? newTrack(id);
      t.matrix = matrix;
      t.tkhdW = w;
      t.tkhdH = h;
      tracks.set(id, t);
    } else {
      t = newTrack(auto++);
      tracks.set(t.id, t);
    }
    const mdia = find(tk, 'mdia');
    if (!mdia) continue;
    const md = childBoxes(buf, mdia.body, mdia.end);
    const mdhd = find(md, 'mdhd');
    if (mdhd) {
      const c = new Cursor(buf, mdhd.body, mdhd.end);
      const v = c.u8();
      c.skip(3);
      if (v === 1) {
        c.skip(16);
        t.timescale = c.u32();
        t.mdhdDuration = c.u64();
      } else {
        c.skip(8);
        t.timescale = c.u32();
        t.mdhdDuration = c.u32();
      }
    }
    const hdlr = find(md, 'hdlr');
    if (hdlr) {
      const c = new Cursor(buf, hdlr.body, hdlr.end);
      c.skip(8);
      t.handler = c.fourcc();
    }
    const minf = find(md, 'minf');
    if (!minf) continue;
    const stbl = find(childBoxes(buf, minf.body, minf.end), 'stbl');
    if (!stbl) continue;
    parseStbl(buf, stbl, t);
  }
  const mvex = find(kids, 'mvex');
  if (mvex) {
    movie.hasMvex = true;
    for (const b of childBoxes(buf, mvex.body, mvex.end)) {
      const c = new Cursor(buf, b.body, b.end);
      if (b.type === 'trex') {
        c.skip(4);
        const id = c.u32();
        c.skip(4);
        const duration = c.u32();
        const size = c.u32();
        const t = tracks.get(id);
        if (t) t.trex = { duration, size };
      } else if (b.type === 'mehd') {
        const v = c.u8();
        c.skip(3);
        movie.fragmentDuration = v === 1 ? c.u64() : c.u32();
      }
    }
  }
}

function parseStbl(buf: Uint8Array, stbl: ChildBox, t: TrackAcc): void {
  const st = childBoxes(buf, stbl.body, stbl.end);
  const stsd = find(st, 'stsd');
  if (stsd) t.entry = parseStsd(buf, stsd, t.handler);
  const stts = find(st, 'stts');
  if (stts) {
    const c = new Cursor(buf, stts.body, stts.end);
    c.skip(4);
    const n = c.u32();
    if (n * 8 > c.left) throw new BoxError('corrupt', 'stts entry count exceeds its box');
    for (let i = 0; i < n; i++) {
      const count = c.u32();
      const delta = c.u32();
      addDeltas(t, delta, count);
    }
  }
  let lastSize = 0; // size of the last sample, for the chunk-end (truncation) check
  const stsz = find(st, 'stsz');
  const stz2 = find(st, 'stz2');
  if (stsz) {
    const c = new Cursor(buf, stsz.body, stsz.end);
    c.skip(4);
    const fixed = c.u32();
    const n = c.u32();
    if (fixed !== 0) {
      t.bytes += fixed * n;
      lastSize = fixed;
    } else {
      if (n * 4 > c.left) throw new BoxError('corrupt', 'stsz entry count exceeds its box');
      let sum = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        s = c.u32();
        sum += s;
      }
      t.bytes += sum;
      lastSize = s;
    }
  } else if (stz2) {
    const c = new Cursor(buf, stz2.body, stz2.end);
    c.skip(4 + 3);
    const field = c.u8();
    const n = c.u32();
    if (field !== 4 && field !== 8 && field !== 16) throw new BoxError('corrupt', 'stz2 field size invalid');
    if (Math.ceil((n * field) / 8) > c.left) throw new BoxError('corrupt', 'stz2 entry count exceeds its box');
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (field === 16) sum += c.u16();
      else if (field === 8) sum += c.u8();
      else {
        const byte = buf[c.pos]!;
        sum += i % 2 === 0 ? byte >> 4 : byte & 15;
        if (i % 2 === 1 || i === n - 1) c.pos++;
      }
    }
    t.bytes += sum;
  }
  // Largest chunk offset: a file cut inside mdat has chunk offsets beyond its end.
  const stco = find(st, 'stco') ?? find(st, 'co64');
  if (stco) {
    const c = new Cursor(buf, stco.body, stco.end);
    c.skip(4);
    const n = c.u32();
    const w = stco.type === 'co64' ? 8 : 4;
    if (n * w > c.left) throw new BoxError('corrupt', `${stco.type} entry count exceeds its box`);
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, w === 8 ? c.u64() : c.u32());
    // The last chunk holds at least one sample: its end is at least max + (last sample size).
    if (n > 0) t.maxChunkEnd = Math.max(t.maxChunkEnd, max + lastSize);
  }
}

function parseStsd(buf: Uint8Array, stsd: ChildBox, handler: string): SampleEntry | null {
  const c = new Cursor(buf, stsd.body, stsd.end);
  c.skip(4);
  const n = c.u32();
  if (n === 0) return null;
  const entries = childBoxes(buf, c.pos, stsd.end, 64);
  const e = entries[0];
  if (!e) return null;
  const se: SampleEntry = {
    format: e.type,
    encrypted: false,
    width: 0,
    height: 0,
    pasp: null,
    clap: null,
    stsdChannels: 0,
    stsdRate: 0,
    objectType: null,
    aot: null,
    ascChannels: null,
    ascRate: null,
  };
  const ec = new Cursor(buf, e.body, e.end);
  const isVideo = handler === 'vide' || /^(avc[1-4]|hvc1|hev1|encv|vvc1|vvi1|av01|vp0[89]|mp4v|ap[0-9a-z]{2}|mjp[ab]|jpeg|dvh[1e])$/.test(e.type);
  const isAudio = handler === 'soun' || /^(mp4a|enca|Opus|ac-3|ec-3|\.mp3|alac|fLaC|sowt|twos|lpcm)$/.test(e.type);
  // Subtitle/metadata/timecode entries have other layouts; their contents do not matter here.
  if (!isVideo && !isAudio) return se;
  if (ec.left < (isVideo ? 78 : 28)) return se; // malformed entry: keep the format only
  ec.skip(8); // reserved(6) + data_reference_index(2)
  let childStart: number;
  if (isVideo) {
    ec.skip(16);
    se.width = ec.u16();
    se.height = ec.u16();
    ec.skip(4 + 4 + 4 + 2 + 32 + 2 + 2);
    childStart = ec.pos;
  } else {
    const version = ec.u16();
    ec.skip(2 + 4);
    se.stsdChannels = ec.u16();
    ec.skip(2 + 2 + 2);
    se.stsdRate = ec.u32() / 65536;
    if (version === 1 && ec.left >= 16) ec.skip(16);
    else if (version === 2 && ec.left >= 36) {
      ec.skip(4);
      se.stsdRate = ec.f64();
      se.stsdChannels = ec.u32();
      ec.skip(20);
    }
    childStart = ec.pos;
  }
  // Child boxes of the sample entry; tolerate junk padding at the end (some writers add zeros).
  let kids: ChildBox[] = [];
  try {
    kids = childBoxes(buf, childStart, e.end, 256);
  } catch {
    kids = [];
  }
  const visit = (list: ChildBox[], depth: number): void => {
    for (const k of list) {
      const kc = new Cursor(buf, k.body, k.end);
      if (k.type === 'pasp' && kc.left >= 8) {
        const h = kc.u32();
        const v = kc.u32();
        if (h > 0 && v > 0) se.pasp = [h, v];
      } else if (k.type === 'clap' && kc.left >= 32) {
        const wn = kc.u32();
        const wd = kc.u32();
        const hn = kc.u32();
        const hd = kc.u32();
        if (wd > 0 && hd > 0) se.clap = { width: wn / wd, height: hn / hd };
      } else if (k.type === 'esds') {
        parseEsds(buf, k, se);
      } else if ((k.type === 'wave' || k.type === 'sinf') && depth < 3) {
        if (k.type === 'sinf') se.encrypted = true;
        try {
          visit(childBoxes(buf, k.body, k.end, 64), depth + 1);
        } catch {
          /* a broken wrapper box loses only its optional contents */
        }
      } else if (k.type === 'frma' && kc.left >= 4) {
        se.format = kc.fourcc();
      }
    }
  };
  visit(kids, 0);
  return se;
}

function parseEsds(buf: Uint8Array, box: ChildBox, se: SampleEntry): void {
  const c = new Cursor(buf, box.body, box.end);
  c.skip(4);
  const descLen = (): number => {
    let len = 0;
    for (let i = 0; i < 4; i++) {
      const b = c.u8();
      len = (len << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return len;
  };
  if (c.u8() !== 0x03) return;
  descLen();
  c.skip(2);
  const flags = c.u8();
  if (flags & 0x80) c.skip(2);
  if (flags & 0x40) c.skip(c.u8());
  if (flags & 0x20) c.skip(2);
  if (c.u8() !== 0x04) return;
  const dcLen = descLen();
  const dcEnd = Math.min(c.end, c.pos + dcLen);
  se.objectType = c.u8();
  c.skip(1 + 3 + 4 + 4);
  if (c.pos >= dcEnd || c.u8() !== 0x05) return;
  const len = descLen();
  const asc = c.bytes(Math.min(len, c.left));
  if (se.objectType !== 0x40 && se.objectType !== 0x66 && se.objectType !== 0x67 && se.objectType !== 0x68) return;
  try {
    const br = new BitReader(asc);
    let aot = br.read(5);
    if (aot === 31) aot = 32 + br.read(6);
    const sfi = br.read(4);
    const rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
    const rate = sfi === 15 ? br.read(24) : rates[sfi] ?? null;
    const cfg = br.read(4);
    se.aot = se.objectType === 0x40 ? aot : 2;
    se.ascRate = rate;
    const map: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8, 11: 7, 12: 8, 14: 8 };
    se.ascChannels = map[cfg] ?? null; // 0 = program config element: fall back to stsd
  } catch {
    /* short config: leave unknown */
  }
}

const VIDEO_CODECS: Record<string, [VideoTrackInfo['codec'], string]> = {
  avc1: ['h264', 'H.264/AVC'],
  avc2: ['h264', 'H.264/AVC'],
  avc3: ['h264', 'H.264/AVC'],
  avc4: ['h264', 'H.264/AVC'],
  hvc1: ['hevc', 'HEVC/H.265'],
  hev1: ['hevc', 'HEVC/H.265'],
  dvh1: ['hevc', 'HEVC/H.265 (Dolby Vision)'],
  dvhe: ['hevc', 'HEVC/H.265 (Dolby Vision)'],
  vvc1: ['vvc', 'VVC/H.266'],
  vvi1: ['vvc', 'VVC/H.266'],
  av01: ['av1', 'AV1'],
  vp09: ['vp9', 'VP9'],
  vp08: ['vp8', 'VP8'],
  mp4v: ['mpeg4', 'MPEG-4 Part 2'],
  mjpa: ['mjpeg', 'Motion JPEG'],
  mjpb: ['mjpeg', 'Motion JPEG'],
  jpeg: ['mjpeg', 'Motion JPEG'],
};

function videoCodec(format: string): [VideoTrackInfo['codec'], string] {
  if (VIDEO_CODECS[format]) return VIDEO_CODECS[format];
  if (/^ap(cn|ch|cs|co|4h|4x)$/.test(format)) return ['prores', 'Apple ProRes'];
  return ['other', format.trim() || '未知'];
}

function audioCodec(se: SampleEntry): [AudioTrackInfo['codec'], string] {
  const f = se.format;
  if (f === 'mp4a') {
    const ot = se.objectType;
    if (ot === 0x40 || ot === 0x66 || ot === 0x67 || ot === 0x68) {
      const aot = se.aot;
      const name = aot === 2 ? 'AAC-LC' : aot === 5 ? 'HE-AAC' : aot === 29 ? 'HE-AACv2' : aot === 1 ? 'AAC Main' : aot === 42 ? 'xHE-AAC' : aot === 39 ? 'AAC-ELD' : aot === 23 ? 'AAC-LD' : `AAC（对象类型 ${aot ?? '未知'}）`;
      return ['aac', name];
    }
    if (ot === 0x69 || ot === 0x6b) return ['mp3', 'MP3'];
    if (ot === 0xa5) return ['ac3', 'AC-3'];
    if (ot === 0xa6) return ['eac3', 'E-AC-3'];
    if (ot === 0xad) return ['opus', 'Opus'];
    if (ot === null) return ['other', 'mp4a（缺少 esds 解码配置）'];
    return ['other', `mp4a（objectType 0x${ot.toString(16)}）`];
  }
  if (f === '.mp3') return ['mp3', 'MP3'];
  if (f === 'Opus') return ['opus', 'Opus'];
  if (f === 'ac-3') return ['ac3', 'AC-3'];
  if (f === 'ec-3') return ['eac3', 'E-AC-3'];
  if (f === 'alac') return ['alac', 'ALAC'];
  if (f === 'fLaC') return ['flac', 'FLAC'];
  if (/^(sowt|twos|lpcm|in24|in32|fl32|fl64|raw |ipcm|fpcm)$/.test(f)) return ['pcm', 'PCM'];
  if (/^(samr|sawb)$/.test(f)) return ['amr', 'AMR'];
  return ['other', f.trim() || '未知'];
}

function parseMoof(buf: Uint8Array, moofStart: number, tracks: Map<number, TrackAcc>): void {
  for (const traf of childBoxes(buf, 0, buf.length).filter((b) => b.type === 'traf')) {
    const kids = childBoxes(buf, traf.body, traf.end);
    const tfhd = find(kids, 'tfhd');
    if (!tfhd) continue;
    const c = new Cursor(buf, tfhd.body, tfhd.end);
    const flags = c.u32() & 0xffffff;
    const id = c.u32();
    let base = moofStart;
    if (flags & 0x1) base = c.u64();
    if (flags & 0x2) c.skip(4);
    const t = tracks.get(id);
    if (!t) continue;
    const defDuration = flags & 0x8 ? c.u32() : (t.trex?.duration ?? 0);
    const defSize = flags & 0x10 ? c.u32() : (t.trex?.size ?? 0);
    for (const trun of kids.filter((b) => b.type === 'trun')) {
      const r = new Cursor(buf, trun.body, trun.end);
      const vf = r.u32();
      const tf = vf & 0xffffff;
      const n = r.u32();
      const dataOffset = tf & 0x1 ? r.i32() : 0;
      if (tf & 0x4) r.skip(4);
      const per = (tf & 0x100 ? 4 : 0) + (tf & 0x200 ? 4 : 0) + (tf & 0x400 ? 4 : 0) + (tf & 0x800 ? 4 : 0);
      if (n * per > r.left) throw new BoxError('corrupt', 'trun sample count exceeds its box');
      if (per === 0) {
        addDeltas(t, defDuration, n);
        t.bytes += defSize * n;
        t.maxChunkEnd = Math.max(t.maxChunkEnd, base + dataOffset + defSize * n);
        continue;
      }
      let runBytes = 0;
      let runLen = 0;
      let runDelta = -1;
      for (let i = 0; i < n; i++) {
        const d = tf & 0x100 ? r.u32() : defDuration;
        const s = tf & 0x200 ? r.u32() : defSize;
        if (tf & 0x400) r.skip(4);
        if (tf & 0x800) r.skip(4);
        runBytes += s;
        if (d === runDelta) runLen++;
        else {
          if (runLen) addDeltas(t, runDelta, runLen);
          runDelta = d;
          runLen = 1;
        }
      }
      if (runLen) addDeltas(t, runDelta, runLen);
      t.bytes += runBytes;
      t.maxChunkEnd = Math.max(t.maxChunkEnd, base + dataOffset + runBytes);
    }
  }
}

function rotationOf(m: number[]): 0 | 90 | 180 | 270 {
  const [a, b, , c, d] = m as [number, number, number, number, number];
  if (a === 0 && d === 0 && b > 0 && c < 0) return 90;
  if (a === 0 && d === 0 && b < 0 && c > 0) return 270;
  if (a < 0 && d < 0 && b === 0 && c === 0) return 180;
  return 0;
}

function frameStats(t: TrackAcc): { avg: number | null; min: number | null; max: number | null; vfr: boolean; irregular: number } {
  const secs = t.timescale > 0 ? t.ticks / t.timescale : 0;
  const avg = secs > 0 && t.sampleCount > 0 ? t.sampleCount / secs : null;
  // Ignore the last sample's duration: muxers often write an arbitrary value there.
  const hist = new Map(t.deltas);
  if (t.lastDelta !== null && hist.get(t.lastDelta)) hist.set(t.lastDelta, hist.get(t.lastDelta)! - 1);
  const entries = [...hist.entries()].filter(([d, n]) => n > 0 && d > 0).sort((x, y) => x[0] - y[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (!total || t.timescale <= 0) return { avg, min: null, max: null, vfr: false, irregular: 0 };
  let acc = 0;
  let median = entries[0]![0];
  for (const [d, n] of entries) {
    acc += n;
    if (acc * 2 >= total) {
      median = d;
      break;
    }
  }
  let off = 0;
  for (const [d, n] of entries) if (Math.abs(d - median) > median * 0.1) off += n;
  const irregular = off / total;
  // Decision: more than 2 % of frame intervals off the median by > 10 % is variable frame rate.
  // Tick rounding (33/34 ticks for 29.97 fps at timescale 1000) stays under 10 % and is not VFR;
  // an odd dropped frame or two stays under 2 %.
  return {
    avg,
    min: t.timescale / entries[entries.length - 1]![0],
    max: t.timescale / entries[0]![0],
    vfr: irregular > 0.02,
    irregular,
  };
}

function finish(probe: Mp4Probe, tracks: Map<number, TrackAcc>, movie: { timescale: number; duration: number; fragmentDuration: number }): void {
  probe.trackCount = tracks.size;
  const list = [...tracks.values()];
  const isVid = (t: TrackAcc) => t.handler === 'vide' || (!t.handler && !!t.entry && t.entry.width > 0);
  const isAud = (t: TrackAcc) => t.handler === 'soun';
  // Choose the video track with the most samples (thumbnails/cover tracks have one).
  const vids = list.filter(isVid).sort((a, b) => b.sampleCount - a.sampleCount);
  const auds = list.filter(isAud).sort((a, b) => b.sampleCount - a.sampleCount);
  if (vids.length > 1) probe.notes.push(`${vids.length} video tracks; measured track ${vids[0]!.id}`);
  if (auds.length > 1) probe.notes.push(`${auds.length} audio tracks; measured track ${auds[0]!.id}`);
  const trackSecs = (t: TrackAcc) => (t.timescale > 0 ? (t.ticks || t.mdhdDuration) / t.timescale : 0);
  const v = vids[0];
  if (v) {
    const e = v.entry;
    const [codec, codecLabel] = videoCodec(e?.format ?? '');
    const codedW = e?.width || Math.round(v.tkhdW);
    const codedH = e?.height || Math.round(v.tkhdH);
    let par = e?.pasp ? e.pasp[0] / e.pasp[1] : 1;
    if (!e?.pasp && v.tkhdW > 0 && v.tkhdH > 0 && codedW > 0 && Math.abs(v.tkhdH - codedH) < 1 && Math.abs(v.tkhdW - codedW) >= 1) {
      par = v.tkhdW / codedW; // anamorphic signalled only through tkhd (QuickTime style)
    }
    const apW = e?.clap?.width ?? codedW;
    const apH = e?.clap?.height ?? codedH;
    const rotation = rotationOf(v.matrix);
    let dw = Math.round(apW * par);
    let dh = Math.round(apH);
    if (rotation === 90 || rotation === 270) [dw, dh] = [dh, dw];
    const secs = trackSecs(v);
    const fs = frameStats(v);
    probe.video = {
      trackId: v.id,
      format: e?.format ?? '',
      codec,
      codecLabel,
      encrypted: !!e?.encrypted,
      codedWidth: codedW,
      codedHeight: codedH,
      tkhdWidth: v.tkhdW,
      tkhdHeight: v.tkhdH,
      pixelAspect: par,
      cleanAperture: e?.clap ?? null,
      rotation,
      displayWidth: dw,
      displayHeight: dh,
      timescale: v.timescale,
      sampleCount: v.sampleCount,
      durationS: secs,
      avgFps: fs.avg,
      minFps: fs.min,
      maxFps: fs.max,
      variableFrameRate: fs.vfr,
      irregularShare: fs.irregular,
      totalBytes: v.bytes,
      bitrate: secs > 0 ? (v.bytes * 8) / secs : null,
    };
  }
  const a = auds[0];
  if (a) {
    const e = a.entry;
    const [codec, codecLabel] = e ? audioCodec(e) : (['other', '未知'] as [AudioTrackInfo['codec'], string]);
    const secs = trackSecs(a);
    probe.audio = {
      trackId: a.id,
      format: e?.format ?? '',
      codec,
      codecLabel,
      objectType: e?.objectType ?? null,
      audioObjectType: e?.aot ?? null,
      channels: e?.ascChannels ?? (e?.stsdChannels || null),
      stsdChannels: e?.stsdChannels ?? 0,
      sampleRate: e?.ascRate ?? (e?.stsdRate || (a.timescale > 0 ? a.timescale : null)),
      timescale: a.timescale,
      sampleCount: a.sampleCount,
      durationS: secs,
      totalBytes: a.bytes,
      bitrate: secs > 0 ? (a.bytes * 8) / secs : null,
    };
  }
  let dur: number | null = null;
  if (movie.timescale > 0 && movie.duration > 0 && movie.duration < 0xffffffff) dur = movie.duration / movie.timescale;
  else if (movie.timescale > 0 && movie.fragmentDuration > 0) dur = movie.fragmentDuration / movie.timescale;
  const longest = Math.max(0, ...list.filter((t) => isVid(t) || isAud(t)).map(trackSecs));
  // Fragmented files often carry mvhd duration 0 (empty_moov): use the samples actually present.
  if (dur === null || (probe.fragmented && longest > 0)) dur = longest > 0 ? longest : dur;
  probe.durationS = dur;
}

/**
 * Measures an MP4/MOV file: container and brands, tracks, codecs, sizes, frame rate, bitrates,
 * duration. Never throws for bad input: problems are reported in `problem`.
 */
export async function probeMp4(source: ByteSource, options: ProbeOptions = {}): Promise<Mp4Probe> {
  const deadline = options.deadline ?? Date.now() + 60_000;
  const maxMoov = options.maxMoovBytes ?? MAX_MOOV;
  const reader = new Reader(source, deadline);
  const probe: Mp4Probe = {
    fileSize: source.size,
    container: { format: 'unknown' },
    problem: null,
    fragmented: false,
    moovPosition: null,
    durationS: null,
    video: null,
    audio: null,
    trackCount: 0,
    topLevelBoxes: 0,
    bytesRead: 0,
    notes: [],
  };
  const tracks = new Map<number, TrackAcc>();
  const movie = { timescale: 0, duration: 0, fragmentDuration: 0, hasMvex: false };
  let moovDone = false;
  try {
    if (!Number.isSafeInteger(source.size) || source.size < 0) throw new BoxError('io', 'invalid source size');
    if (source.size === 0) {
      probe.container = { format: 'empty' };
      probe.problem = { code: 'empty', detail: 'file is empty' };
      return probe;
    }
    const head = await reader.read(0, Math.min(4096, source.size));
    probe.container = sniffContainer(head, source.size);
    if (probe.container.format !== 'mp4' && probe.container.format !== 'mov') {
      probe.problem = { code: 'not-mp4', detail: `container is ${probe.container.format}` };
      return probe;
    }
    let offset = 0;
    let sawMdat = false;
    let mdatTruncated = false;
    while (offset < source.size) {
      if (++probe.topLevelBoxes > MAX_TOP_LEVEL) throw new BoxError('corrupt', 'too many top-level boxes');
      const left = source.size - offset;
      if (left < 8) {
        probe.notes.push(`${left} trailing bytes after the last box`);
        break;
      }
      const h = await reader.read(offset, Math.min(16, left));
      const c = new Cursor(h, 0, h.length);
      let size = c.u32();
      if (!plausibleType(h, 4)) {
        if (moovDone && sawMdat) {
          probe.notes.push(`unreadable data after offset ${offset}`);
          break;
        }
        throw new BoxError('corrupt', `invalid box type at offset ${offset}`);
      }
      const type = c.fourcc();
      if (size === 1) {
        if (left < 16) throw new BoxError('truncated', `box '${type}' header cut off`);
        size = c.u64();
      } else if (size === 0) size = left;
      const headerLen = c.pos;
      if (size < headerLen) throw new BoxError('corrupt', `box '${type}' at ${offset} has size ${size}`);
      const truncated = size > left;
      if (type === 'moov') {
        if (moovDone) probe.notes.push('second moov ignored');
        else {
          if (truncated) throw new BoxError('truncated', 'moov runs past the end of the file');
          if (size > maxMoov) throw new BoxError('too-large', `moov is ${size} bytes`);
          const body = await reader.read(offset + headerLen, size - headerLen);
          if (body.length !== size - headerLen) throw new BoxError('truncated', 'moov could not be read completely');
          parseMoov(body, tracks, movie);
          moovDone = true;
          probe.moovPosition = sawMdat ? 'end' : 'start';
        }
      } else if (type === 'moof') {
        if (!moovDone) throw new BoxError('corrupt', 'moof before moov');
        if (truncated) throw new BoxError('truncated', 'moof runs past the end of the file');
        if (size > MAX_MOOF) throw new BoxError('too-large', `moof is ${size} bytes`);
        probe.fragmented = true;
        const all = await reader.read(offset, size);
        if (all.length !== size) throw new BoxError('truncated', 'moof could not be read completely');
        parseMoof(all.subarray(headerLen), offset, tracks);
        // parseMoof works on a sub-array whose box offsets are relative to the payload; data offsets
        // are relative to the moof start (default-base-is-moof), which is what we pass.
      } else if (type === 'mdat') {
        sawMdat = true;
        if (truncated) mdatTruncated = true;
      } else if (truncated && !(moovDone && sawMdat)) {
        throw new BoxError('truncated', `box '${type}' runs past the end of the file`);
      }
      if (truncated) break;
      offset += size;
    }
    if (!moovDone) throw new BoxError(sawMdat ? 'truncated' : 'corrupt', 'no moov box');
    finish(probe, tracks, movie);
    if (movie.hasMvex && !probe.fragmented) probe.notes.push('mvex present but no moof');
    const maxEnd = Math.max(0, ...[...tracks.values()].map((t) => t.maxChunkEnd));
    if (mdatTruncated || maxEnd > source.size) {
      probe.problem = { code: 'truncated', detail: mdatTruncated ? 'mdat runs past the end of the file' : 'sample data lies beyond the end of the file' };
    }
  } catch (e) {
    const be = e instanceof BoxError ? e : new BoxError('corrupt', (e as Error)?.message ?? String(e));
    probe.problem = { code: be.code === 'corrupt' && !moovDone && /no moov/.test(be.message) ? 'no-moov' : be.code, detail: be.message };
    if (moovDone) {
      try {
        finish(probe, tracks, movie);
      } catch {
        /* keep what we have */
      }
    }
  } finally {
    probe.bytesRead = reader.bytesRead;
  }
  return probe;
}
