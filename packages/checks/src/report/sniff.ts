// Content sniffing of uploaded office files: what a file is, by its bytes, never by its name.
import type { ByteSource } from '../types.ts';

export type SniffedKind = 'zip' | 'ole-word' | 'ole-encrypted' | 'ole-powerpoint' | 'ole-excel' | 'ole-other' | 'pdf' | 'rtf' | 'image' | 'empty' | 'unknown';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function utf16(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[i * 2] = s.charCodeAt(i);
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    if (hay[i] !== needle[0]) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Looks at the first bytes (and, for OLE compound files, the directory names) to tell what a file is. */
export async function sniffKind(source: ByteSource): Promise<SniffedKind> {
  if (source.size === 0) return 'empty';
  const head = await source.read(0, Math.min(source.size, 16));
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return 'zip';
  if (head.length >= 8 && OLE.every((b, i) => head[i] === b)) {
    // Directory entry names are UTF-16LE; scan the file (bounded) for the stream names that identify it.
    const n = Math.min(source.size, 16 * 1024 * 1024);
    const all = await source.read(0, n);
    if (indexOf(all, utf16('EncryptedPackage')) >= 0) return 'ole-encrypted';
    if (indexOf(all, utf16('WordDocument')) >= 0) return 'ole-word';
    if (indexOf(all, utf16('PowerPoint Document')) >= 0) return 'ole-powerpoint';
    if (indexOf(all, utf16('Workbook')) >= 0 || indexOf(all, utf16('Book')) >= 0) return 'ole-excel';
    return 'ole-other';
  }
  const ascii = String.fromCharCode(...head.subarray(0, 8));
  if (ascii.startsWith('%PDF-')) return 'pdf';
  if (ascii.startsWith('{\\rtf')) return 'rtf';
  if (head[0] === 0x89 && ascii.slice(1, 4) === 'PNG') return 'image';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image';
  if (ascii.startsWith('GIF8') || ascii.startsWith('BM')) return 'image';
  return 'unknown';
}

export function describeKind(kind: SniffedKind): string {
  switch (kind) {
    case 'zip':
      return 'ZIP 压缩包';
    case 'ole-word':
      return '旧版 Word 文档（.doc）';
    case 'ole-encrypted':
      return '加密的 Office 文档';
    case 'ole-powerpoint':
      return '旧版 PowerPoint 文件（.ppt）';
    case 'ole-excel':
      return '旧版 Excel 文件（.xls）';
    case 'ole-other':
      return '旧版 Office 复合文档';
    case 'pdf':
      return 'PDF 文件';
    case 'rtf':
      return 'RTF 文件';
    case 'image':
      return '图片文件';
    case 'empty':
      return '空文件（0 字节）';
    default:
      return '无法识别的文件';
  }
}
