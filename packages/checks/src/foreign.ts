// Names what an unrecognised upload actually is, from its first bytes, so the author reads "是可执行程序" or
// "是网页文件（HTML）" instead of "无法识别的文件". Pure (browser and server).
import type { ByteSource } from './types.ts';

/** Bytes looked at. */
export const FOREIGN_HEAD = 4096;

/** A Chinese name for content that is none of the accepted formats, or null when nothing specific is recognised. */
export function describeForeignBytes(head: Uint8Array): string | null {
  if (head.length === 0) return null;
  const ascii = String.fromCharCode(...head.subarray(0, Math.min(head.length, 64)));
  if (ascii.startsWith('MZ')) return '可执行程序（.exe/.dll）';
  if (ascii.startsWith('\x7fELF')) return '可执行程序（Linux）';
  if (ascii.startsWith('#!')) return '脚本文件';
  if (head.length < 8) return `只有 ${head.length} 字节的文件（内容不完整）`;
  if (head.every((b) => b === 0)) return '内容全为 0 的文件（可能已损坏或未下载完整）';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, Math.min(head.length, 1024))).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || /^<(head|body|script|meta)\b/.test(text)) return '网页文件（HTML）';
  if (text.startsWith('#extm3u')) return '播放列表（M3U/M3U8）';
  if (text.startsWith('ffconcat')) return '媒体拼接列表（ffconcat）';
  if (text.startsWith('<?xml') || text.startsWith('<svg')) return 'XML 文件';
  if (text.startsWith('{') || text.startsWith('[')) return '数据文件（JSON）';
  // Mostly printable text (UTF-8, tabs, line breaks): a text or script file.
  let printable = 0;
  const n = Math.min(head.length, 1024);
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 9 || b === 10 || b === 13 || (b >= 0x20 && b !== 0x7f)) printable++;
  }
  if (n >= 1 && printable === n) return '纯文本或脚本文件';
  return null;
}

/** describeForeignBytes over the first bytes of a source; never throws. */
export async function describeForeign(source: ByteSource): Promise<string | null> {
  try {
    return describeForeignBytes(await source.read(0, Math.min(source.size, FOREIGN_HEAD)));
  } catch {
    return null;
  }
}
