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

/** A complete 2025 form; `mobile` is the (only) author's, which must be the submitting account's (form.first_author). */
export const validAiForm = (stage = '初中', mobile = '13812345678') => ({
  title: `测试案例 ${++seq}`,
  authors: [{ name: '张老师', unit: '测试学校', position: '教师', mobile }],
  stage,
  subject: '数学',
  tools: [{ name: '国产大模型', type: '网页', fee: '完全免费' }],
  scenario: { main: '助教', typical: '学情分析', micro: '学情报告生成' },
  summary: '这是一个用于测试的案例简介。',
  aiContent: '否',
  domesticTools: true,
  declaration: true,
  recordingForm: true,
  privacy: true,
});

/** A complete 2026 循证教研 form; `mobile` is the first author's, which must be the submitting account's. */
export const validEvidenceForm = (mobile = '13812345679') => ({
  title: `循证教研测试案例 ${++seq}`,
  category: '教师案例',
  authors: [{ name: '刘老师', unit: '测试学校', position: '教师', mobile }],
  scenario: { typical: 'AI 赋能教学反思' },
  tools: [{ name: '国产大模型', type: '网页', fee: '完全免费' }],
  summary: '简介',
  aiContent: '否',
  declaration: true,
  recordingForm: true,
  privacy: true,
  consent: true,
});

export async function buildCase(
  db: Db,
  input: {
    callId: string; caseType: string; authorId: string; provinceCode: string; state: CaseState; form: Record<string, unknown>; quotaGroup?: string | null;
    /** Keep the form's first author as given (a test of form.first_author); otherwise it is the account's mobile. */
    keepFirstAuthor?: boolean;
  },
): Promise<string> {
  // form.first_author: the first author submits, so a case an account files names the account's mobile first.
  const authors = input.form.authors;
  if (!input.keepFirstAuthor && Array.isArray(authors) && authors[0] && typeof authors[0] === 'object') {
    const [u] = await db.query<{ phone: string }>('select phone from users where id = $1', [input.authorId]);
    if (u) input = { ...input, form: { ...input.form, authors: [{ ...(authors[0] as object), mobile: u.phone }, ...authors.slice(1)] } };
  }
  const [r] = await db.query<{ id: string }>(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, quota_group, ever_submitted, submitted_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $9 then now() else null end) returning id`,
    [input.callId, input.caseType, input.authorId, input.provinceCode, input.state, JSON.stringify(input.form), String(input.form.title ?? ''), input.quotaGroup ?? null, input.state !== 'draft'],
  );
  return r.id;
}

/**
 * Stores a file in a case that a factory created past submission (buildCase with state 'selected' …), as if the
 * author had uploaded it before submitting: the file is current and named by the case's last submission (with its
 * hash), which is what readers other than the author get. Through the service, such a case takes no new file.
 */
export async function storeSubmittedFile(s: Services, db: Db, ownerId: string, caseId: string, slot: string, filename: string, content: Uint8Array) {
  const { createHash, randomBytes } = await import('node:crypto');
  const { Readable } = await import('node:stream');
  const key = randomBytes(16).toString('hex');
  await s.storage.put(key, Readable.from([Buffer.from(content)]), content.length);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return db.tx(async (q) => {
    await q.query('insert into uploads (id, case_id, slot, owner_id, filename, size, completed_at) values ($1, $2, $3, $4, $5, $6, now())', [key, caseId, slot, ownerId, filename, content.length]);
    await q.query('update files set is_current = false, replaced_at = now() where case_id = $1 and slot = $2 and is_current', [caseId, slot]);
    const [f] = await q.query<{ id: string }>(
      'insert into files (case_id, slot, object_key, filename, size, sha256, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7) returning id',
      [caseId, slot, key, filename, content.length, sha256, ownerId],
    );
    const [c] = await q.query<{ submission_count: number }>('update cases set submission_count = greatest(submission_count, 1) where id = $1 returning submission_count', [caseId]);
    await q.query(
      `insert into submission_files (case_id, submission, slot, file_id, sha256, size, submitted_at) values ($1, $2, $3, $4, $5, $6, now())
       on conflict (case_id, submission, slot) do update set file_id = excluded.file_id, sha256 = excluded.sha256, size = excluded.size`,
      [caseId, c.submission_count, slot, f.id, sha256, content.length],
    );
    return f.id;
  });
}
