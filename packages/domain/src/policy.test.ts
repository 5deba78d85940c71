// The access policy outside a single case, as a table a reviewer can read: each kind of viewer against each action on
// a typical target. A change to who may do what changes this table on purpose, or fails here.
import { describe, expect, it } from 'vitest';
import { ACTIONS, activationCodeScope, expertScope, may, type Action, type PolicyViewer } from './policy.ts';

const who: Record<string, PolicyViewer> = {
  author: { id: 'a', role: 'author', provinceCode: '110000' },
  county: { id: 'c1', role: 'county_admin', provinceCode: '330000', regionCode: '330106' },
  city: { id: 'c2', role: 'city_admin', provinceCode: '330000', regionCode: '330100' },
  province: { id: 'p', role: 'province_admin', provinceCode: '330000' },
  otherProvince: { id: 'q', role: 'province_admin', provinceCode: '110000' },
  expert: { id: 'e', role: 'expert' },
  organiser: { id: 'o', role: 'organiser' },
};

// The target each action is asked about: Hangzhou (a city of 330000) for codes, an expert invited by 330000.
const ASK: Record<Action, (v: PolicyViewer) => boolean> = {
  'certificates.province_zip': (v) => may(v, 'certificates.province_zip'),
  'similarity.matches': (v) => may(v, 'similarity.matches'),
  'call_notices.read_draft': (v) => may(v, 'call_notices.read_draft'),
  'accounts.disable': (v) => may(v, 'accounts.disable'),
  'activation_codes.issue': (v) => may(v, 'activation_codes.issue', { level: 'city', provinceCode: '330000' }),
  'activation_codes.list': (v) => may(v, 'activation_codes.list'),
  'experts.manage': (v) => may(v, 'experts.manage', { ownerProvince: '330000' }),
};

// Columns in the order of `who`: author, county, city, province, otherProvince, expert, organiser.
const TABLE: Record<Action, string> = {
  'certificates.province_zip': '. . . Y Y . .',
  'similarity.matches':        '. . . . . . Y',
  'call_notices.read_draft':   '. . . . . . Y',
  'accounts.disable':          '. . . . . . Y',
  'activation_codes.issue':    '. . . Y . . Y',
  'activation_codes.list':     '. . Y Y Y . Y',
  'experts.manage':            '. . . Y . . Y',
};

describe('access policy outside a case', () => {
  it('answers every action for every viewer as the table says', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) {
      const got = Object.values(who).map((v) => (ASK[action](v) ? 'Y' : '.')).join(' ');
      expect(`${action}: ${got}`).toBe(`${action}: ${TABLE[action]}`);
    }
  });

  it('a city issues codes for its own counties only, a province for its own cities only', () => {
    const westLake = { level: 'county' as const, provinceCode: '330000', cityCode: '330100' };
    const ningboCounty = { level: 'county' as const, provinceCode: '330000', cityCode: '330200' };
    expect(may(who.city, 'activation_codes.issue', westLake)).toBe(true);
    expect(may(who.city, 'activation_codes.issue', ningboCounty)).toBe(false);
    expect(may(who.province, 'activation_codes.issue', westLake)).toBe(false);
    expect(may({ ...who.city!, regionCode: null }, 'activation_codes.issue', westLake)).toBe(false);
    expect(may(null, 'similarity.matches')).toBe(false);
  });

  it('scopes the lists of codes and experts by the viewer', () => {
    expect(activationCodeScope(who.organiser!)).toEqual({ kind: 'all' });
    expect(activationCodeScope(who.province!)).toEqual({ kind: 'province_cities', provinceCode: '330000' });
    expect(activationCodeScope(who.city!)).toEqual({ kind: 'city_counties', cityCode: '330100' });
    expect(activationCodeScope(who.county!)).toBeNull();
    expect(expertScope(who.organiser!)).toEqual({ provinceCode: null });
    expect(expertScope(who.province!)).toEqual({ provinceCode: '330000' });
    expect(expertScope(who.expert!)).toBeNull();
  });
});
