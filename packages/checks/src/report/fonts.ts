// Font names and sizes as Chinese authors know them.

const ALIASES: Record<string, string> = {
  simhei: '黑体',
  黑体: '黑体',
  fangsong_gb2312: '仿宋_GB2312',
  'fangsong gb2312': '仿宋_GB2312',
  仿宋_gb2312: '仿宋_GB2312',
  仿宋gb2312: '仿宋_GB2312',
  fangsong: '仿宋',
  仿宋: '仿宋',
  stfangsong: '华文仿宋',
  华文仿宋: '华文仿宋',
  simsun: '宋体',
  宋体: '宋体',
  nsimsun: '新宋体',
  新宋体: '新宋体',
  kaiti: '楷体',
  楷体: '楷体',
  kaiti_gb2312: '楷体_GB2312',
  楷体_gb2312: '楷体_GB2312',
  'microsoft yahei': '微软雅黑',
  微软雅黑: '微软雅黑',
  dengxian: '等线',
  等线: '等线',
  'dengxian light': '等线 Light',
  'fz fangsong-z02': '方正仿宋',
  'fzfangsong-z02': '方正仿宋',
  方正仿宋_gbk: '方正仿宋_GBK',
  fzfsk: '方正仿宋_GBK',
  方正黑体_gbk: '方正黑体_GBK',
  fzhtk: '方正黑体_GBK',
};

/** Canonical display name of a font: English aliases mapped to the Chinese name Word shows. */
export function canonicalFont(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  if (!trimmed) return null;
  const key = trimmed.toLowerCase().replace(/\s+/g, ' ');
  return ALIASES[key] ?? ALIASES[key.replace(/[\s-]/g, '')] ?? trimmed;
}

const SIZE_NAMES: Array<[number, string]> = [
  [84, '初号'], [72, '小初'], [52, '一号'], [48, '小一'], [44, '二号'], [36, '小二'],
  [32, '三号'], [30, '小三'], [28, '四号'], [24, '小四'], [21, '五号'], [18, '小五'],
  [15, '六号'], [13, '小六'],
];

/** "16pt（三号）" from half-points. */
export function describeSize(halfPoints: number | null): string {
  if (halfPoints == null) return '未知字号';
  const pt = halfPoints / 2;
  const name = SIZE_NAMES.find(([hp]) => hp === halfPoints)?.[1];
  return name ? `${pt}pt（${name}）` : `${pt}pt`;
}
