import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.ts';
import { apiClient } from './testing/client.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('smoke', () => {
  it('health answers 200 and demo logins work', async () => {
    const c = apiClient(srv.app);
    expect((await c.get('/api/health')).status).toBe(200);
    const u = await c.login('13800000001');
    expect(u.role).toBe('author');
    const mine = await c.get('/api/my/cases');
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0].state).toBe('submitted');
  });
});
