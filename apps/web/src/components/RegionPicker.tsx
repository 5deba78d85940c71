// 所在市、区县 for calls with chained recommendation: a cascader over the province's cities and counties (GB/T 2260).
import { Cascader } from 'antd';
import { useLoad } from '../hooks.ts';
import { regionApi } from '../api/region.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** The value is a county code, or a city code for a city without counties. */
export function RegionPicker({ provinceCode, value, onChange, disabled }: { provinceCode: string; value: string | null; onChange(code: string | null): void; disabled?: boolean }) {
  const tree = useLoad(() => regionApi.regions(provinceCode), [provinceCode]);
  const options = (tree.data ?? []).map((c) => ({
    value: c.code,
    label: c.name,
    children: c.counties.length ? c.counties.map((x) => ({ value: x.code, label: x.name })) : undefined,
  }));
  const path = value ? (value.endsWith('00') ? [value] : [`${value.slice(0, 4)}00`, value]) : undefined;
  return (
    <>
      <ErrorAlert error={tree.error} />
      <Cascader
        aria-label="所在市、区县"
        data-testid="region-picker"
        style={{ width: 320 }}
        loading={tree.loading}
        disabled={disabled}
        options={options}
        value={path}
        placeholder="请选择所在的市和区县"
        showSearch={{ filter: (input, p) => p.some((o) => String(o.label).includes(input)) }}
        onChange={(v) => onChange(v && v.length ? String(v[v.length - 1]) : null)}
      />
    </>
  );
}
