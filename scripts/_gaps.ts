import { startTestServer } from '../apps/server/src/testing/test-server.ts';
const srv = await startTestServer({ demo: false });
const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
const gaps: string[] = [];
let n = 0;
for (const [p, ops] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(ops)) {
  n++;
  const hasResp = !!op.responses?.['200']?.content;
  const needsBody = ['post', 'put', 'patch'].includes(m);
  const hasBody = !!op.requestBody;
  const params = (p.match(/\{/g) ?? []).length;
  const hasParams = (op.parameters ?? []).filter((x: any) => x.in === 'path').length >= params;
  const miss = [!hasResp && 'response', needsBody && !hasBody && 'body', !hasParams && 'params'].filter(Boolean);
  if (miss.length) gaps.push(`${m.toUpperCase()} ${p}: ${miss.join(',')}`);
}
console.log(n, 'operations;', gaps.length, 'with gaps'); console.log(gaps.join('\n'));
await srv.close(); process.exit(0);
