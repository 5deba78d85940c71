import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import {
  XmlDoctypeError,
  XmlParseError,
  ZipBudgetError,
  ZipEncryptedError,
  ZipEntryMissingError,
  ZipFormatError,
  memorySource,
  openZip,
  parseXml,
  readContentTypes,
  readRels,
  resolvePartTarget,
} from './index.ts';

describe('openZip', () => {
  it('reads entries by case-insensitive part name', async () => {
    const z = zipSync({ 'word/document.xml': strToU8('<w:document/>'), 'docProps/core.xml': strToU8('x'.repeat(5000)) });
    const a = await openZip(memorySource(z));
    expect(a.names().sort()).toEqual(['docProps/core.xml', 'word/document.xml']);
    expect(a.has('/WORD/Document.xml')).toBe(true);
    expect(await a.text('/word/document.xml')).toBe('<w:document/>');
    expect((await a.bytes('docProps/core.xml')).length).toBe(5000);
    await expect(a.bytes('word/missing.xml')).rejects.toBeInstanceOf(ZipEntryMissingError);
  });

  it('reads stored entries', async () => {
    const z = zipSync({ 'a.txt': [strToU8('hello'), { level: 0 }] });
    const a = await openZip(memorySource(z));
    expect(await a.text('a.txt')).toBe('hello');
  });

  it('stops a zip bomb at the budget (10 MB of zeros, budget 1 MB)', async () => {
    const zeros = new Uint8Array(12 * 1024 * 1024);
    const z = zipSync({ 'word/document.xml': zeros }, { level: 9 });
    expect(z.length).toBeLessThan(64 * 1024);
    const a = await openZip(memorySource(z), { maxEntryBytes: 1024 * 1024 });
    const err = await a.bytes('word/document.xml').catch((e) => e);
    expect(err).toBeInstanceOf(ZipBudgetError);
    expect(err.message).toMatch(/安全上限/);
    // Total budget across entries.
    const z2 = zipSync({ a: new Uint8Array(600_000), b: new Uint8Array(600_000) });
    const a2 = await openZip(memorySource(z2), { maxTotalBytes: 1_000_000 });
    await a2.bytes('a');
    await expect(a2.bytes('b')).rejects.toBeInstanceOf(ZipBudgetError);
  });

  it('does not trust the declared size', async () => {
    const z = zipSync({ 'x.bin': new Uint8Array(3 * 1024 * 1024) });
    // Patch declared uncompressed size (central directory and local header) to 10 bytes.
    const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
    for (let i = 0; i < z.length - 4; i++) {
      const sig = dv.getUint32(i, true);
      if (sig === 0x02014b50) dv.setUint32(i + 24, 10, true);
      if (sig === 0x04034b50) dv.setUint32(i + 22, 10, true);
    }
    const a = await openZip(memorySource(z), { maxEntryBytes: 1024 * 1024 });
    await expect(a.bytes('x.bin')).rejects.toBeInstanceOf(ZipBudgetError);
  });

  it('refuses too many entries', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 120; i++) files[`f${i}.txt`] = strToU8('x');
    const z = zipSync(files);
    await expect(openZip(memorySource(z), { maxEntries: 100 })).rejects.toBeInstanceOf(ZipBudgetError);
  });

  it('gives typed errors for truncated, empty and non-zip input', async () => {
    const z = zipSync({ 'word/document.xml': strToU8('<w:document>' + 'abc'.repeat(1000) + '</w:document>') });
    await expect(openZip(memorySource(z.subarray(0, z.length - 30)))).rejects.toBeInstanceOf(ZipFormatError);
    await expect(openZip(memorySource(new Uint8Array(0)))).rejects.toBeInstanceOf(ZipFormatError);
    await expect(openZip(memorySource(strToU8('%PDF-1.4 hello world, not a zip at all')))).rejects.toBeInstanceOf(ZipFormatError);
    // Central directory intact but data cut in the middle: corrupt data gives a typed error on read.
    const big = zipSync({ 'a.bin': crypto.getRandomValues(new Uint8Array(50_000)) }, { level: 0 });
    const broken = big.slice();
    broken.fill(0, 100, 20_000);
    const a = await openZip(memorySource(broken));
    await expect(a.bytes('a.bin')).rejects.toBeInstanceOf(ZipFormatError);
  });

  it('reads ZIP64 archives (zip64 EOCD, locator and extra field)', async () => {
    const name = strToU8('word/document.xml');
    const data = strToU8('<w:document>zip64</w:document>');
    // CRC-32 of the data.
    let c = 0xffffffff;
    for (const b of data) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    const crc = (c ^ 0xffffffff) >>> 0;
    const parts: Uint8Array[] = [];
    const w = (n: number, f: (dv: DataView) => void) => {
      const b = new Uint8Array(n);
      f(new DataView(b.buffer));
      parts.push(b);
    };
    // Local header (sizes 0xFFFFFFFF + zip64 extra).
    w(30, (d) => {
      d.setUint32(0, 0x04034b50, true); d.setUint16(4, 45, true); d.setUint16(8, 0, true);
      d.setUint32(14, crc, true); d.setUint32(18, 0xffffffff, true); d.setUint32(22, 0xffffffff, true);
      d.setUint16(26, name.length, true); d.setUint16(28, 20, true);
    });
    parts.push(name);
    w(20, (d) => { d.setUint16(0, 1, true); d.setUint16(2, 16, true); d.setBigUint64(4, BigInt(data.length), true); d.setBigUint64(12, BigInt(data.length), true); });
    parts.push(data);
    const cdOffset = parts.reduce((n, p) => n + p.length, 0);
    w(46, (d) => {
      d.setUint32(0, 0x02014b50, true); d.setUint16(4, 45, true); d.setUint16(6, 45, true); d.setUint16(10, 0, true);
      d.setUint32(16, crc, true); d.setUint32(20, 0xffffffff, true); d.setUint32(24, 0xffffffff, true);
      d.setUint16(28, name.length, true); d.setUint16(30, 28, true); d.setUint32(42, 0xffffffff, true);
    });
    parts.push(name);
    w(28, (d) => {
      d.setUint16(0, 1, true); d.setUint16(2, 24, true);
      d.setBigUint64(4, BigInt(data.length), true); d.setBigUint64(12, BigInt(data.length), true); d.setBigUint64(20, 0n, true);
    });
    const z64Offset = parts.reduce((n, p) => n + p.length, 0);
    const cdSize = z64Offset - cdOffset;
    w(56, (d) => {
      d.setUint32(0, 0x06064b50, true); d.setBigUint64(4, 44n, true); d.setUint16(12, 45, true); d.setUint16(14, 45, true);
      d.setBigUint64(24, 1n, true); d.setBigUint64(32, 1n, true); d.setBigUint64(40, BigInt(cdSize), true); d.setBigUint64(48, BigInt(cdOffset), true);
    });
    w(20, (d) => { d.setUint32(0, 0x07064b50, true); d.setBigUint64(8, BigInt(z64Offset), true); d.setUint32(16, 1, true); });
    w(22, (d) => {
      d.setUint32(0, 0x06054b50, true); d.setUint16(8, 0xffff, true); d.setUint16(10, 0xffff, true);
      d.setUint32(12, 0xffffffff, true); d.setUint32(16, 0xffffffff, true);
    });
    const zip = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) (zip.set(p, o), (o += p.length));
    const a = await openZip(memorySource(zip));
    expect(a.names()).toEqual(['word/document.xml']);
    expect(await a.text('word/document.xml')).toBe('<w:document>zip64</w:document>');
  });

  it('refuses encrypted entries', async () => {
    const z = zipSync({ 'a.txt': strToU8('secret') });
    const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
    for (let i = 0; i < z.length - 4; i++) {
      const sig = dv.getUint32(i, true);
      if (sig === 0x02014b50) dv.setUint16(i + 8, dv.getUint16(i + 8, true) | 1, true);
    }
    const a = await openZip(memorySource(z));
    await expect(a.bytes('a.txt')).rejects.toBeInstanceOf(ZipEncryptedError);
  });
});

describe('parseXml', () => {
  it('keeps order, attributes, prefixes and decodes entities', () => {
    const [root] = parseXml('<w:p w:rsid="1"><w:r><w:t xml:space="preserve"> a &amp; &#x4E2D;</w:t></w:r><w:r><w:t>b</w:t></w:r></w:p>');
    expect(root!.name).toBe('w:p');
    expect(root!.attrs['w:rsid']).toBe('1');
    expect(root!.children.map((c) => c.name)).toEqual(['w:r', 'w:r']);
    expect(root!.children[0]!.children[0]!.children[0]!.text).toBe(' a & 中');
  });

  it('keeps whitespace only where Word means it, reads CDATA as text, and refuses malformed XML', () => {
    const [root] = parseXml('<w:p>\n  <w:r><w:t xml:space="preserve"> </w:t><w:instrText> </w:instrText></w:r>\n  <x><![CDATA[a<b]]></x><y/></w:p>');
    expect(root!.children.map((c) => c.name)).toEqual(['w:r', 'x', 'y']);
    const run = root!.children[0]!;
    expect(run.children.map((c) => c.children[0]?.text)).toEqual([' ', ' ']);
    expect(root!.children[1]!.children[0]).toMatchObject({ name: '#text', text: 'a<b' });
    expect(root!.children[2]!.children).toEqual([]);
    for (const bad of ['<a><b></a>', '<a>', '<a>&nbsp;</a>', '<a x="1" x="2"/>', '<a/><b/>', 'text only'])
      expect(() => parseXml(bad), bad).toThrow(XmlParseError);
  });

  it('absurdly deep nesting gives a typed error or a tree, never a crash', () => {
    const depth = 200_000;
    const xml = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    let outcome = 'tree';
    try {
      parseXml(xml);
    } catch (e) {
      outcome = (e as Error).name;
    }
    expect(['tree', 'XmlParseError']).toContain(outcome);
  });

  it('refuses DOCTYPE (XXE and billion laughs)', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(() => parseXml(laughs)).toThrow(XmlDoctypeError);
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
    expect(() => parseXml(xxe)).toThrow(XmlDoctypeError);
  });
});

describe('relationships', () => {
  it('resolves internal and external targets', async () => {
    const rels =
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://x/image" Target="media/image1.png"/>' +
      '<Relationship Id="rId2" Type="http://x/hyperlink" Target="https://example.com/a?b=1&amp;c=2" TargetMode="External"/>' +
      '<Relationship Id="rId3" Type="http://x/slide" Target="../slides/slide2.xml"/>' +
      '<Relationship Id="rId4" Type="http://x/abs" Target="/word/styles.xml"/></Relationships>';
    const ct =
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
    const z = zipSync({ '[Content_Types].xml': strToU8(ct), 'word/_rels/document.xml.rels': strToU8(rels), 'word/document.xml': strToU8('<x/>') });
    const a = await openZip(memorySource(z));
    const m = await readRels(a, 'word/document.xml');
    expect(m.get('rId1')!.target).toBe('word/media/image1.png');
    expect(m.get('rId2')).toMatchObject({ external: true, target: 'https://example.com/a?b=1&c=2' });
    expect(m.get('rId3')!.target).toBe('slides/slide2.xml');
    expect(m.get('rId4')!.target).toBe('word/styles.xml');
    expect((await readRels(a, 'word/other.xml')).size).toBe(0);
    const types = await readContentTypes(a);
    expect(types.of('/word/document.xml')).toMatch(/document\.main/);
    expect(types.of('word/styles.xml')).toBe('application/xml');
    expect(resolvePartTarget('ppt/slides/slide1.xml', '../media/image%201.png')).toBe('ppt/media/image 1.png');
  });
});
