// Identifies what a file really is from its first bytes (never from its name), so a renamed
// MKV/AVI/FLV/JPEG gets a message naming its real format.
import { fourcc } from './bytes.ts';

export type ContainerFormat =
  | 'mp4'
  | 'mov'
  | 'heif'
  | 'mkv'
  | 'webm'
  | 'avi'
  | 'wav'
  | 'flv'
  | 'mpeg-ts'
  | 'mpeg-ps'
  | 'asf'
  | 'mp3'
  | 'ogg'
  | 'flac'
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'zip'
  | 'pdf'
  | 'ole'
  | 'rar'
  | '7z'
  | 'empty'
  | 'unknown';

/** Chinese display names, used in messages. */
export const CONTAINER_LABEL: Record<ContainerFormat, string> = {
  mp4: 'MP4（ISO-BMFF）',
  mov: 'QuickTime MOV',
  heif: 'HEIF/AVIF 图片',
  mkv: 'Matroska（MKV）',
  webm: 'WebM',
  avi: 'AVI',
  wav: 'WAV 音频',
  flv: 'FLV（Flash 视频）',
  'mpeg-ts': 'MPEG-TS',
  'mpeg-ps': 'MPEG-PS（VOB/MPG）',
  asf: 'WMV/ASF',
  mp3: 'MP3 音频',
  ogg: 'Ogg',
  flac: 'FLAC 音频',
  jpeg: 'JPEG 图片',
  png: 'PNG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  zip: 'ZIP 压缩包（或 Office 文档）',
  pdf: 'PDF 文档',
  ole: 'Office 97–2003 文档',
  rar: 'RAR 压缩包',
  '7z': '7z 压缩包',
  empty: '空文件',
  unknown: '无法识别的格式',
};

/** Brands SPEC §3.1 accepts as MP4. */
export const MP4_BRANDS = new Set(['isom', 'mp41', 'mp42', 'avc1', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6']);

/** Top-level box types that may open an ISO-BMFF/QuickTime file. */
const BMFF_FIRST = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'moof', 'sidx', 'junk', 'PICT']);

export interface ContainerInfo {
  format: ContainerFormat;
  majorBrand?: string;
  minorVersion?: number;
  compatibleBrands?: string[];
}

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/**
 * Sniffs the container from the head of the file (at least 64 bytes when the file has them; 4 KB
 * is plenty). For ISO-BMFF it also decodes ftyp when it is the first box.
 */
export function sniffContainer(head: Uint8Array, fileSize: number): ContainerInfo {
  if (fileSize === 0 || head.length === 0) return { format: 'empty' };
  const b = head;
  if (b.length >= 8 && BMFF_FIRST.has(fourcc(b, 4))) {
    const type = fourcc(b, 4);
    if (type === 'ftyp' || type === 'styp') {
      const size = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
      const end = Math.min(b.length, Math.max(16, size));
      if (b.length >= 16) {
        const majorBrand = fourcc(b, 8);
        const minorVersion = ((b[12]! << 24) >>> 0) + (b[13]! << 16) + (b[14]! << 8) + b[15]!;
        const compatibleBrands: string[] = [];
        for (let at = 16; at + 4 <= end && compatibleBrands.length < 64; at += 4) compatibleBrands.push(fourcc(b, at));
        const all = [majorBrand, ...compatibleBrands];
        let format: ContainerFormat = 'mp4';
        if (majorBrand === 'qt  ') format = 'mov';
        else if (!all.some((x) => MP4_BRANDS.has(x) || /^(M4V |M4A |mp71|dash|msdh|msix|cmf.|3gp\d|3g2.|iso\d|mp4.)$/.test(x))) {
          if (all.some((x) => /^(heic|heix|hevc|mif1|msf1|avif|avis)$/.test(x))) format = 'heif';
          else if (all.includes('qt  ')) format = 'mov';
        }
        return { format, majorBrand, minorVersion, compatibleBrands };
      }
      return { format: 'mp4' };
    }
    // Old QuickTime files start directly with moov/mdat/wide/free without an ftyp.
    return { format: type === 'moof' || type === 'sidx' ? 'mp4' : 'mov' };
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    const text = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 64)));
    return { format: text.includes('webm') ? 'webm' : 'mkv' };
  }
  if (ascii(b, 0, 'RIFF')) {
    if (ascii(b, 8, 'AVI ')) return { format: 'avi' };
    if (ascii(b, 8, 'WAVE')) return { format: 'wav' };
    if (ascii(b, 8, 'WEBP')) return { format: 'webp' };
    return { format: 'unknown' };
  }
  if (ascii(b, 0, 'FLV') && b[3] === 1) return { format: 'flv' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg' };
  if (b[0] === 0x89 && ascii(b, 1, 'PNG')) return { format: 'png' };
  if (ascii(b, 0, 'GIF8')) return { format: 'gif' };
  if (ascii(b, 0, '%PDF')) return { format: 'pdf' };
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return { format: 'zip' };
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return { format: 'ole' };
  if (ascii(b, 0, 'Rar!')) return { format: 'rar' };
  if (b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf) return { format: '7z' };
  if (b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return { format: 'asf' };
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0xba) return { format: 'mpeg-ps' };
  if (b[0] === 0x47 && (b.length < 189 || b[188] === 0x47)) return { format: 'mpeg-ts' };
  if (ascii(b, 0, 'OggS')) return { format: 'ogg' };
  if (ascii(b, 0, 'fLaC')) return { format: 'flac' };
  if (ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0)) return { format: 'mp3' };
  return { format: 'unknown' };
}
