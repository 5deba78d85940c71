// The current call's picker, apart from the calls context so that pages without it (登录) do not load antd's Select.
import { Select } from 'antd';
import { useCalls } from './calls.tsx';

/** Picker of the current call, shared across pages. */
export function CallPicker({ style }: { style?: React.CSSProperties }) {
  const { calls, callId, setCallId, loading } = useCalls();
  return (
    <Select
      aria-label="选择活动"
      loading={loading}
      style={{ minWidth: 'min(280px, calc(100vw - 80px))', maxWidth: 'calc(100vw - 80px)', ...style }}
      value={callId}
      onChange={setCallId}
      options={calls.map((c) => ({ value: c.id, label: c.title }))}
      placeholder="选择活动"
    />
  );
}
