// The province ZIP is produced as it is read: a certificate is rendered only when the client wants more bytes, so
// memory holds about one PDF, never all of them; the archive is complete and names entries in UTF-8.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CallsService } from '../calls/calls.service.ts';
import type { Db } from '../../infra/db/db.ts';
import { certificateNumber } from './certificate.number.ts';
import { certificatesService, type CertificateRow } from './certificate.service.ts';

const rows: CertificateRow[] = Array.from({ length: 40 }, (_, i) => ({
  number: certificateNumber('teacher-ai-2025', i + 1),
  call_id: 'teacher-ai-2025',
  seq: i + 1,
  case_id: `case-${i}`,
  province_code: '110000',
  content: {
    callTitle: '活动', caseTitle: `案例:第${i + 1}号/测试`, caseTypeName: '类型', authors: ['张明'], unit: '单位', provinceName: '北京市', award: '典型案例', issuedAt: '2026-01-05',
  },
  issued_at: new Date('2026-01-05T02:00:00Z'),
  revoked_at: null,
  revoke_reason: null,
}));

describe('certificate ZIP stream', () => {
  it('renders lazily as the stream is read and holds every certificate at the end', async () => {
    const service = certificatesService({ db: {} as Db, clock: { now: () => Date.now() } as any, calls: {} as CallsService, publicUrl: 'http://x', secret: 'x'.repeat(32) });
    let rendered = 0;
    const pdfs = new Map<string, Uint8Array>();
    const stream = service.zipStream(rows, async (r) => {
      rendered++;
      const pdf = new Uint8Array(randomBytes(120_000)); // about the size of a certificate
      pdfs.set(r.number, pdf);
      return pdf;
    });
    const chunks: Buffer[] = [];
    const it = stream[Symbol.asyncIterator]();
    chunks.push(Buffer.from((await it.next()).value));
    await new Promise((r) => setTimeout(r, 50));
    // Nothing reads on: the stream has rendered one or two certificates, not forty.
    expect(rendered).toBeLessThanOrEqual(2);
    for (let n = await it.next(); !n.done; n = await it.next()) chunks.push(Buffer.from(n.value));
    expect(rendered).toBe(40);
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const names = Object.keys(files);
    expect(names).toHaveLength(40);
    // Unsafe path characters are replaced; Chinese names survive (UTF-8 flag).
    expect(names[0]).toBe(`${rows[0]!.number}-案例_第1号_测试.pdf`);
    for (const r of rows) {
      const name = names.find((n) => n.startsWith(r.number))!;
      expect(Buffer.compare(Buffer.from(files[name]!), Buffer.from(pdfs.get(r.number)!))).toBe(0);
    }
    // Info-ZIP (what Linux and macOS users have) lists the Chinese names and Beijing times, not mojibake or UTC.
    const dir = mkdtempSync(join(tmpdir(), 'anli-zip-'));
    try {
      writeFileSync(join(dir, 'c.zip'), Buffer.concat(chunks));
      const listing = execFileSync('unzip', ['-l', join(dir, 'c.zip')], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
      expect(listing).toContain(`${rows[0]!.number}-案例_第1号_测试.pdf`);
      expect(listing).toMatch(/2026-01-05 10:00/); // issued 02:00 UTC = 10:00 in Beijing
      const info = execFileSync('zipinfo', [join(dir, 'c.zip')], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
      expect(info).toMatch(/-rw-r--r--\s+\S+\s+unx/); // made on Unix, ordinary file permissions
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
