// Cached call definitions (GET /api/calls/:id), shared by every page that renders a case form.
import { api, type CallDetail } from './api/index.ts';
import { useLoad } from './hooks.ts';

const cache = new Map<string, Promise<CallDetail>>();

export function loadCallDef(callId: string): Promise<CallDetail> {
  let p = cache.get(callId);
  if (!p) {
    p = api.call(callId);
    p.catch(() => cache.delete(callId));
    cache.set(callId, p);
  }
  return p;
}

export function useCallDef(callId: string | undefined) {
  return useLoad(() => (callId ? loadCallDef(callId) : Promise.resolve(undefined)), [callId]);
}

export function findType(call: CallDetail | undefined, typeId: string | undefined) {
  return call?.caseTypes.find((t) => t.id === typeId);
}
