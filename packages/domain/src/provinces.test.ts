import { describe, expect, it } from 'vitest';
import { PROVINCES, findProvince } from './provinces.ts';

describe('PROVINCES', () => {
  it('lists 32 provincial units with unique six-digit codes, names and short names', () => {
    expect(PROVINCES).toHaveLength(32);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(32);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(32);
    expect(new Set(PROVINCES.map((p) => p.shortName)).size).toBe(32);
    for (const p of PROVINCES) {
      expect(p.code).toMatch(/^\d{2}0000$/);
      expect(p.name.startsWith(p.shortName) || p.shortName === '兵团').toBe(true);
    }
  });

  it('keeps the official order, which is ascending by code', () => {
    const codes = PROVINCES.map((p) => p.code);
    expect(codes).toEqual([...codes].sort());
    expect(PROVINCES[0]).toEqual({ code: '110000', name: '北京市', shortName: '北京' });
    expect(PROVINCES.at(-1)).toEqual({ code: '660000', name: '新疆生产建设兵团', shortName: '兵团' });
  });

  it('finds a unit by code', () => {
    expect(findProvince('450000')?.name).toBe('广西壮族自治区');
    expect(findProvince('650000')?.shortName).toBe('新疆');
    expect(findProvince('999999')).toBeUndefined();
  });
});
