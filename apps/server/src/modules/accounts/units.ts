// Units (学校/机构) under province → city → county. Registration finds or creates the author's unit.
import type { Queryable } from '../../infra/db/db.ts';
import { badRequest } from '@anli/domain/errors.ts';
import { searchUnitRows, upsertUnitRow } from './accounts.repository.ts';

export interface UnitInput {
  city?: unknown;
  county?: unknown;
  unitName?: unknown;
  unitKind?: unknown;
}

const clean = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Finds or creates the unit; returns its id, or null when no unit name was given. */
export async function upsertUnit(q: Queryable, provinceCode: string, input: UnitInput): Promise<string | null> {
  const name = clean(input.unitName, 60);
  if (!name) return null;
  const city = clean(input.city, 30);
  const county = clean(input.county, 30);
  if (!city) throw badRequest('请填写单位所在的市（地、州）', [{ path: 'city', message: '请填写所在市' }]);
  const kind = input.unitKind === 'institution' ? 'institution' : 'school';
  return upsertUnitRow(q, { provinceCode, city, county, name, kind });
}

/** Units of a province matching a search, for the registration form's autocomplete. */
export async function searchUnits(q: Queryable, provinceCode: string, text: string) {
  if (!provinceCode) throw badRequest('请选择省份');
  const rows = await searchUnitRows(q, provinceCode, text);
  return rows.map((r) => ({ id: r.id, provinceCode: r.province_code, city: r.city, county: r.county, name: r.name, kind: r.kind }));
}
