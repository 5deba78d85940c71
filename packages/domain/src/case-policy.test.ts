// The access policy of a case, as a table a reviewer can read: each role (and the case's own author) against each
// permission. A change to who may see what changes this table on purpose, or fails here.
import { describe, expect, it } from 'vitest';
import { CASE_PERMISSIONS, can, type CasePermission } from './case-policy.ts';
import type { Role } from './lifecycle.ts';

const CASE = { authorId: 'a1' };
const who: Record<string, { id: string; role: Role }> = {
  ownAuthor: { id: 'a1', role: 'author' },
  otherAuthor: { id: 'a2', role: 'author' },
  county: { id: 'x1', role: 'county_admin' },
  city: { id: 'x2', role: 'city_admin' },
  province: { id: 'x3', role: 'province_admin' },
  expert: { id: 'x4', role: 'expert' },
  organiser: { id: 'x5', role: 'organiser' },
};

// Columns in the order of `who`: ownAuthor, otherAuthor, county, city, province, expert, organiser.
const TABLE: Record<CasePermission, string> = {
  'read.phones':          'Y . . . . . Y',
  'read.masked_phones':   '. Y Y Y Y . .',
  'read.history':         'Y Y Y Y Y . Y',
  'read.review_history':  '. . . . . . Y',
  'read.info_forms':      'Y Y Y Y Y . Y',
  'read.duplicate_files': '. . Y Y Y Y Y',
  'read.deadlines':       'Y Y Y Y Y . Y',
  'read.late_return':     '. . Y Y Y . Y',
  'upload.files':         'Y . . . . . .',
  create:                 'Y Y . . . . .',
  'review.findings':      '. . . . Y . .',
};

describe('case access policy', () => {
  it('answers every permission for every role as the table says', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...CASE_PERMISSIONS].sort());
    for (const perm of CASE_PERMISSIONS) {
      const got = Object.values(who).map((v) => (can(v, perm, CASE) ? 'Y' : '.')).join(' ');
      expect(`${perm}: ${got}`).toBe(`${perm}: ${TABLE[perm]}`);
    }
  });

  it('without a case, upload.files says whether the role uploads at all', () => {
    expect(Object.values(who).filter((v) => can(v, 'upload.files')).map((v) => v.role)).toEqual(['author', 'author']);
  });

  it('an expert sees no phone number at all, masked or not (PIPL)', () => {
    expect(can(who.expert!, 'read.phones', CASE) || can(who.expert!, 'read.masked_phones', CASE)).toBe(false);
  });
});
