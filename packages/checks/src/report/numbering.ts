// Rendering of Word automatic numbering labels (w:numFmt + w:lvlText) into text such as 「一、」「（二）」.

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_COUNT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const TIANGAN = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const DIZHI = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** Chinese counting as Word renders chineseCounting / chineseCountingThousand / japaneseCounting. */
export function chineseCounting(n: number, digits: string[] = CN_COUNT, units = ['', '十', '百', '千']): string {
  if (n <= 0 || !Number.isFinite(n)) return String(n);
  if (n >= 10000) {
    const high = Math.floor(n / 10000);
    const low = n % 10000;
    return chineseCounting(high, digits, units) + '万' + (low === 0 ? '' : (low < 1000 ? digits[0] : '') + chineseCounting(low, digits, units));
  }
  const parts: string[] = [];
  const s = String(n);
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const unit = units[s.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      continue;
    }
    if (zero && parts.length) parts.push(digits[0]!);
    zero = false;
    // 10–19 read 十, 十一 … (no leading 一) when the number has two digits.
    if (!(d === 1 && unit === units[1] && s.length === 2)) parts.push(digits[d]!);
    parts.push(unit);
  }
  return parts.join('');
}

function letters(n: number, upper: boolean): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode((upper ? 65 : 97) + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

/** Formats one counter value in a w:numFmt. */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'ideographDigital':
    case 'japaneseDigitalTenThousand':
    case 'taiwaneseDigital':
      return String(n).split('').map((d) => CN_DIGITS[Number(d)]).join('');
    case 'chineseLegalSimplified':
      return chineseCounting(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographTraditional':
      return TIANGAN[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return DIZHI[(n - 1) % 12] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? CIRCLED[n - 1]! : String(n);
    case 'upperLetter':
      return letters(n, true);
    case 'lowerLetter':
      return letters(n, false);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'none':
      return '';
    default:
      return String(n);
  }
}

export interface LevelDef {
  start: number;
  numFmt: string;
  lvlText: string;
  isLgl: boolean;
  /** w:lvlRestart: restart after this (1-based) level; 0 = never; undefined = after any higher level. */
  restart?: number;
}

/** Renders w:lvlText ("%1、", "（%2）", "%1.%2") for counters of levels 0..ilvl. */
export function renderLvlText(levels: LevelDef[], counters: number[], ilvl: number): string {
  const def = levels[ilvl];
  if (!def) return '';
  if (def.numFmt === 'bullet') return def.lvlText;
  return def.lvlText.replace(/%([1-9])/g, (_m, k: string) => {
    const li = Number(k) - 1;
    const ld = levels[li];
    const value = counters[li] ?? ld?.start ?? 1;
    const fmt = def.isLgl && li < ilvl ? 'decimal' : (ld?.numFmt ?? 'decimal');
    return formatNumber(value, fmt);
  });
}
