// PIPL for experts (issue 18 item 6): an expert gets what review needs and nothing more — 404 for the 信息表 (generated
// or uploaded; it carries full phone numbers), no phone number in any response, no case history; whether names and
// units show is the round's setting (open by default, as the notices imply; blind hides them), and the expert's page
// says which. The public library shows no phone number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { MASKED_MOBILE_IN_TEXT, MOBILE_IN_TEXT } from '../../testing/phones.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let expert: ReturnType<typeof apiClient>;
let task: { roundId: string; caseId: string };

/** Any phone number: 11 digits, or masked like 138****0001. */
const PHONE = new RegExp(`${MOBILE_IN_TEXT.source}|${MASKED_MOBILE_IN_TEXT.source}`, 'i');

beforeAll(async () => {
  srv = await startTestServer({ demo: true });
  expert = apiClient(srv.app);
  await expert.login('13900000099');
  const tasks = (await expert.get('/api/review/tasks')).body.tasks;
  expect(tasks.length).toBeGreaterThan(0);
  task = { roundId: tasks[0].roundId, caseId: tasks[0].caseId };
});
afterAll(async () => srv?.close());

describe('what an expert sees', () => {
  it('gets 404 for the 信息表, generated or uploaded', async () => {
    expect((await expert.get(`/api/cases/${task.caseId}/info-form.pdf`)).status).toBe(404);
    expect((await expert.get(`/api/cases/${task.caseId}/info-form.docx`)).status).toBe(404);
    const infoForms = await srv.db.query<{ id: string }>(`select id from files where case_id = $1 and slot like 'infoform%'`, [task.caseId]);
    expect(infoForms.length).toBeGreaterThan(0);
    for (const f of infoForms) expect((await expert.get(`/api/files/${f.id}/content`)).status).toBe(404);
    const slots = (await expert.get(`/api/cases/${task.caseId}/files`)).body.map((s: any) => s.slot);
    expect(slots).toContain('courseware');
    expect(slots.filter((s: string) => s.startsWith('infoform'))).toEqual([]);
    // The organiser still gets them.
    const org = apiClient(srv.app);
    await org.login('13900000000');
    expect((await org.get(`/api/cases/${task.caseId}/info-form.pdf`)).status).toBe(200);
  });

  it('sees no phone number in any response, and no case history', async () => {
    const urls = [
      '/api/review/tasks',
      `/api/review/rounds/${task.roundId}/cases/${task.caseId}`,
      `/api/cases/${task.caseId}`,
      `/api/cases/${task.caseId}/files`,
      '/api/notices',
      '/api/library',
      '/api/results',
    ];
    for (const url of urls) {
      const r = await expert.get(url);
      expect(r.status, url).toBe(200);
      expect(JSON.stringify(r.body), url).not.toMatch(PHONE);
    }
    expect((await expert.get(`/api/cases/${task.caseId}`)).body.history).toEqual([]);
  });

  it('open review by default: names and units shown and the page says so; a blind round hides them', async () => {
    const open = (await expert.get(`/api/review/rounds/${task.roundId}/cases/${task.caseId}`)).body;
    expect(open.round.blind).toBe(false);
    expect(open.round.reviewModeLabel).toMatch(/^实名评审/);
    expect(open.case.authorName).toBe('陈老师');
    expect(open.case.form.authors[0]).toMatchObject({ name: '陈老师' });
    expect(open.case.form.authors[0].unit).toBeTruthy();

    await srv.db.query('update review_rounds set blind = true where id = $1', [task.roundId]);
    const blind = (await expert.get(`/api/review/rounds/${task.roundId}/cases/${task.caseId}`)).body;
    expect(blind.round.reviewModeLabel).toMatch(/^匿名评审/);
    expect(blind.case.authorName).toBe('（匿名评审）');
    const text = JSON.stringify(blind.case);
    expect(text).not.toContain('陈老师');
    expect(text).not.toContain(open.case.form.authors[0].unit);
    expect((await expert.get('/api/review/tasks')).body.tasks[0].reviewMode).toBe('匿名评审');
    await srv.db.query('update review_rounds set blind = false where id = $1', [task.roundId]);
  });

  it('lets the organiser choose blind review when creating a round', async () => {
    const org = apiClient(srv.app);
    await org.login('13900000000');
    const r = await org.post('/api/org/review/rounds', { callId: 'teacher-training-2026', name: '匿名轮次', caseTypes: ['evidence-research'], perCase: 2, blind: true });
    expect(r.status).toBe(200);
    expect(r.body.blind).toBe(true);
    const d = await org.post('/api/org/review/rounds', { callId: 'teacher-training-2026', name: '默认轮次', caseTypes: ['evidence-research'], perCase: 2 });
    expect(d.body.blind).toBe(false);
  });
});
