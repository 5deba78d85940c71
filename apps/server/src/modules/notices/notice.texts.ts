// The Chinese texts of every notice kind: a title and body for the in-app notice (also the e-mail's subject and body)
// and the parameters of its SMS template. The SMS texts themselves are in modules/messaging/templates.ts, one
// template per notice kind; they stay short, details live in the in-app notice.
import { formatBeijing } from '@anli/domain/deadline.ts';
import { LEVEL_LABELS, type RecommendationLevel } from '@anli/domain/chain.ts';
import type { SmsKind, SmsParams } from '../messaging/templates.ts';

export const NOTICE_KINDS = {
  case_returned: '案例退回',
  case_recommended: '获省级推荐',
  case_unrecommended: '推荐撤销',
  case_not_recommended: '未获推荐',
  case_disqualified: '取消资格',
  case_published: '结果公布',
  case_declined: '作者放弃方式一预选',
  check_changed: '检测结果变化',
  deadline_submission: '提交截止提醒',
  deadline_recommendation: '推荐上报截止提醒',
  deadline_contact_form: '联系人信息截止提醒',
  announcement: '公告',
  login_alert: '登录失败提醒',
} as const;
export type NoticeKind = keyof typeof NOTICE_KINDS & SmsKind;

export interface NoticeText {
  title: string;
  body: string;
  /** Where the notice leads in the web app. */
  link: string | null;
  /** The parameters of the SMS template of the notice's kind (cut to the template's lengths when queued). */
  sms: Record<string, string>;
}

/** The SMS deadline parameter: Beijing time to the minute. */
const smsDeadline = (endsAt: number) => formatBeijing(endsAt).slice(0, 16);
const params = <K extends SmsKind>(_kind: K, p: SmsParams<K>): Record<string, string> => p;

export type CaseMoment = 'return' | 'recommend' | 'unrecommend' | 'close_unrecommended' | 'disqualify' | 'publish';

export const CASE_MOMENT_KIND: Record<CaseMoment, NoticeKind> = {
  return: 'case_returned',
  recommend: 'case_recommended',
  unrecommend: 'case_unrecommended',
  close_unrecommended: 'case_not_recommended',
  disqualify: 'case_disqualified',
  publish: 'case_published',
};

/**
 * Texts for what the province or the organiser did to an author's case. `c` is the case as it stood before the
 * change: in a chained call its level names who returned it (a county, city or the province).
 */
export function caseMomentText(
  moment: CaseMoment, c: { id: string; title: string; recommendation_level?: RecommendationLevel | null }, reason?: string | null, extra: { deadline?: number | null } = {},
): NoticeText {
  const t = c.title || '（未命名案例）';
  // The sentence goes on after the reason (退回原因：…。请…): the reason's own closing punctuation would double it (。。).
  const r = (reason ?? '').trim().replace(/[。．.!！?？；;，,、\s]+$/u, '');
  switch (moment) {
    case 'return':
      return {
        title: '案例被退回修改',
        body: `您的案例“${t}”被${LEVEL_LABELS[c.recommendation_level ?? 'province']}管理员退回修改。退回原因：${r}。请按原因修改后${extra.deadline ? `于北京时间 ${formatBeijing(extra.deadline)} 前` : '在截止时间前'}重新提交${extra.deadline ? '，逾期不能再提交' : ''}。`,
        link: `/my/cases/${c.id}/edit`,
        sms: params('case_returned', { title: t, reason: r, deadline: extra.deadline ? smsDeadline(extra.deadline) : '截止时间' }),
      };
    case 'recommend':
      return {
        title: '案例已获省级推荐',
        body: `您的案例“${t}”已获省级推荐，将随本省推荐名单报送组委会。`,
        link: `/cases/${c.id}`,
        sms: params('case_recommended', { title: t }),
      };
    case 'unrecommend':
      return {
        title: '案例推荐已撤销',
        body: `省级管理员撤销了对您的案例“${t}”的推荐，案例回到“待推荐”状态，省级管理员可能重新作出决定。`,
        link: `/cases/${c.id}`,
        sms: params('case_unrecommended', { title: t }),
      };
    case 'close_unrecommended':
      return {
        title: '案例未获省级推荐',
        body: `本省推荐名单已上报，您的案例“${t}”未在推荐名单中。感谢您的参与。`,
        link: `/cases/${c.id}`,
        sms: params('case_not_recommended', { title: t }),
      };
    case 'disqualify':
      return {
        title: '案例被取消参加资格',
        body: `您的案例“${t}”被组委会取消参加资格。原因：${r}。如有异议请联系组委会。`,
        link: `/cases/${c.id}`,
        sms: params('case_disqualified', { title: t, reason: r }),
      };
    case 'publish':
      return {
        title: '入选结果已公布',
        body: `您的案例“${t}”入选结果已公布，可在“我的证书”中下载电子证书。`,
        link: '/my/certificates',
        sms: params('case_published', { title: t }),
      };
  }
}

/** To a province's administrators: the author of a mode-1 preselected case declined it; its seat is free again. */
export function caseDeclinedText(c: { id: string; title: string }, authorName: string, reason: string): NoticeText {
  const t = c.title || '（未命名案例）';
  return {
    title: '方式一预选案例的作者已放弃',
    body: `本省方式一预选（占用名额）的案例“${t}”的作者${authorName}已放弃，原因：${reason.trim()}。该案例占用的推荐名额已退回本省，可推荐其他案例或重新导入。`,
    link: `/province/cases`,
    sms: params('case_declined', { title: t }),
  };
}

/**
 * The organiser changed the call's rules and confirmed re-checking: a file's result changed. `became` lists the
 * findings that now block or warn (by name), `cleared` those that no longer do.
 */
export function checkChangedText(c: { id: string; title: string }, slotLabel: string, became: string[], cleared: string[]): NoticeText {
  const t = c.title || '（未命名案例）';
  const parts = [
    became.length ? `现在未通过或需注意：${became.join('、')}` : '',
    cleared.length ? `现已通过：${cleared.join('、')}` : '',
  ].filter(Boolean);
  return {
    title: `“${t}”的材料检测结果有变化`,
    body: `组委会调整了活动的检查规则，平台已按新规则重新检查您案例“${t}”的${slotLabel}。${parts.join('；')}。请打开案例查看检测报告，需要时按提示修改文件后重新上传。`,
    link: `/cases/${c.id}`,
    sms: params('check_changed', { title: t }),
  };
}

/** 3 天 / 1 天 */
const left = (days: number) => `${days} 天`;

/** An author's case still not submitted before the submission deadline. */
export function submissionReminderText(c: { id: string; title: string; state: string }, days: number, endsAt: number, missing: string[]): NoticeText {
  const t = c.title || '（未命名案例）';
  const what = c.state === 'returned' ? '已退回修改，尚未重新提交' : '尚未提交';
  const need = missing.length ? `尚需完成：${missing.join('；')}。` : '材料已齐全，请尽快提交。';
  return {
    title: `提交截止还有 ${left(days)}`,
    body: `您的案例“${t}”${what}，提交截止时间为北京时间 ${formatBeijing(endsAt)}。${need}`,
    link: `/my/cases/${c.id}/edit`,
    sms: params('deadline_submission', { title: t, status: c.state === 'returned' ? '退回后尚未重新提交' : '尚未提交', deadline: smsDeadline(endsAt) }),
  };
}

/** A province that has not reported its list (or has no contact form) before the recommendation deadline. */
export function recommendationReminderText(callTitle: string, days: number, endsAt: number, missing: string[]): NoticeText {
  return {
    title: `推荐上报截止还有 ${left(days)}`,
    body: `“${callTitle}”省级推荐上报截止时间为北京时间 ${formatBeijing(endsAt)}。本省尚需完成：${missing.join('；')}。`,
    link: '/province/cases',
    sms: params('deadline_recommendation', { call: callTitle, deadline: smsDeadline(endsAt) }),
  };
}

/** A province without a contact form before the contact-information deadline. */
export function contactFormReminderText(callTitle: string, days: number, endsAt: number): NoticeText {
  return {
    title: `联系人信息表截止还有 ${left(days)}`,
    body: `“${callTitle}”省级联系人信息表尚未填写，截止时间为北京时间 ${formatBeijing(endsAt)}。请在“联系人信息表”页面填写提交。`,
    link: '/province/contact',
    sms: params('deadline_contact_form', { call: callTitle, deadline: smsDeadline(endsAt) }),
  };
}

export function announcementSms(title: string): Record<string, string> {
  return params('announcement', { title });
}

/** The holder of an account is told about repeated failed logins (issue 18 item 2). */
export function loginAlertText(attempts: number): NoticeText {
  return {
    title: '账号多次登录失败',
    body: `您的账号近期有 ${attempts} 次登录或验证失败（密码、动态验证码或短信验证码）。平台已放慢来自这些地址的尝试，您本人仍可正常登录。如非本人操作，请在“账号安全”中修改密码，并确认已启用动态验证码。`,
    link: '/account/security',
    sms: params('login_alert', { count: String(attempts) }),
  };
}
