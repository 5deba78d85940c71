// An example call with chained recommendation (county → city → province → nation), for tests and the demo only: the
// 2026 call's case types and rules with county and city levels added as data. Register it with registerCall().
import { BUILTIN_CALLS } from './builtin.ts';
import { loadCall, type CallDef } from './schema.ts';

const base = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;

export const CHAINED_EXAMPLE_ID = 'chained-example-2026';

export const chainedExampleCall: CallDef = loadCall({
  ...structuredClone(base),
  id: CHAINED_EXAMPLE_ID,
  title: '2026 年教师研修专项案例征集（市县逐级推荐示例）',
  provinceModes: false,
  phases: [
    { id: 'admin_info', name: '省级联系人信息上报', end: '2026-05-11' },
    { id: 'submission', name: '作者报送', start: '2026-06-20', end: '2026-07-31' },
    { id: 'county_recommendation', name: '县级推荐', start: '2026-06-20', end: '2026-08-10' },
    { id: 'city_recommendation', name: '市级推荐', start: '2026-06-20', end: '2026-08-20' },
    { id: 'province_recommendation', name: '省级推荐上报', start: '2026-06-20', end: '2026-08-31' },
    { id: 'national_recommendation', name: '国家级推荐', start: '2026-09-01', end: '2026-09-30' },
  ],
  chain: [
    // 北京海淀 may pass 5 cases to its city; every other county 3.
    { level: 'county', name: '县级推荐', quotaDefault: 3, quotas: { '110108': 5 }, deadlinePhase: 'county_recommendation' },
    { level: 'city', name: '市级推荐', quotaDefault: 10, quotas: {}, deadlinePhase: 'city_recommendation' },
  ],
});
