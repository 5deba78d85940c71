// The SMS catalogue keeps the gateways' template rules, and the README's table is the catalogue's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitParam, paramOrder, renderSms, SMS_KINDS, SMS_TEMPLATES, smsParams, templatesMarkdown, tencentText, type SmsTemplateDef } from './templates.ts';
import { NOTICE_KINDS } from '../notices/notice.texts.ts';

describe('SMS templates', () => {
  it('each parameter of a text is declared, appears once, never next to another, and the text has no address or 签名', () => {
    for (const kind of SMS_KINDS) {
      const d = SMS_TEMPLATES[kind] as SmsTemplateDef;
      const used = paramOrder(kind);
      expect(new Set(used).size, kind).toBe(used.length);
      expect([...used].sort(), kind).toEqual(Object.keys(d.params).sort());
      expect(d.text, kind).not.toMatch(/\}\$\{/);
      expect(d.text, kind).not.toMatch(/【|】|https?:|www\./);
      for (const p of Object.values(d.params) as Array<{ max: number; link?: boolean }>) if (!p.link) expect(p.max, kind).toBeLessThanOrEqual(35);
    }
    // A verification-code template: one parameter of 4–6 digits, and the word 验证码.
    const code = SMS_TEMPLATES.verification_code as SmsTemplateDef;
    expect(Object.keys(code.params)).toEqual(['code']);
    expect(code.text).toContain('验证码');
  });

  it('every notice kind has its template (notices queue their SMS by kind)', () => {
    for (const kind of Object.keys(NOTICE_KINDS)) expect(SMS_KINDS).toContain(kind);
  });

  it('cuts long values, keeps codes apart, and renders the text with codes masked when they are cleared', () => {
    expect(fitParam('一二三四五六七八九十一二三四五六七八九十一二', 20)).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(fitParam('含{括号}\n换行', 20)).toBe('含 括号 换行');
    const { params, secret } = smsParams('mode1_invitation', { province: '上海市', title: '课例', code: '12345678', url: 'https://anli.example.cn/activate-author' });
    expect(params).toEqual({ province: '上海市', title: '课例', url: 'https://anli.example.cn/activate-author' });
    expect(secret).toEqual({ code: '12345678' });
    expect(renderSms('mode1_invitation', params)).toContain('激活码******设置密码');
    expect(renderSms('mode1_invitation', params, secret)).toContain('激活码12345678设置密码');
    expect(renderSms('mode1_invitation', params)).toContain('https://anli.example.cn/activate-author');
    expect(tencentText('mode1_invitation')).toMatch(/^\{1\}已推荐您的案例“\{2\}”.*\{3\}.*激活码\{4\}设置密码/);
  });

  it('the README lists exactly these templates', () => {
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    const block = /<!-- sms-templates[^>]*-->\n([\s\S]*?)\n<!-- \/sms-templates -->/.exec(readme)?.[1];
    expect(block).toBe(templatesMarkdown());
  });
});
