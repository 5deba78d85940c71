import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhonesIn } from './mask.ts';

describe('masking phone numbers', () => {
  it('masks one number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks every number in a text, also in international form, and leaves longer digit runs alone', () => {
    expect(maskPhonesIn('发送失败：13812345678，+8613912345678，008613712345678，/api/users?phone=13612345678'))
      .toBe('发送失败：138****5678，+86139****5678，0086137****5678，/api/users?phone=136****5678');
    // A millisecond time and an id's digits are not phone numbers.
    expect(maskPhonesIn('at 1765432109876 id 0-113812345678')).toBe('at 1765432109876 id 0-113812345678');
  });
});
