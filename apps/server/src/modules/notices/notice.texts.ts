// The Chinese texts of every notice kind: a title and body for the in-app notice, a short SMS, an e-mail subject.
// SMS texts stay short (one 70-字 segment where possible): titles are cut, details live in the in-app notice.
import { formatBeijing } from '@anli/domain/deadline.ts';
import { LEVEL_LABELS, type RecommendationLevel } from '@anli/domain/chain.ts';

export const NOTICE_KINDS = {
  case_returned: '案例退回',
  case_recommended: '获省级推荐',
  case_unrecommended: '推荐撤销',
  case_not_recommended: '未获推荐',
  case_disqualified: '取消资格',
  case_published: '结果公布',
  deadline_submission: '提交截止提醒',
  deadline_recommendation: '推荐上报截止提醒',
  deadline_contact_form: '联系人信息截止提醒',
  announcement: '公告',
} as const;
export type NoticeKind = keyof typeof NOTICE_KINDS;

export interface NoticeText {
  title: string;
  body: string;
  /** Where the notice leads in the web app. */
  link: string | null;
  sms: string;
}

const SIGN = '【案例征集平台】';
/** A case title shortened for an SMS. */
export const short = (s: string, n = 16) => (s.length > n ? `${s.slice(0, n)}…` : s || '（未命名案例）');

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
export function caseMomentText(moment: CaseMoment, c: { id: string; title: string; recommendation_level?: RecommendationLevel | null }, reason?: string | null): NoticeText {
  const t = c.title || '（未命名案例）';
  const r = (reason ?? '').trim();
  switch (moment) {
    case 'return':
      return {
        title: '案例被退回修改',
        body: `您的案例“${t}”被${LEVEL_LABELS[c.recommendation_level ?? 'province']}管理员退回修改。退回原因：${r}。请按原因修改后在截止时间前重新提交。`,
        link: `/my/cases/${c.id}/edit`,
        sms: `${SIGN}您的案例“${short(t)}”被退回修改，原因：${short(r, 30)}。请登录平台修改后重新提交。`,
      };
    case 'recommend':
      return {
        title: '案例已获省级推荐',
        body: `您的案例“${t}”已获省级推荐，将随本省推荐名单报送组委会。`,
        link: `/cases/${c.id}`,
        sms: `${SIGN}您的案例“${short(t)}”已获省级推荐。`,
      };
    case 'unrecommend':
      return {
        title: '案例推荐已撤销',
        body: `省级管理员撤销了对您的案例“${t}”的推荐，案例回到“待推荐”状态，省级管理员可能重新作出决定。`,
        link: `/cases/${c.id}`,
        sms: `${SIGN}您的案例“${short(t)}”的省级推荐已撤销，详情请登录平台查看。`,
      };
    case 'close_unrecommended':
      return {
        title: '案例未获省级推荐',
        body: `本省推荐名单已上报，您的案例“${t}”未在推荐名单中。感谢您的参与。`,
        link: `/cases/${c.id}`,
        sms: `${SIGN}本省推荐名单已上报，您的案例“${short(t)}”未获推荐。`,
      };
    case 'disqualify':
      return {
        title: '案例被取消参加资格',
        body: `您的案例“${t}”被组委会取消参加资格。原因：${r}。如有异议请联系组委会。`,
        link: `/cases/${c.id}`,
        sms: `${SIGN}您的案例“${short(t)}”被取消参加资格，原因：${short(r, 30)}。`,
      };
    case 'publish':
      return {
        title: '入选结果已公布',
        body: `您的案例“${t}”入选结果已公布，可在“我的证书”中下载电子证书。`,
        link: '/my/certificates',
        sms: `${SIGN}您的案例“${short(t)}”入选结果已公布，可登录平台在“我的证书”下载证书。`,
      };
  }
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
    sms: `${SIGN}您的案例“${short(t, 12)}”${what}，${left(days)}后截止（${formatBeijing(endsAt).slice(0, 16)}），请尽快登录平台完成。`,
  };
}

/** A province that has not reported its list (or has no contact form) before the recommendation deadline. */
export function recommendationReminderText(callTitle: string, days: number, endsAt: number, missing: string[]): NoticeText {
  return {
    title: `推荐上报截止还有 ${left(days)}`,
    body: `“${callTitle}”省级推荐上报截止时间为北京时间 ${formatBeijing(endsAt)}。本省尚需完成：${missing.join('；')}。`,
    link: '/province/cases',
    sms: `${SIGN}“${short(callTitle, 12)}”省级推荐上报${left(days)}后截止，本省尚有未完成事项，请登录平台处理。`,
  };
}

/** A province without a contact form before the contact-information deadline. */
export function contactFormReminderText(callTitle: string, days: number, endsAt: number): NoticeText {
  return {
    title: `联系人信息表截止还有 ${left(days)}`,
    body: `“${callTitle}”省级联系人信息表尚未填写，截止时间为北京时间 ${formatBeijing(endsAt)}。请在“联系人信息表”页面填写提交。`,
    link: '/province/contact',
    sms: `${SIGN}“${short(callTitle, 12)}”省级联系人信息表尚未填写，${left(days)}后截止，请登录平台填写。`,
  };
}

export function announcementSms(title: string): string {
  return `${SIGN}组委会发布公告“${short(title, 24)}”，请登录平台“消息中心”查看。`;
}
