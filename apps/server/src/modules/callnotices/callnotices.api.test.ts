// 活动通知 through the HTTP app: the built-in text is an unpublished draft; only the organiser edits, publishes and
// attaches files; visitors see a notice (and download its attachments) only once it is published; every change is
// in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server.ts';
import { apiClient } from '../../testing/client.ts';
import { buildUser } from '../../testing/factories.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let org: ReturnType<typeof apiClient>;
let author: ReturnType<typeof apiClient>;
let visitor: ReturnType<typeof apiClient>;
const CALL = 'teacher-training-2026';

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  const o = await buildUser(server.services, 'organiser', null);
  const a = await buildUser(server.services, 'author', '110000');
  org = apiClient(server.app);
  author = apiClient(server.app);
  visitor = apiClient(server.app);
  await org.login(o.phone, o.password);
  await author.login(a.phone, a.password);
});
afterAll(() => server?.close());

const upload = (client: ReturnType<typeof apiClient>, name: string, bytes: Buffer) =>
  server.app.inject({
    method: 'POST',
    url: `/api/org/calls/${CALL}/notice/attachments?fileName=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'application/octet-stream', ...(client.cookie ? { cookie: client.cookie } : {}) },
    payload: bytes,
  });

describe('call notices', () => {
  it('starts from the seed notice as an unpublished draft, which visitors cannot see', async () => {
    const draft = await org.get(`/api/org/calls/${CALL}/notice`);
    expect(draft.status).toBe(200);
    expect(draft.body.builtIn).toBe(true);
    expect(draft.body.publishedAt).toBeNull();
    expect(draft.body.body).toContain('人机协同循证教研案例');
    expect(draft.body.contacts).toContain('jsyxmoe@163.com');
    expect((await visitor.get(`/api/public/calls/${CALL}/notice`)).status).toBe(404);
    expect((await visitor.get('/api/public/notices')).body).toEqual([]);
  });

  it('lets only the organiser edit, attach and publish', async () => {
    expect((await visitor.get(`/api/org/calls/${CALL}/notice`)).status).toBe(401);
    expect((await author.get(`/api/org/calls/${CALL}/notice`)).status).toBe(403);
    expect((await author.put(`/api/org/calls/${CALL}/notice`, { title: 'x', body: 'y' })).status).toBe(403);
    expect((await author.post(`/api/org/calls/${CALL}/notice/publish`)).status).toBe(403);
    expect((await upload(author, '模板.docx', Buffer.from('PK..'))).statusCode).toBe(403);
    expect((await org.put(`/api/org/calls/${CALL}/notice`, { title: '', body: '' })).status).toBe(400);
    expect((await upload(org, '脚本.exe', Buffer.from('MZ'))).statusCode).toBe(400);
  });

  it('publishes the notice with its attachments; visitors read and download them; withdrawing hides them again', async () => {
    const saved = await org.put(`/api/org/calls/${CALL}/notice`, {
      title: '关于开展 2026 年教师研修专项案例征集的通知',
      documentNo: '教技资〔2026〕1号',
      body: '一、项目设置\n\n征集两类案例。',
      contacts: '联系人：测试\n邮箱：jsyxmoe@163.com',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.builtIn).toBe(false);
    const bytes = Buffer.from('模板内容 template bytes');
    const up = await upload(org, '附5.1 案例信息表模板.docx', bytes);
    expect(up.statusCode).toBe(200);
    const attachment = up.json().attachments[0];
    expect(attachment).toMatchObject({ name: '附5.1 案例信息表模板.docx', size: bytes.length });
    // Not published yet: the attachment is not public either.
    expect((await visitor.get(`/api/public/calls/${CALL}/notice/attachments/${attachment.id}`)).status).toBe(404);

    expect((await org.post(`/api/org/calls/${CALL}/notice/publish`)).body.publishedAt).toBeTruthy();
    const pub = await visitor.get(`/api/public/calls/${CALL}/notice`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ title: '关于开展 2026 年教师研修专项案例征集的通知', documentNo: '教技资〔2026〕1号', body: '一、项目设置\n\n征集两类案例。' });
    const list = await visitor.get('/api/public/notices');
    expect(list.body.map((n: { callId: string }) => n.callId)).toEqual([CALL]);
    expect(list.body[0].attachments).toHaveLength(1);
    const dl = await visitor.get(`/api/public/calls/${CALL}/notice/attachments/${attachment.id}`);
    expect(dl.status).toBe(200);
    expect(dl.raw.equals(bytes)).toBe(true);
    expect(String(dl.headers['content-disposition'])).toContain(encodeURIComponent('附5.1 案例信息表模板.docx'));
    // An attachment id of another call is not found through this call.
    expect((await visitor.get(`/api/public/calls/teacher-ai-2025/notice/attachments/${attachment.id}`)).status).toBe(404);

    expect((await org.post(`/api/org/calls/${CALL}/notice/unpublish`)).body.publishedAt).toBeNull();
    expect((await visitor.get(`/api/public/calls/${CALL}/notice`)).status).toBe(404);
    expect((await visitor.get(`/api/public/calls/${CALL}/notice/attachments/${attachment.id}`)).status).toBe(404);

    expect((await org.del(`/api/org/calls/${CALL}/notice/attachments/${attachment.id}`)).body.attachments).toEqual([]);
    const events = await server.db.query<{ event: string }>(`select event from audit_log where object_type = 'call' and object_id = $1 and event like 'call_notice.%' order by id`, [CALL]);
    expect(events.map((e) => e.event)).toEqual(['call_notice.save', 'call_notice.attachment_add', 'call_notice.publish', 'call_notice.unpublish', 'call_notice.attachment_remove']);
  });

  it('answers 404 for an unknown call', async () => {
    expect((await visitor.get('/api/public/calls/no-such-call/notice')).status).toBe(404);
  });
});
