// Who may do what outside a single case, in one table: `may(viewer, action, target)`. A route's audience (which roles
// may call it at all) is stated in its definition and enforced by one hook; a case's questions are case-policy.ts's;
// state changes are the transition tables'. This table answers the questions a service asks about the viewer and a
// particular thing: this province's certificates, this region's activation codes, this province's expert.
import type { Role } from './lifecycle.ts';

export interface PolicyViewer {
  id: string;
  role: Role;
  /** The province an administrator (or a province-bound account) belongs to. */
  provinceCode?: string | null;
  /** A city or county administrator's own region (looked up by the caller; absent for other roles). */
  regionCode?: string | null;
}

/** The facts of a region a code is issued for. */
export interface PolicyRegion {
  level: 'province' | 'city' | 'county';
  provinceCode: string;
  cityCode?: string | null;
}

/** The facts of an expert record: the province that invited it (null: the organiser's national pool). */
export interface PolicyExpert {
  ownerProvince: string | null;
}

interface Targets {
  /** A province's certificate ZIP: its own administrator. */
  'certificates.province_zip': undefined;
  /** Which other cases a case resembles (the expert sees only the flag): the organiser. */
  'similarity.matches': undefined;
  /** A call notice's attachment before the notice is published: the organiser. */
  'call_notices.read_draft': undefined;
  /** Disable or re-enable an account: the organiser. */
  'accounts.disable': undefined;
  /** Issue an activation code for a region's administrator: the organiser any; a province its cities; a city its counties. */
  'activation_codes.issue': PolicyRegion;
  /** List issued activation codes (what each sees is activationCodeScope's): the organiser and province and city administrators. */
  'activation_codes.list': undefined;
  /** Manage an expert (reissue the invitation, record a conflict of interest): the organiser any; a province its own. */
  'experts.manage': PolicyExpert;
}
export type Action = keyof Targets;

const RULES: { [A in Action]: (v: PolicyViewer, t: Targets[A]) => boolean } = {
  'certificates.province_zip': (v) => v.role === 'province_admin' && !!v.provinceCode,
  'similarity.matches': (v) => v.role === 'organiser',
  'call_notices.read_draft': (v) => v.role === 'organiser',
  'accounts.disable': (v) => v.role === 'organiser',
  'activation_codes.issue': (v, r) =>
    v.role === 'organiser' ||
    (v.role === 'province_admin' && r.level === 'city' && r.provinceCode === v.provinceCode) ||
    (v.role === 'city_admin' && r.level === 'county' && !!v.regionCode && r.cityCode === v.regionCode),
  'activation_codes.list': (v) => v.role === 'organiser' || v.role === 'province_admin' || v.role === 'city_admin',
  'experts.manage': (v, e) => v.role === 'organiser' || (v.role === 'province_admin' && !!v.provinceCode && e.ownerProvince === v.provinceCode),
};

/** Whether the viewer may do `action` (to `target`, for the actions about a particular thing). */
export function may<A extends Action>(viewer: PolicyViewer | null | undefined, action: A, ...target: Targets[A] extends undefined ? [] : [Targets[A]]): boolean {
  if (!viewer) return false;
  return (RULES[action] as (v: PolicyViewer, t: unknown) => boolean)(viewer, target[0]);
}

export const ACTIONS = Object.keys(RULES) as Action[];

/**
 * Which activation codes a viewer lists: all the organiser's region codes; a province's city codes; a city's county
 * codes; none for anyone else (null).
 */
export function activationCodeScope(v: PolicyViewer): { kind: 'all' } | { kind: 'province_cities'; provinceCode: string } | { kind: 'city_counties'; cityCode: string } | null {
  if (!may(v, 'activation_codes.list')) return null;
  if (v.role === 'organiser') return { kind: 'all' };
  if (v.role === 'province_admin') return v.provinceCode ? { kind: 'province_cities', provinceCode: v.provinceCode } : null;
  return v.regionCode ? { kind: 'city_counties', cityCode: v.regionCode } : null;
}

/** Which experts a viewer manages or lists: all of them (organiser) or one province's own (its administrator). */
export function expertScope(v: PolicyViewer): { provinceCode: string | null } | null {
  if (v.role === 'organiser') return { provinceCode: null };
  if (v.role === 'province_admin' && v.provinceCode) return { provinceCode: v.provinceCode };
  return null;
}
