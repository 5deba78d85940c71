// Display helpers shared by every page: state colours, role names, dates, phases.
import dayjs from 'dayjs';
import { ROLE_LABELS, STATE_LABELS, type CaseState, type Role } from '@anli/domain/lifecycle.ts';
import type { Phase } from './api.ts';

export { ROLE_LABELS, STATE_LABELS };

/** One colour per state, the same on every page. */
export const STATE_COLORS: Record<CaseState, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  province_recommended: 'success',
  not_recommended: 'default',
  national_review: 'purple',
  selected: 'warning',
  not_selected: 'default',
  published: 'processing',
  disqualified: 'error',
};

export const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? r;

/**
 * Who did something, as a person reads it: 王老师（作者）; only the role when the name is not shown (作者); 系统 for
 * the platform's own steps — never 系统（作者）.
 */
export function actorText(name: string | null | undefined, role: string | null | undefined): string {
  const r = role ? roleLabel(role) : '';
  if (name && r) return `${name}（${r}）`;
  return name || r || '系统';
}
export const stateLabel = (s: string | null | undefined) => (s ? (STATE_LABELS[s as CaseState] ?? s) : '');

export const EVENT_LABELS: Record<string, string> = {
  create: '创建案例',
  save: '保存草稿',
  submit: '提交',
  withdraw: '撤回',
  return: '退回修改',
  resubmit: '重新提交',
  recommend: '推荐',
  unrecommend: '取消推荐',
  chain_recommend: '推荐至上一级（市县逐级推荐）',
  chain_unrecommend: '取消向上一级的推荐',
  close_unrecommended: '推荐上报（未推荐）',
  reopen: '解锁后恢复',
  disqualify: '取消资格',
  report: '推荐上报',
  unlock: '解锁推荐名单',
  login: '登录',
  logout: '退出登录',
  register: '注册',
  activate: '激活省级管理员',
  delete: '删除案例',
  'case.create': '创建案例',
  'case.delete': '删除案例',
  'province.report': '推荐上报',
  'province.unlock': '解锁推荐名单',
  'province.contact_form': '提交联系人信息表',
  'province.mode': '选择征集方式',
  'call.phase_update': '修改阶段时间',
  'call.extension_grant': '分省延期',
  'call.extension_revoke': '取消分省延期',
  'activation_code.issue': '发放激活码',
  'account.register': '注册',
  'account.activate': '激活管理员账号',
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.password': '密码验证（待两步验证）',
  'auth.totp': '两步验证',
  'auth.totp_enrol': '绑定身份验证器',
  'auth.totp_disable': '解除身份验证器',
  'auth.recovery_codes': '重新生成恢复码',
  'auth.reauth': '身份再验证',
  'auth.forbidden': '越权访问被拒绝',
  'account.password_change': '修改密码',
  'account.phone_change': '更换手机号',
  'account.disable': '停用账号',
  'account.enable': '启用账号',
  'case.import': '模式一导入案例',
  'province.mode1_import': '模式一导入推荐名单',
  'account.invite_author': '邀请作者（模式一）',
  'account.activate_author': '作者激活账号',
  'export.org_cases': '导出全部案例',
  'export.org_results': '导出结果发布名单',
  'export.audit': '导出审计日志',
  'export.contact_forms': '导出联系人信息表',
  'export.experts': '导出评审专家',
  'export.review_results': '导出评审结果',
  'export.dashboard': '导出统计看板',
  'export.public_results': '下载公开入选名单',
  'export.info_form_pdf': '下载信息表（PDF）',
  'export.info_form_docx': '下载信息表（Word）',
  'export.certificate_pdf': '下载证书',
  'file.upload': '上传文件',
  'file.check': '文件检查',
  'file.delete': '删除文件',
  'file.upload_refused': '案例已提交后到达的上传（未采用）',
  'file.purge': '清理已替换文件（超过保存期限）',
  start_review: '进入国家级评审',
  select: '确定入选',
  reject: '确定未入选',
  publish: '公布',
  'certificate.issue': '发放证书',
  'certificate.revoke': '撤销证书',
  'results.publish': '公布结果',
  'announcement.publish': '发布公告',
  'message.retry': '重新发送消息',
  'message.retry_scheduled': '消息发送失败，等待重试',
  'message.failed': '消息发送失败',
  'message.refused': '消息未发送（超出限制或已过期）',
  'message.deferred': '短信超出总量，延后发送',
  'sms_code.refused': '拒绝发送验证码',
  'notice.read': '阅读消息',
  'notice.read_all': '消息全部标为已读',
  'library.add': '加入案例库',
  'library.remove': '移出案例库',
  'export.province_cases': '导出本省案例',
  'export.region_cases': '导出本市/本县案例',
  'export.province_certificates': '下载本省证书',
  'expert.invite': '邀请专家',
  'expert.reinvite': '重新邀请专家',
  'expert.activate': '专家激活',
  'expert.conflict': '登记回避关系',
  'review.round_create': '创建评审轮次',
  'review.round_open': '开启评审轮次',
  'review.round_close': '关闭评审轮次',
  'review.assign_auto': '自动分配专家',
  'review.assign_manual': '手动分配专家',
  'review.unassign': '取消专家分配',
  'review.conflict_override': '回避冲突强制分配',
  'review.score_submit': '提交评分',
  'similarity.scan': '相似度检测',
};
export const eventLabel = (e: string) => EVENT_LABELS[e] ?? (e.startsWith('case.') ? EVENT_LABELS[e.slice(5)] : undefined) ?? e;

/** Formats an ISO or 'YYYY-MM-DD HH:mm:ss' time as Beijing-style local text. */
export function fmtTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : v;
}

/** Like fmtTime, with seconds (audit log). */
export function fmtTimeSeconds(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : v;
}

export function phaseRange(p: Phase): string {
  return `${p.start ? p.start.slice(0, 10) : '即日起'} 至 ${p.end.slice(0, 16)}`;
}

export const MODE_TEXT: Record<1 | 2, string> = {
  1: '方式一：依托省自有平台征集后，通知获推荐教师到本平台填报',
  2: '方式二：全流程依托本平台',
};
