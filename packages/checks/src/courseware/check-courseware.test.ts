import { spawnSync } from 'node:child_process';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { checkParamsFor } from '@anli/domain/check-params.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ByteSource, CheckOptions, RuleResult } from '../types.ts';
import { memorySource } from '../ooxml/zip.ts';
import { COURSEWARE_RULES, checkCourseware, formatSlides } from './check-courseware.ts';
import {
  TINY_JPEG,
  buildCoursewarePptx,
  buildPptx,
  makeGradientPng,
  makeHugeHeaderPng,
  type PptxSpec,
} from '../../../../scripts/fixtures/pptx.ts';
import { makeQrBmp, makeQrPng, makeQrRgbPng } from '../../../../scripts/fixtures/qr-image.ts';

const opts = (p: Partial<CheckOptions> = {}): CheckOptions => ({ as: 'courseware', params: {}, ...p });

async function check(spec: PptxSpec | Uint8Array, o: Partial<CheckOptions> = {}): Promise<Record<string, RuleResult>> {
  const bytes = spec instanceof Uint8Array ? spec : buildPptx(spec);
  const results = await checkCourseware(memorySource(bytes, 'deck.pptx'), opts(o));
  expect(results.map((r) => r.rule)).toEqual([...COURSEWARE_RULES]);
  for (const r of results) {
    expect(r.message, r.rule).toMatch(/[\u4e00-\u9fff]/);
    expect(r.expected, r.rule).toBeTruthy();
    expect(r.actual, r.rule).not.toBeUndefined();
    if (r.status === 'fail') expect(typeof r.actual, r.rule).toBe('string');
  }
  return Object.fromEntries(results.map((r) => [r.rule, r]));
}

const slidesOf = (r: RuleResult) => (r.details?.slides as number[] | undefined) ?? [];

describe('clean deck', () => {
  it('passes every rule (logos manual) on the bench deck', async () => {
    const r = await check(buildCoursewarePptx({ slides: 30, withImages: true }));
    for (const rule of COURSEWARE_RULES) {
      expect(r[rule]!.status, `${rule}: ${r[rule]!.message}`).toBe(rule === 'courseware.logos' || rule === 'courseware.privacy' ? 'manual' : 'pass');
    }
    expect(r['courseware.qrcodes']!.details?.imagesChecked).toBeGreaterThan(5);
  });

  it('formats slide lists', () => {
    expect(formatSlides([5, 1, 2, 3])).toBe('第1–3、5页');
    expect(formatSlides([2, 3])).toBe('第2、3页');
    expect(formatSlides([7])).toBe('第7页');
  });
});

describe('courseware.hyperlinks', () => {
  it('fails on external links in text, pictures, notes, layouts, masters, charts and SmartArt, naming slides', async () => {
    const png = makeGradientPng();
    const r = await check({
      layoutText: { text: '课程主页', hyperlink: 'https://layout.example.com' },
      masterText: { text: '学校', hyperlink: 'https://master.example.com' },
      slides: [
        { texts: ['封面'] },
        { texts: [{ text: '点这里', hyperlink: 'https://run.example.com' }] },
        { texts: ['图片'], images: [{ bytes: png, ext: 'png', hyperlink: 'http://pic.example.com' }] },
        { texts: ['备注链接'], notes: { text: '参考', hyperlink: 'https://notes.example.com' } },
        { texts: ['图表'], chart: { externalData: 'https://sharepoint.example.com/book.xlsx' } },
        { texts: ['SmartArt'], smartArt: { texts: ['一', '二'], hyperlink: 'https://smartart.example.com' } },
        { texts: [{ text: '运行', action: 'ppaction://program', actionTarget: 'C:\\Windows\\calc.exe' }] },
        { texts: [{ text: '宏', action: 'ppaction://macro?name=Hello' }] },
        { texts: ['链接图片'], images: [{ bytes: png, ext: 'png', linkedTarget: 'file:///C:/pics/a.png' }] },
        { texts: [{ text: '悬停', hyperlink: 'https://hover.example.com', mouseOver: true }] },
      ],
    });
    const h = r['courseware.hyperlinks']!;
    expect(h.status).toBe('fail');
    const actual = (h.details!.items as string[]).join('\n');
    expect(actual).toContain('第2页：超链接「https://run.example.com」');
    expect(actual).toContain('第3页：超链接「http://pic.example.com」');
    expect(actual).toContain('第4页备注：超链接「https://notes.example.com」');
    expect(actual).toMatch(/第5页的图表：.*sharepoint\.example\.com/);
    expect(actual).toMatch(/第6页的SmartArt 图形：.*smartart\.example\.com/);
    expect(actual).toMatch(/第7页：动作：运行程序「C:\\Windows\\calc\.exe」/);
    expect(actual).toMatch(/第8页：动作：运行宏/);
    expect(actual).toMatch(/第9页：链接的外部图片「file:\/\/\/C:\/pics\/a\.png」/);
    expect(actual).toContain('第10页：超链接「https://hover.example.com」');
    expect(actual).toMatch(/版式\/母版（版式 slideLayout1\.xml，用于第1–10页）：超链接「https:\/\/layout\.example\.com」/);
    expect(actual).toMatch(/版式\/母版（母版 slideMaster1\.xml，用于第1–10页）：超链接「https:\/\/master\.example\.com」/);
    expect(slidesOf(h)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.message).toContain('删除链接');
  });

  it('allows jumps inside the deck', async () => {
    const r = await check({
      slides: [
        { texts: [{ text: '跳到第3页', jump: 3 }, { text: '下一页', showJump: 'nextslide' }] },
        { texts: [{ text: '最后一页', showJump: 'lastslide' }] },
        { texts: [{ text: '回到第1页', jump: 1 }] },
      ],
    });
    const h = r['courseware.hyperlinks']!;
    expect(h.status, h.message).toBe('pass');
    expect(h.details?.internalJumps).toBe(4);
  });

  it('reports a hyperlink relationship with a URL even without TargetMode="External"', async () => {
    const r = await check({
      slides: [{ texts: ['一'] }],
      extraRels: { 'ppt/slides/slide1.xml': [['hyperlink', 'https://no-mode.example.com', false], ['hyperlink', 'slide1.xml', false]] },
    });
    expect(r['courseware.hyperlinks']!.status).toBe('fail');
    expect(JSON.stringify(r['courseware.hyperlinks']!.details?.items)).toContain('no-mode.example.com');
    expect((r['courseware.hyperlinks']!.details!.items as string[]).length).toBe(1);
  });

  it('numbers slides by presentation order, not by file name', async () => {
    const r = await check({
      fileOrder: [3, 1, 2],
      slides: [{ texts: ['一'] }, { texts: ['二'] }, { texts: [{ text: '三', hyperlink: 'https://x.example.com' }] }],
    });
    expect(slidesOf(r['courseware.hyperlinks']!)).toEqual([3]);
  });
});

describe('courseware.urls', () => {
  it('fails with slide numbers and the text found, in slides, notes, charts and SmartArt', async () => {
    const r = await check({
      slides: [
        { texts: ['导入'] },
        { texts: ['资源：https://www.smartedu.cn/res'] },
        { texts: ['备注'], notes: '课后访问 abc.edu.cn 下载' },
        { texts: ['图表'], chart: { title: '来源 data.example.org', categories: ['一', '二'] } },
        { texts: ['流程'], smartArt: { texts: ['登录 www.example.com', '完成'] } },
      ],
    });
    const u = r['courseware.urls']!;
    expect(u.status).toBe('fail');
    const actual = (u.details!.items as string[]).join('\n');
    expect(actual).toContain('第2页：「https://www.smartedu.cn/res」');
    expect(actual).toContain('第3页备注：「abc.edu.cn」');
    expect(actual).toContain('第4页的图表：「data.example.org」');
    expect(actual).toContain('第5页的SmartArt 图形：「www.example.com」');
    expect(slidesOf(u)).toEqual([2, 3, 4, 5]);
  });

  it('joins runs of one paragraph (an address split over formatting runs)', async () => {
    const r = await check({ slides: [{ texts: ['x'] }, { texts: [{ text: 'www.example.com' }] }] });
    expect(slidesOf(r['courseware.urls']!)).toEqual([2]);
  });

  it('passes on numbers, file names, e-mail and hyperlink-only targets', async () => {
    const r = await check({
      slides: [
        { texts: ['版本1.5，共3.14分，见图1.png、附件2.docx'] },
        { texts: ['邮箱 teacher@school.edu.cn'] },
        { texts: [{ text: '点击这里', hyperlink: 'https://only-in-link.example.com' }] },
      ],
    });
    expect(r['courseware.urls']!.status, r['courseware.urls']!.message).toBe('pass');
    expect(r['courseware.contacts']!.status).toBe('fail');
    expect(r['courseware.hyperlinks']!.status).toBe('fail');
  });

  it('ignores layout prompt text but reports visible layout/master text', async () => {
    const prompt = await check({ layoutPlaceholderText: '示例 www.example.com', slides: [{ texts: ['正文'] }] });
    expect(prompt['courseware.urls']!.status).toBe('pass');
    const visible = await check({ masterText: '学校网站 www.school.edu.cn', slides: [{ texts: ['正文'] }, { texts: ['正文'] }] });
    expect(visible['courseware.urls']!.status).toBe('fail');
    expect((visible['courseware.urls']!.details!.items as string[])[0]).toContain('版式/母版（母版 slideMaster1.xml，用于第1、2页）');
  });
});

describe('decks without slides', () => {
  it('reports an empty deck without failing on text no slide shows', async () => {
    const r = await check({ masterText: '官网 www.example.com 电话 13812345678', slides: [] });
    expect(r['courseware.format']!.status).toBe('pass');
    expect(r['courseware.format']!.message).toContain('没有幻灯片');
    expect(r['courseware.urls']!.status).toBe('pass');
    expect(r['courseware.contacts']!.status).toBe('fail');
    expect((r['courseware.contacts']!.details!.items as string[])[0]).toContain('未被幻灯片使用');
  });
});

describe('courseware.contacts', () => {
  it('fails on phone, e-mail, QQ and WeChat anywhere, with slide numbers', async () => {
    const r = await check({
      masterText: '咨询电话 0571-88886666',
      slides: [
        { texts: ['封面'] },
        { texts: ['手机：138-1234-5678'] },
        { texts: ['正文'], notes: '联系 zhang@school.edu.cn' },
        { texts: ['QQ：123456789'] },
        { texts: ['微信号：teacher_wang01'] },
        { texts: ['图表'], chart: { title: '客服 400-800-1234' } },
      ],
    });
    const c = r['courseware.contacts']!;
    expect(c.status).toBe('fail');
    const actual = (c.details!.items as string[]).join('\n');
    expect(actual).toContain('第2页：手机号「138-1234-5678」');
    expect(actual).toContain('第3页备注：电子邮箱「zhang@school.edu.cn」');
    expect(actual).toContain('第4页：QQ号「QQ：123456789」');
    expect(actual).toContain('第5页：微信号「微信号：teacher_wang01」');
    expect(actual).toContain('第6页的图表：电话号码「400-800-1234」');
    expect(actual).toMatch(/母版 slideMaster1\.xml.*电话号码「0571-88886666」/);
    expect(slidesOf(c)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('passes on dates, scores and ids', async () => {
    const r = await check({ slides: [{ texts: ['2024年5月1日，平均分 86.5，学号 20231381234567，共 1234567 人次'] }] });
    expect(r['courseware.contacts']!.status, r['courseware.contacts']!.message).toBe('pass');
  });
});

describe('courseware.ai_label', () => {
  it('passes when a slide carries the label, fails when absent, n/a when not declared', async () => {
    const labelled = await check({ slides: [{ texts: ['封面'] }, { texts: ['插图（ＡＩ 生成）'] }] }, { params: { aiContent: true } });
    expect(labelled['courseware.ai_label']!.status).toBe('pass');
    expect(slidesOf(labelled['courseware.ai_label']!)).toEqual([2]);

    const missing = await check({ slides: [{ texts: ['封面'] }], }, { params: { aiContent: true } });
    expect(missing['courseware.ai_label']!.status).toBe('fail');
    expect(missing['courseware.ai_label']!.message).toContain('AI生成');

    const notesOnly = await check({ slides: [{ texts: ['封面'], notes: 'AI生成' }] }, { params: { aiContent: true } });
    expect(notesOnly['courseware.ai_label']!.status).toBe('fail');

    const na = await check({ slides: [{ texts: ['封面'] }] });
    expect(na['courseware.ai_label']!.status).toBe('pass');
    expect(na['courseware.ai_label']!.details?.applicable).toBe(false);
  });

  it('the label is call data: “本图由人工智能生成” passes under 2025 (相应标识) and fails under 2026 (literal “AI生成”)', async () => {
    const c2025 = findCall('teacher-ai-2025')!;
    const c2026 = findCall('teacher-training-2026')!;
    const deck = { slides: [{ texts: ['封面'] }, { texts: ['课堂场景插图', '本图由人工智能生成'] }] };
    const under2025 = await check(deck, { params: checkParamsFor(c2025, c2025.caseTypes[0]!, true) });
    expect(under2025['courseware.ai_label']!.status).toBe('pass');
    const under2026 = await check(deck, { params: checkParamsFor(c2026, c2026.caseTypes[0]!, true) });
    expect(under2026['courseware.ai_label']!.status).toBe('fail');
    expect(under2026['courseware.ai_label']!.message).toContain('“AI生成”');
    for (const label of ['AIGC生成', '由文心一言AI创作', 'AI生成']) {
      const r = await check({ slides: [{ texts: [label] }] }, { params: checkParamsFor(c2025, c2025.caseTypes[0]!, true) });
      expect(r['courseware.ai_label']!.status, label).toBe('pass');
    }
    const plain = await check({ slides: [{ texts: ['使用了人工智能工具辅助备课'] }] }, { params: checkParamsFor(c2025, c2025.caseTypes[0]!, true) });
    expect(plain['courseware.ai_label']!.status).toBe('fail');
  });

  it('counts a label on the master (shown on the slides)', async () => {
    const r = await check({ masterText: '本课件部分图片为AI生成', slides: [{ texts: ['一'] }, { texts: ['二'] }] }, { params: { aiContent: true } });
    expect(r['courseware.ai_label']!.status).toBe('pass');
  });
});

describe('courseware.qrcodes', () => {
  it('fails on a QR code PNG, names the slide and the decoded text', async () => {
    const qr = await makeQrPng('https://qr.example.com/join');
    const r = await check({
      slides: [
        { texts: ['一'], images: [{ bytes: makeGradientPng(), ext: 'png' }] },
        { texts: ['二'] },
        { texts: ['三'], images: [{ bytes: qr, ext: 'png' }] },
      ],
    });
    const q = r['courseware.qrcodes']!;
    expect(q.status).toBe('fail');
    expect(slidesOf(q)).toEqual([3]);
    expect((q.details!.items as string[])[0]).toContain('第3页');
    expect((q.details!.items as string[])[0]).toContain('https://qr.example.com/join');
  });

  it('decodes BMP and our own PNG encoding; maps a shared image to every slide using it', async () => {
    const bmp = await makeQrBmp('微信扫码加群', 4);
    const png = await makeQrRgbPng('group-42', 5);
    const r = await check({
      slides: [{ texts: ['一'], images: [{ bytes: bmp, ext: 'bmp' }] }, { texts: ['二'] }, { texts: ['三'], images: [{ bytes: png, ext: 'png' }] }],
    });
    const q = r['courseware.qrcodes']!;
    expect(q.status).toBe('fail');
    expect(slidesOf(q)).toEqual([1, 3]);
    expect(JSON.stringify(q.details?.items)).toContain('微信扫码加群');
  });

  it('decodes a picture used on several slides once and reports every slide', async () => {
    const qr = await makeQrPng('shared-code');
    const r = await check({
      slides: [
        { texts: ['一'], images: [{ bytes: qr, ext: 'png', shareKey: 'q' }] },
        { texts: ['二'] },
        { texts: ['三'], images: [{ bytes: qr, ext: 'png', shareKey: 'q' }] },
        { texts: ['四'], images: [{ bytes: qr, ext: 'png' }] },
      ],
    });
    const q = r['courseware.qrcodes']!;
    expect(q.status).toBe('fail');
    expect(slidesOf(q)).toEqual([1, 3, 4]);
    expect((q.details!.items as string[])[0]).toContain('第1、3页');
  });

  const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
  it.skipIf(!hasFfmpeg)('decodes a QR code in a JPEG (made with ffmpeg)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anli-qr-'));
    try {
      writeFileSync(join(dir, 'qr.png'), await makeQrPng('https://jpeg.example.com', 6));
      const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', join(dir, 'qr.png'), '-q:v', '4', join(dir, 'qr.jpg')]);
      expect(r.status).toBe(0);
      const jpg = new Uint8Array(readFileSync(join(dir, 'qr.jpg')));
      const res = await check({ slides: [{ texts: ['一'] }, { texts: ['二'], images: [{ bytes: jpg, ext: 'jpeg' }, { bytes: TINY_JPEG, ext: 'jpeg' }] }] });
      expect(res['courseware.qrcodes']!.status).toBe('fail');
      expect(slidesOf(res['courseware.qrcodes']!)).toEqual([2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips an image whose header claims too many pixels (warn), and notes vector images', async () => {
    const r = await check({
      slides: [
        { texts: ['一'], images: [{ bytes: makeHugeHeaderPng(20000, 20000), ext: 'png' }] },
        { texts: ['二'], images: [{ bytes: new Uint8Array([1, 0, 0, 0, ...new Array(36).fill(0), 0x20, 0x45, 0x4d, 0x46]), ext: 'emf' }] },
      ],
    });
    const q = r['courseware.qrcodes']!;
    expect(q.status).toBe('warn');
    expect(q.message).toContain('20000×20000');
    expect(q.message).toContain('第1页');
    expect((q.details!.notes as unknown[]).length).toBe(1);
  });

  it('passes on a deck without images', async () => {
    const r = await check({ slides: [{ texts: ['一'] }] });
    expect(r['courseware.qrcodes']!.status).toBe('pass');
  });
});

describe('courseware.format', () => {
  it('fails a macro-enabled deck but still runs the other rules', async () => {
    const r = await check({ macro: true, slides: [{ texts: ['手机 13812345678'] }] });
    expect(r['courseware.format']!.status).toBe('fail');
    expect(r['courseware.format']!.message).toContain('宏');
    expect(r['courseware.contacts']!.status).toBe('fail');
  });

  it('warns on .ppsx and checks it', async () => {
    const r = await check({ mainKind: 'slideshow', slides: [{ texts: ['一'] }] });
    expect(r['courseware.format']!.status).toBe('warn');
    expect(r['courseware.hyperlinks']!.status).toBe('pass');
  });

  it('warns on legacy .ppt without a converter; the other rules are manual', async () => {
    const cfb = new Uint8Array(4096);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = 'PowerPoint Document';
    for (let i = 0; i < name.length; i++) cfb[1024 + i * 2] = name.charCodeAt(i);
    const r = await check(cfb);
    expect(r['courseware.format']!.status).toBe('warn');
    for (const rule of ['courseware.hyperlinks', 'courseware.urls', 'courseware.qrcodes', 'courseware.contacts']) {
      expect(r[rule]!.status, rule).toBe('manual');
    }
  });

  it('warns on legacy .ppt and runs every rule on the converted deck', async () => {
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const converted = buildPptx({ slides: [{ texts: ['一'] }, { texts: ['www.example.com'] }] });
    const r = await check(cfb, { tools: { convertLegacy: async () => memorySource(converted, 'x.pptx') } });
    expect(r['courseware.format']!.status).toBe('warn');
    expect(r['courseware.format']!.details?.converted).toBe(true);
    expect(r['courseware.urls']!.status).toBe('fail');
    expect(slidesOf(r['courseware.urls']!)).toEqual([2]);
  });

  it('fails an encrypted Office file', async () => {
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = 'EncryptedPackage';
    for (let i = 0; i < name.length; i++) cfb[1500 + i * 2] = name.charCodeAt(i);
    const r = await check(cfb);
    expect(r['courseware.format']!.status).toBe('fail');
    expect(r['courseware.format']!.message).toContain('密码');
  });

  it('fails a Word document, a PNG renamed .pptx, a plain zip and an empty file', async () => {
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
    });
    const d = await check(docx);
    expect(d['courseware.format']!.status).toBe('fail');
    expect(d['courseware.format']!.actual).toContain('Word');
    expect(d['courseware.urls']!.status).toBe('error');

    const png = await check(makeGradientPng());
    expect(png['courseware.format']!.status).toBe('fail');
    expect(png['courseware.format']!.actual).toBe('PNG 图片');

    const zip = await check(zipSync({ 'a.txt': strToU8('hello') }));
    expect(zip['courseware.format']!.status).toBe('fail');

    const empty = await check(new Uint8Array(0));
    expect(empty['courseware.format']!.status).toBe('fail');
    expect(empty['courseware.format']!.message).toContain('空');
  });
});

describe('hostile input', () => {
  it('refuses a DOCTYPE in a slide with a clear error naming the slide', async () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree/></p:cSld></p:sld>';
    const r = await check({ slides: [{ texts: ['一'] }, { rawXml: evil }] });
    for (const rule of ['courseware.urls', 'courseware.contacts', 'courseware.hyperlinks']) {
      expect(r[rule]!.status, rule).toBe('error');
      expect(r[rule]!.message).toContain('DOCTYPE');
      expect(r[rule]!.message).toContain('第2页');
    }
  });

  it('still reports findings on readable slides when one slide is broken', async () => {
    const r = await check({ slides: [{ texts: ['www.example.com'] }, { rawXml: '<p:sld><broken' }] });
    expect(r['courseware.urls']!.status).toBe('fail');
    expect(r['courseware.urls']!.message).toContain('无法读取');
  });

  it('stops a zip bomb with the budget (error, no throw)', async () => {
    const bomb = new Uint8Array(40 * 1024 * 1024).fill(0x20);
    const slide = new Uint8Array(bomb.length + 200);
    slide.set(strToU8('<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'));
    slide.set(bomb, 100);
    const base = buildPptx({ slides: [{ texts: ['一'] }] });
    const { unzipSync } = await import('fflate');
    const files = unzipSync(base);
    files['ppt/slides/slide1.xml'] = slide;
    const zipped = zipSync(files, { level: 6 });
    expect(zipped.length).toBeLessThan(1024 * 1024);
    const t0 = Date.now();
    const r = await check(zipped);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r['courseware.urls']!.status).toBe('error');
    expect(r['courseware.urls']!.message).toMatch(/上限|过大|异常/);
  });

  it('gives a report for a truncated deck', async () => {
    const full = buildPptx({ slides: [{ texts: ['一'], images: [{ bytes: makeGradientPng(), ext: 'png' }] }] });
    for (const cut of [10, 100, Math.floor(full.length / 2), full.length - 10]) {
      const r = await check(full.subarray(0, cut));
      expect(Object.keys(r)).toHaveLength(COURSEWARE_RULES.length);
    }
  });

  it('survives random byte mutations (no throw, a full report, bounded time)', async () => {
    const base = buildPptx({
      slides: [
        { texts: ['一 www.example.com'], notes: '备注', images: [{ bytes: makeGradientPng(64, 64), ext: 'png' }] },
        { texts: [{ text: '链接', hyperlink: 'https://x.example.com' }], chart: { externalData: 'https://y.example.com/a.xlsx' } },
      ],
    });
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 40; i++) {
      const m = base.slice();
      const flips = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < flips; k++) m[Math.floor(rand() * m.length)] = Math.floor(rand() * 256);
      const t0 = Date.now();
      const results = await checkCourseware(memorySource(m), opts({ timeoutMs: 10_000 }));
      expect(results).toHaveLength(COURSEWARE_RULES.length);
      expect(Date.now() - t0).toBeLessThan(10_500);
    }
  });

  it('turns a failing byte source into error results', async () => {
    const src: ByteSource = { size: 1000, name: 'x.pptx', read: async () => Promise.reject(new Error('disk gone')) };
    const results = await checkCourseware(src, opts());
    expect(results).toHaveLength(COURSEWARE_RULES.length);
    expect(results[0]!.status).toBe('error');
  });

  it('honours the time limit', async () => {
    const bytes = buildPptx({ slides: [{ texts: ['一'] }] });
    const slow: ByteSource = {
      size: bytes.length,
      read: (o, l) => new Promise((res) => setTimeout(() => res(bytes.subarray(o, o + l)), 300)),
    };
    const t0 = Date.now();
    const results = await checkCourseware(slow, opts({ timeoutMs: 100 }));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(results).toHaveLength(COURSEWARE_RULES.length);
    expect(results[1]!.status).toBe('error');
    expect(results[1]!.message).toContain('超时');
  });
});
