// Horizontal bar chart from antd Progress: one labelled bar per item, scaled to the largest value (or a given max).
// Plain antd rather than a chart library: no new dependency, renders on the server-built bundle offline, and the
// numbers stay readable text for screen readers and tests.
import { Progress, Tooltip } from 'antd';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Scale of this bar (e.g. a quota); default: the largest value in the list. */
  max?: number;
  hint?: string;
  color?: string;
}

export function BarList({ items, unit = '', labelWidth = 140, testId }: { items: Bar[]; unit?: string; labelWidth?: number; testId?: string }) {
  const top = Math.max(1, ...items.map((i) => i.max ?? i.value));
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((i) => {
        const scale = i.max ?? top;
        const pct = scale > 0 ? Math.min(100, (i.value / scale) * 100) : 0;
        return (
          <li key={i.key} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
            <Tooltip title={i.hint}>
              <span style={{ width: labelWidth, flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{i.label}</span>
            </Tooltip>
            <Progress percent={pct} showInfo={false} strokeColor={i.color} style={{ flex: 1, margin: 0 }} aria-label={`${i.label}：${i.max !== undefined ? `${i.value}/${i.max}` : i.value}${unit}`} />
            <span style={{ width: 90, flex: 'none', textAlign: 'right' }} data-value={i.value}>
              {i.max !== undefined ? `${i.value}/${i.max}` : i.value}
              {unit}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
