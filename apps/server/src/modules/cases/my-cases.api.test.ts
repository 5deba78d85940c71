// 我的案例 is one complete list, not a page (an author's cases are few: most calls take one per author, and the page
// needs every open case's call for its deadlines): newest change first, capped at MY_CASES_MAX rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';
import { MY_CASES_MAX } from '@anli/contracts/cases.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let author: ReturnType<typeof apiClient>;
let other: ReturnType<typeof apiClient>;

beforeAll(async () => {
  srv = await startTestServer({ demo: false });
  const a = await buildUser(srv.services, 'author', '110000');
  author = apiClient(srv.app);
  await author.login(a.phone, a.password);
  const b = await buildUser(srv.services, 'author', '110000');
  other = apiClient(srv.app);
  await other.login(b.phone, b.password);
  // Two drafts more than the cap, 草稿001 the most recently changed.
  await srv.db.query(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title, updated_at)
     select 'teacher-ai-2025', 'ai-application', $1, '110000', 'draft', '{}'::jsonb, '草稿' || lpad(g::text, 3, '0'), now() - make_interval(mins => g)
     from generate_series(1, $2::int) g`,
    [a.id, MY_CASES_MAX + 2],
  );
}, 300_000);
afterAll(async () => srv?.close());

describe('我的案例', () => {
  it('lists the author\'s own cases, newest change first, at most MY_CASES_MAX of them', async () => {
    const r = await author.get('/api/my/cases');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(MY_CASES_MAX);
    expect(r.body.slice(0, 2).map((c: any) => c.title)).toEqual(['草稿001', '草稿002']);
    expect(r.body.at(-1).title).toBe(`草稿${String(MY_CASES_MAX).padStart(3, '0')}`);
    expect((await other.get('/api/my/cases')).body).toEqual([]);
  });
});
