// Text scanners of the courseware check: web addresses, contact details and the "AI生成" label.
// Pure string functions (browser and Node). Each scanner returns the matched text as the author typed it.

/** A web address or contact found in a piece of text. */
export interface TextFinding {
  /** Kind of finding: url, mobile, landline, email, qq, wechat. */
  kind: string;
  /** The text as found (trimmed of surrounding punctuation). */
  text: string;
  /** Offset of the match in the scanned string. */
  index: number;
}

/**
 * Top-level domains accepted for bare domains (example.com, abc.edu.cn). Deliberately a list of common ones
 * and not every delegated TLD: many TLDs collide with file extensions (.md, .py, .sh, .zip, .mov) and would
 * turn "readme.md" or "图1.png" into false positives.
 */
const STRONG_TLDS = ['com', 'cn', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'hk', 'tw', 'mo', 'uk', 'jp', 'kr', 'de', 'fr', 'ru', 'au', 'ca', 'eu', 'sg', 'us'];
const WEAK_TLDS = [
  'io', 'top', 'xyz', 'ai', 'info', 'biz', 'co', 'me', 'tv', 'cc', 'app', 'dev', 'site', 'online', 'tech', 'club',
  'vip', 'shop', 'store', 'wang', 'ltd', 'link', 'pro', 'mobi', 'asia', 'name', 'fun', 'ink', 'work', 'live',
  'news', 'cloud', 'group', 'red', 'kim', 'in',
];
const CJK_TLDS = ['中国', '中國', '公司', '网络', '网址', '在线', '中文网', '政务', '公益'];
const ASCII_TLD_ALT = [...STRONG_TLDS, ...WEAK_TLDS].sort((a, b) => b.length - a.length).join('|');
const CJK_TLD_ALT = CJK_TLDS.sort((a, b) => b.length - a.length).join('|');
const WEAK_SET = new Set(WEAK_TLDS);
/** Identifiers that, before a "weak" TLD, are code (df.info, self.name, window.top), not a domain. */
const CODE_LABELS = new Set([
  'self', 'this', 'super', 'os', 'sys', 'df', 'np', 'pd', 'plt', 'tf', 'torch', 'nn', 'console', 'logger', 'log',
  'logging', 'window', 'document', 'user', 'obj', 'item', 'e', 'x', 'y', 'res', 'req', 'app', 'math', 'string',
  'file', 'node', 'data', 'model', 'event', 'person', 'student', 'args', 'config', 'settings', 'module', 'cls',
  'parent', 'child', 'root', 'element', 'el', 'ctx', 'props', 'state', 'it', 'p', 's', 't', 'a', 'b', 'c',
]);

// Characters that end an address: whitespace, quotes, angle brackets and any CJK character or CJK/full-width punctuation.
const STOP = String.raw`\s"'<>\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef`;
const PATH = String.raw`(?::\d{1,5})?(?:[/?#][^${STOP}]*)?`;

// A scheme and either an internationalised host under a Chinese TLD (http://例子.中国/) or ASCII up to a stop.
const EXPLICIT_URL = new RegExp(
  String.raw`(?:https?|ftp)://(?:[\u4e00-\u9fffA-Za-z0-9-]+(?:\.[\u4e00-\u9fffA-Za-z0-9-]+)*\.(?:${CJK_TLD_ALT})(?:[/?#:][^${STOP}]*)?|[^${STOP}]+)`,
  'giu',
);
const WWW_URL = new RegExp(String.raw`(?<![A-Za-z0-9._@/-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+${PATH}`, 'giu');
// A bare domain: ASCII labels and a TLD from the list in lower case (so "ASP.NET" is not taken for a domain),
// optional port and path.
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![A-Za-z0-9._@/\\-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+)(${ASCII_TLD_ALT})(?![A-Za-z0-9_-])(\()?${PATH}`,
  'gu',
);
// A Chinese domain: Chinese or ASCII label before a Chinese TLD ("政府网.中国").
const CJK_DOMAIN = new RegExp(String.raw`(?<![A-Za-z0-9._@/\\\u4e00-\u9fff-])[\u4e00-\u9fffA-Za-z0-9-]{1,20}\.(?:${CJK_TLD_ALT})${PATH}`, 'gu');
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/gu;

const TRAILING_PUNCT = /[.,;:!?)\]}'"。，；：！？）】」』、]+$/u;

function trimMatch(text: string): string {
  let t = text.replace(TRAILING_PUNCT, '');
  // Keep a closing parenthesis only when the address has an opening one (Wikipedia-style paths).
  if (text.endsWith(')') && t.includes('(') && !t.includes(')')) t += ')';
  return t;
}

/**
 * Disjoint spans kept sorted, with a binary-search overlap test: a text with tens of thousands of addresses
 * (a hostile deck) stays O(n log n) instead of comparing every match with every earlier one.
 */
class SpanSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Index of the first span starting at or after `pos`. */
  private firstFrom(pos: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  overlaps(start: number, end: number): boolean {
    // Spans starting before `end` have increasing ends (they are disjoint): only the last of them can reach `start`.
    const i = this.firstFrom(end);
    return (i > 0 && this.ends[i - 1]! > start) || (i < this.starts.length && this.starts[i] === start && end > start);
  }
  add(start: number, end: number): void {
    const i = this.firstFrom(start);
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }
}

/** E-mail addresses in `text`. */
export function findEmails(text: string): TextFinding[] {
  const out: TextFinding[] = [];
  for (const m of text.matchAll(EMAIL)) out.push({ kind: 'email', text: m[0], index: m.index ?? 0 });
  return out;
}

/**
 * Web addresses in visible text: http(s)/ftp URLs, www. addresses and bare domains with a common TLD.
 * E-mail addresses are not reported here (they belong to contacts), nor are the domains inside them.
 */
export function findUrls(text: string): TextFinding[] {
  const taken = new SpanSet();
  for (const e of findEmails(text)) taken.add(e.index, e.index + e.text.length);
  // "mailto:" targets typed as text are e-mail addresses too.
  const out: TextFinding[] = [];
  const add = (raw: string, index: number) => {
    const t = trimMatch(raw);
    if (!t) return;
    if (taken.overlaps(index, index + t.length)) return;
    taken.add(index, index + t.length);
    out.push({ kind: 'url', text: t, index });
  };
  for (const m of text.matchAll(EXPLICIT_URL)) add(m[0], m.index ?? 0);
  for (const m of text.matchAll(WWW_URL)) add(m[0], m.index ?? 0);
  for (const m of text.matchAll(BARE_DOMAIN)) {
    const labels = (m[1] ?? '').slice(0, -1);
    const tld = m[2] ?? '';
    // "3.cn" or "1.com" are rarely addresses; a decimal or a version never matches (its "TLD" is not in the list).
    if (!/[A-Za-z]/.test(labels)) continue;
    // A method call (df.info(), obj.link()) is code.
    if (m[3]) continue;
    if (WEAK_SET.has(tld) && !labels.includes('.') && CODE_LABELS.has(labels.toLowerCase())) continue;
    add(m[0], m.index ?? 0);
  }
  for (const m of text.matchAll(CJK_DOMAIN)) add(m[0], m.index ?? 0);
  out.sort((a, b) => a.index - b.index);
  return out;
}

// Digits with optional single separators (space, hyphen, dot) between groups.
const MOBILE = /(?<![0-9A-Za-z])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])/gu;
const MOBILE_SPLIT = /(?<![0-9A-Za-z])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{3}[\s-]?\d{5}(?![0-9])/gu;
const LANDLINE = /(?<![0-9A-Za-z.])(?:[(（]0[1-9]\d{1,2}[)）][\s-]?|0[1-9]\d{1,2}[\s-]?)\d{7,8}(?:[\s-]?(?:转|ext\.?|x)\s?\d{1,6})?(?![0-9])/giu;
const SERVICE = /(?<![0-9A-Za-z.])[48]00[\s-]?\d{3}[\s-]?\d{4}(?![0-9])/gu;
const QQ = /(?:QQ|ＱＱ|扣扣)\s*(?:号码|号|群号?|账号)?\s*[:：]?\s*([1-9]\d{4,10})(?![0-9])/giu;
const WECHAT = /(?:微信|薇信|V信|weixin|wechat|vx|wx)\s*(?:号码|号|账号|ID|id)?\s*[:：]\s*([A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d{9})(?![-_A-Za-z0-9])|(?:微信号|微信账号)\s*([A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d{9})(?![-_A-Za-z0-9])|(?<![A-Za-z0-9_])(wxid_[A-Za-z0-9]{6,30})/giu;

/** Phone numbers, e-mail addresses, QQ and WeChat ids in `text`. */
export function findContacts(text: string): TextFinding[] {
  const out: TextFinding[] = [];
  const taken = new SpanSet();
  const add = (kind: string, t: string, index: number) => {
    const trimmed = t.trim();
    if (taken.overlaps(index, index + trimmed.length)) return;
    taken.add(index, index + trimmed.length);
    out.push({ kind, text: trimmed, index });
  };
  // Ids with a prefix first, so "QQ：12345678901" is a QQ number and not a phone.
  for (const m of text.matchAll(WECHAT)) add('wechat', m[0], m.index ?? 0);
  for (const m of text.matchAll(QQ)) add('qq', m[0], m.index ?? 0);
  for (const e of findEmails(text)) add('email', e.text, e.index);
  for (const m of text.matchAll(MOBILE)) add('mobile', m[0], m.index ?? 0);
  for (const m of text.matchAll(MOBILE_SPLIT)) add('mobile', m[0], m.index ?? 0);
  for (const m of text.matchAll(SERVICE)) add('landline', m[0], m.index ?? 0);
  for (const m of text.matchAll(LANDLINE)) add('landline', m[0], m.index ?? 0);
  out.sort((a, b) => a.index - b.index);
  return out;
}

/** Chinese name of a contact kind, for messages. */
export function contactKindLabel(kind: string): string {
  switch (kind) {
    case 'mobile':
      return '手机号';
    case 'landline':
      return '电话号码';
    case 'email':
      return '电子邮箱';
    case 'qq':
      return 'QQ号';
    case 'wechat':
      return '微信号';
    default:
      return '联系方式';
  }
}

/** True when `text` carries the label "AI生成" (any spacing, full-width letters, any letter case). */
export function hasAiLabel(text: string): boolean {
  const norm = text.normalize('NFKC').replace(/[\s\u200b\u3000]+/gu, '').toUpperCase();
  return norm.includes('AI生成');
}
