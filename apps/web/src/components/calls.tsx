// The list of calls (活动), loaded once, and a picker remembering the last chosen call.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type CallSummary } from '../api/index.ts';

interface CallsState {
  calls: CallSummary[];
  loading: boolean;
  error: unknown;
  callId: string | undefined;
  setCallId(id: string): void;
  /** Loads the list again (after the organiser opens or revises a call in the builder). */
  reload(): Promise<void>;
}

const CallsContext = createContext<CallsState | null>(null);
const STORAGE_KEY = 'anli.callId';

export function CallsProvider({ children }: { children: ReactNode }) {
  const [calls, setCalls] = useState<CallSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [callId, setCallIdState] = useState<string | undefined>(() => localStorage.getItem(STORAGE_KEY) ?? undefined);

  const reload = () =>
    api
      .calls()
      .then((list) => {
        setCalls(list);
        setCallIdState((cur) => (cur && list.some((c) => c.id === cur) ? cur : list[list.length - 1]?.id));
      })
      .catch(setError)
      .finally(() => setLoading(false));
  useEffect(() => {
    void reload();
  }, []);

  const setCallId = (id: string) => {
    localStorage.setItem(STORAGE_KEY, id);
    setCallIdState(id);
  };
  return <CallsContext.Provider value={{ calls, loading, error, callId, setCallId, reload }}>{children}</CallsContext.Provider>;
}

export function useCalls(): CallsState {
  const ctx = useContext(CallsContext);
  if (!ctx) throw new Error('useCalls outside CallsProvider');
  return ctx;
}
