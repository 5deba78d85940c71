import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeQrFromImageFile } from '@anli/checks/courseware/qr.ts';
import {
  callCode,
  certificateNumber,
  certificateVerifyUrl,
  parseCertificateNumber,
  signCertificate,
  verifyCertificateToken,
} from './certificate.number.ts';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { CERTIFICATE_ORGANISER, certificateBody, chineseDate, renderCertificatePdf, type CertificateInput } from './certificate.pdf.ts';

const SECRET = 'test-secret-0123456789abcdef';

describe('certificate numbers', () => {
  it('reads ANLI-<year>-<call code>-<seq>-<check>', () => {
    const n = certificateNumber('teacher-ai-2025', 123);
    expect(n).toMatch(/^ANLI-2025-[0-9A-Z]{3}-000123-[0-9A-Z]$/);
    expect(n.split('-')[2]).toBe(callCode('teacher-ai-2025'));
    expect(parseCertificateNumber(n)).toEqual({ number: n, year: 2025, callCode: callCode('teacher-ai-2025'), seq: 123 });
  });

  it('is unique per call and sequence', () => {
    const all = new Set<string>();
    for (const call of ['teacher-ai-2025', 'teacher-evidence-2026', 'teacher-ai-2026']) {
      for (let seq = 1; seq <= 2000; seq++) all.add(certificateNumber(call, seq));
    }
    expect(all.size).toBe(6000);
    expect(() => certificateNumber('teacher-ai-2025', 0)).toThrow(RangeError);
    expect(() => certificateNumber('no-year', 1)).toThrow(/year/);
  });

  it('catches every single mistyped character and every swap of adjacent characters', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (const seq of [1, 42, 123456, 999999]) {
      const n = certificateNumber('teacher-ai-2025', seq);
      for (let i = 5; i < n.length; i++) {
        if (n[i] === '-') continue;
        for (const ch of alphabet) {
          if (ch === n[i]) continue;
          const typo = n.slice(0, i) + ch + n.slice(i + 1);
          const parsed = parseCertificateNumber(typo);
          // A typo in the year may still be a well-formed number of another year, but never this one.
          if (parsed) expect(parsed.number).not.toBe(n);
          if (parsed) expect(i >= 5 && i <= 8).toBe(true);
        }
      }
      const chars = n.replace(/-/g, '');
      const body = chars.slice(4); // after ANLI
      for (let i = 0; i + 1 < body.length; i++) {
        if (body[i] === body[i + 1]) continue;
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        const s = `ANLI-${swapped.slice(0, 4)}-${swapped.slice(4, 7)}-${swapped.slice(7, 13)}-${swapped.slice(13)}`;
        expect(parseCertificateNumber(s), `${n} → ${s}`).toBeNull();
      }
    }
  });

  it('forgives case, spaces and look-alike letters when typed', () => {
    const n = certificateNumber('teacher-ai-2025', 7);
    expect(parseCertificateNumber(` ${n.toLowerCase()} `)?.number).toBe(n);
    const withO = n.replace(/0/g, 'O');
    expect(parseCertificateNumber(withO)?.number).toBe(n);
    expect(parseCertificateNumber(n.replace('ANLI', 'ANL1'))).toBeNull();
    expect(parseCertificateNumber('ANLI-2025-ABC-000000-0')).toBeNull();
    expect(parseCertificateNumber('hello')).toBeNull();
  });
});

describe('verification token', () => {
  const n = certificateNumber('teacher-ai-2025', 88);
  const token = signCertificate(n, SECRET);

  it('verifies a genuine token and rejects forged ones', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifyCertificateToken(n, token, SECRET)).toBe(true);
    // Forged: one character changed, another number's token, another secret, junk.
    const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
    expect(verifyCertificateToken(n, flipped, SECRET)).toBe(false);
    expect(verifyCertificateToken(n, signCertificate(certificateNumber('teacher-ai-2025', 89), SECRET), SECRET)).toBe(false);
    expect(verifyCertificateToken(n, signCertificate(n, 'another-secret-0123456789'), SECRET)).toBe(false);
    expect(verifyCertificateToken(n, '', SECRET)).toBe(false);
    expect(verifyCertificateToken('ANLI-2025-XXX-000088-0', token, SECRET)).toBe(false);
  });

  it('accepts the number as a person types it', () => {
    expect(verifyCertificateToken(n.toLowerCase(), token, SECRET)).toBe(true);
  });

  it('refuses a short secret', () => {
    expect(() => signCertificate(n, 'short')).toThrow(/16 bytes/);
  });

  it('builds the verify URL printed as the QR code', () => {
    expect(certificateVerifyUrl('https://anli.example.cn/', n, SECRET)).toBe(`https://anli.example.cn/verify/${n}?t=${token}`);
  });
});

// ---------- the PDF ----------

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((it) => ('str' in it ? it.str : '')).join('');
  await doc.destroy();
  return text;
}

async function fontNames(bytes: Uint8Array): Promise<{ names: string[]; embedded: boolean[] }> {
  const doc = await PDFDocument.load(bytes);
  const names: string[] = [];
  const embedded: boolean[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.get(PDFName.of('Type')) === PDFName.of('Font')) names.push(String(obj.get(PDFName.of('BaseFont'))));
    if (obj.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) embedded.push(obj.has(PDFName.of('FontFile2')));
  }
  return { names, embedded };
}

const number = certificateNumber('teacher-ai-2025', 123);
const sample: CertificateInput = {
  number,
  callTitle: '2025年教师人工智能应用案例征集活动',
  caseTitle: '基于国产大模型的初中物理实验探究教学实践',
  caseTypeName: '人工智能应用案例',
  authors: ['张明', '李晓红', '王建国'],
  unit: '北京市第一中学',
  provinceName: '北京市',
  award: '优秀案例',
  issuedAt: '2025-12-18',
  verifyUrl: certificateVerifyUrl('https://anli.example.cn', number, SECRET),
};

const outDir = mkdtempSync(join(tmpdir(), 'anli-cert-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Renders page 1 with pdftoppm and returns the texts of the QR codes zxing finds in it. */
function renderPng(pdf: Uint8Array, name: string, dpi = 150): Uint8Array {
  const file = join(outDir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', file, join(outDir, name)]);
  return readFileSync(join(outDir, `${name}.png`));
}

describe('renderCertificatePdf', () => {
  it('writes the title, names, case, unit, award, organiser, date and number as extractable Chinese text', async () => {
    const pdf = await renderCertificatePdf(sample);
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('荣誉证书');
    for (const a of sample.authors) expect(text).toContain(a);
    expect(text).toContain('《基于国产大模型的初中物理实验探究教学实践》');
    expect(text).toContain('北京市第一中学');
    expect(text).toContain('被评为“优秀案例”');
    expect(text).toContain('特发此证，以资鼓励。');
    expect(text).toContain(CERTIFICATE_ORGANISER);
    expect(text).toContain('2025年12月18日');
    expect(text).toContain(`证书编号：${number}`);
  });

  it('issuer and award wording are call data: a 2026 certificate is issued by the 组委会 and names the case 入围; 2025 keeps 典型案例 and the centre', async () => {
    const c2026 = findCall('teacher-training-2026')!.certificate;
    const pdf = await renderCertificatePdf({ ...sample, callTitle: '2026 年教师研修专项案例征集', award: c2026.defaultAward, issuer: c2026.issuer, statement: c2026.statement });
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('全国师生数字素养提升实践活动（第三十届教师活动）组委会');
    expect(text).toContain('入围全国推荐案例名单');
    expect(text).not.toContain('被评为');
    expect(text).not.toContain(CERTIFICATE_ORGANISER);
    writeFileSync(join(outDir, 'cert-2026.pdf'), pdf);
    const c2025 = findCall('teacher-ai-2025')!.certificate;
    expect(c2025.defaultAward).toBe('典型案例');
    expect(c2025.issuer).toBe(CERTIFICATE_ORGANISER);
    const old = (await pdfText(await renderCertificatePdf({ ...sample, award: c2025.defaultAward, issuer: c2025.issuer, statement: c2025.statement }))).replace(/\s+/g, '');
    expect(old).toContain('被评为“典型案例”');
    expect(old).toContain(CERTIFICATE_ORGANISER);
  });

  it('embeds the fonts as subsets and stays far below 150 KB', async () => {
    const pdf = await renderCertificatePdf(sample);
    const { names, embedded } = await fontNames(pdf);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const n of names) expect(n).toMatch(/^\/[A-Z]{6}\+NotoSerifSC/);
    expect(embedded.length).toBeGreaterThanOrEqual(2);
    expect(embedded.every(Boolean)).toBe(true);
    expect(pdf.length).toBeLessThan(150 * 1024);
  });

  it('carries a QR code that decodes to the verify URL', async () => {
    for (const seq of [1, 123, 98765]) {
      const n = certificateNumber('teacher-ai-2025', seq);
      const url = certificateVerifyUrl('https://anli.example.cn', n, SECRET);
      const png = renderPng(await renderCertificatePdf({ ...sample, number: n, verifyUrl: url }), `qr-${seq}`, 100);
      expect(await decodeQrFromImageFile(png)).toEqual([url]);
    }
  });

  it('fits long inputs: many authors, a long title and unit shrink the body but keep every word', async () => {
    const long: CertificateInput = {
      ...sample,
      authors: ['欧阳明月', '司马相如', '诸葛孔明', '上官婉儿', '东方未明'],
      caseTitle: '人机协同视域下基于多源多模态课堂数据与教师数字画像的区域教研转型与教师专业发展评价改革实践探索研究',
      unit: '新疆生产建设兵团第十二师五一农场学校教育集团（乌鲁木齐市第一百三十六中学）',
      provinceName: '新疆生产建设兵团',
      award: '优秀案例（一等）',
    };
    const pdf = await renderCertificatePdf(long);
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain(long.caseTitle.slice(0, 20));
    expect(text).toContain(long.caseTitle.slice(-20));
    for (const a of long.authors) expect(text).toContain(a);
    expect(text).toContain(CERTIFICATE_ORGANISER);
    renderPng(pdf, 'long', 60); // renders without error
  });

  it('phrases the body for one author or several', () => {
    expect(certificateBody({ ...sample, authors: ['张明'] }).paragraph.startsWith('你（')).toBe(true);
    expect(certificateBody(sample).paragraph.startsWith('你们（')).toBe(true);
    expect(certificateBody(sample).salutation).toBe('张明、李晓红、王建国：');
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(() => chineseDate('2026/01/05')).toThrow();
  });
});
