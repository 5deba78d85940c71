// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is the gateways' template parameter syntax, not a JS template.
// Every SMS the platform sends, in one place: a template kind, its Chinese text with named parameters, and what each
// parameter holds. Chinese gateways (Alibaba Cloud, Tencent Cloud) send only templates approved beforehand, so the
// operator registers each text below with the gateway and configures the template code it gets back
// (SMS_TEMPLATE_<KIND>, see the README's table, which `npx tsx scripts/sms-templates.ts` prints from this file).
// The 签名 (【…】) is not part of a text: the gateway adds it (SMS_SIGN_NAME).
//
// Rules the texts follow (Alibaba Cloud's template rules, the stricter of the two gateways): a parameter appears once,
// two parameters are never adjacent, a parameter value is 1–35 characters (we cut at `max`), a verification-code
// template has one 4–6 digit parameter and says 验证码; no web addresses.

export interface SmsParamDef {
  /** What the parameter holds, for the README and the gateway's template form. */
  label: string;
  /** Longest value sent; longer values are cut with an ellipsis. */
  max: number;
  /** A code: kept apart from the other parameters, masked on screen and in logs, cleared once sent. */
  secret?: boolean;
  /** A web address (the gateways' 链接 parameter type): may be longer than ordinary parameters and is never cut. */
  link?: boolean;
}

export interface SmsTemplateDef {
  /** What the organiser's message list calls this kind. */
  label: string;
  /** Gateway template type: 验证码 or 短信通知. */
  type: 'code' | 'notice';
  /** The text to register, parameters as ${name}. */
  text: string;
  params: Record<string, SmsParamDef>;
}

const TITLE: SmsParamDef = { label: '案例名称（超过 20 字截断）', max: 20 };
const REASON: SmsParamDef = { label: '原因（超过 20 字截断）', max: 20 };
const CALL: SmsParamDef = { label: '活动名称（超过 16 字截断）', max: 16 };
const DEADLINE: SmsParamDef = { label: '截止时间（北京时间，如 2026-08-31 23:59）', max: 16 };
const PROVINCE: SmsParamDef = { label: '省份名称', max: 12 };

export const SMS_TEMPLATES = {
  verification_code: {
    label: '短信验证码',
    type: 'code',
    text: '您的验证码为${code}，10分钟内有效。如非本人操作，请忽略本短信。',
    params: { code: { label: '6 位数字验证码', max: 6, secret: true } },
  },
  mode1_invitation: {
    label: '模式一作者邀请（含激活码）',
    type: 'notice',
    text: '${province}已推荐您的案例“${title}”，请打开作者激活页面 ${url} 用本手机号和激活码${code}设置密码后填写提交，激活码30天内有效。',
    params: {
      province: PROVINCE,
      title: TITLE,
      url: { label: '作者激活页面的完整地址（PUBLIC_URL/activate-author；网关模板中登记为链接参数）', max: 100, link: true },
      code: { label: '8 位数字激活码', max: 8, secret: true },
    },
  },
  mode1_case_linked: {
    label: '模式一案例关联',
    type: 'notice',
    text: '${province}已推荐您的案例“${title}”，请登录平台在“我的案例”中填写案例内容并提交。',
    params: { province: PROVINCE, title: TITLE },
  },
  expert_invitation: {
    label: '评审专家邀请（含邀请码）',
    type: 'notice',
    text: '${inviter}邀请您担任案例评审专家，请在平台“评审专家激活”页面用本手机号和邀请码${code}设置密码，邀请码30天内有效。',
    params: { inviter: { label: '邀请方（组委会或省份名称）', max: 12 }, code: { label: '12 位邀请码（字母和数字）', max: 12, secret: true } },
  },
  case_returned: {
    label: '案例退回',
    type: 'notice',
    text: '您的案例“${title}”被退回修改，原因：${reason}。请登录平台修改后于${deadline}前重新提交。',
    params: { title: TITLE, reason: REASON, deadline: DEADLINE },
  },
  case_recommended: {
    label: '获省级推荐',
    type: 'notice',
    text: '您的案例“${title}”已获省级推荐，将随本省推荐名单报送组委会。',
    params: { title: TITLE },
  },
  case_unrecommended: {
    label: '推荐撤销',
    type: 'notice',
    text: '您的案例“${title}”的省级推荐已撤销，详情请登录平台查看。',
    params: { title: TITLE },
  },
  case_not_recommended: {
    label: '未获推荐',
    type: 'notice',
    text: '本省推荐名单已上报，您的案例“${title}”未获推荐，感谢您的参与。',
    params: { title: TITLE },
  },
  case_disqualified: {
    label: '取消资格',
    type: 'notice',
    text: '您的案例“${title}”被取消参加资格，原因：${reason}。如有异议请联系组委会。',
    params: { title: TITLE, reason: REASON },
  },
  case_published: {
    label: '结果公布',
    type: 'notice',
    text: '您的案例“${title}”入选结果已公布，可登录平台在“我的证书”中下载证书。',
    params: { title: TITLE },
  },
  deadline_submission: {
    label: '提交截止提醒',
    type: 'notice',
    text: '您的案例“${title}”${status}，提交截止时间为${deadline}，请尽快登录平台完成。',
    params: { title: TITLE, status: { label: '“尚未提交”或“退回后尚未重新提交”', max: 10 }, deadline: DEADLINE },
  },
  deadline_recommendation: {
    label: '推荐上报截止提醒',
    type: 'notice',
    text: '“${call}”省级推荐上报截止时间为${deadline}，本省尚有未完成事项，请登录平台处理。',
    params: { call: CALL, deadline: DEADLINE },
  },
  deadline_contact_form: {
    label: '联系人信息截止提醒',
    type: 'notice',
    text: '“${call}”省级联系人信息表尚未填写，截止时间为${deadline}，请登录平台填写。',
    params: { call: CALL, deadline: DEADLINE },
  },
  check_changed: {
    label: '活动规则调整后材料检测结果变化',
    type: 'notice',
    text: '活动规则已调整，您的案例“${title}”的材料检测结果有变化，请登录平台查看并按提示处理。',
    params: { title: TITLE },
  },
  case_declined: {
    label: '作者放弃方式一预选（告知省级管理员）',
    type: 'notice',
    text: '本省方式一预选案例“${title}”的作者已放弃，所占推荐名额已退回，请登录平台查看。',
    params: { title: TITLE },
  },
  login_alert: {
    label: '登录失败提醒',
    type: 'notice',
    text: '您的账号近期有${count}次登录或验证失败，平台已放慢这些尝试。如非本人操作，请登录平台修改密码并检查账号安全。',
    params: { count: { label: '失败次数', max: 5 } },
  },
  announcement: {
    label: '公告',
    type: 'notice',
    text: '组委会发布公告“${title}”，请登录平台在“消息中心”查看。',
    params: { title: { label: '公告标题（超过 20 字截断）', max: 20 } },
  },
} as const satisfies Record<string, SmsTemplateDef>;

export type SmsKind = keyof typeof SMS_TEMPLATES;
export type SmsParams<K extends SmsKind> = { [P in keyof (typeof SMS_TEMPLATES)[K]['params']]: string };
export const SMS_KINDS = Object.keys(SMS_TEMPLATES) as SmsKind[];
export const isSmsKind = (k: unknown): k is SmsKind => typeof k === 'string' && Object.hasOwn(SMS_TEMPLATES, k);

/** The template's parameter names in the order they appear in its text (Tencent Cloud's {1}, {2} … order). */
export function paramOrder(kind: SmsKind): string[] {
  return [...SMS_TEMPLATES[kind].text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The text as registered with Tencent Cloud: parameters numbered {1}, {2} … in order of appearance. */
export function tencentText(kind: SmsKind): string {
  let i = 0;
  return SMS_TEMPLATES[kind].text.replace(/\$\{\w+\}/g, () => `{${++i}}`);
}

/** A value cut to what the gateway accepts; braces and line breaks (refused by gateways) become spaces. */
export function fitParam(value: string, max: number): string {
  const v = String(value ?? '').replace(/[{}\r\n\t]+/g, ' ').trim() || '—';
  return [...v].length > max ? `${[...v].slice(0, max - 1).join('')}…` : v;
}

/** Splits a message's parameters into the public ones and the secret ones (codes), each cut to its maximum. */
export function smsParams<K extends SmsKind>(kind: K, values: SmsParams<K>): { params: Record<string, string>; secret: Record<string, string> } {
  const def = SMS_TEMPLATES[kind];
  const params: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, p] of Object.entries(def.params) as Array<[string, SmsParamDef]>) {
    const raw = (values as Record<string, string>)[name] ?? '';
    const v = p.link ? String(raw).replace(/\s+/g, '') || '—' : fitParam(raw, p.max);
    (p.secret ? secret : params)[name] = v;
  }
  return { params, secret };
}

/** The message as the recipient reads it (without the 签名); missing parameters (secrets cleared) show as ******. */
export function renderSms(kind: string, params: Record<string, string> | null | undefined, secret?: Record<string, string> | null): string | null {
  if (!isSmsKind(kind)) return null;
  const all = { ...(params ?? {}), ...(secret ?? {}) };
  return SMS_TEMPLATES[kind].text.replace(/\$\{(\w+)\}/g, (_, n: string) => all[n] ?? '******');
}

/** The README's table of templates to register (kind, type, text with ${params}, params). */
export function templatesMarkdown(): string {
  const rows = ['| kind (`SMS_TEMPLATE_…`) | 类型 | 模板内容 | 参数 |', '| --- | --- | --- | --- |'];
  for (const kind of SMS_KINDS) {
    const d = SMS_TEMPLATES[kind] as SmsTemplateDef;
    const params = Object.entries(d.params).map(([n, p]) => `\`${n}\`: ${p.label}`).join('；');
    rows.push(`| \`${kind}\` (\`SMS_TEMPLATE_${kind.toUpperCase()}\`) | ${d.type === 'code' ? '验证码' : '短信通知'} | ${d.text} | ${params} |`);
  }
  return rows.join('\n');
}
