// A finished earlier season, for the demo only: the 2025 call's case types and rules, dated 2024, so that a newcomer
// sees every public page with content (a published list, certificates, library cases, an announcement). Register it
// with registerCall() (apps/server/src/demo/showcase.ts does, when the demo runs).
import { BUILTIN_CALLS } from './builtin.ts';
import { loadCall, type CallDef } from './schema.ts';

const base = BUILTIN_CALLS.find((c) => c.id === 'teacher-ai-2025')!;

export const EARLIER_SEASON_ID = 'teacher-ai-2024-demo';

export const earlierSeasonCall: CallDef = loadCall({
  ...structuredClone(base),
  id: EARLIER_SEASON_ID,
  title: '2024 年教师人工智能应用案例征集活动（往届演示）',
  documentNo: undefined,
  phases: [
    { id: 'admin_info', name: '省级管理员信息上报', end: '2024-06-20' },
    { id: 'submission', name: '作者填报', start: '2024-10-10', end: '2024-10-24' },
    { id: 'province_recommendation', name: '省级推荐上报', start: '2024-10-10', end: '2024-10-31' },
    { id: 'national_recommendation', name: '国家级推荐', start: '2024-11-01', end: '2024-11-15' },
  ],
});
