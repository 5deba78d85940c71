// What the case page compares while it waits for checks: the small status answer against the slots it shows.
import type { SlotCheckStatus, SlotState } from '@anli/contracts/files.ts';

type CheckStatus = SlotCheckStatus['checkStatus'];
/** Waiting and running look the same on the page (检查中…): a move between them shows nothing new. */
const shownAs = (s: CheckStatus) => (s === 'running' ? 'pending' : s);

/** Whether the statuses say something the shown slots do not: another file, or a check that finished or started again. */
export function statusChanged(slots: readonly Pick<SlotState, 'slot' | 'file'>[], status: readonly SlotCheckStatus[]): boolean {
  if (status.length !== slots.length) return true;
  return status.some((st) => {
    const s = slots.find((x) => x.slot === st.slot);
    return !s || (s.file?.id ?? null) !== st.fileId || shownAs(s.file?.checkStatus ?? null) !== shownAs(st.checkStatus);
  });
}
