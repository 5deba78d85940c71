import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS } from './calls/builtin.ts';
import { chainedExampleCall } from './calls/chained-example.ts';
import { loadCall } from './calls/schema.ts';
import {
  chainStateLabel, draftLevel, entryLevel, hasChain, levelQuota, levelsAbove, levelsOf, nextLevel, regionAtLevel, regionProblem,
} from './chain.ts';
import { isPhaseOpen, phaseWindow, beijingDayEnd } from './deadline.ts';
import { decideTransition } from './lifecycle.ts';
import { citiesOf, countiesOf, findRegion, regionFullName, regionTree } from './regions/regions.ts';
import { PROVINCES } from './provinces.ts';

const call = chainedExampleCall;

describe('regions (GB/T 2260)', () => {
  it('knows every province but 兵团, with cities and counties derived from the codes', () => {
    for (const p of PROVINCES) expect(citiesOf(p.code).length > 0).toBe(p.code !== '660000');
    expect(findRegion('110108')).toMatchObject({ name: '海淀区', level: 'county', cityCode: '110100', provinceCode: '110000' });
    expect(findRegion('330100')).toMatchObject({ name: '杭州市', level: 'city' });
    expect(regionFullName('330106')).toBe('杭州市 西湖区');
    expect(citiesOf('110000').map((c) => c.name)).toEqual(['北京市']);
    expect(countiesOf('110100').length).toBe(16);
    expect(countiesOf('441900')).toEqual([]); // 东莞: a city without counties
    expect(findRegion('999999')).toBeUndefined();
    expect(findRegion('11010')).toBeUndefined();
    expect(regionTree('310000')[0].counties.some((c) => c.name === '浦东新区')).toBe(true);
  });
});

describe('chain as data', () => {
  it('the built-in calls have no chain', () => {
    for (const c of BUILTIN_CALLS) {
      expect(hasChain(c)).toBe(false);
      expect(entryLevel(c, '110108')).toBeNull();
      expect(levelsOf(c)).toEqual(['province']);
    }
  });

  it('orders levels county → city → province and knows each level\'s quota per region', () => {
    expect(levelsOf(call)).toEqual(['county', 'city', 'province']);
    expect(nextLevel(call, 'county')).toBe('city');
    expect(nextLevel(call, 'city')).toBe('province');
    expect(levelQuota(call, 'county', '110108')).toBe(5); // per-region figure
    expect(levelQuota(call, 'county', '110105')).toBe(3); // default
    expect(levelQuota(call, 'city', '330100')).toBe(10);
    // A case counts against a county's quota once it stands at the city or the province.
    expect(levelsAbove(call, 'county')).toEqual(['city', 'province']);
    expect(levelsAbove(call, 'city')).toEqual(['province']);
    expect(regionAtLevel('county', '330106')).toBe('330106');
    expect(regionAtLevel('city', '330106')).toBe('330100');
  });

  it('a case enters at its county, or at its city where the city has no counties, or at the province', () => {
    expect(entryLevel(call, '330106')).toBe('county');
    expect(entryLevel(call, '441900')).toBe('city');
    expect(entryLevel(call, null)).toBe('province');
    // Drafts: without a county they wait at the bottom (no administrator sees them), except where there are no regions.
    expect(draftLevel(call, '330000', null)).toBe('county');
    expect(draftLevel(call, '330000', '441900')).toBe('city');
    expect(draftLevel(call, '660000', null)).toBe('province');
    expect(draftLevel(BUILTIN_CALLS[1], '330000', null)).toBeNull();
    const cityOnly = loadCall({ ...structuredClone(call), chain: [call.chain![1]] });
    expect(entryLevel(cityOnly, '330106')).toBe('city');
    expect(levelsAbove(cityOnly, 'city')).toEqual(['province']);
  });

  it('validates the author\'s region against the list and the province', () => {
    expect(regionProblem(call, '330000', '330106')).toBeNull();
    expect(regionProblem(call, '440000', '441900')).toBeNull();
    expect(regionProblem(call, '330000', null)).toMatch(/请选择/);
    expect(regionProblem(call, '330000', '330100')).toMatch(/区县/); // 杭州 has counties: pick one
    expect(regionProblem(call, '330000', '110108')).toMatch(/不在您所在的省份/);
    expect(regionProblem(call, '330000', '339999')).toMatch(/不在/);
    expect(regionProblem(call, '660000', null)).toBeNull(); // 兵团: no regions, straight to the province
    expect(regionProblem(BUILTIN_CALLS[0], '330000', null)).toBeNull();
    expect(regionProblem(BUILTIN_CALLS[0], '330000', '330106')).toMatch(/不需要/);
  });

  it('each level\'s deadline is a phase of the call, so per-province extensions apply', () => {
    const county = phaseWindow(call, 'county_recommendation', [], [{ phaseId: 'county_recommendation', provinceCode: '330000', end: '2026-08-15' }], '330000')!;
    const after = beijingDayEnd('2026-08-10') + 1;
    expect(isPhaseOpen(county, after)).toBe(true);
    expect(isPhaseOpen(phaseWindow(call, 'county_recommendation', [], [], '110000'), after)).toBe(false);
  });

  it('refuses broken chains', () => {
    const bad = (chain: unknown, phases = call.phases) => () => loadCall({ ...structuredClone(call), chain, phases });
    expect(bad([call.chain![1], call.chain![0]])).toThrow(/county then city/);
    expect(bad([call.chain![0]], call.phases.filter((p) => p.id !== 'county_recommendation'))).toThrow(/county_recommendation is not defined/);
    expect(bad([{ ...call.chain![0], quotas: { '330100': 2 } }])).toThrow(/not a county code/);
    expect(bad(call.chain, call.phases.map((p) => (p.id === 'county_recommendation' ? { ...p, end: '2026-08-25' } : p)))).toThrow(/deadline/);
  });

  it('county and city administrators pass a case up without changing its state, and may return it', () => {
    expect(decideTransition('submitted', 'chain_recommend', 'county_admin').to).toBe('submitted');
    expect(decideTransition('submitted', 'return', 'city_admin', '请补充材料').to).toBe('returned');
    expect(() => decideTransition('submitted', 'recommend', 'city_admin')).toThrow(/市级管理员不能推荐/);
    expect(() => decideTransition('submitted', 'chain_recommend', 'province_admin')).toThrow(/省级管理员不能/);
    expect(() => decideTransition('returned', 'chain_recommend', 'county_admin')).toThrow(/不能/);
  });

  it('labels where a chained case stands', () => {
    expect(chainStateLabel(call, 'county', 'county')).toBe('已提交，待县级审核');
    expect(chainStateLabel(call, 'city', 'county')).toBe('县级已推荐，待市级审核');
    expect(chainStateLabel(call, 'province', 'county')).toBe('市级已推荐，待省级审核');
  });
});
