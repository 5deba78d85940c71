import { describe, expect, it } from 'vitest';
import { findContacts, findEmails, findUrls, hasAiLabel } from './text-scan.ts';

const urls = (s: string) => findUrls(s).map((f) => f.text);
const contacts = (s: string) => findContacts(s).map((f) => `${f.kind}:${f.text}`);

describe('findUrls', () => {
  it('finds explicit, www. and bare-domain addresses with their text', () => {
    expect(urls('请访问 https://www.example.com/a?b=1。谢谢')).toEqual(['https://www.example.com/a?b=1']);
    expect(urls('详见www.smartedu.cn，欢迎')).toEqual(['www.smartedu.cn']);
    expect(urls('网址：abc.edu.cn/path/x 以及 xx.cn')).toEqual(['abc.edu.cn/path/x', 'xx.cn']);
    expect(urls('登录example.com即可')).toEqual(['example.com']);
    expect(urls('ftp://files.example.org/a.zip')).toEqual(['ftp://files.example.org/a.zip']);
    expect(urls('平台 deepseek.ai 与 kimi.top')).toEqual(['deepseek.ai', 'kimi.top']);
    expect(urls('政府网.中国')).toEqual(['政府网.中国']);
    expect(urls('(see http://en.wikipedia.org/wiki/Foo_(bar))')).toEqual(['http://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('trims trailing punctuation', () => {
    expect(urls('见 http://a.example.com/x.')).toEqual(['http://a.example.com/x']);
    expect(urls('“www.example.com”')).toEqual(['www.example.com']);
  });

  it('does not take numbers, versions, file names or code for addresses', () => {
    for (const s of [
      '版本1.5，共3.14分',
      '见图1.png 和 讲义.docx、课件.pptx、readme.md、main.py、视频.mp4',
      'ASP.NET 与 Node.js、Vue.js',
      'e.g. i.e. U.S. No.1 a.m. p.m.',
      '3.cn 2.0.com 1.1.1.1 192.168.0.1',
      'df.info() self.name window.top obj.link()',
      '第3.2节，2024.05.01',
    ]) {
      expect(urls(s), s).toEqual([]);
    }
  });

  it('leaves e-mail addresses to contacts', () => {
    expect(urls('邮箱 zhang@abc.edu.cn 或 mailto:li@x.com')).toEqual([]);
    expect(findEmails('邮箱 zhang@abc.edu.cn').map((e) => e.text)).toEqual(['zhang@abc.edu.cn']);
  });
});

describe('findContacts', () => {
  it('finds mobiles, landlines, service numbers, e-mail, QQ and WeChat', () => {
    expect(contacts('手机 138 1234 5678，+86-13912345678，15012345678')).toEqual([
      'mobile:138 1234 5678',
      'mobile:+86-13912345678',
      'mobile:15012345678',
    ]);
    expect(contacts('电话：010-12345678，（0755）87654321，0571 8888 8888')).toEqual([
      'landline:010-12345678',
      'landline:（0755）87654321',
    ]);
    expect(contacts('客服 400-123-4567 或 800 123 4567')).toEqual(['landline:400-123-4567', 'landline:800 123 4567']);
    expect(contacts('邮箱：teacher@school.edu.cn')).toEqual(['email:teacher@school.edu.cn']);
    expect(contacts('QQ：123456789；qq号 98765；QQ群:123456')).toEqual(['qq:QQ：123456789', 'qq:qq号 98765', 'qq:QQ群:123456']);
    expect(contacts('微信号：abc_123456，微信: zhang-san88，wxid_abcdefg123')).toEqual([
      'wechat:微信号：abc_123456',
      'wechat:微信: zhang-san88',
      'wechat:wxid_abcdefg123',
    ]);
  });

  it('does not flag ids, years, scores or plain WeChat mentions', () => {
    for (const s of [
      '学号20231381234567，身份证110101199003071234',
      '2023年12月31日，得分 98.5，共 1234567 人',
      '用微信扫一扫，关注微信公众号，微信 WeChat',
      'ISBN 978-7-04-012345-6',
    ]) {
      expect(contacts(s), s).toEqual([]);
    }
  });
});

describe('hasAiLabel', () => {
  it('accepts spacing, full-width letters and letter case', () => {
    for (const s of ['AI生成', '本图片由 AI 生成', 'ＡＩ生成', 'Ai 生 成', '（AI生成）']) expect(hasAiLabel(s), s).toBe(true);
    for (const s of ['人工智能', 'AI辅助', '生成式AI', 'A I']) expect(hasAiLabel(s), s).toBe(false);
  });
});

describe('edge cases', () => {
  it('handles internationalised hosts, leading-zero ids and addresses glued to Chinese text', () => {
    expect(urls('见 http://例子.中国/路径')).toEqual(['http://例子.中国/']);
    expect(urls('访问http://example.com获取资料')).toEqual(['http://example.com']);
    expect(contacts('编号 0001234567')).toEqual([]);
    expect(contacts('电话010-12345678转123')).toEqual(['landline:010-12345678转123']);
  });
});
