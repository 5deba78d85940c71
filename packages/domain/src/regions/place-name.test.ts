import { describe, expect, it } from 'vitest';
import { placeName } from './regions.ts';

describe('placeName', () => {
  it('names a municipality once and a province, city and county in order', () => {
    expect(placeName('北京市', '110108')).toBe('北京市 海淀区');
    expect(placeName('上海市', '310100')).toBe('上海市');
    expect(placeName('浙江省', '330106')).toBe('浙江省 杭州市 西湖区');
    expect(placeName('浙江省', null)).toBe('浙江省');
  });
});
