// Test helper: the province's review of a submitted case's checklist, as the case page does it.
import type { apiClient } from './client.ts';

/** Ticks every manual item of the case's files (what the province confirms before 推荐); returns how many. */
export async function tickChecklist(admin: ReturnType<typeof apiClient>, caseId: string): Promise<number> {
  const slots = (await admin.get(`/api/cases/${caseId}/files`)).body as Array<{ slot: string; file: { results: Array<{ rule: string; status: string }> } | null }>;
  let n = 0;
  for (const s of slots) {
    for (const r of s.file?.results ?? []) {
      if (r.status !== 'manual') continue;
      const res = await admin.put(`/api/cases/${caseId}/checklist`, { slot: s.slot, rule: r.rule, checked: true });
      if (res.status !== 200) throw new Error(`checklist ${s.slot}:${r.rule}: ${res.status} ${JSON.stringify(res.body)}`);
      n++;
    }
  }
  return n;
}
