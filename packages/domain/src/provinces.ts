// The 31 provinces, autonomous regions and municipalities plus 新疆生产建设兵团: the 32 provincial units that
// organise submissions. code is the GB/T 2260 province prefix padded to six digits; 兵团 uses '660000'.

export interface Province {
  code: string;
  name: string;
  shortName: string;
}

export const PROVINCES: Province[] = [
  { code: '110000', name: '北京市', shortName: '北京' },
  { code: '120000', name: '天津市', shortName: '天津' },
  { code: '130000', name: '河北省', shortName: '河北' },
  { code: '140000', name: '山西省', shortName: '山西' },
  { code: '150000', name: '内蒙古自治区', shortName: '内蒙古' },
  { code: '210000', name: '辽宁省', shortName: '辽宁' },
  { code: '220000', name: '吉林省', shortName: '吉林' },
  { code: '230000', name: '黑龙江省', shortName: '黑龙江' },
  { code: '310000', name: '上海市', shortName: '上海' },
  { code: '320000', name: '江苏省', shortName: '江苏' },
  { code: '330000', name: '浙江省', shortName: '浙江' },
  { code: '340000', name: '安徽省', shortName: '安徽' },
  { code: '350000', name: '福建省', shortName: '福建' },
  { code: '360000', name: '江西省', shortName: '江西' },
  { code: '370000', name: '山东省', shortName: '山东' },
  { code: '410000', name: '河南省', shortName: '河南' },
  { code: '420000', name: '湖北省', shortName: '湖北' },
  { code: '430000', name: '湖南省', shortName: '湖南' },
  { code: '440000', name: '广东省', shortName: '广东' },
  { code: '450000', name: '广西壮族自治区', shortName: '广西' },
  { code: '460000', name: '海南省', shortName: '海南' },
  { code: '500000', name: '重庆市', shortName: '重庆' },
  { code: '510000', name: '四川省', shortName: '四川' },
  { code: '520000', name: '贵州省', shortName: '贵州' },
  { code: '530000', name: '云南省', shortName: '云南' },
  { code: '540000', name: '西藏自治区', shortName: '西藏' },
  { code: '610000', name: '陕西省', shortName: '陕西' },
  { code: '620000', name: '甘肃省', shortName: '甘肃' },
  { code: '630000', name: '青海省', shortName: '青海' },
  { code: '640000', name: '宁夏回族自治区', shortName: '宁夏' },
  { code: '650000', name: '新疆维吾尔自治区', shortName: '新疆' },
  { code: '660000', name: '新疆生产建设兵团', shortName: '兵团' },
];

const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/** The provincial unit with this six-digit code, or undefined. */
export function findProvince(code: string): Province | undefined {
  return BY_CODE.get(code);
}
