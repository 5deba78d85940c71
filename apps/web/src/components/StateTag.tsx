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

/**
 * A case's state in a list; a returned case says who returned it (县级管理员退回修改 in chained calls) and why,
 * the same on the province's, the city's and the county's pages.
 */
export function ReturnedState({ s, r }: { s: CaseState; r: { stateLabel: string; returnReason: string | null } }) {
  if (s !== 'returned' || !r.returnReason) return <StateTag state={s} label={r.stateLabel} />;
  return (
    <div>
      <StateTag state={s} label={r.stateLabel} />
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 2 }} data-testid="return-reason-cell">
        退回原因：{r.returnReason}
      </div>
    </div>
  );
}
