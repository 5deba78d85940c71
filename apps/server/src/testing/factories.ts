// Test factories: users and cases written straight to the database, for states that would take many requests to reach.
import type { Db } from '../infra/db/db.ts';
import type { Services } from '../app.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';

let seq = 0;
export const uniquePhone = () => `137${String(Date.now() % 100000).padStart(5, '0')}${String(++seq % 1000).padStart(3, '0')}`;

export async function buildUser(s: Services, role: 'author' | 'province_admin' | 'expert' | 'organiser', provinceCode: string | null, phone = uniquePhone()) {
  const u = await s.accounts.createUser({ phone, password: 'Passw0rd!x', name: `${role}-${phone.slice(-4)}`, role, provinceCode });
  return { id: u.id, phone, password: 'Passw0rd!x' };
}

export const validAiForm = (stage = '初中') => ({
  title: `测试案例 ${++seq}`,
  authors: [{ name: '张老师', unit: '测试学校', position: '教师', mobile: '13812345678' }],
  stage,
  subject: '数学',
  tools: [{ name: '国产大模型', type: '网页', fee: '完全免费' }],
  scenario: { main: '助教', typical: '学情分析', micro: '学情报告生成' },
  summary: '这是一个用于测试的案例简介。',
  aiContent: '否',
  domesticTools: true,
  declaration: true,
});

export const validEvidenceForm = () => ({
  title: `循证教研测试案例 ${++seq}`,
  category: '教师案例',
  authors: [{ name: '刘老师', unit: '测试学校', position: '教师', mobile: '13812345679' }],
  scenario: { typical: 'AI 赋能教学反思' },
  tools: [{ name: '国产大模型', type: '网页', fee: '完全免费' }],
  summary: '简介',
  aiContent: '否',
  declaration: true,
  consent: true,
});

export async function buildCase(
  db: Db,
  input: { callId: string; caseType: string; authorId: string; provinceCode: string; state: CaseState; form: Record<string, unknown>; quotaGroup?: string | null },
): Promise<string> {
  const [r] = await db.query<{ id: string }>(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, quota_group, ever_submitted, submitted_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $9 then now() else null end) returning id`,
    [input.callId, input.caseType, input.authorId, input.provinceCode, input.state, JSON.stringify(input.form), String(input.form.title ?? ''), input.quotaGroup ?? null, input.state !== 'draft'],
  );
  return r.id;
}
