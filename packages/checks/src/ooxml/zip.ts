// Random-access, budgeted ZIP reader for OOXML packages (DOCX/PPTX/XLSX).
// Reads the End Of Central Directory (ZIP64 aware) and the central directory, then inflates only the
// entries asked for, in small slices, stopping as soon as the inflated size passes the budget.
// Declared sizes are never trusted. Pure: runs in the browser and in Node.
import { Inflate } from 'fflate';
import type { ByteSource } from '../types.ts';
import {
  OoxmlError,
  ZipBudgetError,
  ZipEncryptedError,
  ZipEntryMissingError,
  ZipFormatError,
  ZipUnsupportedError,
} from './errors.ts';

export interface ZipBudget {
  /** Refuse archives with more entries than this. Default 5,000. */
  maxEntries?: number;
  /** Total inflated bytes over all reads of this archive. Default 256 MiB. */
  maxTotalBytes?: number;
  /** Inflated bytes of one entry. Default 64 MiB. */
  maxEntryBytes?: number;
}

export interface ZipEntryInfo {
  /** Name as stored (without a leading slash, backslashes turned into slashes). */
  name: string;
  method: number;
  compressedSize: number;
  /** Declared size; informative only, never trusted. */
  declaredSize: number;
  crc32: number;
  encrypted: boolean;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** Entry names (directories excluded), in central-directory order. */
  names(): string[];
  /** Case-insensitive lookup; a leading slash is ignored. */
  has(name: string): boolean;
  /** The stored name matching `name` case-insensitively, or undefined. */
  resolve(name: string): string | undefined;
  entry(name: string): ZipEntryInfo | undefined;
  /** Inflated bytes of an entry; throws ZipEntryMissingError / ZipBudgetError / ZipFormatError. */
  bytes(name: string, maxBytes?: number): Promise<Uint8Array>;
  /** UTF-8 (BOM stripped; UTF-16 with BOM decoded) text of an entry. */
  text(name: string, maxBytes?: number): Promise<string>;
  /** Inflated bytes so far across all reads. */
  readonly inflatedBytes: number;
}

const DEFAULTS = { maxEntries: 5000, maxTotalBytes: 256 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 };
const SIG_EOCD = 0x06054b50;
const SIG_Z64_LOCATOR = 0x07064b50;
const SIG_Z64_EOCD = 0x06064b50;
const SIG_CDH = 0x02014b50;
const SIG_LFH = 0x04034b50;
const READ_SLICE = 64 * 1024;
/** Compressed bytes per inflate push: bounds one push's output to ~8 MiB even at deflate's 1032:1 maximum. */
const PUSH_SLICE = 8 * 1024;
const MAX_CD_BYTES = 64 * 1024 * 1024;

/** Normalised lookup key of a part name: no leading slash, forward slashes, lower case. */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** A ByteSource over bytes in memory (kept here too for the OOXML tests and benches that import it from the ZIP reader). */
export { memorySource } from '../sources/memory-source.ts';

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi > 0x1fffff) throw new ZipFormatError();
  return hi * 0x100000000 + lo;
}

let CRC_TABLE: Uint32Array | undefined;
function crcTable(): Uint32Array {
  if (CRC_TABLE) return CRC_TABLE;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  CRC_TABLE = t;
  return t;
}
function crcUpdate(crc: number, data: Uint8Array): number {
  const t = crcTable();
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function readExact(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > source.size) throw new ZipFormatError();
  const b = await source.read(offset, length);
  if (b.length < length) throw new ZipFormatError();
  return b.length === length ? b : b.subarray(0, length);
}

const utf8 = new TextDecoder('utf-8');

/** Opens a ZIP archive from a random-access source. Throws typed OoxmlErrors only. */
export async function openZip(source: ByteSource, budget: ZipBudget = {}): Promise<ZipArchive> {
  const limits = { ...DEFAULTS, ...budget };
  try {
    return await openZipInner(source, limits);
  } catch (e) {
    if (e instanceof OoxmlError) throw e;
    throw new ZipFormatError();
  }
}

async function openZipInner(source: ByteSource, limits: Required<ZipBudget>): Promise<ZipArchive> {
  const size = source.size;
  if (!Number.isFinite(size) || size < 22) throw new ZipFormatError();
  // Find the EOCD in the last 22 + 65535 bytes.
  const tailLen = Math.min(size, 22 + 0xffff);
  const tailStart = size - tailLen;
  const tail = await readExact(source, tailStart, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && u32(tail, i) === SIG_EOCD) {
      const commentLen = u16(tail, i + 20);
      if (i + 22 + commentLen <= tail.length) {
        eocd = i;
        break;
      }
    }
  }
  if (eocd < 0) throw new ZipFormatError();
  let entryCount = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  const eocdAbs = tailStart + eocd;
  // ZIP64: a locator sits 20 bytes before the EOCD.
  if (eocdAbs >= 20) {
    const loc = eocd >= 20 ? tail.subarray(eocd - 20, eocd) : await readExact(source, eocdAbs - 20, 20);
    if (u32(loc, 0) === SIG_Z64_LOCATOR) {
      const z64Off = u64(loc, 8);
      const z = await readExact(source, z64Off, 56);
      if (u32(z, 0) !== SIG_Z64_EOCD) throw new ZipFormatError();
      entryCount = u64(z, 32);
      cdSize = u64(z, 40);
      cdOffset = u64(z, 48);
    }
  }
  if (entryCount > limits.maxEntries) {
    throw new ZipBudgetError(`文件包含 ${entryCount} 个内部条目，超过安全上限 ${limits.maxEntries}，疑似异常文件，请重新保存后再上传。`);
  }
  if (cdSize > MAX_CD_BYTES || cdOffset + cdSize > size) throw new ZipFormatError();
  const cd = await readExact(source, cdOffset, cdSize);
  const entries: ZipEntryInfo[] = [];
  const byKey = new Map<string, ZipEntryInfo>();
  let p = 0;
  while (p + 46 <= cd.length && u32(cd, p) === SIG_CDH) {
    if (entries.length >= limits.maxEntries) {
      throw new ZipBudgetError(`文件内部条目数超过安全上限 ${limits.maxEntries}，疑似异常文件，请重新保存后再上传。`);
    }
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const crc = u32(cd, p + 16);
    let compressedSize = u32(cd, p + 20);
    let declaredSize = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let localHeaderOffset = u32(cd, p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) throw new ZipFormatError();
    const rawName = utf8.decode(cd.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended information extra field.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(cd, e);
      const len = u16(cd, e + 2);
      if (e + 4 + len > extraEnd) break;
      if (id === 0x0001) {
        let q = e + 4;
        if (declaredSize === 0xffffffff && q + 8 <= e + 4 + len) (declaredSize = u64(cd, q)), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = u64(cd, q)), (q += 8);
        if (localHeaderOffset === 0xffffffff && q + 8 <= e + 4 + len) (localHeaderOffset = u64(cd, q)), (q += 8);
      }
      e += 4 + len;
    }
    p = end;
    const name = rawName.replace(/\\/g, '/').replace(/^\/+/, '');
    if (!name || name.endsWith('/')) continue;
    const info: ZipEntryInfo = {
      name,
      method,
      compressedSize,
      declaredSize,
      crc32: crc,
      encrypted: (flags & 0x1) !== 0 || method === 99,
      localHeaderOffset,
    };
    entries.push(info);
    const key = partKey(name);
    if (!byKey.has(key)) byKey.set(key, info);
  }
  if (entries.length === 0 && entryCount > 0) throw new ZipFormatError();
  // Entries whose data overlap (several directory entries pointing into the same bytes) are how "better" zip
  // bombs (Fifield 2019, 42.zip-style overlap) multiply one kernel; no Office writer produces them.
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    if (byOffset[i]!.localHeaderOffset < prev.localHeaderOffset + 30 + prev.compressedSize) {
      throw new ZipBudgetError('文件内部多个条目指向同一段数据（重叠条目，常见于“压缩炸弹”），疑似异常压缩文件，已拒绝处理；请用 Office 或 WPS 重新保存后再上传。');
    }
  }

  let inflatedTotal = 0;

  async function bytes(name: string, maxBytes?: number): Promise<Uint8Array> {
    const info = byKey.get(partKey(name));
    if (!info) throw new ZipEntryMissingError(name.replace(/^\/+/, ''));
    try {
      return await inflateEntry(info, maxBytes);
    } catch (err) {
      if (err instanceof OoxmlError) throw err;
      throw new ZipFormatError();
    }
  }

  async function inflateEntry(info: ZipEntryInfo, maxBytes?: number): Promise<Uint8Array> {
    if (info.encrypted) throw new ZipEncryptedError();
    if (info.method !== 0 && info.method !== 8) throw new ZipUnsupportedError();
    const entryLimit = Math.min(limits.maxEntryBytes, maxBytes ?? Infinity);
    const lfh = await readExact(source, info.localHeaderOffset, 30);
    if (u32(lfh, 0) !== SIG_LFH) throw new ZipFormatError();
    const dataStart = info.localHeaderOffset + 30 + u16(lfh, 26) + u16(lfh, 28);
    if (dataStart + info.compressedSize > size) throw new ZipFormatError();

    const chunks: Uint8Array[] = [];
    let produced = 0;
    let crc = 0;
    let overBudget = false;
    const account = (chunk: Uint8Array) => {
      if (overBudget || chunk.length === 0) return;
      produced += chunk.length;
      if (produced > entryLimit || inflatedTotal + produced > limits.maxTotalBytes) {
        overBudget = true;
        return;
      }
      crc = crcUpdate(crc, chunk);
      chunks.push(chunk);
    };
    const budgetError = () =>
      new ZipBudgetError(
        `文件内部条目“${info.name}”解压后超过安全上限（${Math.round(Math.min(entryLimit, limits.maxTotalBytes) / 1048576)} MB），疑似异常压缩文件，请重新保存后再上传。`,
      );

    if (info.method === 0) {
      for (let off = 0; off < info.compressedSize; off += READ_SLICE) {
        const n = Math.min(READ_SLICE, info.compressedSize - off);
        account((await readExact(source, dataStart + off, n)).slice());
        if (overBudget) throw budgetError();
      }
    } else {
      let ended = false;
      const inflater = new Inflate((chunk, final) => {
        account(chunk);
        if (final) ended = true;
      });
      for (let off = 0; off < info.compressedSize && !ended; off += READ_SLICE) {
        const n = Math.min(READ_SLICE, info.compressedSize - off);
        const slice = await readExact(source, dataStart + off, n);
        const last = off + n >= info.compressedSize;
        for (let s = 0; s < slice.length; s += PUSH_SLICE) {
          const sub = slice.subarray(s, Math.min(slice.length, s + PUSH_SLICE));
          inflater.push(sub, last && s + PUSH_SLICE >= slice.length);
          if (overBudget) throw budgetError();
          if (ended) break;
        }
      }
      if (!ended && info.compressedSize === 0) inflater.push(new Uint8Array(0), true);
      if (!ended) throw new ZipFormatError();
    }
    inflatedTotal += produced;
    if (crc !== info.crc32) throw new ZipFormatError(`文件内部条目“${info.name}”校验失败，文件可能已损坏，请重新保存后再上传。`);
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(produced);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  return {
    names: () => entries.map((e) => e.name),
    has: (name: string) => byKey.has(partKey(name)),
    resolve: (name: string) => byKey.get(partKey(name))?.name,
    entry: (name: string) => byKey.get(partKey(name)),
    bytes,
    async text(name: string, maxBytes?: number) {
      return decodeText(await bytes(name, maxBytes));
    },
    get inflatedBytes() {
      return inflatedTotal;
    },
  };
}

/** Decodes XML bytes: UTF-8 (BOM stripped) or UTF-16 LE/BE with BOM. */
export function decodeText(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return utf8.decode(b.subarray(3));
  return utf8.decode(b);
}
