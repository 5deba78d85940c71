import { Tag } from 'antd';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import { STATE_COLORS, stateLabel } from '../labels.ts';

export function StateTag({ state, label }: { state: CaseState; label?: string }) {
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-state={state}>
      {label || stateLabel(state)}
    </Tag>
  );
}
